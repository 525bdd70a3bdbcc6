"""One Heart Rate Measurement (characteristic 0x2A37), read as the Bluetooth specification lays
it out. No Bluetooth here: bytes in, numbers out.

The packet, little-endian:

    flags     1 byte   bit 0: the rate is a uint16 (else a uint8)
                       bits 1-2: sensor contact (0 or 1: not supported; 2: supported, no
                       contact; 3: supported, in contact)
                       bit 3: energy expended is present (uint16, kilojoules)
                       bit 4: RR intervals are present (uint16 each, in 1/1024 s)
                       bits 5-7: reserved, ignored
    rate      1 or 2 bytes
    energy    2 bytes, when bit 3 is set
    RR        2 bytes each, to the end of the packet, when bit 4 is set
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

RR_UNITS_PER_SECOND = 1024
MAX_PACKET = 512  # far more than any strap sends (the usual packet is 20 bytes or fewer)


class MeasurementError(ValueError):
    """A packet that is not a Heart Rate Measurement; the message says why."""


class Contact(StrEnum):
    NOT_SUPPORTED = "not supported"  # the strap cannot tell
    LOST = "no contact"  # it can tell, and the skin is not touching
    DETECTED = "in contact"


@dataclass(frozen=True)
class Measurement:
    bpm: int
    contact: Contact
    energy_kj: int | None  # kilojoules since the strap was reset, when it says
    rr_ms: tuple[float, ...]  # every RR interval in the packet, in milliseconds

    @property
    def worn(self) -> bool:
        """A usable reading: a rate above zero, and no sign the strap is off the skin."""
        return self.bpm > 0 and self.contact is not Contact.LOST


def parse_measurement(data: bytes | bytearray | memoryview) -> Measurement:
    """The measurement a packet holds, or MeasurementError saying what is wrong with it."""
    packet = bytes(data)
    if not packet:
        raise MeasurementError("the packet is empty")
    if len(packet) > MAX_PACKET:
        raise MeasurementError(f"the packet is {len(packet)} bytes, too long for a heart rate")
    flags = packet[0]
    at = 1
    wide = flags & 0x01
    size = 2 if wide else 1
    if len(packet) < at + size:
        width = "16" if wide else "8"
        raise MeasurementError(f"the packet ends before its {width}-bit heart rate")
    bpm = int.from_bytes(packet[at : at + size], "little")
    at += size
    contact = {0: Contact.NOT_SUPPORTED, 1: Contact.NOT_SUPPORTED, 2: Contact.LOST}.get(
        (flags >> 1) & 0x03, Contact.DETECTED
    )
    energy = None
    if flags & 0x08:
        if len(packet) < at + 2:
            raise MeasurementError("the packet ends before its energy expended")
        energy = int.from_bytes(packet[at : at + 2], "little")
        at += 2
    rr: tuple[float, ...] = ()
    if flags & 0x10:
        rest = packet[at:]
        if len(rest) % 2:
            raise MeasurementError("the packet's RR intervals end in half a value")
        rr = tuple(
            int.from_bytes(rest[i : i + 2], "little") * 1000 / RR_UNITS_PER_SECOND
            for i in range(0, len(rest), 2)
        )
    elif len(packet) > at:
        raise MeasurementError(f"the packet has {len(packet) - at} bytes its flags do not explain")
    return Measurement(bpm, contact, energy, rr)


def encode_measurement(bpm: int, rr_ms: tuple[float, ...] = (), contact: bool = True) -> bytes:
    """The packet a strap would send for ``bpm`` and ``rr_ms`` (a replay drives coreg with
    these): an 8-bit rate when it fits, contact as given, RR in 1/1024 s."""
    wide = bpm > 0xFF
    flags = (0x01 if wide else 0) | (0x06 if contact else 0x04) | (0x10 if rr_ms else 0)
    body = bytes([flags]) + bpm.to_bytes(2 if wide else 1, "little")
    for rr in rr_ms:
        body += min(0xFFFF, round(rr * RR_UNITS_PER_SECOND / 1000)).to_bytes(2, "little")
    return body
