"""Straps played back from a file, exactly as live ones would drive coreg: ``--replay FILE``.

The file is JSON Lines, one reading a line, in time order:

    {"t": 12.0, "partner": "Alex", "bpm": 74, "rr": [812.5]}

``t`` is seconds from the start, ``rr`` (optional) the RR intervals in milliseconds; a line
starting with ``#`` is a comment. Each reading
is turned into the packet a strap would send and goes through the same parser, board and
screens. A file that can't be used gets one message naming its line.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coreg.sensors.link import SensorError
from coreg.sensors.measurement import encode_measurement

MAX_REPLAY_BYTES = 16 * 1024 * 1024
MAX_PARTNERS = 2


@dataclass(frozen=True)
class Played:
    t: float
    partner: str
    bpm: int
    rr_ms: tuple[float, ...] = ()


def read_replay(path: Path) -> list[Played]:
    """The readings in a replay file, or SensorError naming the line that is wrong."""
    try:
        if path.stat().st_size > MAX_REPLAY_BYTES:
            raise SensorError(f"The replay file {path} is too big (at most 16 MB).")
        text = path.read_text("utf-8-sig")
    except OSError as error:
        raise SensorError(f"coreg can't read the replay file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise SensorError(f"The replay file {path} is not UTF-8 text.") from None
    played: list[Played] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue  # a blank line, or a comment (what the file is, where it came from)
        try:
            played.append(_reading(json.loads(line)))
        except (ValueError, TypeError) as error:
            raise SensorError(f"{path}:{number}: {error}") from None
        if played[-1].t < (played[-2].t if len(played) > 1 else 0):
            raise SensorError(f"{path}:{number}: the readings must be in time order")
    partners = {p.partner for p in played}
    if not played or len(partners) > MAX_PARTNERS:
        raise SensorError(f"The replay file {path} needs readings for one or two partners.")
    return played


def _reading(value: Any) -> Played:
    if not isinstance(value, dict):
        raise ValueError('each line is a record like {"t": 0, "partner": "Alex", "bpm": 72}')
    t: Any = value.get("t")
    partner: Any = value.get("partner")
    bpm: Any = value.get("bpm")
    rr: Any = value.get("rr", [])
    if type(t) not in (int, float) or not math.isfinite(t) or not 0 <= t <= 86_400:
        raise ValueError("'t' is seconds from the start, 0 to a day")
    if not isinstance(partner, str) or not partner.strip() or len(partner) > 100:
        raise ValueError("'partner' is a name")
    if type(bpm) is not int or not 0 <= bpm <= 300:
        raise ValueError("'bpm' is a whole number from 0 to 300")
    if not isinstance(rr, list) or len(rr) > 10:
        raise ValueError("'rr' is a list of at most 10 intervals in milliseconds")
    if not all(type(x) in (int, float) and math.isfinite(x) and 0 < x < 60_000 for x in rr):
        raise ValueError("'rr' holds intervals in milliseconds, each above 0 and under 60 s")
    return Played(float(t), partner, bpm, tuple(float(x) for x in rr))


class ReplayClient:
    """:class:`~coreg.sensors.link.HeartClient` that plays one partner's readings on time."""

    def __init__(
        self,
        readings: list[Played],
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.readings = readings
        self._clock = clock
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        return None

    async def listen(self, on_packet: Callable[[bytes], None]) -> None:
        self._task = asyncio.ensure_future(self._play(on_packet))

    async def _play(self, on_packet: Callable[[bytes], None]) -> None:
        start = self._clock()
        for reading in self.readings:
            wait = start + reading.t - self._clock()
            if wait > 0:
                await self._sleep(wait)
            on_packet(encode_measurement(reading.bpm, reading.rr_ms))

    async def dropped(self) -> None:
        await asyncio.Event().wait()  # a replay never drops out; its gaps show as gaps

    async def disconnect(self) -> None:
        if self._task is not None:
            self._task.cancel()


def replay_straps(path: Path, board_clock: Callable[[], float]):
    """The partners in a replay file and a client factory that plays each one's readings:
    (names, {name: name}, factory), for :class:`~coreg.sensors.link.Straps`."""
    played = read_replay(path)
    names = list(dict.fromkeys(p.partner for p in played))
    by_name = {name: [p for p in played if p.partner == name] for name in names}
    return (
        names,
        {name: name for name in names},
        lambda name: ReplayClient(by_name[name], board_clock),
    )


class Recorder:
    """``--record FILE``: every reading as a replay line, as it comes. The file is the
    owner's only (it is about their heart); a write that fails stops the recording and says
    why in ``problem``, and never stops the straps."""

    def __init__(self, path: Path, clock: Callable[[], float]) -> None:
        import os

        self.path = path
        self._clock = clock
        self._start = clock()
        self.problem = ""
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as error:
            raise SensorError(f"coreg can't write {path}: {error.strerror}") from None
        self._file: Any = os.fdopen(fd, "w", encoding="utf-8")
        self._write("# heart-strap readings recorded by coreg (coreg run/pause --replay)\n")

    def __call__(self, name: str, measurement: Any, now: float) -> None:
        line = {"t": round(max(0.0, now - self._start), 3), "partner": name}
        line |= {"bpm": measurement.bpm, "rr": [round(rr, 1) for rr in measurement.rr_ms]}
        self._write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")

    def _write(self, text: str) -> None:
        if self._file is None:
            return
        try:
            self._file.write(text)
            self._file.flush()
        except OSError as error:
            self.problem = f"Recording to {self.path} stopped: {error.strerror}"
            self.close()

    def close(self) -> None:
        if self._file is not None:
            file, self._file = self._file, None
            try:
                file.close()
            except OSError as error:
                self.problem = self.problem or f"Recording to {self.path}: {error.strerror}"
