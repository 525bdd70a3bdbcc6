"""How two heart rates moved together, the way couple studies measure it: windowed
cross-correlation with a small range of lags, judged against surrogates.

1. Each partner's rate is put on a one-second grid (the mean of the readings in each second,
   the last one carried over a second with none).
2. The grid is cut into windows of 30 s, starting every 15 s. In each window the two series
   are correlated (Pearson's r) at every lag from −3 to +3 seconds; the window's value is its
   highest r, and the lag where it was highest.
3. The session's value is the mean of its windows' values.
4. Surrogates: the second series shifted round in a circle by a random amount (at least one
   window), which keeps each heart's own rhythm and breaks only their timing together. The
   same steps give each surrogate's value. The seed is fixed, so the same session always gets
   the same answer.
5. "More than chance" means above 95% of the surrogates.

This is practice feedback, not a measure of a relationship: more moving together is not
always better, and a calm heart beside a racing one is also a way to help.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

WINDOW = 30  # seconds
STEP = 15
MAX_LAG = 3
SURROGATES = 100
SEED = 18
CHANCE = 0.95


@dataclass(frozen=True)
class Together:
    r: float  # the mean of each window's highest correlation
    lag: int  # seconds the second partner's heart followed the first's (negative: led)
    chance_r: float  # the same, for the typical surrogate (their median)
    share_below: float  # of the surrogates, the share whose value is below ``r``
    windows: int

    @property
    def above_chance(self) -> bool:
        return self.share_below >= CHANCE

    @property
    def words(self) -> str:
        if self.above_chance:
            said = (
                f"Your hearts rose and fell together more than chance would give "
                f"({self.r:.2f}, against {self.chance_r:.2f} by chance)."
            )
        else:
            said = (
                f"Your hearts kept their own rhythms this time ({self.r:.2f}, against "
                f"{self.chance_r:.2f} by chance)."
            )
        return said + " More together is not always better: each of you settling counts too."


def on_grid(points: Sequence[tuple[float, float]], start: float, seconds: int) -> list[float]:
    """``points`` (seconds, rate) as one value a second from ``start``, for ``seconds`` seconds:
    the mean of the readings in that second, else the last value carried on (the first value
    carried back before any reading). Empty without readings."""
    sums = [0.0] * seconds
    counts = [0] * seconds
    for at, value in points:
        k = math.floor(at - start)
        if 0 <= k < seconds:
            sums[k] += value
            counts[k] += 1
    filled = [s / c if c else None for s, c in zip(sums, counts, strict=True)]
    first = next((v for v in filled if v is not None), None)
    if first is None:
        return []
    grid: list[float] = []
    last: float = first
    for mean in filled:
        if mean is not None:
            last = mean
        grid.append(last)
    return grid


def pearson(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Pearson's r, or None when either series does not vary."""
    n = len(a)
    if n < 3 or n != len(b):
        return None
    ma, mb = sum(a) / n, sum(b) / n
    da = [x - ma for x in a]
    db = [y - mb for y in b]
    sa = math.sqrt(sum(x * x for x in da))
    sb = math.sqrt(sum(y * y for y in db))
    if sa < 1e-9 or sb < 1e-9:
        return None
    return sum(x * y for x, y in zip(da, db, strict=True)) / (sa * sb)


def windowed_peaks(a: Sequence[float], b: Sequence[float]) -> list[tuple[float, int]]:
    """Each window's highest r over the lags, and its lag (b later than a by ``lag`` s)."""
    peaks = []
    n = min(len(a), len(b))
    for start in range(MAX_LAG, n - WINDOW - MAX_LAG + 1, STEP):
        best: tuple[float, int] | None = None
        for lag in range(-MAX_LAG, MAX_LAG + 1):
            r = pearson(a[start : start + WINDOW], b[start + lag : start + lag + WINDOW])
            if r is not None and (best is None or r > best[0]):
                best = (r, lag)
        if best is not None:
            peaks.append(best)
    return peaks


def _value(a: Sequence[float], b: Sequence[float]) -> float | None:
    peaks = windowed_peaks(a, b)
    return statistics.fmean(r for r, _ in peaks) if peaks else None


def together(
    a: Sequence[float], b: Sequence[float], surrogates: int = SURROGATES, seed: int = SEED
) -> Together | None:
    """Two rates on the same one-second grid, compared; None when too short to say (at least
    one window plus the lags on either side, and one more window to shift the surrogates by)."""
    n = min(len(a), len(b))
    a, b = list(a[:n]), list(b[:n])
    peaks = windowed_peaks(a, b)
    if not peaks or n < 2 * WINDOW:
        return None
    r = statistics.fmean(value for value, _ in peaks)
    lag = Counter(lag for _, lag in peaks).most_common(1)[0][0]
    rng = random.Random(seed)
    values = []
    for _ in range(surrogates):
        shift = rng.randrange(WINDOW, n - WINDOW + 1)
        value = _value(a, b[shift:] + b[:shift])
        if value is not None:
            values.append(value)
    if not values:
        return None
    below = sum(value < r for value in values) / len(values)
    return Together(r, lag, statistics.median(values), below, len(peaks))
