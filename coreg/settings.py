"""What the couple chose once and coreg remembers: names, cues, theme, motion, lengths, keys.

A small JSON file in the config folder, written atomically and readable by its owner only.
A damaged file is moved aside (never overwritten) and the defaults are used.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from coreg.paths import ensure_private_dir, settings_path

CUE_STYLES = ("bell", "tone", "voice", "off")


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

    @property
    def names(self) -> tuple[str, str]:
        return (self.name_a, self.name_b)

    def picked_choices(self, exercise_id: str, choice_keys: list[str]) -> dict[str, float]:
        picked = dict(self.choices.get(exercise_id, {}))
        if "hug" in choice_keys and "hug" not in picked:
            picked["hug"] = self.hug_seconds
        return picked


def _from_dict(data: dict[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    defaults = Settings()
    values: dict[str, Any] = {}
    for name in known & set(data):
        value, default = data[name], getattr(defaults, name)
        if (
            default is None
            or isinstance(value, type(default))
            or (isinstance(default, float) and isinstance(value, int))
        ):
            values[name] = value
    settings = Settings(**values)
    if settings.cues not in CUE_STYLES:
        settings.cues = defaults.cues
    return settings


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings (or the defaults), and a message if a damaged file was moved aside."""
    path = path or settings_path()
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        return Settings(), f"coreg couldn't read its settings ({error.strerror}); using defaults."
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except ValueError:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        os.replace(path, aside)
        return Settings(), f"The settings file was damaged; it was kept as {aside}."
    return _from_dict(data), None


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
