"""Flooding read from a strap: over the pause's flooding mark (over 100 a minute, or resting
+ 10; :func:`coreg.pause.is_flooding`) without a break for 30 seconds. Against an injected
clock, so a test checks a minute in a millisecond.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from coreg.pause import is_flooding

SUSTAINED_SECONDS = 30.0
GAP_SECONDS = 10.0  # no reading for this long: the run over the mark starts again


class FloodWatch:
    """Fed each reading; says whether the heart has stayed over the mark for 30 seconds."""

    def __init__(
        self, resting: int | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.resting = resting
        self._clock = clock
        self._over_since: float | None = None
        self._last: float | None = None
        self.ever = False  # flooding was seen at some point of this watch
        self.top: int | None = None  # the highest reading fed

    def feed(self, bpm: int, now: float | None = None) -> bool:
        """One reading (0 or less: the strap has no reading, and is ignored); flooded now?"""
        now = self._clock() if now is None else now
        if bpm <= 0:
            return self.flooded(now)
        self.top = bpm if self.top is None else max(self.top, bpm)
        if self._last is not None and now - self._last > GAP_SECONDS:
            self._over_since = None
        self._last = now
        if is_flooding(bpm, self.resting):
            if self._over_since is None:
                self._over_since = now
        else:
            self._over_since = None
        return self.flooded(now)

    def flooded(self, now: float | None = None) -> bool:
        """Over the mark, with readings no further apart than 10 s, for 30 s or more."""
        now = self._clock() if now is None else now
        if self._over_since is None or self._last is None or now - self._last > GAP_SECONDS:
            return False
        if self._last - self._over_since >= SUSTAINED_SECONDS:
            self.ever = True
            return True
        return False
