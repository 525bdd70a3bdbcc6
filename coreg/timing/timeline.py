"""Pure timing: given a clock reading, where in the exercise are we, and what is due.

The timeline reads an injected clock (``time.monotonic`` by default). Every position comes from
one subtraction — clock reading minus the start reading minus the time spent paused — and the
plan in :mod:`coreg.timing.plan`; nothing is ever added up tick by tick, so a session cannot drift
however long it runs or however late the app polls. The app asks :meth:`Timeline.next_event_in`
when to look again, sets one timer for that moment, and draws what :meth:`Timeline.snapshot`
says. No Textual and no I/O here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from coreg.library import Breath, Cue, Exercise, Phase, StepCue, until_next_second
from coreg.log import Ending
from coreg.timing.outcome import Action, ActionKind, Outcome
from coreg.timing.plan import EPSILON, Event, EventKind, PhaseSpan, PlannedStep, Role, plan

__all__ = [
    "Action",
    "ActionKind",
    "Event",
    "EventKind",
    "Outcome",
    "PlannedStep",
    "Snapshot",
    "Timeline",
]


class Snapshot(NamedTuple):
    step_index: int
    step: PlannedStep
    step_elapsed: float
    step_remaining: float | None  # None on an untimed step
    phase: Phase | None  # None when the step has no breath pacer
    phase_index: int | None
    phase_elapsed: float
    phase_remaining: float  # until the next phase change (the last phase is cut at step end)
    phase_fraction: float  # 0..1 through the phase, against its full pattern length
    breath_level: float  # 0..1 lung fullness for the pacer
    breath_rate: float  # how fast breath_level changes now, per second (+ in, − out, 0 hold)
    elapsed: float  # active seconds since start
    paused: bool
    waiting: bool  # the step waits for the partners (untimed)
    finished: bool
    ending: Ending | None
    progress: float  # 0..1 through the exercise

    @property
    def pacing(self) -> bool:
        """A breath pacer is on screen and moving: the only time the app needs to animate."""
        return self.phase is not None and not self.paused and not self.finished


_END_WORDS = {
    Ending.COMPLETED: "Well done",
    Ending.ENDED_EARLY: "Ended early",
    Ending.INTERRUPTED: "Stopped",
}


class Timeline:
    """One run of an exercise for two partners, against a clock."""

    def __init__(
        self,
        exercise: Exercise,
        names: Sequence[str],
        clock: Callable[[], float] = time.monotonic,
        first: int = 0,
        ours: Breath | None = None,
    ) -> None:
        self.exercise = exercise
        self.names = (*names, "", "")[:2]
        self.first = first  # the place in names of who takes the first part
        self.steps: tuple[PlannedStep, ...] = plan(exercise, self.names, first, ours)
        if not self.steps:
            raise ValueError(f"exercise {exercise.id!r} has no steps")
        self._clock = clock
        # Planned offset of each step's start (untimed steps count as nothing), for progress.
        offsets = [0.0]
        for step in self.steps:
            offsets.append(offsets[-1] + (step.seconds or 0.0))
        self._offsets = tuple(offsets)
        self._all_timed = all(step.timed for step in self.steps)
        self._start: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._latest = 0.0  # the latest active time seen: positions never go backwards
        self._step = 0  # the current step …
        self._step_at = 0.0  # … and the active second it began
        self._events: Iterator[Event] = iter(())
        self._upcoming: Event | None = None
        self._pending: list[Event] = []
        self._ending: Ending | None = None
        self._ended_at = 0.0  # active seconds
        self._ended_clock = 0.0  # clock reading
        self._left: set[int] = set()  # steps done: run to their end, or gone on from (untimed)
        self._skipped: set[int] = set()  # timed steps left with `n` before their end
        self._actions: list[Action] = []
        self._visits: list[tuple[float, int]] = []  # (active second, step index) entered

    # ----------------------------------------------------------------------------------------
    # State

    @property
    def started(self) -> bool:
        return self._start is not None

    @property
    def started_at(self) -> float | None:
        """The clock reading at the start (None before it)."""
        return self._start

    @property
    def paused(self) -> bool:
        return self._paused_at is not None and self._ending is None

    @property
    def finished(self) -> bool:
        return self._ending is not None

    @property
    def ending(self) -> Ending | None:
        return self._ending

    def elapsed(self, now: float | None = None) -> float:
        """Active seconds since the start: pauses left out, frozen once the session ends."""
        return self._active(self._now(now))

    # ----------------------------------------------------------------------------------------
    # Controls

    def start(self) -> None:
        """Begin at the first step. Starting twice does nothing."""
        if self._start is not None or self._ending is not None:
            return
        self._start = self._clock()
        self._enter(0, 0.0)

    def pause(self) -> None:
        now = self._sync(None)
        if self._start is not None and self._ending is None and self._paused_at is None:
            self._record(ActionKind.PAUSE, now)
            self._paused_at = now

    def resume(self) -> None:
        now = self._sync(None)
        if self._start is not None and self._ending is None and self._paused_at is not None:
            self._paused_total += now - self._paused_at
            self._paused_at = None
            self._record(ActionKind.RESUME, now)

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def next(self) -> None:
        """Skip to the next step (or go on past an untimed one); on the last step: complete."""
        now = self._sync(None)
        if self._start is None or self._ending is not None:
            return
        self._record(ActionKind.NEXT, now)
        if self.steps[self._step].timed and self._step not in self._left:
            self._skipped.add(self._step)
        else:
            self._left.add(self._step)
        active = self._active(now)
        if self._step + 1 >= len(self.steps):
            self._finish(Ending.COMPLETED, active, now)
        else:
            self._enter(self._step + 1, active, self.steps[self._step].roles)
            self._collect(active)

    def back(self) -> None:
        """To the previous step's start; on the first step, start it again."""
        now = self._sync(None)
        if self._start is None or self._ending is not None:
            return
        self._record(ActionKind.BACK, now)
        active = self._active(now)
        self._enter(max(self._step - 1, 0), active, self.steps[self._step].roles)
        self._collect(active)

    def end_early(self) -> None:
        now = self._sync(None)
        if self._ending is None:
            self._record(ActionKind.END, now)
            self._finish(Ending.ENDED_EARLY, self._active(now), now)

    def interrupt(self) -> None:
        """Ctrl+C, quit or a crash; works before the start too. A finished session stays so."""
        now = self._sync(None)
        if self._ending is None:
            self._record(ActionKind.INTERRUPT, now)
            self._finish(Ending.INTERRUPTED, self._active(now), now)

    # ----------------------------------------------------------------------------------------
    # Reading

    def poll(self, now: float | None = None) -> list[Event]:
        """Every event that became due since the last poll, in order (END exactly once)."""
        self._sync(now)
        events, self._pending = self._pending, []
        return events

    def next_event_in(self, now: float | None = None) -> float | None:
        """Seconds until the next event; 0 when one is due and not yet polled.

        None before the start, while paused, once finished, and while waiting on an untimed
        step without a pacer: nothing will happen until the partners act.
        """
        reading = self._sync(now)
        if self._pending:
            return 0.0
        if self._start is None or self._ending is not None or self._paused_at is not None:
            return None
        if self._upcoming is None:
            return None
        return max(0.0, self._upcoming.at - self._active(reading))

    def next_second_in(self, now: float | None = None) -> float | None:
        """Seconds until the step's countdown (or, untimed, its count-up) shows a new second.

        For the clock on screen: the app can wait for ``min(next_event_in, next_second_in)``
        instead of redrawing on an interval. None before the start, while paused, once finished.
        """
        reading = self._sync(now)
        if self._start is None or self._ending is not None or self._paused_at is not None:
            return None
        offset = max(0.0, self._active(reading) - self._step_at)
        step = self.steps[self._step]
        if step.seconds is None:
            return until_next_second(-offset)  # counting up
        remaining = step.seconds - offset
        if remaining <= EPSILON:
            return 0.0
        return until_next_second(remaining)  # 4.2 s left shows 0:05 until exactly 4 s

    def snapshot(self, now: float | None = None) -> Snapshot:
        reading = self._sync(now)
        active = self._active(reading)
        step = self.steps[self._step]
        offset = max(0.0, active - self._step_at)
        if step.seconds is not None:
            offset = min(offset, step.seconds)
        completed = self._ending is Ending.COMPLETED
        span: PhaseSpan | None = None if self._ending is not None else step.phase_at(offset)
        return Snapshot(
            step_index=self._step,
            step=step,
            step_elapsed=offset,
            step_remaining=None if step.seconds is None else max(0.0, step.seconds - offset),
            phase=span.phase if span else None,
            phase_index=span.index if span else None,
            phase_elapsed=max(0.0, offset - span.start) if span else 0.0,
            phase_remaining=max(0.0, span.end - offset) if span else 0.0,
            phase_fraction=span.fraction(offset) if span else 0.0,
            breath_level=span.level(offset) if span else 0.0,
            breath_rate=span.rate if span else 0.0,
            elapsed=active,
            paused=self.paused,
            waiting=not step.timed and self._ending is None,
            finished=self._ending is not None,
            ending=self._ending,
            progress=1.0 if completed else self._progress(offset),
        )

    def outcome(self, now: float | None = None) -> Outcome:
        reading = self._sync(now)
        paused = self._paused_total
        if self._paused_at is not None:
            paused += (self._ended_clock if self._ending else reading) - self._paused_at
        return Outcome(
            ending=self._ending,
            steps_completed=len(self._left),
            steps_skipped=len(self._skipped - self._left),
            steps_total=len(self.steps),
            seconds=self._active(reading),
            paused_seconds=paused,
            actions=tuple(self._actions),
        )

    def breath_spans(self, now: float | None = None) -> list[tuple[float, float]]:
        """(start, end) clock readings of each stretch a breath step ran, pauses left out."""
        from coreg.timing.spans import breath_visits, on_clock, pauses

        if self._start is None:
            return []
        visits = breath_visits(self.steps, self._visits, self._active(self._sync(now)))
        return on_clock(visits, self._start, pauses(self._actions))

    # ----------------------------------------------------------------------------------------
    # Inside

    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now

    def _active(self, reading: float) -> float:
        if self._start is None:
            return 0.0
        if self._ending is not None:
            return self._ended_at
        if self._paused_at is not None:
            reading = self._paused_at
        return max(self._latest, reading - self._start - self._paused_total)

    def _sync(self, now: float | None) -> float:
        """Read the clock once and bring everything due up to that reading into ``_pending``."""
        reading = self._now(now)
        if self._start is not None and self._ending is None:
            self._collect(self._active(reading))
        return reading

    def _collect(self, active: float) -> None:
        self._latest = max(self._latest, active)
        while self._upcoming is not None and self._upcoming.at <= active + EPSILON:
            event = self._upcoming
            self._upcoming = next(self._events, None)
            if event.kind is EventKind.STEP:
                if event.step_index != self._step:
                    self._left.add(self._step)  # a timed step ran to its end
                self._step, self._step_at = event.step_index, event.at
                self._visits.append((event.at, event.step_index))
            elif event.kind is EventKind.END:
                self._left.add(self._step)
                self._ending = Ending.COMPLETED
                self._ended_at = event.at
                self._ended_clock = self._clock_at(event.at)
                self._upcoming = None
            self._pending.append(event)

    def _clock_at(self, active: float) -> float:
        """The clock reading at which the session reached ``active`` seconds (while running)."""
        assert self._start is not None
        return self._start + self._paused_total + active

    def _enter(self, index: int, at: float, shown: tuple[Role, ...] = ()) -> None:
        """Make step ``index`` current from active second ``at``, and plan what follows."""
        self._step, self._step_at = index, at
        self._visits.append((at, index))
        self._events = self._chain(index, at, shown)
        self._upcoming = next(self._events, None)

    def _chain(self, index: int, at: float, shown: tuple[Role, ...]) -> Iterator[Event]:
        """Events from step ``index`` on (``shown``: the roles on screen before it)."""
        for step in self.steps[index:]:
            yield from step.events(at, shown)
            shown = step.roles
            if step.seconds is None:
                return
            at += step.seconds
        yield self._end_event(Ending.COMPLETED, at, len(self.steps) - 1)

    def _end_event(self, ending: Ending, at: float, index: int) -> Event:
        last = self.steps[-1]
        sounds = ending is Ending.COMPLETED and last.cue is not StepCue.SILENT
        return Event(
            EventKind.END, Cue.END if sounds else None, at, index, None, _END_WORDS[ending]
        )

    def _finish(self, ending: Ending, active: float, reading: float) -> None:
        self._latest = max(self._latest, active)
        if ending is Ending.COMPLETED and self._step not in self._skipped:
            self._left.add(self._step)
        self._pending.append(self._end_event(ending, active, self._step))
        self._ending = ending
        self._ended_at = active
        self._ended_clock = reading
        self._events, self._upcoming = iter(()), None

    def _record(self, kind: ActionKind, reading: float) -> None:
        since = 0.0 if self._start is None else reading - self._start
        self._actions.append(Action(kind, self._active(reading), self._step, since))

    def _progress(self, offset: float) -> float:
        step = self.steps[self._step]
        if self._all_timed:
            total = self._offsets[-1]
            return min(1.0, (self._offsets[self._step] + offset) / total) if total else 0.0
        within = offset / step.seconds if step.seconds else 0.0
        return min(1.0, (self._step + within) / len(self.steps))
