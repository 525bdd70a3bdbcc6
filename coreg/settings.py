"""What the couple chose once and coreg remembers: names, cues, theme, motion, lengths, keys.

A small JSON file in the config folder, written atomically and readable by its owner only.
Read field by field: a bad field is named and keeps its default, the rest is used; a file with
nothing usable in it is moved aside (never overwritten) and the defaults are used.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coreg.paths import ensure_private_dir, settings_path
from coreg.safetext import is_safe

CUE_STYLES = ("bell", "tone", "voice", "off")
DEFAULT_TAP_KEYS = ("a", "l")
# keys a running exercise already uses: a tap key can't be one of them
RESERVED_TAP_KEYS = frozenset(" nbeq")


@dataclass
class Settings:
    name_a: str = ""
    name_b: str = ""
    cues: str = "bell"
    theme: str = "textual-dark"
    reduced_motion: bool = False
    mute_halfway: bool = False
    mute_last: bool = False
    hug_seconds: float = 30.0  # the default hug length, for every exercise that offers a hug
    resting_pulse: int | None = None  # beats a minute, for the flooding check of a pause
    # exercise id -> {choice key: seconds} the couple picked last time
    choices: dict[str, dict[str, float]] = field(default_factory=dict)
    keymap: dict[str, str] = field(
        default_factory=dict
    )  # binding id -> keys, e.g. "next": "n,right"
    cue_notice_shown: list[str] = field(default_factory=list)  # styles whose notice was shown
    speak_parts: bool = True  # with the voice style, read each partner's part after their name
    # the key each partner taps in a lead-and-follow step: one at each side of the keyboard
    tap_keys: list[str] = field(default_factory=lambda: list(DEFAULT_TAP_KEYS))
    ours: list[float] = field(default_factory=list)  # the couple's own pace: [in, out] seconds
    # partner name -> {"address": the strap's Bluetooth address, "name": the name it goes by}
    straps: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, str]:
        return (self.name_a, self.name_b)

    def picked_choices(self, exercise_id: str, choice_keys: list[str]) -> dict[str, float]:
        picked = dict(self.choices.get(exercise_id, {}))
        if "hug" in choice_keys and "hug" not in picked:
            picked["hug"] = self.hug_seconds
        return picked


# -- reading, field by field ------------------------------------------------------------------

MAX_NAME = 100
MAX_SETTINGS_BYTES = 1024 * 1024
_KEY = re.compile(r"[^\s,]{1,40}")  # one key name ("n", "ctrl+right", "ö"): no spaces or commas


def _text(limit: int) -> Callable[[Any], bool]:
    # no control characters (coreg's one rule); emoji joiners and other scripts are welcome
    return lambda value: isinstance(value, str) and len(value) <= limit and is_safe(value)


def _number(low: float, high: float) -> Callable[[Any], bool]:
    return lambda value: (
        type(value) in (int, float) and math.isfinite(value) and low <= value <= high
    )


def _choices_ok(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(exercise, str)
        and isinstance(picked, dict)
        and all(isinstance(key, str) and _number(0, 86_400)(sec) for key, sec in picked.items())
        for exercise, picked in value.items()
    )


def _keymap_ok(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(binding, str)
        and isinstance(keys, str)
        and is_safe(keys)
        and all(_KEY.fullmatch(key.strip()) for key in keys.split(","))
        for binding, keys in value.items()
    )


def tap_keys_ok(value: Any) -> bool:
    """Two different printable characters, neither a key the exercise screen uses."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(
            isinstance(key, str)
            and len(key) == 1
            and key.isprintable()
            and key.lower() not in RESERVED_TAP_KEYS
            for key in value
        )
        and value[0].lower() != value[1].lower()
    )


def _ours_ok(value: Any) -> bool:
    """Nothing yet, or an in-breath and an out-breath inside the safe range."""
    if value == []:
        return True
    ok = isinstance(value, list) and len(value) == 2 and all(map(_number(1, 10), value))
    return ok and sum(value) >= 5


MAX_STRAPS = 16
_ADDRESS = re.compile(r"[0-9A-Fa-f:-]{12,64}")  # a MAC (Linux, Windows) or a UUID (macOS)


def _straps_ok(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) <= MAX_STRAPS
        and all(
            _text(MAX_NAME)(partner)
            and isinstance(strap, dict)
            and isinstance(strap.get("address"), str)
            and _ADDRESS.fullmatch(strap["address"]) is not None
            and _text(MAX_NAME)(strap.get("name", ""))
            and set(strap) <= {"address", "name"}
            for partner, strap in value.items()
        )
    )


# field -> is this value one coreg can use?
_CHECKS: dict[str, Callable[[Any], bool]] = {
    "name_a": _text(MAX_NAME),
    "name_b": _text(MAX_NAME),
    "cues": lambda value: value in CUE_STYLES,
    "theme": _text(100),
    "reduced_motion": lambda value: isinstance(value, bool),
    "mute_halfway": lambda value: isinstance(value, bool),
    "mute_last": lambda value: isinstance(value, bool),
    "speak_parts": lambda value: isinstance(value, bool),
    "hug_seconds": _number(1, 3600),
    "resting_pulse": lambda value: value is None or (type(value) is int and 30 <= value <= 220),
    "choices": _choices_ok,
    "keymap": _keymap_ok,
    "tap_keys": tap_keys_ok,
    "ours": _ours_ok,
    "straps": _straps_ok,
    "cue_notice_shown": lambda value: (
        isinstance(value, list) and all(item in CUE_STYLES for item in value)
    ),
}


def _from_dict(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """The usable fields of ``data`` over the defaults, and the names of the ones that were not."""
    values: dict[str, Any] = {}
    bad: list[str] = []
    for name, usable in _CHECKS.items():
        if name not in data:
            continue
        value = data[name]
        if usable(value):
            values[name] = float(value) if name == "hug_seconds" else value
        else:
            bad.append(name)
    return Settings(**values), bad


def _decode(raw: bytes) -> str:
    """UTF-8 (a byte-order mark is fine) or UTF-16 with its mark; ValueError otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings over the defaults, and a message when something could not be used.

    Each field is checked on its own: a bad one is named and keeps its default, the rest are
    used. The file is moved aside (never overwritten) only when nothing in it can be used.
    """
    path = path or settings_path()
    try:
        # a FIFO must not block the start (Windows has neither FIFOs nor O_NONBLOCK)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return (
                    Settings(),
                    f"The settings file {path} is not a regular file; using defaults.",
                )
            raw = handle.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        reason = error.strerror or str(error)
        return Settings(), f"coreg couldn't read its settings at {path} ({reason}); using defaults."
    data: Any = None
    try:
        if len(raw) > MAX_SETTINGS_BYTES:
            raise ValueError("too big")
        data = json.loads(_decode(raw))
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        settings, bad = _from_dict(data)
        usable = [name for name in _CHECKS if name in data and name not in bad]
        if not bad:
            return settings, None
        if usable or not data:
            return settings, (
                f"In the settings file {path}, coreg could not use "
                f"{', '.join(repr(name) for name in bad)}, so "
                f"{'that one uses its default' if len(bad) == 1 else 'those use their defaults'}"
                "; everything else in it is used."
            )
    return Settings(), _move_aside(path)


def _move_aside(path: Path) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    try:
        os.replace(path, aside)
    except OSError as error:
        return (
            f"The settings file {path} could not be read, and coreg could not move it aside "
            f"({error.strerror or error}); using defaults."
        )
    return (
        f"Nothing in the settings file could be used, so it was kept as {aside} and coreg "
        "uses its defaults."
    )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a private temporary file in the same folder, synced, then renamed."""
    path = path or settings_path()
    ensure_private_dir(path.parent)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(settings), handle, indent=2, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
