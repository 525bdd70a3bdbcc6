"""The pause, pinned where mutation testing found it loose: explicit readings, the record, the
words and the prompts, each checked against numbers worked out by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import coreg
from coreg.library import Cue
from coreg.log import Ending, Kind
from coreg.pause import (
    BREATH_ONLY_PROMPT,
    Break,
    PauseOptions,
    PulseCount,
    PulseError,
    assess_pulse,
    minutes_words,
    next_prompt_in,
    parse_beats,
    prompt_at,
)
from coreg.pause.breaks import breath_exercise, pause_title
from coreg.pause.options import (
    PROMPTS,
    SOON_PROMPT,
    back_at,
    check_pattern,
    clock_words,
    return_time,
)
from coreg.timing import EventKind

ZONE = timezone(timedelta(hours=1))
START = datetime(2026, 11, 23, 21, 0, 10, tzinfo=ZONE)


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def a_break(minutes: float = 20, pattern: str = "extended-exhale") -> tuple[Break, Clock]:
    clock = Clock()
    return Break(PauseOptions(minutes, pattern), clock=clock, now=lambda: START), clock


# ---------------------------------------------------------------------------- readings


def test_every_reading_can_be_given_instead_of_the_clock():
    brk, clock = a_break(20)
    assert brk.elapsed(now=560) == 60 and brk.remaining(now=560) == 1140
    assert not brk.over(now=1699.5) and brk.over(now=1700)
    state = brk.state(now=503)  # 3 s in: the in-breath of 4 s
    assert (state.elapsed, state.remaining, state.over) == (3, 1197, False)
    assert state.breath.phase.kind.value == "in" and state.breath.phase_elapsed == 3
    assert state.prompt == PROMPTS[0]
    assert [(e.kind, e.at) for e in brk.poll(now=503)] == [(EventKind.PHASE, 0)]
    assert brk.next_event_in(now=503) == pytest.approx(1)  # the out-breath at 4 s
    assert [(e.kind, e.at) for e in brk.poll(now=510)] == [
        (EventKind.PHASE, 4),
        (EventKind.PHASE, 10),
    ]
    assert clock.now == 500.0  # the clock was never needed


def test_the_end_is_announced_once_at_the_planned_length():
    brk, clock = a_break(20)
    clock.now += 1200 - 0.5
    brk.poll()
    assert brk.next_event_in() == pytest.approx(0.5)  # the end is nearer than the breath
    clock.now += 0.5
    ends = [e for e in brk.poll() if e.kind is EventKind.END]
    assert [(e.cue, e.at, e.step_index, e.text) for e in ends] == [
        (Cue.END, 1200, 0, "Time to go back")
    ]
    assert [e for e in brk.poll(now=clock.now + 1) if e.kind is EventKind.END] == []
    assert brk.next_event_in() is not None  # the breath goes on; the end is not due again


def test_a_breath_timer_never_ends_by_itself():
    brk, clock = a_break(0)
    clock.now += 10_000
    assert brk.remaining() is None and not brk.over()
    assert all(e.kind is EventKind.PHASE for e in brk.poll())
    assert brk.next_event_in() <= 6
    assert brk.state().prompt == BREATH_ONLY_PROMPT


def test_extending_a_break_that_ran_out_counts_from_now():
    brk, clock = a_break(20)
    clock.now += 1200
    brk.poll()
    brk.extend(10, now=1760)  # 60 s at the end screen, then ten more minutes
    assert brk.extended_minutes == pytest.approx(11)
    assert brk.total_seconds == pytest.approx(1860)
    assert brk.remaining(now=1760) == pytest.approx(600)
    assert not brk.over(now=1760)
    assert brk.next_event_in(now=1760) is not None
    clock.now = 2360
    ends = [e for e in brk.poll() if e.kind is EventKind.END]
    assert [e.at for e in ends] == [pytest.approx(1860)]  # announced again, once
    assert brk.state(now=2360).breath.elapsed == pytest.approx(600)  # a fresh breath at 1760


def test_extending_a_running_break_just_adds():
    brk, _clock = a_break(20)
    brk.extend(10, now=600)
    assert brk.extended_minutes == 10 and brk.total_seconds == 1800
    assert brk.state(now=600).breath.elapsed == 0  # the breath starts again at the reading
    plain, _ = a_break(0)
    plain.extend(10)
    assert plain.extended_minutes == 0


def test_switching_pattern_starts_the_new_breath_at_that_reading():
    brk, _clock = a_break(20)
    brk.switch_pattern("box", now=530)
    assert brk.state(now=532).breath.elapsed == pytest.approx(2)
    assert brk.state(now=532).elapsed == 32  # the countdown did not move
    assert brk.next_pattern(now=540) == "4-7-8"
    assert brk.state(now=541).breath.elapsed == pytest.approx(1)
    assert brk.patterns_used == ["extended-exhale", "box", "4-7-8"]
    brk.switch_pattern("BOX ", now=550)
    assert brk.patterns_used == ["extended-exhale", "box", "4-7-8"]


# ---------------------------------------------------------------------------- finishing


def test_finishing_a_break_that_ran_out_keeps_its_planned_length():
    brk, _clock = a_break(20)
    assert brk.finish(now=1900) is Ending.COMPLETED  # 200 s after it ran out
    session = brk.session(now=5000)
    assert session.seconds == 1200 and session.ended_at == START + timedelta(seconds=1200)
    assert (session.steps_completed, session.steps_total) == (1, 1)
    assert brk.finish(Ending.INTERRUPTED) is Ending.COMPLETED  # the first ending stays


def test_finishing_early_records_when():
    brk, _clock = a_break(20)
    assert brk.finish(now=800) is Ending.ENDED_EARLY
    session = brk.session()
    assert session.ended_at == START + timedelta(seconds=300)
    assert session.seconds == 300 and session.steps_completed == 0
    quit_, _ = a_break(20)
    assert quit_.finish(Ending.INTERRUPTED, now=510) is Ending.INTERRUPTED
    timer, _ = a_break(0)
    assert timer.finish(Ending.ENDED_EARLY, now=520) is Ending.COMPLETED  # nothing to fall short of


def test_the_session_so_far_while_the_break_runs():
    brk, _clock = a_break(20, "box")
    session = brk.session(now=512.3456)
    assert session.ending is Ending.INTERRUPTED and session.kind is Kind.PAUSE
    assert session.seconds == 12.346  # rounded to the millisecond
    assert session.ended_at == START + timedelta(seconds=12.3456)
    assert session.exercise_id == "pause" and session.id == brk.id and len(brk.id) == 32
    assert session.exercise_title == "Time-out: Box breathing"
    assert session.app_version == coreg.__version__
    assert session.details == {"planned_minutes": 20, "pattern": "box"}


def test_the_session_details_name_every_pattern_extension_and_pulse():
    brk, clock = a_break(20)
    brk.switch_pattern("box", now=510)
    brk.extend(2.3456, now=520)
    reading = brk.take_pulse(20, resting=69)
    assert (reading.beats, reading.bpm, reading.flooded, reading.resting) == (20, 80, True, 69)
    details = brk.session(now=530).details
    assert details == {
        "planned_minutes": 20,
        "pattern": "box",
        "patterns": ["extended-exhale", "box"],
        "extended_minutes": 2.35,
        "pulse_bpm": 80,
        "pulse_flooded": True,
    }
    assert Break(PauseOptions(20, "box"), clock=clock, session_id="x" * 32).id == "x" * 32


def test_a_breath_timer_is_titled_so():
    assert pause_title(True) == "Time-out" and pause_title(False) == "Breath timer"
    brk, _ = a_break(0, "4-7-8")
    assert brk.session(now=510).exercise_title == "Breath timer: 4-7-8 breathing"
    timed = breath_exercise("box", 60)
    untimed = breath_exercise("box", None)
    assert (timed.id, timed.title, untimed.title) == ("pause", "Time-out", "Breath timer")
    assert timed.steps[0].seconds == 60 and untimed.steps[0].seconds is None
    assert timed.summary == "A breath pacer for pausing a conflict."
    assert timed.steps[0].cue.value == "normal"


# ---------------------------------------------------------------------------- the pulse


def test_beats_typed_are_read_or_refused_with_advice():
    assert parse_beats(" 22 ") == 22 and parse_beats("60") == 60
    with pytest.raises(PulseError, match=r"^Type the number of beats you counted, like 22\.$"):
        parse_beats("twenty")
    with pytest.raises(PulseError, match=r"^No beats\? Try again at your wrist"):
        parse_beats("0")
    with pytest.raises(PulseError, match="61 beats in 15 seconds is more than a heart beats"):
        parse_beats("61")
    assert assess_pulse(15).bpm == 60 and assess_pulse(15).beats == 15


def test_the_pulse_count_runs_fifteen_seconds():
    clock = Clock()
    count = PulseCount(clock)
    assert count.seconds_left() == 15 and not count.done()
    count.start()
    assert count.seconds_left(now=510) == 5 and not count.done(now=514.999)
    assert count.done(now=515) and count.seconds_left(now=520) == 0
    assert count.seconds_left() == 15  # the clock itself has not moved


# ---------------------------------------------------------------------------- words


def test_minutes_in_words():
    assert minutes_words(0.5) == "30 seconds"
    assert minutes_words(0.999) == "60 seconds"
    assert minutes_words(1) == "one minute"
    assert minutes_words(1.4) == "one minute"
    assert minutes_words(2) == "two minutes" and minutes_words(7) == "7 minutes"
    assert minutes_words(20) == "twenty minutes" and minutes_words(37) == "37 minutes"
    assert minutes_words(60) == "an hour" and minutes_words(90) == "an hour and a half"
    assert minutes_words(120) == "two hours" and minutes_words(240) == "four hours"
    assert minutes_words(600) == "ten hours" and minutes_words(420) == "420 minutes"
    assert minutes_words(150) == "150 minutes"


def test_the_time_to_come_back_rounds_up_to_the_minute():
    at_ten_past = datetime(2026, 11, 23, 21, 0, 10, 5, tzinfo=ZONE)
    assert return_time(at_ten_past, 1200) == datetime(2026, 11, 23, 21, 21, tzinfo=ZONE)
    exact = datetime(2026, 11, 23, 21, 0, tzinfo=ZONE)
    assert return_time(exact, 1200) == datetime(2026, 11, 23, 21, 20, tzinfo=ZONE)
    only_micro = datetime(2026, 11, 23, 21, 0, 0, 1, tzinfo=ZONE)
    assert return_time(only_micro, 60) == datetime(2026, 11, 23, 21, 2, tzinfo=ZONE)


def test_the_day_is_named_when_it_is_not_today():
    night = datetime(2026, 11, 23, 23, 50, tzinfo=ZONE)  # a Monday
    assert clock_words(night, night + timedelta(minutes=5)) == ("23:55", "")
    assert clock_words(night, night + timedelta(minutes=30)) == ("00:20", "tomorrow")
    assert clock_words(night, night + timedelta(days=2)) == ("23:50", "Wednesday")
    assert back_at(night, 20 * 60) == "back at 00:10 tomorrow"
    assert back_at(night, 5 * 60) == "back at 23:55"


def test_an_unknown_pattern_names_the_nearest_and_all_of_them():
    assert check_pattern(" Box ") == "box"
    with pytest.raises(ValueError) as caught:
        check_pattern("boxx")
    message = str(caught.value)
    assert "there is no breathing pattern called 'boxx'. Did you mean box?" in message
    assert "The patterns are: extended-exhale, box, 4-7-8, resonance" in message
    with pytest.raises(ValueError) as caught:
        check_pattern("zzzzzz")
    assert "'zzzzzz'. The patterns are:" in str(caught.value)


# ---------------------------------------------------------------------------- prompts


def test_a_new_prompt_every_three_minutes_and_the_last_two_say_soon():
    total = 20 * 60
    assert prompt_at(0, total) == PROMPTS[0] and prompt_at(-5, total) == PROMPTS[0]
    assert prompt_at(179.9, total) == PROMPTS[0] and prompt_at(180, total) == PROMPTS[1]
    assert prompt_at(1079.9, total) == PROMPTS[5]
    assert prompt_at(1080, total) == SOON_PROMPT  # exactly two minutes left
    assert prompt_at(10 * 180 + 1, 10_000) == PROMPTS[0]  # the list starts again
    assert prompt_at(0, 240) == PROMPTS[0]  # four minutes: too short for "soon"
    assert prompt_at(130, 240) == PROMPTS[0]
    assert prompt_at(0, 241) == PROMPTS[0] and prompt_at(130, 241) == SOON_PROMPT
    assert prompt_at(0, None) == BREATH_ONLY_PROMPT


def test_when_the_prompt_changes_next():
    total = 20 * 60
    assert next_prompt_in(0, total) == 180
    assert next_prompt_in(100, total) == 80
    assert next_prompt_in(-10, total) == 190
    assert next_prompt_in(1000, total) == 80  # "soon" at 1080 comes before 1080's prompt
    assert next_prompt_in(1070, total) == 10
    assert next_prompt_in(1080, total) is None  # nothing changes after "soon"
    assert next_prompt_in(0, None) is None
    assert next_prompt_in(0, 240) == 180 and next_prompt_in(200, 240) is None
