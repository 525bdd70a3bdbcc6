"""The break itself: one pause, from its start reading to its end. No Textual here.

One person, flooded in the middle of a fight, types ``coreg pause`` and breathes. The
:class:`Break` reads an injected clock (never counting ticks) and turns into a :class:`Session`
for the log; its options and words live in :mod:`coreg.pause.options`, the pulse count in
:mod:`coreg.pause.pulse`.

The break keeps its own deadline (one start reading, the planned length, any extensions), so
switching the breath pattern or extending the break never moves the time to come back. The
breath inside it is a :class:`~coreg.timing.timeline.Timeline` of one untimed step, which cycles its
pattern for as long as the break lasts; a new pattern starts a new one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

import coreg
from coreg.library import (
    OURS,
    PATTERN_TITLES,
    PATTERNS,
    Breath,
    Cue,
    Exercise,
    Step,
    StepCue,
    ours_breath,
)
from coreg.log import Ending, Kind, new_session_id

if TYPE_CHECKING:
    from coreg.log import Session
    from coreg.pause.pulse import PulseReading
from coreg.pause.options import (
    EXERCISE_ID,
    EXTEND_MINUTES,
    PauseOptions,
    back_at,
    check_pattern,
    pattern_names,
    prompt_at,
)
from coreg.timing import EPSILON, Event, EventKind, Snapshot, Timeline

# ---------------------------------------------------------------------------------------------
# The break


def pause_title(timeout: bool) -> str:
    return "Time-out" if timeout else "Breath timer"


def pattern_breath(pattern: str, ours: Breath | None = None) -> Breath:
    """A pattern by name; ``ours`` is the couple's own (resonance until they have one)."""
    if pattern == OURS:
        return ours or ours_breath()
    return PATTERNS[pattern]


def breath_exercise(
    pattern: str, seconds: float | None = None, ours: Breath | None = None
) -> Exercise:
    """The pause as an exercise of one step: timed for a time-out, or untimed (breath forever)."""
    breath = pattern_breath(pattern, ours)
    return Exercise(
        id=EXERCISE_ID,
        title=pause_title(seconds is not None),
        summary="A breath pacer for pausing a conflict.",
        steps=(Step(name=breath.title, seconds=seconds, breath=breath, cue=StepCue.NORMAL),),
    )


class BreakState(NamedTuple):
    """What the screen shows at one clock reading."""

    elapsed: float
    remaining: float | None  # None: no time-out
    over: bool  # the time-out has run its length
    breath: Snapshot
    prompt: str


class Break:
    """One pause, from its start reading to its end, against an injected clock.

    ``now`` gives the wall-clock time (for "back at" and the log); ``clock`` is monotonic
    and alone decides the countdown: remaining = planned + extensions − (reading − start).
    """

    def __init__(
        self,
        options: PauseOptions,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        session_id: str | None = None,
        ours: Breath | None = None,
    ) -> None:
        self.options = options
        self.ours = ours  # the couple's own pattern, for ``ours``
        self.pattern = options.pattern
        self._clock = clock
        self._now = now
        self.id = session_id or new_session_id()
        self.started_at = now()
        self._start = clock()
        self.extended_minutes = 0.0
        self.pulse: PulseReading | None = None
        # what a heart strap said during the break: who was flooded, and the highest rate
        self.strap_flooded: list[str] = []
        self.strap_top_bpm: int | None = None
        self.patterns_used = [options.pattern]
        self.ending: Ending | None = None
        self._ended_reading: float | None = None
        self._ended_at: datetime | None = None
        self._end_announced = False
        self.breath = self._breath_timeline(self._start)

    # -- reading ------------------------------------------------------------------------

    @property
    def timeout(self) -> bool:
        return self.options.timeout

    @property
    def total_seconds(self) -> float | None:
        if not self.timeout:
            return None
        return (self.options.minutes + self.extended_minutes) * 60

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def elapsed(self, now: float | None = None) -> float:
        reading = self._reading(now)
        if self._ended_reading is not None:
            reading = self._ended_reading
        return max(0.0, reading - self._start)

    def remaining(self, now: float | None = None) -> float | None:
        total = self.total_seconds
        return None if total is None else max(0.0, total - self.elapsed(now))

    def over(self, now: float | None = None) -> bool:
        """The time-out has run its full length (never true for a plain breath timer)."""
        remaining = self.remaining(now)
        return remaining is not None and remaining <= EPSILON

    def state(self, now: float | None = None) -> BreakState:
        reading = self._reading(now)
        elapsed = self.elapsed(reading)
        return BreakState(
            elapsed=elapsed,
            remaining=self.remaining(reading),
            over=self.over(reading),
            breath=self.breath.snapshot(reading),
            prompt=prompt_at(elapsed, self.total_seconds),
        )

    def back_at(self) -> str:
        """``back at 21:40``: the end of the break, from its start and every extension."""
        total = self.total_seconds
        return "" if total is None else back_at(self.started_at, total)

    def poll(self, now: float | None = None) -> list[Event]:
        """The breath events due (phase changes), and one END when the time-out runs out."""
        reading = self._reading(now)
        events = [e for e in self.breath.poll(reading) if e.kind is EventKind.PHASE]
        if self.over(reading) and not self._end_announced:
            self._end_announced = True
            events.append(
                Event(EventKind.END, Cue.END, self.total_seconds or 0.0, 0, None, "Time to go back")
            )
        return events

    def next_event_in(self, now: float | None = None) -> float | None:
        """Seconds until the next phase change or the end of the time-out."""
        reading = self._reading(now)
        waits = [self.breath.next_event_in(reading)]
        remaining = self.remaining(reading)
        if remaining is not None and not self._end_announced:
            waits.append(remaining)
        due = [w for w in waits if w is not None]
        return min(due) if due else None

    # -- changes ------------------------------------------------------------------------

    def switch_pattern(self, pattern: str, now: float | None = None) -> None:
        """Breathe another pattern from now on; the countdown does not move."""
        pattern = check_pattern(pattern)
        if pattern == self.pattern:
            return
        self.pattern = pattern
        if pattern not in self.patterns_used:
            self.patterns_used.append(pattern)
        self.breath = self._breath_timeline(self._reading(now))

    def next_pattern(self, now: float | None = None) -> str:
        names = pattern_names()
        self.switch_pattern(names[(names.index(self.pattern) + 1) % len(names)], now)
        return self.pattern

    def extend(self, minutes: float = EXTEND_MINUTES, now: float | None = None) -> None:
        """More time: the break goes on (even after it ran out) and ends later."""
        if not self.timeout:
            return
        reading = self._reading(now)
        if self.over(reading):
            # Count the extension from now: the time spent at the end screen is not lost.
            self.extended_minutes = (reading - self._start) / 60 - self.options.minutes
        self.extended_minutes += minutes
        self.ending, self._ended_reading, self._ended_at = None, None, None
        self._end_announced = False
        self.breath = self._breath_timeline(reading)

    def take_pulse(self, beats: int, resting: int | None) -> PulseReading:
        from coreg.pause.pulse import assess_pulse  # imported when a pulse is first counted

        self.pulse = assess_pulse(beats, resting)
        return self.pulse

    def finish(self, ending: Ending | None = None, now: float | None = None) -> Ending:
        """End the break. COMPLETED when the time-out ran its length, or for a breath timer
        (it has no length to fall short of); else ``ending``: ENDED_EARLY by default, or
        INTERRUPTED (quit). Finishing twice keeps the first ending."""
        if self.ending is not None:
            return self.ending
        reading = self._reading(now)
        if self.over(reading):
            ending = Ending.COMPLETED
            # A break that ran out is as long as planned, however long the end screen stayed.
            reading = min(reading, self._start + (self.total_seconds or 0.0))
        elif not self.timeout:
            ending = Ending.COMPLETED
        self.ending = ending or Ending.ENDED_EARLY
        self._ended_reading = reading
        self._ended_at = self.started_at + timedelta(seconds=reading - self._start)
        return self.ending

    def session(self, now: float | None = None) -> Session:
        """The break for the log, so far (ending INTERRUPTED while it still runs)."""
        reading = self._reading(now)
        elapsed = self.elapsed(reading)
        ended_at = self._ended_at or self.started_at + timedelta(seconds=elapsed)
        details: dict[str, object] = {
            "planned_minutes": self.options.minutes,
            "pattern": self.pattern,
        }
        if len(self.patterns_used) > 1:
            details["patterns"] = list(self.patterns_used)
        if self.extended_minutes:
            details["extended_minutes"] = round(self.extended_minutes, 2)
        if self.pulse is not None:
            details["pulse_bpm"] = self.pulse.bpm
            details["pulse_flooded"] = self.pulse.flooded
        if self.strap_top_bpm is not None:
            details["strap_top_bpm"] = self.strap_top_bpm
        if self.strap_flooded:
            details["strap_flooded"] = list(self.strap_flooded)
        from coreg.log import Session  # its dataclasses: only once a break is written

        ending = self.ending or Ending.INTERRUPTED
        return Session(
            id=self.id,
            exercise_id=EXERCISE_ID,
            exercise_title=f"{pause_title(self.timeout)}: {PATTERN_TITLES[self.pattern]}",
            started_at=self.started_at,
            ended_at=ended_at,
            ending=ending,
            steps_completed=1 if ending is Ending.COMPLETED else 0,
            steps_total=1,
            seconds=round(elapsed, 3),
            kind=Kind.PAUSE,
            app_version=coreg.__version__,
            details=details,
        )

    # -- inside -------------------------------------------------------------------------

    def _reading(self, now: float | None) -> float:
        return self._clock() if now is None else now

    def _breath_timeline(self, reading: float) -> Timeline:
        # The new breath starts at exactly ``reading``; after that it reads the clock.
        pinned = [reading]

        def clock() -> float:
            return pinned.pop() if pinned else self._clock()

        timeline = Timeline(breath_exercise(self.pattern, ours=self.ours), (), clock=clock)
        timeline.start()
        return timeline
