"""Breathing in step: the leader's taps against hand-worked examples, and how close you were."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coreg.library import PATTERNS, Exercise, PhaseKind, Step
from coreg.log import Closeness, closeness_text
from coreg.timing import InStep, closeness
from coreg.timing.instep import SILENCE, Turn, safe_lengths
from coreg.timing.plan import plan

IN, OUT = PhaseKind.IN, PhaseKind.OUT
ALEX, SAM = 0, 1


def lead_step(breath: str = "resonance-5", seconds: float = 300):
    step = Step("Lead", seconds, say="Breathe together.", breath=PATTERNS[breath], lead="a")
    return plan(Exercise("t", "T", "s", (step,)), ("Alex", "Sam"))[0]


def in_step(*taps: float, start: float = 0.0) -> InStep:
    """A lead step of Alex's (5 in, 5 out to begin with) and Alex's taps at ``taps``."""
    run = InStep(lead_step(), start, ALEX, SAM)
    for at in taps:
        run.tap(ALEX, at)
    return run


def kinds(run: InStep) -> list[tuple[float, str]]:
    return [(turn.at, turn.kind.value) for turn in run.turns]


def test_a_steady_leader_is_learned_by_halves():
    # 4 in, 6 out against a start of 5 and 5: each measured phase moves the rhythm halfway
    run = in_step(0, 4, 10, 14, 20)
    assert kinds(run) == [(0, "in"), (4, "out"), (10, "in"), (14, "out"), (20, "in")]
    # in: 5 → 4.5 (at 4) → 4.25 (at 14); out: 5 → 5.5 (at 10) → 5.75 (at 20)
    assert (run.in_seconds, run.out_seconds) == (4.25, 5.75)


def test_a_double_tap_is_one_turn():
    run = in_step(0, 0.2, 4, 4.3)
    assert kinds(run) == [(0, "in"), (4, "out")]
    assert run.doubles == 2
    assert run.in_seconds == 4.5  # measured from the first press of each turn


def test_a_missed_turn_starts_the_same_phase_again_and_teaches_nothing():
    # 10 s after an in-breath is past 5 + 3/4 of 5: the out-turn was missed
    run = in_step(0, 10, 15)
    assert kinds(run) == [(0, "in"), (10, "in"), (15, "out")]
    assert (run.in_seconds, run.out_seconds) == (5.0, 5.0)  # 15 − 10 = 5: nothing changes


def test_a_turn_just_before_the_missed_mark_is_the_other_phase():
    run = in_step(0, 8.7)  # 8.7 < 8.75
    assert kinds(run) == [(0, "in"), (8.7, "out")]
    assert run.in_seconds == pytest.approx(6.85)


def test_taps_too_quick_are_slowed_to_the_safe_range():
    # 0.6 s apart: each phase is measured as 1 s (the shortest), and once the two phases
    # add up to less than 5 s (12 breaths a minute) both are stretched in proportion
    run = in_step(0, 0.6, 1.2, 1.8, 2.4)
    assert kinds(run) == [(0, "in"), (0.6, "out"), (1.2, "in"), (1.8, "out"), (2.4, "in")]
    # in 5 → 3 → 2; out 5 → 3 → 2 would be a 4 s breath: stretched to 2.5 and 2.5
    assert (run.in_seconds, run.out_seconds) == (2.5, 2.5)


def test_taps_too_slow_are_held_to_ten_seconds_a_phase():
    run = in_step(0, 8, 16, 25, 36)
    assert kinds(run)[-1] == (36, "in")
    # in: 5 → 6.5 (8 s) → 7.75 (9 s); out: 5 → 6.5 (8 s) → 8.25 (11 s, taken as 10)
    assert (run.in_seconds, run.out_seconds) == (7.75, 8.25)


@given(st.lists(st.floats(0.0, 30.0), min_size=1, max_size=40))
def test_whatever_the_taps_the_pacer_stays_in_the_safe_range(gaps):
    run, at = in_step(), 0.0
    for gap in gaps:
        at += gap
        run.tap(ALEX, at)
        beat = run.beat(at + 0.1)
        assert all(1.0 <= p.seconds <= 10.0 for p in beat.breath.phases)
        assert beat.breath.breaths_per_minute <= 12.0 + 1e-6
        assert 0.0 <= beat.breath_level <= 1.0 + 1e-9


def test_a_tap_turns_the_pacer_at_once():
    run = in_step(0)
    beat = run.beat(0)
    assert (beat.phase.kind, beat.leading, beat.breath_level) == (IN, True, 0.0)
    assert beat.phase_remaining == 5.0
    run.tap(ALEX, 3)  # the leader breathes out early, at level 0.6
    beat = run.beat(3)
    assert beat.phase.kind is OUT and beat.breath_level == pytest.approx(0.6)
    assert beat.phase_remaining == pytest.approx(5.0)  # out stays 5; in learned 4
    assert run.beat(5.5).breath_level == pytest.approx(0.3)  # 0.6 falling to 0 over 5 s


def test_between_taps_the_pacer_carries_the_leaders_rhythm_on():
    run = in_step(0, 4)  # in 4.5 now, out 5
    beat = run.beat(4 + 5 + 1)  # the out-breath ran its 5 s: an in-breath, 1 s into it
    assert beat.phase.kind is IN and beat.leading
    assert beat.breath_level == pytest.approx(1 / 4.5)


def test_no_taps_keep_the_steps_own_pattern():
    run = in_step()
    beat = run.beat(7)
    assert not beat.leading and beat.breath.name == "resonance-5"
    assert beat.phase.kind is OUT and beat.phase_remaining == pytest.approx(3)


def test_after_a_silence_the_pattern_comes_back_on_an_in_breath():
    run = in_step(30)  # one in-turn; 5 and 5
    assert SILENCE == 15
    # in-breaths would come at 30, 40, 50: the first at or past 30 + 15 is 50
    assert run.fallback_at() == 50
    assert run.beat(49.9).leading
    back = run.beat(50)
    assert not back.leading and back.phase.kind is IN and back.breath_level == 0.0
    run.tap(ALEX, 70)  # a new start: an in-breath, and nothing learned from the gap
    assert kinds(run)[-1] == (70, "in") and run.in_seconds == 5.0
    assert run.beat(70).leading


def test_the_followers_taps_never_lead():
    run = InStep(lead_step(), 0.0, ALEX, SAM)
    for at in (0, 4, 10, 14):
        assert run.tap(SAM, at) is None
    assert run.turns == [] and run.follows == [0, 4, 10, 14]
    assert not run.beat(11).leading
    assert closeness_text(run.closeness(("Alex", "Sam"))) == (
        "Alex did not tap a pace this time, so the pacer kept its own."
    )


def test_a_followers_double_tap_counts_once():
    run = InStep(lead_step(), 0.0, ALEX, SAM)
    for at in (1.0, 1.1, 1.3, 2.0):
        run.tap(SAM, at)
    assert run.follows == [1.0, 2.0]


# -- how close you were -------------------------------------------------------------------


def turns(*pairs: tuple[float, PhaseKind]) -> list[Turn]:
    return [Turn(at, kind) for at, kind in pairs]


LEADER = turns((0, IN), (4, OUT), (10, IN), (14, OUT), (20, IN), (24, OUT), (30, IN), (34, OUT))


def test_closeness_by_hand():
    # in-turns at 0, 10, 20, 30. Sam: 0.2 after, 0.7 after, 1.5 after, none; the presses
    # at 4.3, 14.1 and 34.2 answer the out-turns and do not count as breaths
    sam = [0.2, 4.3, 10.7, 14.1, 21.5, 34.2]
    got = closeness(LEADER, sam, "Alex", "Sam")
    assert got == Closeness("Alex", "Sam", breaths=4, answered=3, in_step=1, median=0.7)
    assert closeness_text(got) == (
        "Sam followed Alex within half a second on 1 of 4 breaths, typically 0.7 s after."
    )


def test_a_follower_who_leads_is_ahead():
    sam = [at - 0.3 for at in (0, 10, 20, 30)]
    got = closeness(LEADER, sam, "Alex", "Sam")
    assert (got.in_step, got.breaths, got.median) == (4, 4, -0.3)
    assert closeness_text(got).endswith("on 4 of 4 breaths, typically 0.3 s ahead.")


def test_exactly_half_a_second_is_in_step_and_just_past_is_not():
    got = closeness(LEADER, [0.5, 10.51], "Alex", "Sam")
    assert (got.answered, got.in_step) == (2, 1)


def test_a_press_too_far_off_answers_nothing():
    # 2.5 s after an in-turn, and nearer the out-turn at 4 than to the in-turn: neither
    got = closeness(LEADER, [2.5, 7.5], "Alex", "Sam")
    assert (got.breaths, got.answered, got.median) == (4, 0, None)
    assert closeness_text(got) == "Alex led 4 breaths; Sam did not tap along this time."


def test_right_together():
    got = closeness(LEADER[:2], [0.0], "Alex", "Sam")
    assert closeness_text(got) == (
        "Sam followed Alex within half a second on 1 of 1 breath, right together."
    )


def test_safe_lengths_stretch_a_quick_breath_in_proportion():
    assert safe_lengths(1, 3) == (1.25, 3.75)
    assert safe_lengths(0.2, 20) == (1.0, 10.0)
    assert safe_lengths(4, 6) == (4, 6)
