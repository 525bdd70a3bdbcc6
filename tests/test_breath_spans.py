"""The stretches of a run when a breath pacer was on screen, on the run's own clock: each
breath step from its start to the next, with the time paused left out (for how two hearts
moved together over shared breathing only)."""

from __future__ import annotations

from coreg.library import PATTERNS, Exercise, Step
from coreg.timing import Timeline
from coreg.timing.spans import on_clock
from tests.app_helpers import FakeClock

EXERCISE = Exercise(
    "t",
    "T",
    "A test",
    steps=(
        Step("Settle", 10, say="Sit"),
        Step("Breathe", 60, say="In and out", breath=PATTERNS["box"]),
        Step("Talk", 30, say="Say one thing"),
        Step("Breathe again", 40, say="In and out", breath=PATTERNS["box"]),
    ),
)


def run() -> tuple[Timeline, FakeClock]:
    clock = FakeClock(1000)
    timeline = Timeline(EXERCISE, ("Alex", "Sam"), clock)
    timeline.start()
    return timeline, clock


def test_only_the_breath_steps_on_the_clock():
    timeline, clock = run()
    clock.advance(200)
    timeline.poll()
    assert timeline.finished
    assert timeline.breath_spans() == [(1010.0, 1070.0), (1100.0, 1140.0)]


def test_a_pause_inside_a_breath_step_is_left_out():
    timeline, clock = run()
    clock.advance(30)  # 20 s into "Breathe"
    timeline.poll()
    timeline.pause()
    clock.advance(100)  # paused: no pacer
    timeline.resume()
    clock.advance(40)  # the rest of "Breathe"
    timeline.poll()
    assert timeline.breath_spans() == [(1010.0, 1030.0), (1130.0, 1170.0)]


def test_a_step_gone_on_from_early_and_back_again():
    timeline, clock = run()
    clock.advance(15)
    timeline.next()  # "Talk" at 15 s into the run: 5 s of breathing
    clock.advance(5)
    timeline.back()  # back to "Breathe", started again
    clock.advance(10)
    timeline.end_early()
    assert timeline.breath_spans() == [(1010.0, 1015.0), (1020.0, 1030.0)]


def test_nothing_before_the_start_or_without_breath_steps():
    clock = FakeClock(0)
    assert Timeline(EXERCISE, ("Alex", "Sam"), clock).breath_spans() == []
    talk = Exercise("t", "T", "A test", steps=(Step("Talk", 30, say="Say one thing"),))
    timeline = Timeline(talk, ("Alex", "Sam"), clock)
    timeline.start()
    clock.advance(40)
    assert timeline.breath_spans() == []


def test_on_clock_splits_at_each_pause():
    # active 0-100 from reading 500; paused 20 s at active 30 and 5 s at active 60
    assert on_clock([(0.0, 100.0)], 500.0, [(30.0, 20.0), (60.0, 5.0)]) == [
        (500.0, 530.0),
        (550.0, 580.0),
        (585.0, 625.0),
    ]
    assert on_clock([(30.0, 40.0)], 500.0, [(30.0, 20.0)]) == [(550.0, 560.0)]
