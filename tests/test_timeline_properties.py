"""Properties of the timeline over many exercises, pause/skip sequences and poll cadences."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coreg.library import Breath, Exercise, Phase, PhaseKind, Repeat, Step, StepCue
from coreg.log import Ending
from coreg.timing import EventKind, Timeline
from tests.profiles import examples

T0 = 1000.0
TINY = 1e-6

SETTINGS = settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


nice_seconds = st.sampled_from([1, 1.5, 2, 2.5, 4, 5, 5.5, 6, 7, 8, 10])
phase_seconds = st.one_of(nice_seconds, st.floats(1, 10, allow_nan=False))
phases = st.builds(Phase, st.sampled_from(list(PhaseKind)), phase_seconds)
breaths = st.builds(Breath, st.lists(phases, min_size=1, max_size=4).map(tuple))
step_seconds = st.one_of(
    st.none(),
    st.sampled_from([1, 5, 8, 10, 30, 39, 40, 60, 119, 120, 150]),
    st.floats(1, 200, allow_nan=False),
)
steps = st.builds(
    Step,
    name=st.sampled_from(["Arrive", "Heart {a}", "Swap"]),
    seconds=step_seconds,
    a=st.just("Hand on {b}'s heart"),
    b=st.just("Hand over {a}'s hand"),
    breath=st.one_of(st.none(), breaths),
    cue=st.sampled_from(list(StepCue)),
)
repeats = st.builds(
    Repeat, st.integers(1, 3), st.lists(steps, min_size=1, max_size=2).map(tuple), st.booleans()
)
exercises = st.lists(st.one_of(steps, steps, repeats), min_size=1, max_size=4).map(
    lambda items: Exercise("x", "X", "", steps=tuple(items))
)
timed_exercises = exercises.filter(lambda ex: not ex.has_untimed_steps)

OPS = ["wait", "wait", "wait", "tick", "tick", "pause", "resume", "next", "back", "end"]
actions = st.lists(
    st.tuples(st.sampled_from(OPS), st.one_of(st.floats(0, 40), st.sampled_from([0.0, 0.001]))),
    max_size=30,
)


class Watcher:
    """Runs a timeline and checks after every move what any screen or log relies on."""

    def __init__(self, exercise: Exercise) -> None:
        self.clock = FakeClock()
        self.tl = Timeline(exercise, ("Alex", "Sam"), self.clock)
        self.tl.start()
        self.events = []
        self.last = None
        self.went_back = False
        self.step_start: dict[int, float] = {}
        self.paused_total = 0.0  # the watcher's own account of the pauses
        self.paused_since: float | None = None
        self.look()

    def look(self) -> list:
        tl = self.tl
        new = tl.poll()
        snap = tl.snapshot()
        # Nothing is ever negative, and every fraction stays in 0..1.
        assert snap.elapsed >= 0 and snap.step_elapsed >= 0 and snap.phase_elapsed >= 0
        assert snap.phase_remaining >= 0
        assert snap.step_remaining is None or snap.step_remaining >= 0
        for value in (snap.phase_fraction, snap.breath_level, snap.progress):
            assert 0.0 <= value <= 1.0
        # Active time is the clock since the start less the pauses: paused time does not count.
        if not snap.finished:
            paused = self.paused_total
            if self.paused_since is not None:
                paused += self.clock.now - self.paused_since
            assert snap.paused is (self.paused_since is not None)
            assert snap.elapsed == pytest.approx(self.clock.now - T0 - paused, abs=TINY)
        # Events come in time order, none from the future, none before the start.
        for event in new:
            previous = self.events[-1].at if self.events else 0.0
            assert previous - TINY <= event.at <= snap.elapsed + TINY
            if event.kind is EventKind.STEP:
                self.step_start[event.step_index] = event.at
            elif event.kind is EventKind.PHASE:
                # A phase belongs to the step that is running, and never to one that is over.
                latest = [e for e in self.events if e.kind is EventKind.STEP][-1]
                assert event.step_index == latest.step_index
                seconds = tl.steps[event.step_index].seconds
                assert seconds is None or event.at < self.step_start[event.step_index] + seconds
            self.events.append(event)
        # Positions never go backwards, except on "back".
        if self.last is not None:
            assert snap.elapsed >= self.last.elapsed
            if not self.went_back:
                assert (snap.step_index, snap.step_elapsed) >= (
                    self.last.step_index,
                    self.last.step_elapsed - TINY,
                )
                assert snap.progress >= self.last.progress - TINY
        self.went_back = False
        # The pacer agrees with the last phase event heard.
        if not snap.finished and snap.phase is not None:
            heard = [e for e in self.events if e.kind in (EventKind.STEP, EventKind.PHASE)][-1]
            assert heard.kind is EventKind.PHASE and heard.phase_index == snap.phase_index
            assert snap.phase_elapsed == pytest.approx(snap.elapsed - heard.at, abs=TINY)
        self.last = snap
        return new

    def act(self, op: str, dt: float) -> None:
        tl = self.tl
        if op == "wait":  # the app's way: sleep exactly until the next event, then poll
            due = tl.next_event_in()
            if due is None:
                return
            assert due >= 0
            if due > 0.002:
                self.clock.now += due - 0.001
                assert self.look() == [], "an event came before it was due"
            self.clock.now += due if due <= 0.002 else 0.001
            assert self.look() != [], "next_event_in promised an event that did not come"
            return
        self.clock.now += dt
        if op in ("pause", "resume"):
            self.toggle(op)
        elif op == "next":
            tl.next()
        elif op == "back":
            self.went_back = not tl.finished
            tl.back()
        elif op == "end":
            tl.end_early()
        self.look()

    def toggle(self, op: str) -> None:
        was_paused = self.tl.paused
        self.tl.pause() if op == "pause" else self.tl.resume()
        if self.tl.paused and not was_paused:
            self.paused_since = self.clock.now
        elif was_paused and not self.tl.paused:
            self.paused_total += self.clock.now - self.paused_since
            self.paused_since = None

    def finish(self) -> None:
        """Let the session run out (pressing on past untimed steps) and check the end."""
        tl = self.tl
        self.toggle("resume")
        for _ in range(3 * len(tl.steps) + 2):
            if tl.finished:
                break
            self.clock.now += sum(s.seconds or 0 for s in tl.steps) + 1
            self.look()
            if not tl.finished and tl.snapshot().waiting:
                tl.next()
                self.look()
        assert tl.finished
        self.clock.now += 1000
        self.look()
        ends = [e for e in self.events if e.kind is EventKind.END]
        assert len(ends) == 1 and self.events[-1] is ends[0]
        assert tl.next_event_in() is None
        out = tl.outcome()
        assert out.ending is tl.snapshot().ending is not None
        assert 0 <= out.steps_completed <= out.steps_total == len(tl.steps)
        assert out.seconds == pytest.approx(ends[0].at)
        assert out.paused_seconds >= 0


@SETTINGS
@given(exercises, actions)
def test_any_session_with_any_keys_keeps_its_promises(exercise, ops):
    watcher = Watcher(exercise)
    for op, dt in ops:
        watcher.act(op, dt)
    watcher.finish()


@SETTINGS
@given(timed_exercises, st.lists(st.floats(0.001, 20), max_size=60))
def test_left_alone_a_timed_session_completes_on_time_however_it_is_polled(exercise, gaps):
    total = exercise.total_seconds
    watcher = Watcher(exercise)
    for gap in gaps:
        watcher.clock.now += gap
        watcher.look()
    watcher.finish()
    assert watcher.tl.outcome().ending is Ending.COMPLETED
    assert watcher.tl.outcome().steps_completed == len(watcher.tl.steps)
    assert watcher.events[-1].at == pytest.approx(total, abs=1e-6)
    # The same events as a timeline polled once, long after the end: no drift from polling.
    once = Timeline(exercise, ("Alex", "Sam"), FakeClock())
    once.start()
    assert once.poll(T0 + total + 1) == watcher.events


@SETTINGS
@given(st.lists(steps, min_size=1, max_size=3))
def test_phases_always_sum_to_the_step(items):
    tl = Timeline(Exercise("x", "X", "", steps=tuple(items)), ("A", "B"), FakeClock())
    for step in tl.steps:
        if step.breath is None:
            continue
        until = step.seconds if step.seconds is not None else 3 * step.breath.cycle_seconds + 0.5
        spans = list(step.phase_spans(until=until))
        assert spans[0].start == 0
        assert all(s.seconds > 0 for s in spans)
        assert all(a.end == pytest.approx(b.start) for a, b in pairwise(spans))
        assert spans[-1].start < until <= spans[-1].end + TINY
        if step.seconds is not None:
            assert sum(s.seconds for s in spans) == pytest.approx(step.seconds, abs=1e-6)
            phase_events = [e for e in step.events(0.0) if e.kind is EventKind.PHASE]
            assert [e.at for e in phase_events] == pytest.approx([s.start for s in spans])
