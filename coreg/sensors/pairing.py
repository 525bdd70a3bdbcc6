"""Which strap is whose: kept in the settings by Bluetooth address, one strap a partner.

Plain functions over :class:`~coreg.settings.Settings`; the caller saves. Whether the sensors
extra is installed is asked without importing bleak (it costs a tenth of a second).
"""

from __future__ import annotations

import importlib.util
import re

from coreg.settings import MAX_NAME, Settings

HOW_TO_INSTALL = "pip install 'coreg[sensors]'"
ADDRESS = re.compile(
    r"([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}"  # a MAC: Linux and Windows
    r"|[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}"  # a UUID: macOS
)


def bleak_installed() -> bool:
    """Is the sensors extra (bleak) installed? Found without importing it."""
    return importlib.util.find_spec("bleak") is not None


def is_address(text: str) -> bool:
    return ADDRESS.fullmatch(text.strip()) is not None


def paired_straps(settings: Settings) -> dict[str, str]:
    """Partner name -> strap address, for the partners of this couple who have one (every
    paired partner when no names are set yet)."""
    names = [name for name in settings.names if name]
    return {
        partner: strap["address"]
        for partner, strap in settings.straps.items()
        if not names or partner in names
    }


def pair_strap(settings: Settings, partner: str, address: str, name: str = "") -> str | None:
    """Tie the strap at ``address`` to ``partner`` (a strap another partner had moves over);
    None, or a message saying why not."""
    partner = partner.strip()
    if not partner or len(partner) > MAX_NAME or not partner.isprintable():
        return "Give the partner's name, as coreg knows it (like --for Alex)."
    if not is_address(address):
        return f"{address!r} is not a Bluetooth address."
    address = address.strip().upper()
    name = name if name.isprintable() and len(name) <= MAX_NAME else ""
    for other, strap in list(settings.straps.items()):
        if other != partner and strap.get("address", "").upper() == address:
            del settings.straps[other]
    settings.straps[partner] = {"address": address, "name": name}
    return None


def unpair_strap(settings: Settings, partner: str) -> bool:
    """Forget ``partner``'s strap; False when they had none."""
    return settings.straps.pop(partner.strip(), None) is not None
