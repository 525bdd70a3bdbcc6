"""Breathing in step, pinned at its edges: where the rhythm begins, the exact moments a tap
counts, what the pacer shows at each boundary, and which press answers which breath.

Every expected value is worked out by hand from the taps, not read back from the code.
"""

from __future__ import annotations

import pytest

from coreg.library import PATTERNS, Breath, Exercise, Phase, PhaseKind, Step
from coreg.timing import InStep, closeness
from coreg.timing.instep import Turn, safe_lengths, start_lengths
from coreg.timing.plan import plan

IN, HOLD, OUT, TOP = PhaseKind.IN, PhaseKind.HOLD, PhaseKind.OUT, PhaseKind.TOP_UP
ALEX, SAM = 0, 1


def breath(*phases: tuple[PhaseKind, float]) -> Breath:
    return Breath(tuple(Phase(kind, seconds) for kind, seconds in phases))


def run_of(pattern: Breath, *taps: float, start: float = 0.0) -> InStep:
    step = Step("Lead", 300, say="Breathe together.", breath=pattern, lead="a")
    run = InStep(plan(Exercise("t", "T", "s", (step,)), ("Alex", "Sam"))[0], start, ALEX, SAM)
    for at in taps:
        run.tap(ALEX, at)
    return run


def five(*taps: float, start: float = 0.0) -> InStep:
    """Alex leads; the step's pattern is 5 in, 5 out."""
    return run_of(PATTERNS["resonance-5"], *taps, start=start)


def kinds(run: InStep) -> list[tuple[float, PhaseKind]]:
    return [(turn.at, turn.kind) for turn in run.turns]


# ---------------------------------------------------------------------------- where it begins


def test_the_rhythm_begins_at_the_patterns_breathing_in_and_out_holds_left_out():
    assert start_lengths(None) == (5.0, 5.0)
    assert start_lengths(PATTERNS["4-7-8"]) == (4, 8)
    assert start_lengths(breath((IN, 3), (TOP, 1), (HOLD, 2), (OUT, 7))) == (4, 7)
    assert start_lengths(breath((IN, 4), (HOLD, 2))) == (4, 5.0)  # no out-breath: 5
    assert start_lengths(breath((OUT, 6), (HOLD, 2))) == (5.0, 6)  # no in-breath: 5
    run = run_of(PATTERNS["4-7-8"])
    assert (run.in_seconds, run.out_seconds) == (4, 8)


def test_safe_lengths_keep_a_hundredth_of_a_second():
    assert safe_lengths(4.123, 6.456) == (4.12, 6.46)


# ---------------------------------------------------------------------------- taps at their edges


def test_a_press_exactly_half_a_second_on_is_a_new_one():
    run = five(0, 0.5)
    assert kinds(run) == [(0, IN), (0.5, OUT)] and run.doubles == 0
    run.tap(SAM, 1.0)
    run.tap(SAM, 1.5)
    assert run.follows == [1.0, 1.5]


def test_exactly_at_the_missed_mark_the_turn_was_missed():
    assert kinds(five(0, 8.75)) == [(0, IN), (8.75, IN)]  # 5 + three quarters of 5


def test_the_missed_mark_is_this_phase_and_most_of_the_next():
    # 4 in, 8 out: after an in-turn the mark is 4 + 6 = 10 s (not 8 + 3 = 11)
    assert kinds(run_of(PATTERNS["4-7-8"], 0, 10.5)) == [(0, IN), (10.5, IN)]
    assert kinds(run_of(PATTERNS["4-7-8"], 0, 9.9)) == [(0, IN), (9.9, OUT)]


def test_a_turn_exactly_a_silence_after_the_last_is_read_and_learned_from():
    # 9 in, 10 out: 15 s after an in-turn is short of the missed mark (9 + 7.5): an out-turn,
    # and the in-breath is measured (15 s, held to 10): 9 → 9.5
    run = run_of(breath((IN, 9), (OUT, 10)), 0, 15)
    assert kinds(run) == [(0, IN), (15, OUT)]
    assert run.in_seconds == 9.5


# ---------------------------------------------------------------------------- what the pacer shows


def test_the_pacer_between_the_leaders_turns():
    run = run_of(PATTERNS["4-7-8"], 0)  # 4 in, 8 out; an in-turn at 0
    beat = run.beat(1)
    assert (beat.phase.kind, beat.phase_index, beat.leading) == (IN, 0, True)
    assert beat.phase_remaining == 3 and beat.breath_rate == pytest.approx(1 / 4)
    assert beat.breath_level == pytest.approx(0.25)
    at_turn = run.beat(4)  # the in-breath ran its 4 s: the out-breath begins, lungs full
    assert (at_turn.phase.kind, at_turn.phase_index, at_turn.phase_remaining) == (OUT, 1, 8)
    assert at_turn.breath_level == 1.0
    out = run.beat(6)
    assert (out.phase.kind, out.phase_index) == (OUT, 1)
    assert out.breath_level == pytest.approx(0.75) and out.breath_rate == pytest.approx(-1 / 8)
    assert out.phase_remaining == pytest.approx(6)
    again = run.beat(12)  # the out-breath ran its 8 s: in again, from empty
    assert (again.phase.kind, again.phase_remaining, again.breath_level) == (IN, 4, 0.0)


def test_back_on_the_pattern_after_an_out_turn_and_a_silence():
    run = five(0, 4)  # in 4.5, out 5; the last turn an out-breath at 4
    # the next in-breath would start at 9; every 9.5 s after: the first at or past 4 + 15 is 28
    assert run.fallback_at() == 28
    assert run.beat(27.9).leading
    back = run.beat(28)
    assert back.leading is False and back.phase.kind is IN and back.breath_level == 0.0


def test_the_pattern_after_a_silence_starts_with_an_in_breath_at_the_fallback():
    run = five(33)  # in-breaths would come at 33, 43, 53: back on the pattern at 53
    beat = run.beat(53)
    assert (beat.phase.kind, beat.phase_index, beat.breath_level) == (IN, 0, 0.0)
    assert beat.phase_remaining == 5 and beat.breath_rate == pytest.approx(1 / 5)


def test_before_any_tap_the_pattern_starts_with_the_step():
    run = five(start=7)
    beat = run.beat(7)
    assert (beat.phase.kind, beat.breath_level, beat.phase_remaining) == (IN, 0.0, 5)
    late = run.beat(7 + 5 + 4.5)  # half a second before the out-breath ends
    assert (late.phase.kind, late.phase_index, late.leading) == (OUT, 1, False)
    assert late.phase_remaining == pytest.approx(0.5)
    assert late.breath_level == pytest.approx(0.1) and late.breath_rate == pytest.approx(-0.2)


def test_how_close_names_leader_and_follower():
    run = five(0, 5, 10)
    for at in (0.3, 10.2):
        run.tap(SAM, at)
    got = run.closeness(("Alex", "Sam"))
    assert (got.leader, got.follower, got.breaths, got.answered, got.in_step) == (
        "Alex",
        "Sam",
        2,
        2,
        2,
    )
    assert got.median == pytest.approx(0.25)


# ---------------------------------------------------------------------------- how close you were


def turns(*pairs: tuple[float, PhaseKind]) -> list[Turn]:
    return [Turn(at, kind) for at, kind in pairs]


def test_a_press_nearer_the_out_turn_before_answers_no_in_breath():
    quick = turns((0, IN), (1, OUT), (2, IN), (8, OUT))
    # 1.2 is nearer the out-turn at 1 than the in-turn at 2 (halfway is 1.5)
    got = closeness(quick, [1.2], "Alex", "Sam")
    assert (got.breaths, got.answered) == (2, 0)
    # exactly halfway counts for the in-breath
    assert closeness(quick, [1.5], "Alex", "Sam").median == -0.5


def test_a_press_nearer_the_out_turn_after_answers_no_in_breath():
    quick = turns((0, IN), (1, OUT))
    assert closeness(quick, [0.8], "Alex", "Sam").answered == 0
    assert closeness(quick, [0.5], "Alex", "Sam").median == 0.5  # exactly halfway: counts
    two = turns((0, IN), (1, OUT), (10, IN), (14, OUT))
    assert closeness(two, [0.8], "Alex", "Sam").answered == 0


def test_the_last_turn_an_in_breath_is_answered_up_to_two_seconds_either_side():
    ends_in = turns((0, IN), (5, OUT), (10, IN))
    got = closeness(ends_in, [12.0], "Alex", "Sam")
    assert (got.breaths, got.answered, got.in_step, got.median) == (2, 1, 0, 2.0)
    assert closeness(ends_in, [12.01], "Alex", "Sam").answered == 0
    first = closeness(turns((2, IN), (8, OUT)), [0.0], "Alex", "Sam")
    assert (first.answered, first.median) == (1, -2.0)


def test_the_nearest_press_answers_a_breath():
    got = closeness(turns((0, IN), (5, OUT)), [-0.4, 0.1], "Alex", "Sam")
    assert (got.answered, got.median) == (1, 0.1)


def test_the_typical_gap_is_kept_to_a_hundredth_of_a_second():
    got = closeness(turns((0, IN), (5, OUT)), [0.123], "Alex", "Sam")
    assert got.median == 0.12


def test_half_a_second_and_a_nanosecond_is_still_in_step():
    # the leeway of a nanosecond for float sums: 10.5 − 10 may come out a hair over 0.5
    got = closeness(turns((0, IN), (5, OUT)), [0.500000001], "Alex", "Sam")
    assert (got.answered, got.in_step) == (1, 1)
