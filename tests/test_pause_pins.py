"""The pause at its edges: a reading handed in is the reading used (the clock may say
otherwise), the end is the next thing to wake for when it is nearer than the breath, the
couple's own pattern is the one breathed, what a heart strap said is kept in the record, and the
prompts change exactly when they should. Every number here is worked out by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from coreg.library import OURS, PhaseKind, ours_breath
from coreg.pause import (
    PROMPTS,
    SOON_PROMPT,
    Break,
    PauseOptionError,
    PauseOptions,
    check_options,
    next_prompt_in,
    prompt_at,
)
from coreg.pause.breaks import breath_exercise
from coreg.timing import EventKind

ZONE = timezone(timedelta(hours=1))
START = datetime(2026, 11, 23, 21, 0, 10, tzinfo=ZONE)
BEGIN = 500.0  # the clock's reading when the break starts; the tests below leave it there


class Clock:
    def __init__(self) -> None:
        self.now = BEGIN

    def __call__(self) -> float:
        return self.now


def a_break(minutes: float = 20, pattern: str = "4-7-8", ours=None) -> tuple[Break, Clock]:
    clock = Clock()
    options = PauseOptions(minutes, pattern)
    return Break(options, clock=clock, now=lambda: START, ours=ours), clock


def at(seconds: float) -> float:
    """The clock reading ``seconds`` into the break."""
    return BEGIN + seconds


# ---------------------------------------------------------------------------- the end


def test_the_end_shows_at_the_reading_given_even_when_the_clock_lags():
    brk, clock = a_break(20)
    assert brk.state(now=at(1200)).over  # the screen asked about the end: it is the end
    assert not brk.state(now=at(1199)).over
    ends = [e for e in brk.poll(now=at(1200)) if e.kind is EventKind.END]
    assert [e.at for e in ends] == [1200]
    assert clock.now == BEGIN


def test_the_app_wakes_for_the_end_when_it_comes_before_the_next_breath():
    # 4-7-8 breathes in cycles of 19 s: 1199 s in is 2 s into an in-breath of 4 s, so the next
    # phase is 2 s away and the end of a 20-minute break 1 s away.
    brk, _clock = a_break(20)
    brk.poll(now=at(1199))
    assert brk.next_event_in(now=at(1199)) == pytest.approx(1)
    [end] = brk.poll(now=at(1200))
    assert end.kind is EventKind.END
    # once the end is announced, the app wakes for the breath alone (the in-breath ends at 1201)
    assert brk.next_event_in(now=at(1200)) == pytest.approx(1)
    assert brk.next_event_in(now=at(1200.5)) == pytest.approx(0.5)


def test_the_app_wakes_for_the_next_breath_at_the_reading_given():
    brk, _clock = a_break(20)
    brk.poll(now=at(10))  # 10 s in: holding, from 4 s to 11 s
    assert brk.next_event_in(now=at(10)) == pytest.approx(1)
    timer, _ = a_break(0)
    timer.poll(now=at(10))
    assert timer.next_event_in(now=at(10)) == pytest.approx(1)  # no end to wait for


def test_the_breath_read_without_a_reading_follows_the_clock():
    brk, clock = a_break(20)
    clock.now = at(3)
    assert brk.breath.snapshot().elapsed == pytest.approx(3)
    brk.switch_pattern("box", now=at(5))
    clock.now = at(7)
    assert brk.breath.snapshot().elapsed == pytest.approx(2)


def test_extending_at_a_reading_after_the_end_counts_from_that_reading():
    brk, clock = a_break(20)
    brk.extend(10, now=at(1260))  # a minute at the end screen, then ten more minutes
    assert brk.extended_minutes == pytest.approx(11)
    assert brk.remaining(now=at(1260)) == pytest.approx(600)
    assert brk.back_at() == "back at 21:32"  # 21:00:10 + 31 minutes, rounded up
    assert clock.now == BEGIN


# ---------------------------------------------------------------------------- our own pattern


def test_the_couples_own_pattern_is_the_one_breathed():
    ours = ours_breath((3, 9))
    exercise = breath_exercise(OURS, 1200, ours=ours)
    assert exercise.steps[0].breath == ours
    brk, _clock = a_break(20, OURS, ours=ours)
    assert brk.state(now=at(4)).breath.phase.kind is PhaseKind.OUT
    assert [e.at for e in brk.poll(now=at(12))] == [0, 3, 12]
    brk.switch_pattern("box", now=at(12))
    brk.switch_pattern(OURS, now=at(20))
    assert [e.at for e in brk.poll(now=at(23))] == [0, 3]  # the new breath, from 20 s
    plain, _ = a_break(20, OURS)  # no pattern of their own yet: resonance, 5.5 s each way
    assert [e.at for e in plain.poll(now=at(11))] == [0, 5.5, 11]


# ---------------------------------------------------------------------------- the record


def test_what_a_heart_strap_said_is_kept_in_the_record():
    brk, _clock = a_break(20)
    brk.strap_flooded, brk.strap_top_bpm = ["Sam", "Alex"], 118  # as the hearts panel sets them
    details = brk.session(now=at(60)).details
    assert details["strap_top_bpm"] == 118
    assert details["strap_flooded"] == ["Sam", "Alex"]
    calm, _ = a_break(20)
    calm.strap_top_bpm = 84  # a strap that never saw flooding
    details = calm.session(now=at(60)).details
    assert details["strap_top_bpm"] == 84 and "strap_flooded" not in details


# ---------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(1, "a break of 1 minute is shorter"), (5, "a break of 5 minutes is shorter"),
     (2.5, "a break of 2.5 minutes is shorter"), (300, "a break of 300 minutes is longer")],
)  # fmt: skip
def test_a_refused_length_is_said_back_as_typed(minutes, said):
    with pytest.raises(PauseOptionError, match=said):
        check_options(minutes)


# ---------------------------------------------------------------------------- prompts


def test_soon_comes_two_minutes_before_the_end_when_that_is_between_prompts():
    total = 1300  # soon at 1180, between the prompts of 1080 and 1260
    assert prompt_at(1179.9, total) == PROMPTS[6] and prompt_at(1180, total) == SOON_PROMPT
    assert next_prompt_in(1100, total) == 80


def test_a_five_and_a_half_minute_break_says_soon_on_time():
    total = 330  # soon at 210, before the prompt of 360 that never comes
    assert prompt_at(209.9, total) == PROMPTS[1] and prompt_at(210, total) == SOON_PROMPT
    assert next_prompt_in(190, total) == 20


def test_the_next_prompt_half_a_second_away():
    assert next_prompt_in(179.5, 1200) == 0.5
    assert prompt_at(180, 1200) == PROMPTS[1]


def test_no_prompt_change_is_due_at_the_very_end():
    total = 1260  # seven prompts of three minutes: the next would come as the break ends
    assert all(prompt_at(s, total) == SOON_PROMPT for s in (1140, 1150, 1259.9, 1260))
    assert next_prompt_in(1150, total) is None
    assert next_prompt_in(100, 180) is None  # a three-minute break keeps its one prompt
