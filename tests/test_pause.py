"""The pause core with a fake clock: options, the countdown, the time to come back, the pulse,
the prompts, the breath pattern switch, the end, and what the log keeps."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from coreg.library import PATTERNS, PhaseKind
from coreg.log import Ending, Kind
from coreg.pause import (
    BREATH_ONLY_PROMPT,
    PROMPTS,
    SOON_PROMPT,
    Break,
    PauseOptionError,
    PulseCount,
    PulseError,
    assess_pulse,
    back_at,
    check_options,
    minutes_words,
    next_prompt_in,
    parse_beats,
    prompt_at,
    say_line,
)
from coreg.timing import EventKind
from tests.helpers_process import python_prints

ZONE = timezone(timedelta(hours=1))
EVENING = datetime(2026, 3, 14, 21, 20, tzinfo=ZONE)


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_break(minutes: float = 20, pattern: str = "extended-exhale", at: datetime = EVENING):
    clock = FakeClock()
    return Break(check_options(minutes, pattern, short_ok=True), clock, lambda: at), clock


# -- options -------------------------------------------------------------------------------


def test_default_is_a_twenty_minute_time_out_on_a_longer_out_breath():
    options = check_options(20)
    assert options.timeout and options.seconds == 1200
    assert options.pattern == "extended-exhale"
    assert [p.seconds for p in PATTERNS[options.pattern].phases] == [4, 6]


@pytest.mark.parametrize("minutes", [1, 5, 19.5])
def test_a_break_under_twenty_minutes_needs_the_override(minutes):
    with pytest.raises(PauseOptionError, match="20 minutes to settle") as caught:
        check_options(minutes)
    assert "--short-ok" in str(caught.value) and "--minutes 0" in str(caught.value)
    assert check_options(minutes, short_ok=True).minutes == minutes


def test_zero_minutes_is_a_plain_breath_timer():
    options = check_options(0)
    assert not options.timeout and options.seconds is None


@pytest.mark.parametrize("minutes", [-1, float("nan"), float("inf"), 241])
def test_impossible_lengths_are_refused(minutes):
    with pytest.raises(PauseOptionError):
        check_options(minutes, short_ok=True)


def test_an_unknown_pattern_names_the_closest_and_lists_them_all():
    with pytest.raises(PauseOptionError) as caught:
        check_options(20, "bxo")
    text = str(caught.value)
    assert "Did you mean box?" in text
    assert all(name in text for name in PATTERNS)
    assert check_options(20, " Box ").pattern == "box"


# -- words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(20, "twenty minutes"), (30, "thirty minutes"), (60, "an hour"), (37, "37 minutes"),
     (120, "two hours"), (90, "an hour and a half")],
)  # fmt: skip
def test_minutes_in_words(minutes, words):
    assert minutes_words(minutes) == words


def test_the_line_to_say_before_leaving():
    assert say_line(20) == "“I'm flooded. I need twenty minutes. I'll come back.”"


def test_back_at_is_the_start_plus_the_break():
    assert back_at(EVENING, 20 * 60) == "back at 21:40"


def test_back_at_rounds_up_never_promising_too_early():
    assert back_at(EVENING + timedelta(seconds=10), 20 * 60) == "back at 21:41"


def test_back_at_across_midnight_says_tomorrow():
    late = datetime(2026, 3, 14, 23, 50, 0, tzinfo=ZONE)
    assert back_at(late, 20 * 60) == "back at 00:10 tomorrow"
    assert back_at(late, 10 * 60) == "back at 00:00 tomorrow"
    assert back_at(late, 9 * 60) == "back at 23:59"


# -- pulse ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("beats", "resting", "bpm", "flooded"),
    [
        (25, None, 100, False),  # exactly 100 is not over 100
        (26, None, 104, True),
        (18, None, 72, False),
        (18, 62, 72, False),  # exactly 10 over resting is not over
        (19, 62, 76, True),  # 14 over a resting 62
        (26, 100, 104, True),  # over 100 counts even when the resting pulse is high
    ],
)
def test_pulse_is_beats_times_four_and_flooding_is_over_100_or_10_over_resting(
    beats, resting, bpm, flooded
):
    reading = assess_pulse(beats, resting)
    assert reading.bpm == bpm
    assert reading.flooded is flooded


def test_pulse_messages_are_kind_and_say_what_to_do():
    flooded = assess_pulse(28).message
    assert flooded.startswith("112 a minute") and "full length" in flooded
    assert "not your fault" in flooded
    over_resting = assess_pulse(19, 62).message
    assert "over your resting 62" in over_resting
    calm = assess_pulse(17).message
    assert calm.startswith("68 a minute") and "below" in calm


@pytest.mark.parametrize("text", ["", "abc", "-3", "2.5"])
def test_beats_must_be_a_whole_number(text):
    with pytest.raises(PulseError, match="number of beats"):
        parse_beats(text)


def test_beats_that_cannot_be_are_questioned():
    assert parse_beats(" 22 ") == 22
    with pytest.raises(PulseError, match="Try again"):
        parse_beats("0")
    with pytest.raises(PulseError, match="Count again"):
        parse_beats("90")


def test_pulse_count_runs_fifteen_seconds_from_its_start():
    clock = FakeClock()
    count = PulseCount(clock)
    clock.advance(100)  # reading instructions does not use up the count
    assert not count.started and count.seconds_left() == 15
    count.start()
    clock.advance(14.9)
    assert not count.done() and count.seconds_left() == pytest.approx(0.1)
    clock.advance(0.1)
    assert count.done()


# -- prompts -------------------------------------------------------------------------------


def test_prompts_change_every_three_minutes_and_say_soon_at_the_end():
    total = 20 * 60
    assert prompt_at(0, total) == PROMPTS[0]
    assert prompt_at(179, total) == PROMPTS[0]
    assert prompt_at(180, total) == PROMPTS[1]
    assert prompt_at(total - 119, total) == SOON_PROMPT
    assert next_prompt_in(0, total) == 180
    assert next_prompt_in(17 * 60, total) == 60  # the "soon" prompt comes at 18:00
    assert next_prompt_in(18 * 60, total) is None
    assert prompt_at(5000, None) == BREATH_ONLY_PROMPT and next_prompt_in(5000, None) is None


def test_no_prompt_rehearses_the_argument():
    for prompt in PROMPTS:
        assert "partner said" not in prompt and "what to say" not in prompt.lower()
        assert len(prompt) <= 80  # one line at 80 columns


# -- the break -----------------------------------------------------------------------------


def test_countdown_follows_the_clock_and_ends_once():
    pause, clock = make_break(20)
    assert pause.remaining() == 1200
    assert pause.back_at() == "back at 21:40"
    clock.advance(19 * 60 + 59.5)
    assert pause.remaining() == pytest.approx(0.5)
    assert [e.kind for e in pause.poll() if e.kind is EventKind.END] == []
    assert pause.next_event_in() == pytest.approx(0.5)
    clock.advance(0.5)
    ends = [e for e in pause.poll() if e.kind is EventKind.END]
    assert len(ends) == 1 and ends[0].text == "Time to go back"
    assert pause.over()
    clock.advance(60)
    assert not [e for e in pause.poll() if e.kind is EventKind.END]


def test_breath_starts_at_once_with_an_in_breath_and_keeps_its_period():
    pause, clock = make_break(20)
    first = pause.poll()
    assert first[0].kind is EventKind.PHASE and first[0].phase.kind is PhaseKind.IN
    clock.advance(60)
    phases = [e for e in pause.poll() if e.kind is EventKind.PHASE]
    assert len(phases) == 12  # six breaths of 10 s: an in and an out each
    assert pause.state().breath.phase.kind is PhaseKind.IN  # exactly a new cycle


def test_breath_timer_without_a_time_out_never_ends():
    pause, clock = make_break(0)
    clock.advance(10 * 3600)
    state = pause.state()
    assert state.remaining is None and not state.over
    assert state.breath.phase is not None
    assert pause.back_at() == ""
    assert pause.finish() is Ending.COMPLETED


def test_switching_pattern_starts_a_fresh_breath_and_keeps_the_countdown():
    pause, clock = make_break(20)
    clock.advance(7)  # in the middle of an out-breath
    pause.switch_pattern("box")
    state = pause.state()
    assert state.breath.phase.kind is PhaseKind.IN and state.breath.phase_elapsed == 0
    assert state.remaining == 1200 - 7
    assert pause.next_pattern() == "4-7-8"
    session = pause.session()
    assert session.details["pattern"] == "4-7-8"
    assert session.details["patterns"] == ["extended-exhale", "box", "4-7-8"]


def test_extending_after_the_end_counts_from_now():
    pause, clock = make_break(20)
    clock.advance(1200)
    pause.poll()
    assert pause.finish() is Ending.COMPLETED
    clock.advance(30)  # reading the end-of-break offer
    pause.extend(10)
    assert pause.ending is None
    assert pause.remaining() == pytest.approx(600)
    assert pause.back_at() == "back at 21:51"  # 21:50:30, rounded up
    clock.advance(600)
    assert [e.kind for e in pause.poll()][-1] is EventKind.END
    assert pause.finish() is Ending.COMPLETED
    session = pause.session()
    assert session.seconds == pytest.approx(1830)
    assert session.details["extended_minutes"] == pytest.approx(10.5)


def test_leaving_early_is_ended_early_and_quitting_is_interrupted():
    pause, clock = make_break(20)
    clock.advance(300)
    assert pause.finish() is Ending.ENDED_EARLY
    assert pause.session().seconds == 300
    other, clock = make_break(20)
    clock.advance(60)
    assert other.finish(Ending.INTERRUPTED) is Ending.INTERRUPTED
    assert other.finish(Ending.COMPLETED) is Ending.INTERRUPTED  # the first ending stays


def test_a_break_that_ran_out_is_logged_at_its_planned_length():
    pause, clock = make_break(20)
    clock.advance(1200 + 600)  # the end screen stayed open ten minutes
    pause.finish()
    session = pause.session()
    assert session.seconds == 1200
    assert session.ended_at - session.started_at == timedelta(minutes=20)


def test_the_session_for_the_log():
    pause, clock = make_break(30, "resonance")
    running = pause.session()
    assert running.kind is Kind.PAUSE and running.exercise_id == "pause"
    assert running.ending is Ending.INTERRUPTED  # what a crash would leave
    assert running.started_at == EVENING
    clock.advance(90)
    reading = pause.take_pulse(28, resting=None)
    assert reading.bpm == 112 and reading.flooded
    clock.advance(1710)
    pause.poll()
    pause.finish()
    session = pause.session()
    assert session.id == running.id  # one session, updated in place
    assert session.ending is Ending.COMPLETED and session.steps_completed == 1
    assert session.seconds == 1800
    assert session.details == {
        "planned_minutes": 30,
        "pattern": "resonance",
        "pulse_bpm": 112,
        "pulse_flooded": True,
    }
    assert session.exercise_title == "Time-out: Resonance breathing"


def test_the_pause_command_module_needs_no_textual():
    code = (
        "import argparse, sys, coreg.commands.pause as c; "
        "c.register(argparse.ArgumentParser().add_subparsers(), []); "
        "print('textual' in sys.modules)"
    )
    assert python_prints(code) == "False"


# -- the command ---------------------------------------------------------------------------


def _parse(*argv: str):
    import argparse

    from coreg.commands import pause as command

    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers(), [])
    return parser.parse_args(["pause", *argv])


def test_the_command_hands_the_checked_options_to_the_app(monkeypatch):
    import coreg.commands.app

    calls = []
    monkeypatch.setattr(coreg.commands.app, "launch", lambda args, **kw: calls.append(kw) or 0)
    args = _parse("--pattern", "Box", "--cues", "off")
    assert args.func(args) == 0
    assert calls == [{"start": "pause", "pause_minutes": 20.0, "pause_pattern": "box"}]


def test_the_command_explains_a_short_break_kindly():
    from coreg.commands.shared import UserError

    args = _parse("--minutes", "5")
    with pytest.raises(UserError, match="shorter than a flooded body usually needs"):
        args.func(args)
