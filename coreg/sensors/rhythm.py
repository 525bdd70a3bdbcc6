"""RR intervals cleaned of artefacts, RMSSD, and the heart over a session's first and last
minute. Plain numbers; no clock, no Bluetooth.

The cleaning rule (documented here and in the README):

1. An RR interval outside 300–2000 ms is dropped (a heart rate above 200 or below 30 a
   minute is a missed or doubled beat, not a heart).
2. Of the rest, an interval that differs by more than 20% from the median of its neighbours
   (up to two on each side, among those kept by rule 1) is dropped: one beat does not change
   that much from the beats around it.

RMSSD (the root mean square of successive differences) uses only pairs of intervals that were
next to each other in the recording and both kept, so a dropped beat never makes a false jump.
It needs at least two such pairs.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

RR_MIN_MS = 300.0
RR_MAX_MS = 2000.0
NEIGHBOURS = 2  # on each side
MAX_JUMP = 0.20  # of the neighbours' median
MIN_PAIRS = 2
MINUTE = 60.0


def clean_rr(rr_ms: Sequence[float]) -> list[float | None]:
    """``rr_ms`` with each dropped interval as None (places kept, so neighbours stay neighbours)."""
    plausible = [rr if math.isfinite(rr) and RR_MIN_MS <= rr <= RR_MAX_MS else None for rr in rr_ms]
    places = [i for i, rr in enumerate(plausible) if rr is not None]
    kept: list[float | None] = list(plausible)
    for n, i in enumerate(places):
        around = places[max(0, n - NEIGHBOURS) : n] + places[n + 1 : n + 1 + NEIGHBOURS]
        if not around:
            continue
        middle = statistics.median(float(plausible[j] or 0.0) for j in around)
        value = float(plausible[i] or 0.0)
        if abs(value - middle) > MAX_JUMP * middle:
            kept[i] = None
    return kept


def rmssd(rr_ms: Sequence[float]) -> float | None:
    """RMSSD in milliseconds over the cleaned intervals; None with fewer than two pairs."""
    kept = clean_rr(rr_ms)
    diffs = [b - a for a, b in itertools.pairwise(kept) if a is not None and b is not None]
    if len(diffs) < MIN_PAIRS:
        return None
    return math.sqrt(sum(d * d for d in diffs) / len(diffs))


@dataclass(frozen=True)
class Beat:
    """What a strap said at one moment: the rate, and the RR intervals that came with it."""

    at: float  # seconds, on the session's clock
    bpm: int
    rr_ms: tuple[float, ...] = ()


@dataclass(frozen=True)
class Minute:
    bpm: float | None  # the mean rate over the minute
    rmssd: float | None


def minute_of(beats: Sequence[Beat]) -> Minute:
    """The mean rate and RMSSD over some beats (one minute of them, usually)."""
    rates = [b.bpm for b in beats if b.bpm > 0]
    rr = [value for b in beats for value in b.rr_ms]
    return Minute(statistics.fmean(rates) if rates else None, rmssd(rr))


def first_and_last_minute(beats: Sequence[Beat]) -> tuple[Minute, Minute] | None:
    """The heart over the first minute and over the last minute of ``beats`` (in time order);
    None without any readings. A session shorter than two minutes has minutes that overlap."""
    if not beats:
        return None
    start, end = beats[0].at, beats[-1].at
    first = [b for b in beats if b.at <= start + MINUTE]
    last = [b for b in beats if b.at >= end - MINUTE]
    return minute_of(first), minute_of(last)


def swing_per_breath(points: Sequence[tuple[float, float]], cycle_seconds: float) -> float | None:
    """How much the heart rate rises and falls with each breath: over each breath cycle
    (``cycle_seconds`` long, counted from the first point), the highest rate minus the lowest,
    averaged over the cycles. ``points`` are (seconds, beats a minute) in time order; a cycle
    with fewer than two points is left out. None when no cycle can be measured."""
    if cycle_seconds <= 0 or not points:
        return None
    start, end = points[0][0], points[-1][0]
    # a cycle counts when the readings reach 90% of the way through it (one reading a second
    # ends a 10-second cycle at its 9th second)
    cycles = math.floor((end - start) / cycle_seconds + 0.1 + 1e-9)
    swings = []
    for k in range(cycles):
        low, high = start + k * cycle_seconds, start + (k + 1) * cycle_seconds
        rates = [bpm for at, bpm in points if low <= at < high]
        if len(rates) >= 2:
            swings.append(max(rates) - min(rates))
    return statistics.fmean(swings) if swings else None


def beat_points(beats: Sequence[Beat]) -> list[tuple[float, float]]:
    """(seconds, beats a minute) beat by beat: each RR interval as an instant rate, placed back
    from the moment its packet came; a packet without RR gives its rate at that moment."""
    points: list[tuple[float, float]] = []
    for beat in beats:
        kept = [rr for rr in clean_rr(beat.rr_ms) if rr is not None] if beat.rr_ms else []
        if not kept:
            if beat.bpm > 0:
                points.append((beat.at, float(beat.bpm)))
            continue
        back = sum(kept) / 1000
        for rr in kept:
            back -= rr / 1000
            points.append((beat.at - back, 60_000 / rr))
    points.sort(key=lambda point: point[0])
    return points
