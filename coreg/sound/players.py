"""Which player this machine has for each cue style, and whether sound can play at all.

Players are looked up on ``PATH`` by name, for the platform. Exit codes are not trusted to say
whether sound can play (``espeak-ng`` exits 0 with no device), so a sound server or a sound
card is looked for first. :func:`plan` turns a requested style into the players to try, in
order, and one calm sentence that says what was found or why coreg falls back. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

SPEECH_RATE = 175  # words a minute (espeak-ng's own default; calm, and fits a 1 s top-up "In")


class Style(StrEnum):
    BELL = "bell"
    TONE = "tone"
    VOICE = "voice"
    OFF = "off"


STYLE_HELP = "bell, tone, voice or off"


# --------------------------------------------------------------------------------------------
# Choosing a style


def parse_style(text: str | Style) -> Style:
    """``"Voice "`` → ``Style.VOICE``; ValueError with the choices for anything else."""
    try:
        return Style(str(text).strip().lower())
    except ValueError:
        raise ValueError(f"{str(text)!r} is not a cue style: choose {STYLE_HELP}") from None


def default_style(env: Mapping[str, str] = os.environ) -> Style:
    """The style when none is given: ``COREG_CUES`` if set, else the bell (works everywhere).

    The app extends this with its settings file. A wrong ``COREG_CUES`` raises ValueError.
    """
    given = env.get("COREG_CUES", "").strip()
    return parse_style(given) if given else Style.BELL


# --------------------------------------------------------------------------------------------
# Finding a way to make sound


@dataclass(frozen=True)
class Program:
    """A player coreg knows how to start: its name, the arguments before the file or words,
    and the sound outputs (any one of them) it can play through."""

    name: str
    style: Style
    args: tuple[str, ...]
    needs: frozenset[str]


_ANY_LINUX = frozenset({"pulse", "pipewire", "alsa"})
_LINUX_TONES = (
    Program("paplay", Style.TONE, (), frozenset({"pulse"})),
    Program("pw-play", Style.TONE, (), frozenset({"pipewire"})),
    Program("aplay", Style.TONE, ("-q",), _ANY_LINUX),
)
_RATE = str(SPEECH_RATE)
_LINUX_VOICES = (
    Program("espeak-ng", Style.VOICE, ("-s", _RATE, "-z"), _ANY_LINUX),
    Program("espeak", Style.VOICE, ("-s", _RATE, "-z"), _ANY_LINUX),
    Program("spd-say", Style.VOICE, ("-w",), _ANY_LINUX),
)
_MAC = frozenset({"coreaudio"})
_MAC_TONES = (Program("afplay", Style.TONE, (), _MAC),)
_MAC_VOICES = (Program("say", Style.VOICE, ("-r", _RATE), _MAC),)


def programs(style: Style, platform: str = sys.platform) -> tuple[Program, ...]:
    """The players tried for a style, best first. None on Windows (the bell still works)."""
    if platform.startswith(("win", "cygwin", "msys")):
        return ()
    mac = platform == "darwin"
    if style is Style.TONE:
        return _MAC_TONES if mac else _LINUX_TONES
    if style is Style.VOICE:
        return _MAC_VOICES if mac else _LINUX_VOICES
    return ()


_CARD_LINE = re.compile(r"^\s*\d+\s*\[", re.MULTILINE)


def find_outputs(
    platform: str = sys.platform, env: Mapping[str, str] = os.environ, root: Path = Path("/")
) -> frozenset[str]:
    """Signs that sound can actually play: ``pulse``, ``pipewire``, ``alsa`` or ``coreaudio``.

    Exit codes can't tell (with no device ``espeak-ng`` still exits 0), so look for a sound
    server's socket or an ALSA playback device instead. Empty means: no sound here.
    """
    if platform == "darwin":
        return _MAC
    if platform.startswith(("win", "cygwin", "msys")):
        return frozenset()
    found = set()
    runtime = env.get("XDG_RUNTIME_DIR", "")
    pulse = env.get("PULSE_SERVER", "")
    if pulse.startswith("unix:"):
        if _listening(Path(pulse.removeprefix("unix:"))):
            found.add("pulse")
    elif pulse or (runtime and _listening(Path(runtime, "pulse", "native"))):
        found.add("pulse")  # a server elsewhere on the network is taken at its word
    if runtime and _listening(Path(runtime, env.get("PIPEWIRE_REMOTE") or "pipewire-0")):
        found.add("pipewire")
    with contextlib.suppress(OSError):
        if _CARD_LINE.search((root / "proc/asound/cards").read_text(errors="replace")):
            found.add("alsa")
    with contextlib.suppress(OSError):
        if any((root / "dev/snd").glob("pcmC*D*p")):
            found.add("alsa")
    return frozenset(found)


def _listening(path: Path) -> bool:
    """A sound server answers on this socket (a file left behind by a dead one does not)."""
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


_OUTPUT_NAMES = {
    "pulse": "a PulseAudio sound server",
    "pipewire": "a PipeWire sound server",
    "alsa": "a sound card",
    "coreaudio": "the Mac's sound output",
}


@dataclass(frozen=True)
class Found:
    program: Program
    path: str


@dataclass(frozen=True)
class Plan:
    """What will sound: the players to try in order (the bell comes after them all)."""

    requested: Style
    chain: tuple[Found, ...]
    message: str

    @property
    def style(self) -> Style:
        if self.requested is Style.OFF:
            return Style.OFF
        return self.chain[0].program.style if self.chain else Style.BELL


def _names(items: Sequence[Program]) -> str:
    names = [p.name for p in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def doing(found: Found | None) -> str:
    """What coreg does with a player: 'plays soft tones with paplay'."""
    if found is None:
        return "rings the terminal bell"
    if found.program.style is Style.VOICE:
        return f"speaks the cues with {found.program.name}"
    return f"plays soft tones with {found.program.name}"


BELL_MESSAGE = (
    "Cues: the terminal bell (one ring to breathe in, two to breathe out, "
    "two quick ones to hold, three for a new step)."
)


def plan(
    requested: Style,
    *,
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
    outputs: frozenset[str] = frozenset(),
) -> Plan:
    """Pick the players for a style, falling back voice → tone → bell, and say why."""
    if requested is Style.OFF:
        return Plan(requested, (), "Cues: off. Nothing will sound; follow the screen.")
    if requested is Style.BELL:
        return Plan(requested, (), BELL_MESSAGE)
    styles = [Style.VOICE, Style.TONE] if requested is Style.VOICE else [Style.TONE]
    known = [p for style in styles for p in programs(style, platform)]
    if not known:
        return Plan(
            requested,
            (),
            "Cues: coreg can't play tones or speech on this system yet, "
            "so it rings the terminal bell instead.",
        )
    installed = [Found(p, path) for p in known if (path := which(p.name))]
    usable = tuple(f for f in installed if f.program.needs & outputs)
    if not outputs:
        why = "no sound device was found"
    elif not installed:
        why = f"no sound player was found ({_names(known)})"
    elif not usable:
        why = f"{_names([f.program for f in installed])} can't reach a sound device here"
    elif usable[0].program.style is requested:
        name = usable[0].program.name
        if requested is Style.VOICE:
            return Plan(requested, usable, f"Cues: voice, spoken by {name}.")
        return Plan(requested, usable, f"Cues: soft tones, played by {name}.")
    else:
        voices = [p for p in known if p.style is Style.VOICE]
        why = f"no speech program was found ({_names(voices)})"
    fallback = usable[0] if usable else None
    return Plan(requested, usable, f"Cues: {why}, so coreg {doing(fallback)} instead.")


def describe_players(
    *,
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    outputs: frozenset[str] | None = None,
) -> str:
    """A few plain lines for an About or Settings screen: the sound found, each player."""
    if outputs is None:
        outputs = find_outputs(platform, env)
    sound = " and ".join(_OUTPUT_NAMES[o] for o in sorted(outputs)) or "none found"
    lines = [f"Sound output: {sound}"]
    for style, title in ((Style.TONE, "Tone players"), (Style.VOICE, "Speech")):
        known = programs(style, platform)
        parts = [f"{p.name} ({'found' if which(p.name) else 'not installed'})" for p in known]
        lines.append(f"{title}: {', '.join(parts) or 'none for this system'}")
    lines.append("The terminal bell: always there (whether it is heard depends on the terminal)")
    return "\n".join(lines)
