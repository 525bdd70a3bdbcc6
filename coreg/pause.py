"""``coreg pause``: a time-out for a conflict, or a plain breath timer. No Textual here.

One person, flooded in the middle of a fight, types ``coreg pause`` and breathes. This module
holds everything about that break that is not drawing: checking the options, the clock time to
come back, the pulse count and what it means, the quiet prompts, and the :class:`Break` itself,
which reads an injected clock (never counting ticks) and turns into a :class:`Session` for the log.

The break keeps its own deadline (one start reading, the planned length, any extensions), so
switching the breath pattern or extending the break never moves the time to come back. The
breath inside it is a :class:`~coreg.timeline.Timeline` of one untimed step, which cycles its
pattern for as long as the break lasts; a new pattern starts a new one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import coreg
from coreg.exercise import PATTERN_TITLES, PATTERNS, Cue, Exercise, Step, StepCue
from coreg.pulse import (  # noqa: F401  (the pause's pulse check, used through this module)
    FLOODING_BPM,
    OVER_RESTING_BPM,
    PULSE_SECONDS,
    PulseCount,
    PulseError,
    PulseReading,
    assess_pulse,
    parse_beats,
)
from coreg.schedule import EPSILON, Event, EventKind
from coreg.session import Ending, Kind, Session, new_session_id
from coreg.timeline import Snapshot, Timeline

DEFAULT_MINUTES = 20
MIN_TIMEOUT_MINUTES = 20  # a flooded body needs at least this long to settle
MAX_MINUTES = 4 * 60  # a time-out is a promise to come back, not a way out of the talk
EXTEND_MINUTES = 10
DEFAULT_PATTERN = "extended-exhale"
PROMPT_MINUTES = 3  # a new prompt this often
SOON_SECONDS = 2 * 60  # the last prompt ("soon it is time to go back") shows this long

EXERCISE_ID = "pause"
SHORT_FLAG = "--short-ok"


class PauseOptionError(ValueError):
    """An option that cannot be used, worded for the person who typed it."""


@dataclass(frozen=True)
class PauseOptions:
    minutes: float  # 0: a plain breath timer, no time-out
    pattern: str

    @property
    def timeout(self) -> bool:
        return self.minutes > 0

    @property
    def seconds(self) -> float | None:
        return self.minutes * 60 if self.timeout else None


def pattern_names() -> list[str]:
    return list(PATTERNS)


def check_pattern(name: str) -> str:
    """``name`` if it is a breathing pattern; else PauseOptionError naming the ones there are."""
    key = name.strip().lower()
    if key in PATTERNS:
        return key
    import difflib

    close = difflib.get_close_matches(key, PATTERNS, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise PauseOptionError(
        f"there is no breathing pattern called {name!r}.{hint} "
        f"The patterns are: {', '.join(PATTERNS)}."
    )


def check_options(
    minutes: float, pattern: str = DEFAULT_PATTERN, short_ok: bool = False
) -> PauseOptions:
    """The options for a pause, or PauseOptionError with a kind explanation."""
    if not math.isfinite(minutes) or minutes < 0:
        raise PauseOptionError(
            f"--minutes {minutes:g} is not a length. Use 20 or more for a time-out, "
            "or 0 for a breath timer without one."
        )
    if 0 < minutes < MIN_TIMEOUT_MINUTES and not short_ok:
        raise PauseOptionError(
            f"a break of {minutes:g} minutes is shorter than a flooded body usually needs: "
            f"it takes about {MIN_TIMEOUT_MINUTES} minutes to settle. Use --minutes "
            f"{MIN_TIMEOUT_MINUTES} or more, --minutes 0 for a breath timer with no "
            f"time-out, or add {SHORT_FLAG} if you are sure."
        )
    if minutes > MAX_MINUTES:
        raise PauseOptionError(
            f"a break of {minutes:g} minutes is longer than {MAX_MINUTES // 60} hours. "
            "A time-out is a promise to come back: pick a time you can keep, and talk "
            "again within a day."
        )
    return PauseOptions(minutes, check_pattern(pattern))


# ---------------------------------------------------------------------------------------------
# Words


_NUMBER_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 10: "ten", 15: "fifteen",
    20: "twenty", 25: "twenty-five", 30: "thirty", 40: "forty", 45: "forty-five", 50: "fifty",
}  # fmt: skip


def minutes_words(minutes: float) -> str:
    """20 → ``twenty minutes``, 60 → ``an hour``, 37 → ``37 minutes``."""
    if 0 < minutes < 1:
        return f"{round(minutes * 60)} seconds"
    whole = round(minutes)
    if whole == 60:
        return "an hour"
    if whole == 90:
        return "an hour and a half"
    if whole % 60 == 0 and whole // 60 in _NUMBER_WORDS:
        return f"{_NUMBER_WORDS[whole // 60]} hours"
    if whole == 1:
        return "one minute"
    return f"{_NUMBER_WORDS.get(whole, str(whole))} minutes"


def say_line(minutes: float) -> str:
    """What to say to the partner before leaving the room."""
    return f"“I'm flooded. I need {minutes_words(minutes)}. I'll come back.”"


def return_time(now: datetime, seconds: float) -> datetime:
    """When the break ends, rounded up to the whole minute (never earlier than promised)."""
    end = now + timedelta(seconds=seconds)
    if end.second or end.microsecond:
        end = end.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return end


def clock_words(now: datetime, at: datetime) -> tuple[str, str]:
    """(``21:40``, ``tomorrow``): the time to come back, and the day when it is not today."""
    days = (at.date() - now.date()).days
    day = "" if days == 0 else "tomorrow" if days == 1 else at.strftime("%A")
    return at.strftime("%H:%M"), day


def back_at(now: datetime, seconds: float) -> str:
    """``back at 21:40``, or ``back at 00:10 tomorrow`` across midnight."""
    clock, day = clock_words(now, return_time(now, seconds))
    return f"back at {clock} {day}".rstrip()


# ---------------------------------------------------------------------------------------------
# Prompts

PROMPTS = (
    "Let your shoulders drop, and let each out-breath be a little longer.",
    "Drink a glass of water, slowly.",
    "If the argument starts replaying, notice it, and come back to your breath.",
    "Look out of a window, or at something far away, for a while.",
    "Put a hand on your chest and feel it rise and fall.",
    "Walk a little, slowly. Feel your feet meet the floor.",
    "You don't need the right words now. They can wait until you are calmer.",
    "Listen to a song you like, or to the quiet around you.",
    "Name five things you can see, and four you can hear.",
    "Remember a time the two of you laughed together.",
)
SOON_PROMPT = "Soon it is time to go back. A few slow breaths first, then go gently."
BREATH_ONLY_PROMPT = "Breathe with the band. There is nothing else to do."


def prompt_at(elapsed: float, total: float | None) -> str:
    """The prompt to show ``elapsed`` seconds into a break of ``total`` seconds (None: no end)."""
    if total is None:
        return BREATH_ONLY_PROMPT
    if total - elapsed <= SOON_SECONDS and total > SOON_SECONDS * 2:
        return SOON_PROMPT
    return PROMPTS[int(max(0.0, elapsed) // (PROMPT_MINUTES * 60)) % len(PROMPTS)]


def next_prompt_in(elapsed: float, total: float | None) -> float | None:
    """Seconds until :func:`prompt_at` changes (None: it never does)."""
    if total is None:
        return None
    period = PROMPT_MINUTES * 60
    change = (int(max(0.0, elapsed) // period) + 1) * period
    soon = total - SOON_SECONDS
    if total > SOON_SECONDS * 2 and elapsed < soon:
        change = min(change, soon)
    return max(0.0, change - elapsed) if change < total else None


# ---------------------------------------------------------------------------------------------
# The break


def pause_title(timeout: bool) -> str:
    return "Time-out" if timeout else "Breath timer"


def breath_exercise(pattern: str, seconds: float | None = None) -> Exercise:
    """The pause as an exercise of one step: timed for a time-out, or untimed (breath forever)."""
    breath = PATTERNS[pattern]
    return Exercise(
        id=EXERCISE_ID,
        title=pause_title(seconds is not None),
        summary="A breath pacer for pausing a conflict.",
        steps=(Step(name=breath.title, seconds=seconds, breath=breath, cue=StepCue.NORMAL),),
    )


@dataclass(frozen=True)
class BreakState:
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
    ) -> None:
        self.options = options
        self.pattern = options.pattern
        self._clock = clock
        self._now = now
        self.id = session_id or new_session_id()
        self.started_at = now()
        self._start = clock()
        self.extended_minutes = 0.0
        self.pulse: PulseReading | None = None
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

        timeline = Timeline(breath_exercise(self.pattern), (), clock=clock)
        timeline.start()
        return timeline
