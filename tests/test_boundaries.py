"""Every safety limit, accepted exactly at its edge and refused just past it.

The numbers are written out here on purpose: a limit that moves (100 → 101, 24 h → 25 h) is a
change in what coreg lets a person do, and must fail a test, not slip through.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from coreg.library import Exercise, ExerciseError, Repeat, parse_duration, parse_exercise
from coreg.library.exercise import (
    MAX_BREATHS_PER_MINUTE,
    MAX_PHASE_SECONDS,
    MAX_REPEAT,
    MAX_STEP_SECONDS,
    MIN_PHASE_SECONDS,
)
from coreg.log import Kind, is_overlong_pause
from coreg.pause import PauseOptionError, assess_pulse, check_options
from coreg.pause.options import MAX_MINUTES, MIN_TIMEOUT_MINUTES
from coreg.pause.pulse import FLOODING_BPM, OVER_RESTING_BPM
from tests.helpers_store import make_session


def exercise_with(step: str) -> Exercise:
    text = f"title: Edge\nsummary: One step at a limit.\nsteps:\n{step}"
    return parse_exercise(text, Path("edge.yaml"))


def refused(step: str) -> str:
    with pytest.raises(ExerciseError) as caught:
        exercise_with(step)
    return str(caught.value)


def breath_step(phases: str) -> str:
    return f"  - name: Breathe\n    duration: 60\n    say: Breathe.\n    breath: [{phases}]\n"


# ---------------------------------------------------------------------------- the numbers


def test_the_limits_are_the_documented_numbers():
    assert (MIN_PHASE_SECONDS, MAX_PHASE_SECONDS) == (1.0, 10.0)
    assert MAX_BREATHS_PER_MINUTE == 12.0
    assert MAX_REPEAT == 50 and MAX_STEP_SECONDS == 4 * 60 * 60
    assert (FLOODING_BPM, OVER_RESTING_BPM) == (100, 10)
    assert (MIN_TIMEOUT_MINUTES, MAX_MINUTES) == (20, 240)


# ---------------------------------------------------------------------------- breath phases


def test_a_phase_of_exactly_one_second_is_accepted_and_just_under_is_refused():
    # in 1 + out 5 + hold ... keep the whole breath at 5 s or more (12 a minute at most)
    ok = exercise_with(breath_step("in 1, out 4"))
    assert [p.seconds for p in ok.steps[0].breath.phases] == [1.0, 4.0]
    assert "outside the safe range" in refused(breath_step("in 0.99, out 5"))


def test_a_phase_of_exactly_ten_seconds_is_accepted_and_just_over_is_refused():
    ok = exercise_with(breath_step("in 4, out 10"))
    assert ok.steps[0].breath.phases[-1].seconds == 10.0
    message = refused(breath_step("in 4, out 10.01"))
    assert "'out 10.01' is outside the safe range" in message
    assert "from 1 to 10 seconds" in message


def test_twelve_breaths_a_minute_is_accepted_and_a_little_faster_is_refused():
    ok = exercise_with(breath_step("in 2, out 3"))  # 5 s a breath: exactly 12 a minute
    assert ok.steps[0].breath.breaths_per_minute == pytest.approx(12.0)
    message = refused(breath_step("in 2, out 2.99"))  # 4.99 s: 12.02 a minute
    assert "12.0 breaths a minute" in message and "12 or fewer" in message


def test_a_breath_needs_an_in_phase_and_an_out_phase():
    assert "at least one 'in' and one 'out'" in refused(breath_step("out 4, out 4"))
    assert "at least one 'in' and one 'out'" in refused(breath_step("in 4, hold 4"))
    assert "at least one 'in' and one 'out'" in refused(breath_step("hold 4, hold 4"))
    top_up = exercise_with(breath_step("top-up 1, out 5"))  # a top-up is an in-breath
    assert [p.kind.value for p in top_up.steps[0].breath.phases] == ["top-up", "out"]


# ---------------------------------------------------------------------------- steps, repeats


def test_a_step_of_four_hours_is_accepted_and_a_second_more_is_refused():
    assert parse_duration("4h") == 4 * 3600
    assert parse_duration(str(4 * 3600)) == 14400
    with pytest.raises(ValueError, match="longer than 4 hours"):
        parse_duration(str(4 * 3600 + 1))
    with pytest.raises(ValueError, match="more than zero"):
        parse_duration("0")


def repeat_step(times: str) -> str:
    return (
        f"  - repeat: {times}\n    steps:\n"
        "      - name: Again\n        duration: 10\n        say: Again.\n"
    )


def test_repeat_once_and_fifty_times_are_accepted_and_zero_and_fifty_one_are_refused():
    once = exercise_with(repeat_step("1"))
    assert isinstance(once.steps[0], Repeat) and once.steps[0].times == 1
    assert once.step_count == 1
    fifty = exercise_with(repeat_step("50"))
    assert fifty.steps[0].times == 50 and fifty.step_count == 50
    for times in ("0", "51", "-1", "2.5"):
        assert "a whole number from 1 to 50" in refused(repeat_step(times)), times


# ---------------------------------------------------------------------------- the pulse


def test_flooding_is_over_100_a_minute_not_at_100():
    at_100 = assess_pulse(25)  # 25 beats in 15 s
    assert (at_100.bpm, at_100.flooded) == (100, False)
    over = assess_pulse(26)
    assert (over.bpm, over.flooded) == (104, True)
    assert "below the flooding mark" in at_100.message and "flooding" in over.message


def test_flooding_is_more_than_ten_over_ones_own_resting_pulse():
    at_ten_over = assess_pulse(20, resting=70)  # 80: exactly resting + 10
    assert (at_ten_over.bpm, at_ten_over.flooded) == (80, False)
    eleven_over = assess_pulse(20, resting=69)  # 80: resting + 11
    assert eleven_over.flooded
    assert "more than 10 over your resting 69" in eleven_over.message
    assert not assess_pulse(20).flooded  # no resting pulse: only the 100 mark counts
    over_both = assess_pulse(26, resting=60)  # over 100: the resting part is not mentioned
    assert over_both.flooded and "resting" not in over_both.message


def test_the_flooding_message_names_the_resting_margin_only_below_100():
    from coreg.pause import PulseReading

    assert "over your resting 80" in PulseReading(25, 100, True, 80).message
    assert "resting" not in PulseReading(26, 101, True, 80).message


# ---------------------------------------------------------------------------- the time-out


def test_a_time_out_of_twenty_minutes_is_accepted_and_a_little_less_is_refused():
    assert check_options(20).minutes == 20
    with pytest.raises(PauseOptionError, match="about 20 minutes to settle"):
        check_options(19.99)
    assert check_options(19.99, short_ok=True).minutes == 19.99  # when the person is sure
    assert check_options(0).timeout is False  # a breath timer with no time-out


def test_a_time_out_of_four_hours_is_accepted_and_a_minute_more_is_refused():
    assert check_options(240).seconds == 240 * 60
    with pytest.raises(PauseOptionError, match="longer than 4 hours"):
        check_options(241)
    with pytest.raises(PauseOptionError, match="not a length"):
        check_options(-0.01)


def test_a_pause_of_exactly_24_hours_is_not_overlong_and_a_second_more_is():
    pause = make_session(1, kind=Kind.PAUSE, exercise_id="pause", exercise_title="Pause")
    day = replace(pause, ended_at=pause.started_at + timedelta(hours=24))
    assert not is_overlong_pause(day)
    assert is_overlong_pause(replace(day, ended_at=day.ended_at + timedelta(seconds=1)))
    longer = replace(day, ended_at=day.ended_at + timedelta(hours=2))
    assert not is_overlong_pause(replace(longer, kind=Kind.EXERCISE))


def test_the_log_flags_the_24_hour_edge_the_same_way(tmp_path):
    from coreg.log import SessionLog

    pause = make_session(1, kind=Kind.PAUSE, exercise_id="pause", exercise_title="Pause")
    exact = replace(pause, ended_at=pause.started_at + timedelta(hours=24))
    longer = replace(
        make_session(2, kind=Kind.PAUSE, exercise_id="pause", exercise_title="Pause"),
        ended_at=pause.started_at + timedelta(hours=25, seconds=1),
    )
    with SessionLog(tmp_path / "log.json") as log:
        log.record(exact)
        log.record(longer)
        assert log.stats(now=longer.ended_at).overlong_pauses == 1
