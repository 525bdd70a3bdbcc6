"""What an exercise is: plain, frozen dataclasses with no I/O and no Textual.

The YAML loader that builds them lives in :mod:`coreg.library.loader`; the timeline that runs them
lives in :mod:`coreg.timing.timeline`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

# Breathing is kept inside a range that is safe to follow without a teacher (see the brief).
MIN_PHASE_SECONDS = 1.0
MAX_PHASE_SECONDS = 10.0
MAX_BREATHS_PER_MINUTE = 12.0
LONG_HOLD_SECONDS = 5.0
LONG_HOLD_NOTE = "Long holds are optional. If you feel light-headed, stop and breathe normally."

# A step longer than this is a slip (a minute typed as seconds, say), not a plan.
MAX_STEP_SECONDS = 4 * 60 * 60
MAX_REPEAT = 50


class Cue(StrEnum):
    """What a moment in a session should sound like. The timeline names them; cues.py plays them."""

    IN = "in"
    OUT = "out"
    HOLD = "hold"
    STEP = "step"
    HALFWAY = "halfway"
    LAST = "last"
    END = "end"
    ROLES = "roles"  # the partners trade parts: who leads, who speaks, changes hands


class PhaseKind(StrEnum):
    IN = "in"
    TOP_UP = "top-up"
    HOLD = "hold"
    OUT = "out"

    @property
    def cue(self) -> Cue:
        if self in (PhaseKind.IN, PhaseKind.TOP_UP):
            return Cue.IN
        if self is PhaseKind.OUT:
            return Cue.OUT
        return Cue.HOLD

    @property
    def word(self) -> str:
        """What the pacer says during this phase."""
        return _PHASE_WORDS[self]


_PHASE_WORDS = {
    PhaseKind.IN: "Breathe in",
    PhaseKind.TOP_UP: "A little more in",
    PhaseKind.HOLD: "Hold",
    PhaseKind.OUT: "Breathe out",
}


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    seconds: float


@dataclass(frozen=True)
class Breath:
    """One breath cycle, repeated for as long as its step lasts."""

    phases: tuple[Phase, ...]
    name: str | None = None

    @property
    def cycle_seconds(self) -> float:
        return sum(phase.seconds for phase in self.phases)

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_seconds

    @property
    def has_long_hold(self) -> bool:
        return any(p.kind is PhaseKind.HOLD and p.seconds >= LONG_HOLD_SECONDS for p in self.phases)

    @property
    def note(self) -> str | None:
        """A gentle word of care for patterns with long holds."""
        return LONG_HOLD_NOTE if self.has_long_hold else None

    @property
    def label(self) -> str:
        """``in 4 · hold 7 · out 8``: the pattern in plain words."""
        return " · ".join(f"{p.kind.value} {format_seconds_short(p.seconds)}" for p in self.phases)

    @property
    def title(self) -> str:
        if self.name and self.name in PATTERN_TITLES:
            return f"{PATTERN_TITLES[self.name]} ({self.label})"
        return self.label


def _pattern(name: str, *phases: tuple[PhaseKind, float]) -> Breath:
    return Breath(tuple(Phase(kind, seconds) for kind, seconds in phases), name)


_IN, _TOP, _HOLD, _OUT = PhaseKind.IN, PhaseKind.TOP_UP, PhaseKind.HOLD, PhaseKind.OUT

#: The named breathing patterns an exercise (or ``coreg pause --pattern``) can ask for.
PATTERNS: dict[str, Breath] = {
    "extended-exhale": _pattern("extended-exhale", (_IN, 4), (_OUT, 6)),
    "box": _pattern("box", (_IN, 4), (_HOLD, 4), (_OUT, 4), (_HOLD, 4)),
    "4-7-8": _pattern("4-7-8", (_IN, 4), (_HOLD, 7), (_OUT, 8)),
    "resonance": _pattern("resonance", (_IN, 5.5), (_OUT, 5.5)),
    "resonance-5": _pattern("resonance-5", (_IN, 5), (_OUT, 5)),
    "cyclic-sigh": _pattern("cyclic-sigh", (_IN, 2.5), (_TOP, 1), (_OUT, 6.5)),
}

PATTERN_TITLES = {
    "extended-exhale": "Longer out-breath",
    "box": "Box breathing",
    "4-7-8": "4-7-8 breathing",
    "resonance": "Resonance breathing",
    "resonance-5": "Six breaths a minute",
    "cyclic-sigh": "Cyclic sighing",
    "ours": "Your shared pace",
}

#: ``breath: ours``: the couple's own pace, found with "Your shared pace" and kept in the
#: settings. Until they have one it breathes like resonance (in 5.5, out 5.5).
OURS = "ours"


def ours_breath(lengths: tuple[float, float] | list[float] | None = None) -> Breath:
    """The couple's own pattern from its saved (in, out) seconds; resonance without them."""
    if lengths and len(lengths) == 2:
        return Breath((Phase(PhaseKind.IN, lengths[0]), Phase(PhaseKind.OUT, lengths[1])), OURS)
    return Breath(PATTERNS["resonance"].phases, OURS)


del _IN, _TOP, _HOLD, _OUT


class StepCue(StrEnum):
    """How much a step sounds. ``normal`` suits most steps."""

    NORMAL = "normal"  # the step change, breath phases, and a warning before a long step ends
    HALFWAY = "halfway"  # all of normal, and a sound at the halfway point ("swap hands")
    QUIET = "quiet"  # only the step change
    SILENT = "silent"  # nothing at all


class Audience(StrEnum):
    COUPLE = "couple"
    SOLO = "solo"
    EITHER = "either"

    @property
    def label(self) -> str:
        return {"couple": "the two of you", "solo": "one person", "either": "one or two"}[
            self.value
        ]


MAX_ROLE_CHARS = 30


@dataclass(frozen=True)
class Roles:
    """The words for what each partner does in a step, read after their name: "Sam leads"."""

    a: str  # the partner in role a ("leads"; may name the other: "holds {b}'s heart")
    b: str  # the partner in role b ("follows")


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float | None  # None: the step waits until the partners press a key
    say: str = ""  # for both partners
    a: str = ""  # for the partner in role a
    b: str = ""  # for the partner in role b
    breath: Breath | None = None
    cue: StepCue = StepCue.NORMAL
    choice: str | None = None  # the key of the Choice that sets this step's length
    roles: Roles | None = None  # what each partner is doing: ("leads", "follows")
    lead: str | None = None  # "a" or "b": that partner sets the pace with their key

    @property
    def timed(self) -> bool:
        return self.seconds is not None

    @property
    def parts_differ(self) -> bool:
        """The partners do different things here: roles, a leader, or an instruction each."""
        if self.roles is not None or self.lead is not None:
            return True
        return bool(self.a or self.b) and self.a != self.b


@dataclass(frozen=True)
class Repeat:
    """A block of steps done ``times`` times; with ``swap`` the partners trade roles each round."""

    times: int
    steps: tuple[Step, ...]
    swap: bool = True


@dataclass(frozen=True)
class Choice:
    """A length the couple picks before starting (the hug: 20 or 30 seconds)."""

    key: str
    label: str
    options: tuple[float, ...]
    default: float


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    summary: str
    steps: tuple[Step | Repeat, ...]
    about: str = ""
    audience: Audience = Audience.COUPLE
    tags: tuple[str, ...] = ()
    credit: str = ""
    choices: tuple[Choice, ...] = ()
    source_path: Path | None = None
    origin: str = "built-in"  # "built-in" or "user"

    @property
    def solo(self) -> bool:
        return self.audience is Audience.SOLO

    def rounds(self) -> Iterator[tuple[Step, bool]]:
        """Every step in order, repeats unrolled: ``(step, swapped)``."""
        for item in self.steps:
            if isinstance(item, Repeat):
                for round_index in range(item.times):
                    swapped = item.swap and round_index % 2 == 1
                    for step in item.steps:
                        yield step, swapped
            else:
                yield item, False

    @property
    def parts_differ(self) -> bool:
        """A couple exercise where some step gives the partners different parts: someone
        starts, so coreg asks who."""
        return self.audience is Audience.COUPLE and any(s.parts_differ for s, _ in self.rounds())

    @property
    def first_roles(self) -> Roles | None:
        """The roles of the first step that names any: what "who starts" decides."""
        return next((step.roles for step, _ in self.rounds() if step.roles), None)

    @property
    def step_count(self) -> int:
        return sum(1 for _ in self.rounds())

    @property
    def total_seconds(self) -> float:
        """The timed length: steps that wait for a key count as nothing."""
        return sum(step.seconds or 0.0 for step, _ in self.rounds())

    @property
    def has_untimed_steps(self) -> bool:
        return any(not step.timed for step, _ in self.rounds())

    def with_choices(self, picked: Mapping[str, float]) -> Exercise:
        """This exercise with the lengths the couple picked (unknown keys or options ignored)."""
        values = {
            c.key: picked[c.key] if picked.get(c.key) in c.options else c.default
            for c in self.choices
        }

        def resolve(step: Step) -> Step:
            if step.choice in values:
                return replace(step, seconds=values[step.choice])
            return step

        steps = tuple(
            replace(item, steps=tuple(resolve(s) for s in item.steps))
            if isinstance(item, Repeat)
            else resolve(item)
            for item in self.steps
        )
        return replace(self, steps=steps)


# --------------------------------------------------------------------------------------------
# Text helpers shared by the loader, the timeline and the screens.

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def fill(text: str, a: str, b: str) -> str:
    """Put the partners' names into ``{a}`` and ``{b}``; any other text stays as it is."""
    return PLACEHOLDER.sub(lambda m: {"a": a, "b": b}.get(m.group(1), m.group(0)), text)


_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?"
    r"\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in)?)?"
    r"\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s(?:ec)?)?\s*$",
    re.IGNORECASE,
)


def parse_duration(text: str) -> float:
    """``30``, ``"30s"``, ``"1m30s"``, ``"2m"``, ``"1h"`` → seconds; ValueError with advice."""
    text = text.strip()
    if not text:
        raise ValueError(
            "a length is missing here: write seconds (30) or minutes and seconds (1m30s)"
        )
    if ":" in text:
        raise ValueError(
            f"write {text!r} as minutes and seconds, like '1m30s': "
            "YAML reads a number with colons as a clock time, not as a length"
        )
    try:
        seconds = float(text)
    except ValueError:
        match = _DURATION.match(text)
        if not match or not any(match.groupdict().values()):
            raise ValueError(
                f"{text!r} is not a length: write seconds (30), '30s', '2m' or '1m30s'"
            ) from None
        h, m, s = (float(match.group(k) or 0) for k in "hms")
        seconds = h * 3600 + m * 60 + s
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a length")
    if seconds <= 0:
        raise ValueError(f"a length must be more than zero, not {text}")
    if seconds > MAX_STEP_SECONDS:
        raise ValueError(
            f"{text} is longer than {MAX_STEP_SECONDS // 3600} hours: "
            "did you mean minutes ('20m') rather than seconds?"
        )
    return seconds


def reflow(text: str) -> str:
    """Join the wrapped lines of each paragraph; a blank line still starts a new paragraph."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def format_seconds_short(seconds: float) -> str:
    """5.5 → ``5.5``, 4.0 → ``4``: phase lengths without noise."""
    return f"{seconds:g}"


def format_duration(seconds: float) -> str:
    """90 → ``1m 30s``; 1200 → ``20m``; 6 → ``6s``."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs}s")
    return " ".join(parts)


def until_next_second(seconds: float) -> float:
    """How long until a countdown showing ``seconds`` (rounded up, as :func:`format_clock`
    does) shows another number. For a clock counting up, pass minus the time elapsed."""
    fraction = seconds - math.floor(seconds)
    return fraction if fraction > 1e-6 else 1.0


def format_clock(seconds: float) -> str:
    """A countdown reading: ``4:05``, ``1:02:03``; never negative."""
    total = max(0, int(-(-seconds // 1)))  # round up: 0.2 s left still shows 0:01
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
