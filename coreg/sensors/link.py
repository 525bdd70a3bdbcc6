"""Keeping each strap connected, off the UI thread: one background thread with its own asyncio
loop, a task per strap that connects, listens, and when the strap drops out tries again.

A strap is reached through :class:`HeartClient`, a small interface coreg owns; the one made with
bleak lives in :mod:`coreg.sensors.ble` (the only module that imports bleak), and tests pass a
fake. Nothing here ever waits on the UI, and the UI never waits on it: the screens read the
:class:`~coreg.sensors.board.HeartBoard`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

from coreg.sensors.board import HeartBoard, Link
from coreg.sensors.measurement import MeasurementError, parse_measurement

RETRY_SECONDS = 5.0  # between tries to reach a strap that is not there
STOP_SECONDS = 2.0  # how long leaving waits for the thread before going on without it


class SensorError(Exception):
    """Bluetooth could not do what was asked; the message says so plainly.

    ``lasting``: trying again will not help (no Bluetooth here, or bleak not installed)."""

    def __init__(self, message: str, lasting: bool = False) -> None:
        super().__init__(message)
        self.lasting = lasting


class HeartClient(Protocol):
    """One strap, as coreg needs it."""

    async def connect(self) -> None: ...

    async def listen(self, on_packet: Callable[[bytes], None]) -> None:
        """Ask for Heart Rate Measurement notifications; ``on_packet`` gets each one."""

    async def dropped(self) -> None:
        """Return when the link is lost."""

    async def disconnect(self) -> None: ...


ClientFactory = Callable[[str], HeartClient]  # an address -> a client for it
Wait = Callable[[float], Awaitable[None]]


def on_packet(board: HeartBoard, name: str) -> Callable[[bytes], None]:
    """What to do with each packet of ``name``'s strap: parse it onto the board; a malformed
    packet is counted and left out."""

    def received(data: bytes) -> None:
        try:
            board.add(name, parse_measurement(data))
        except MeasurementError:
            board.bad_packet()

    return received


async def keep_connected(
    name: str,
    address: str,
    factory: ClientFactory,
    board: HeartBoard,
    stop: asyncio.Event,
    wait: Wait | None = None,
) -> None:
    """Connect ``name``'s strap, listen, and reconnect when it drops, until ``stop`` is set.
    ``wait`` waits between tries (given in tests; by default it ends early on ``stop``)."""

    async def pause(seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    wait = wait or pause
    while not stop.is_set():
        try:
            client = factory(address)
        except SensorError as error:
            board.set_link(name, Link.UNAVAILABLE, str(error))
            return
        try:
            await client.connect()
            await client.listen(on_packet(board, name))
            board.set_link(name, Link.CONNECTED)
            await _until_either(client.dropped(), stop.wait())
        except SensorError as error:
            if error.lasting:
                board.set_link(name, Link.UNAVAILABLE, str(error))
                return
        except (OSError, TimeoutError):
            pass  # out of range, or the link broke as it was made: try again in a moment
        finally:
            with contextlib.suppress(SensorError, OSError, TimeoutError):
                await client.disconnect()
        if stop.is_set():
            return
        board.set_link(name, Link.DROPPED)
        await wait(RETRY_SECONDS)


async def _until_either(*waits: Awaitable[object]) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()  # a SensorError from the client goes on up
    finally:
        for task in tasks:
            task.cancel()


def find_straps(seconds: float) -> list:
    """The heart straps in range (a list of ``ble.Found``), nearest first; SensorError saying
    plainly why none could be looked for. Imports bleak: call it only when asked to scan."""
    from coreg.sensors.ble import scan  # the one place bleak comes in

    return asyncio.run(scan(seconds))


class Straps:
    """The background thread that keeps every paired strap connected."""

    def __init__(
        self,
        pairs: Mapping[str, str],
        board: HeartBoard,
        factory: ClientFactory | None = None,
    ) -> None:
        """``pairs``: partner name -> strap address. Without ``factory``, bleak's client is
        used, imported in the thread (never at start-up)."""
        self.pairs = dict(pairs)
        self.board = board
        self._factory = factory
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopping = threading.Event()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="coreg-straps", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        factory = self._factory
        if factory is None:
            try:
                from coreg.sensors.ble import bleak_client  # the one place bleak comes in

                factory = bleak_client
            except SensorError as error:
                for name in self.pairs:
                    self.board.set_link(name, Link.UNAVAILABLE, str(error))
                return
        asyncio.run(self._main(factory))

    async def _main(self, factory: ClientFactory) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        if self._stopping.is_set():
            return
        await asyncio.gather(
            *(
                keep_connected(name, address, factory, self.board, self._stop)
                for name, address in self.pairs.items()
            )
        )

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Ask the thread to disconnect and end; wait at most ``timeout`` (it is a daemon)."""
        self._stopping.set()
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
