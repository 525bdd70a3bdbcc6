"""What the straps said, kept for the screens: each partner's latest rate, whether their strap is
there, and every reading since the session began. Written by the connection threads, read by the
UI thread: one lock, and every answer is a copy.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from coreg.log import Heart, Session
from coreg.sensors.measurement import Measurement
from coreg.sensors.rhythm import Beat, beat_points, first_and_last_minute, swing_per_breath
from coreg.sensors.synchrony import Together, on_grid, together

STALE_SECONDS = 5.0  # no reading for this long: the strap is shown as dropped
MAX_BEATS = 4 * 3600 * 2  # two readings a second for four hours, per partner
# how two hearts moved together looks at the latest 10 minutes of breathing steps at most: it
# runs as an exercise ends, on the UI thread (about 0.15 s for 10 minutes; benchmarks/sensors.py)
TOGETHER_SECONDS = 600


class Link(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DROPPED = "dropped"  # it was there, and is not now; coreg keeps trying
    UNAVAILABLE = "unavailable"  # no Bluetooth here, or bleak not installed


@dataclass(frozen=True)
class Reading:
    """What a screen shows for one partner."""

    name: str
    link: Link
    bpm: int | None  # None: no fresh reading
    worn: bool = True
    note: str = ""  # why it is unavailable, in words a person can act on
    at: float | None = None  # when the strap said it (the board's clock)


class HeartBoard:
    """Each paired partner's strap: its state, its latest reading, the readings kept."""

    def __init__(self, names: Sequence[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.names = tuple(names)
        self.clock = clock
        self._lock = threading.Lock()
        self._link = dict.fromkeys(self.names, Link.CONNECTING)
        self._note = dict.fromkeys(self.names, "")
        self._latest: dict[str, tuple[float, Measurement]] = {}
        self._beats: dict[str, list[Beat]] = {name: [] for name in self.names}
        self.bad_packets = 0
        # each reading as it comes (``--record``): (name, measurement, when)
        self.record: Callable[[str, Measurement, float], None] | None = None
        # called (on the straps' thread) after each reading: a screen wakes to draw it now
        self.watchers: list[Callable[[], None]] = []

    # -- written by the connection threads ---------------------------------------------

    def set_link(self, name: str, link: Link, note: str = "") -> None:
        with self._lock:
            if name in self._link:
                self._link[name] = link
                self._note[name] = note

    def add(self, name: str, measurement: Measurement, now: float | None = None) -> None:
        now = self.clock() if now is None else now
        with self._lock:
            if name not in self._link:
                return
            self._latest[name] = (now, measurement)
            self._link[name] = Link.CONNECTED
            beats = self._beats[name]
            if measurement.worn and len(beats) < MAX_BEATS:
                beats.append(Beat(now, measurement.bpm, measurement.rr_ms))
        if self.record is not None:
            self.record(name, measurement, now)
        for watcher in list(self.watchers):
            watcher()

    def bad_packet(self) -> None:
        with self._lock:
            self.bad_packets += 1

    # -- read by the screens -----------------------------------------------------------

    def reading(self, name: str, now: float | None = None) -> Reading:
        now = self.clock() if now is None else now
        with self._lock:
            link = self._link.get(name, Link.UNAVAILABLE)
            note = self._note.get(name, "")
            latest = self._latest.get(name)
        if latest is None or link is not Link.CONNECTED:
            return Reading(name, link, None, note=note)
        at, measurement = latest
        if now - at > STALE_SECONDS:
            return Reading(name, Link.DROPPED, None)
        if not measurement.worn:
            return Reading(name, Link.CONNECTED, None, worn=False)
        return Reading(name, Link.CONNECTED, measurement.bpm, at=at)

    def readings(self, now: float | None = None) -> list[Reading]:
        now = self.clock() if now is None else now
        return [self.reading(name, now) for name in self.names]

    def beats(self, name: str, since: float | None = None) -> list[Beat]:
        with self._lock:
            beats = list(self._beats.get(name, ()))
        return beats if since is None else [b for b in beats if b.at >= since]

    def swing(self, name: str, cycle_seconds: float, cycles: int = 3) -> float | None:
        """The swing per breath over the last few whole breath cycles."""
        since = self.clock() - cycle_seconds * cycles
        return swing_per_breath(beat_points(self.beats(name, since)), cycle_seconds)

    # -- for the log -------------------------------------------------------------------

    def heart(self, name: str, since: float | None = None) -> Heart | None:
        """A partner's first and last minute since ``since``, for the session's row."""
        minutes = first_and_last_minute(self.beats(name, since))
        if minutes is None:
            return None
        first, last = minutes

        def one(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        heart = Heart(one(first.bpm), one(last.bpm), one(first.rmssd), one(last.rmssd))
        return None if heart.empty else heart

    def together(self, spans: Sequence[tuple[float, float]]) -> Together | None:
        """How the first two partners' hearts moved together over ``spans`` ((start, end) on
        the board's clock: the shared breathing steps), each span's seconds joined end to end,
        the latest 10 minutes at most. None without spans or with too little in them."""
        if len(self.names) < 2:
            return None
        a, b = (beat_points(self.beats(name)) for name in self.names[:2])
        if not a or not b:
            return None
        grid_a: list[float] = []
        grid_b: list[float] = []
        left = TOGETHER_SECONDS
        for start, end in sorted(spans, reverse=True):  # the latest first
            seconds = min(int(end - start), left)
            piece_a = on_grid(a, end - seconds, seconds) if seconds > 0 else []
            piece_b = on_grid(b, end - seconds, seconds) if seconds > 0 else []
            if piece_a and piece_b:
                grid_a[:0], grid_b[:0] = piece_a, piece_b
                left -= seconds
            if left <= 0:
                break
        return together(grid_a, grid_b) if grid_a else None


def with_hearts(
    session: Session,
    board: HeartBoard,
    since: float | None,
    together: Sequence[tuple[float, float]] = (),
) -> Session:
    """``session`` with each partner's heart over its first and last minute (those with a
    strap), and how the two hearts moved together over the spans in ``together`` (the shared
    breathing steps, on the board's clock), in words, when there is enough to say."""
    partners = tuple(
        replace(p, heart=board.heart(p.name, since)) if p.name in board.names else p
        for p in session.partners
    )
    details = dict(session.details)
    if together:
        found = board.together(together)
        if found is not None:
            details["hearts_together"] = found.words
    return replace(session, partners=partners, details=details)
