"""The strap through bleak, the cross-platform Bluetooth Low Energy library: the only module
that imports it. Every error bleak or the system raises becomes a :class:`SensorError` with
words a person can act on; nothing here reaches the screen as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coreg.sensors.link import SensorError

HR_SERVICE = "0000180d-0000-1000-8000-00805f9b34fb"
HR_MEASUREMENT = "00002a37-0000-1000-8000-00805f9b34fb"
SCAN_SECONDS = 8.0
CONNECT_SECONDS = 15.0

NO_BLEAK = (
    "Heart straps need the sensors extra, which is not installed. "
    "Add it with: pip install 'coreg[sensors]'"
)
NO_BLUETOOTH = (
    "Bluetooth can't be reached on this machine: there is no adapter, or the Bluetooth "
    "service is not running. Turn Bluetooth on (on Linux, start BlueZ) and try again."
)

try:
    import bleak
    from bleak.exc import BleakError
except ImportError:  # no sensors extra: every use below says how to add it
    bleak = None

    class BleakError(Exception):  # type: ignore[no-redef]  # never raised without bleak
        """Stands in for bleak's error when bleak is not installed."""


def _need_bleak() -> None:
    if bleak is None:
        raise SensorError(NO_BLEAK, lasting=True)


@dataclass(frozen=True)
class Found:
    """A device nearby that offers the Heart Rate Service."""

    name: str
    address: str
    rssi: int | None


def _plain(error: BaseException) -> SensorError:
    """What went wrong, said plainly; ``lasting`` when trying again will not help."""
    text = str(error).lower()
    if isinstance(error, TimeoutError):  # before OSError: TimeoutError is one
        return SensorError("The strap did not answer in time; is it on and worn?")
    if isinstance(error, OSError) or "adapter" in text or "not available" in text:
        return SensorError(NO_BLUETOOTH, lasting=True)
    if "serviceunknown" in text or ("org.bluez" in text and "not" in text):
        return SensorError(NO_BLUETOOTH, lasting=True)
    return SensorError(f"Bluetooth said: {str(error)[:200] or type(error).__name__}")


async def scan(seconds: float = SCAN_SECONDS) -> list[Found]:
    """The devices in range that offer the Heart Rate Service, nearest first."""
    _need_bleak()
    try:
        found = await bleak.BleakScanner.discover(
            timeout=seconds, service_uuids=[HR_SERVICE], return_adv=True
        )
    except (BleakError, OSError, TimeoutError) as error:
        raise _plain(error) from None
    straps = []
    for device, advert in found.values():
        uuids = [uuid.lower() for uuid in advert.service_uuids or ()]
        if uuids and HR_SERVICE not in uuids:
            continue
        name = advert.local_name or device.name or ""
        straps.append(Found(name, device.address, advert.rssi))
    straps.sort(key=lambda strap: -(strap.rssi if strap.rssi is not None else -999))
    return straps


class BleakHeartClient:
    """:class:`~coreg.sensors.link.HeartClient` over bleak."""

    def __init__(self, address: str) -> None:
        _need_bleak()
        self._gone: Any = None
        self._client = bleak.BleakClient(
            address, timeout=CONNECT_SECONDS, disconnected_callback=self._on_gone
        )

    def _on_gone(self, _client: Any) -> None:
        if self._gone is not None:
            self._gone.set()

    async def connect(self) -> None:
        import asyncio

        self._gone = asyncio.Event()
        try:
            await self._client.connect()
        except (BleakError, OSError, TimeoutError) as error:
            raise _plain(error) from None

    async def listen(self, on_packet: Callable[[bytes], None]) -> None:
        try:
            await self._client.start_notify(HR_MEASUREMENT, lambda _c, data: on_packet(data))
        except (BleakError, OSError, TimeoutError) as error:
            raise _plain(error) from None

    async def dropped(self) -> None:
        if self._gone is not None:
            await self._gone.wait()

    async def disconnect(self) -> None:
        try:
            await self._client.disconnect()
        except (BleakError, OSError, TimeoutError) as error:
            raise _plain(error) from None


def bleak_client(address: str) -> BleakHeartClient:
    return BleakHeartClient(address)
