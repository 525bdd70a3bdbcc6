"""Counting a pulse by hand: 15 seconds, times four, and what the number says. No Textual here.

A pulse over 100 a minute, or more than 10 over one's own resting pulse, is a sign of flooding:
the body is too stirred up to talk well, and a break should run its full length.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from coreg.timing import EPSILON

PULSE_SECONDS = 15
FLOODING_BPM = 100  # over this, a body is flooded …
OVER_RESTING_BPM = 10  # … or over one's own resting pulse by more than this


class PulseError(ValueError):
    """A count that can't be a pulse; the message says what to do."""


@dataclass(frozen=True)
class PulseReading:
    beats: int  # counted in 15 seconds
    bpm: int
    flooded: bool
    resting: int | None

    @property
    def message(self) -> str:
        if self.flooded:
            over = (
                f", more than {OVER_RESTING_BPM} over your resting {self.resting}"
                if self.resting and self.bpm <= FLOODING_BPM
                else ""
            )
            return (
                f"{self.bpm} a minute{over}. That is your body flooding: it is on high alert, "
                "and that is not your fault. Let the break run its full length; "
                "it will settle."
            )
        return (
            f"{self.bpm} a minute. That is below the flooding mark. "
            "Keep breathing slowly, and still give the break its time."
        )


def parse_beats(text: str) -> int:
    """The beats typed after a 15-second count, or PulseError saying what to type."""
    text = text.strip()
    if not text.isdigit():
        raise PulseError("Type the number of beats you counted, like 22.")
    beats = int(text)
    if beats == 0:
        raise PulseError("No beats? Try again at your wrist or the side of your neck.")
    if beats > 60:  # 240 a minute
        raise PulseError(
            f"{beats} beats in {PULSE_SECONDS} seconds is more than a heart beats. Count again?"
        )
    return beats


def is_flooding(bpm: float, resting: int | None = None) -> bool:
    """The one flooding rule: over 100 a minute, or over ``resting`` + 10."""
    return bpm > FLOODING_BPM or (resting is not None and bpm > resting + OVER_RESTING_BPM)


def assess_pulse(beats: int, resting: int | None = None) -> PulseReading:
    """Beats in 15 seconds × 4; flooded over 100 a minute, or over ``resting`` + 10."""
    bpm = beats * (60 // PULSE_SECONDS)
    return PulseReading(beats, bpm, is_flooding(bpm, resting), resting)


class PulseCount:
    """A 15-second count with a clear start and stop, against an injected clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._start: float | None = None

    @property
    def started(self) -> bool:
        return self._start is not None

    def start(self) -> None:
        if self._start is None:
            self._start = self._clock()

    def seconds_left(self, now: float | None = None) -> float:
        if self._start is None:
            return float(PULSE_SECONDS)
        now = self._clock() if now is None else now
        return max(0.0, PULSE_SECONDS - (now - self._start))

    def done(self, now: float | None = None) -> bool:
        return self.started and self.seconds_left(now) <= EPSILON
