"""An exercise laid out flat, once: every step in order, names filled in, breath phases placed.

No clock here and no Textual: :mod:`coreg.timing.timeline` runs this plan against a clock.
Every time in this module is an offset in seconds from the start of a step, computed by
multiplication from the pattern (cycle number × cycle length + place in the cycle), never by
adding up ticks.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import count
from typing import NamedTuple

from coreg.library import (
    OURS,
    Breath,
    Cue,
    Exercise,
    Phase,
    PhaseKind,
    Repeat,
    Step,
    StepCue,
    fill,
)

# Two readings closer than this are the same moment (float sums of step lengths can differ
# in the last bits; a nanosecond is far below anything a person or a terminal can notice).
EPSILON = 1e-9

TOP_UP_SHARE = 0.2  # how much of a full breath one "a little more in" adds


class EventKind(StrEnum):
    STEP = "step"  # a step begins
    ROLES = "roles"  # the partners' parts change hands: "Sam leads now"
    PHASE = "phase"  # a breath phase begins
    HALFWAY = "halfway"  # half of a timed step has passed (steps with cue: halfway)
    LAST = "last"  # the last thirty (or ten) seconds of a timed step begin
    END = "end"  # the session is over, however it ended


_ORDER = {
    EventKind.STEP: 0,
    EventKind.ROLES: 1,
    EventKind.PHASE: 2,
    EventKind.HALFWAY: 3,
    EventKind.LAST: 4,
}


class Role(NamedTuple):
    """One partner's part in a step: ``Role(1, "Sam", "leads")`` reads "Sam leads"."""

    person: int  # 0 or 1: the partner's place in the names (and on screen, and their colour)
    name: str
    word: str

    @property
    def text(self) -> str:
        return f"{self.name} {self.word}"


def roles_heading(roles: Sequence[Role]) -> str:
    """``Sam leads · Alex follows``."""
    return " · ".join(role.text for role in roles)


def roles_spoken(roles: Sequence[Role]) -> str:
    """``Sam leads now, Alex follows.``: heard with eyes closed, the first name first."""
    first, *others = roles
    return ", ".join([f"{first.text} now", *(r.text for r in others)]) + "."


class Event(NamedTuple):
    kind: EventKind
    cue: Cue | None  # None when the step's cue setting mutes it
    at: float  # active-session seconds (pauses left out) at which it was scheduled
    step_index: int
    phase: Phase | None  # the phase that begins (PHASE events only)
    text: str  # what a voice would say
    phase_index: int | None = None  # its place in the breath pattern (PHASE events only)


@dataclass(frozen=True)
class PhaseSpan:
    """Where a step is inside its breath pattern at one moment (offsets from the step start)."""

    index: int  # place in the pattern
    phase: Phase
    start: float  # offset where this phase began
    end: float  # offset where it ends: the phase's length, cut at the step's end
    level_from: float  # lung fullness (0..1) at the phase's start …
    level_to: float  # … and at its uncut end

    @property
    def seconds(self) -> float:
        """How long this phase really lasts here (shorter than the pattern's when cut)."""
        return self.end - self.start

    def fraction(self, offset: float) -> float:
        """How far into the phase (0..1) measured against its full pattern length."""
        return _clamp((offset - self.start) / self.phase.seconds)

    @property
    def rate(self) -> float:
        """How fast the level changes through this phase, per second."""
        return (self.level_to - self.level_from) / self.phase.seconds

    def level(self, offset: float) -> float:
        return self.level_from + (self.level_to - self.level_from) * self.fraction(offset)


@dataclass(frozen=True)
class PlannedStep:
    index: int
    name: str
    seconds: float | None  # None: waits for a key
    say: str  # for both partners
    left: str  # the instruction for names[0]
    right: str  # the instruction for names[1]
    breath: Breath | None
    cue: StepCue
    round: int = 1  # 1-based round within its Repeat block
    rounds: int = 1
    swapped: bool = False  # the partners have traded roles this round
    roles: tuple[Role, ...] = ()  # who does what, the partner in role a first
    parts: tuple[tuple[str, str], ...] = ()  # (name, instruction), role a first, when they differ
    lead: int | None = None  # the place in names of the partner who sets the pace with a key
    _starts: tuple[float, ...] = field(default=(), repr=False, compare=False)
    _levels: tuple[tuple[float, float], ...] = field(default=(), repr=False, compare=False)

    @property
    def timed(self) -> bool:
        return self.seconds is not None

    @property
    def last_warning(self) -> tuple[float, str] | None:
        """(offset, words) of the "last seconds" warning, or None for short or untimed steps."""
        if self.seconds is None:
            return None
        if self.seconds >= 120:
            return self.seconds - 30, "Thirty seconds left"
        if self.seconds >= 40:
            return self.seconds - 10, "Ten seconds left"
        return None

    def phase_at(self, offset: float) -> PhaseSpan | None:
        """The breath phase running ``offset`` seconds into this step (None without a pacer)."""
        if self.breath is None:
            return None
        cycle = self.breath.cycle_seconds
        offset = max(0.0, offset)
        if self.seconds is not None:
            offset = min(offset, self.seconds)
        n = math.floor((offset + EPSILON) / cycle)
        within = offset - n * cycle
        index = min(max(bisect_right(self._starts, within + EPSILON) - 1, 0), len(self._starts) - 1)
        if self.seconds is not None and n * cycle + self._starts[index] >= self.seconds - EPSILON:
            # Exactly at the step's end: stay in the phase that was running.
            n, index = (n, index - 1) if index > 0 else (n - 1, len(self._starts) - 1)
        return self._span(n, index)

    def phase_spans(self, until: float | None = None) -> Iterator[PhaseSpan]:
        """Every phase in order from the step's start, the last one cut at the step's end.

        Untimed steps cycle forever: pass ``until`` (an offset) to stop there.
        """
        if self.breath is None:
            return
        end = self.seconds if until is None else until
        if end is None:
            raise ValueError("an untimed step's breath never ends: pass until=")
        if self.seconds is not None:
            end = min(end, self.seconds)
        for n in count():
            for index in range(len(self._starts)):
                span = self._span(n, index)
                if span.start >= end - EPSILON:
                    return
                yield span

    def _span(self, n: int, index: int) -> PhaseSpan:
        assert self.breath is not None
        base = n * self.breath.cycle_seconds
        phase = self.breath.phases[index]
        start = base + self._starts[index]
        end = start + phase.seconds
        if self.seconds is not None:
            end = min(end, self.seconds)
        level_from, level_to = self._levels[index]
        return PhaseSpan(index, phase, start, end, level_from, level_to)

    @property
    def spoken_parts(self) -> str:
        """Each partner's part after their name: "Alex: rest your hand…. Sam: lay your…"."""
        return " ".join(
            f"{name}: {text}" if text.endswith((".", "!", "?", "”", '"')) else f"{name}: {text}."
            for name, text in self.parts
        )

    def events(self, start: float, before: tuple[Role, ...] | None = ()) -> Iterator[Event]:
        """This step's events in order, for a step that begins at active second ``start``.

        STEP first; then ROLES when this step's roles differ from ``before`` (the roles of the
        step shown before it); then the first PHASE at the same moment. An untimed step with a
        breath pattern yields phases forever. Never a PHASE at or after the step's end.
        """
        sound = self.cue is not StepCue.SILENT
        loud = self.cue in (StepCue.NORMAL, StepCue.HALFWAY)
        yield Event(EventKind.STEP, Cue.STEP if sound else None, start, self.index, None, self.name)
        if self.roles and self.roles != before:
            cue = Cue.ROLES if sound else None
            words = roles_spoken(self.roles)
            yield Event(EventKind.ROLES, cue, start, self.index, None, words)
        extra: list[tuple[float, EventKind, str]] = []
        if self.seconds is not None and self.cue is StepCue.HALFWAY:
            extra.append((self.seconds / 2, EventKind.HALFWAY, "Halfway"))
        if (warning := self.last_warning) is not None:
            extra.append((warning[0], EventKind.LAST, warning[1]))

        def phases() -> Iterator[tuple[float, int, Event]]:
            if self.breath is None or self.lead is not None:
                return  # a leader's taps, not the pattern, turn the breath of a lead step
            for n in count():
                for index, phase in enumerate(self.breath.phases):
                    offset = n * self.breath.cycle_seconds + self._starts[index]
                    if self.seconds is not None and offset >= self.seconds - EPSILON:
                        return
                    cue = phase.kind.cue if loud else None
                    event = Event(
                        EventKind.PHASE, cue, start + offset, self.index, phase,
                        phase.kind.word, index,
                    )  # fmt: skip
                    yield offset, _ORDER[EventKind.PHASE], event

        def others() -> Iterator[tuple[float, int, Event]]:
            for offset, kind, text in sorted(extra, key=lambda e: (e[0], _ORDER[e[1]])):
                cue = Cue(kind.value) if loud else None
                yield offset, _ORDER[kind], Event(kind, cue, start + offset, self.index, None, text)

        for _offset, _order, event in heapq.merge(phases(), others(), key=lambda e: e[:2]):
            yield event


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def breath_levels(breath: Breath) -> tuple[tuple[float, float], ...]:
    """Lung fullness (0..1) at the start and the end of each phase of one cycle.

    Rising through in-breaths (a top-up adds the last fifth), flat on holds, falling on
    out-breaths; the cycle joins up with itself, so a pattern may start anywhere.
    """
    phases = breath.phases
    m = len(phases)
    outs = [i for i, p in enumerate(phases) if p.kind is PhaseKind.OUT]
    first = (outs[-1] + 1) % m if outs else 0  # the place where the lungs are empty
    order = [(first + k) % m for k in range(m)]
    levels: dict[int, tuple[float, float]] = {}
    level = 0.0
    k = 0
    while k < m:
        rising = phases[order[k]].kind in (PhaseKind.IN, PhaseKind.TOP_UP)
        falling = phases[order[k]].kind is PhaseKind.OUT
        run = [order[k]]
        while (
            k + len(run) < m
            and rising
            and phases[order[k + len(run)]].kind in (PhaseKind.IN, PhaseKind.TOP_UP)
        ) or (k + len(run) < m and falling and phases[order[k + len(run)]].kind is PhaseKind.OUT):
            run.append(order[k + len(run)])
        if rising:
            level = _rise(phases, run, level, levels)
        elif falling:
            # out-breaths in a row share the fall by their lengths, down to empty lungs
            total = sum(phases[i].seconds for i in run)
            full = level
            for i in run:
                step = full * phases[i].seconds / total if total else full
                levels[i] = (level, max(0.0, level - step))
                level = levels[i][1]
            level = 0.0
        else:
            levels[run[0]] = (level, level)
        k += len(run)
    return tuple(levels[i] for i in range(m))


def _rise(
    phases: Sequence[Phase], run: list[int], level: float, levels: dict[int, tuple[float, float]]
) -> float:
    room = 1.0 - level
    tops = [i for i in run if phases[i].kind is PhaseKind.TOP_UP]
    ins = [i for i in run if phases[i].kind is PhaseKind.IN]
    top_share = min(TOP_UP_SHARE, room / len(tops)) if tops and ins else 0.0
    in_room = room - top_share * len(tops)
    in_time = sum(phases[i].seconds for i in ins)
    top_time = sum(phases[i].seconds for i in tops)
    for i in run:
        if phases[i].kind is PhaseKind.TOP_UP:
            share = top_share if ins else room * phases[i].seconds / top_time
        else:
            share = in_room * phases[i].seconds / in_time
        levels[i] = (level, min(1.0, level + share))
        level = levels[i][1]
    return 1.0


def plan(
    exercise: Exercise, names: Sequence[str], first: int = 0, ours: Breath | None = None
) -> tuple[PlannedStep, ...]:
    """The exercise as a flat list of steps: repeats unrolled, roles swapped, names filled in.

    ``first`` is the place in ``names`` of the partner who takes role a in the first round
    (who starts). ``left``/``right`` stay with ``names[0]``/``names[1]`` whoever starts.
    ``ours``: the couple's own pattern, for the steps that breathe ``breath: ours``.
    ValueError for a negative step or a breath phase of no length.
    """
    people = (*names, "", "")[:2]
    planned: list[PlannedStep] = []

    def add(step: Step, round_: int, rounds: int, swapped: bool) -> None:
        # The loader keeps lengths in a safe range; a plan that could never move is refused.
        if step.seconds is not None and not step.seconds >= 0:
            raise ValueError(f"step {step.name!r} has a negative length")
        if step.breath and not all(phase.seconds > 0 for phase in step.breath.phases):
            raise ValueError(f"step {step.name!r} has a breath phase of no length")
        if ours is not None and step.breath is not None and step.breath.name == OURS:
            step = replace(step, breath=ours)
        a_person = (first % 2) ^ int(swapped)  # the place in names of the partner in role a
        a, b = people[a_person], people[1 - a_person]
        mine, theirs = (step.a, step.b) if a_person == 0 else (step.b, step.a)
        roles: tuple[Role, ...] = ()
        if step.roles is not None and a and b:
            roles = (
                Role(a_person, a, fill(step.roles.a, a, b)),
                Role(1 - a_person, b, fill(step.roles.b, a, b)),
            )
        parts: tuple[tuple[str, str], ...] = ()
        if a and b and step.a and step.b and step.a != step.b:
            parts = ((a, fill(step.a, a, b)), (b, fill(step.b, a, b)))
        lead = None  # who sets the pace: role a's partner, or role b's
        if a and b and step.lead:
            lead = a_person if step.lead == "a" else 1 - a_person
        starts: tuple[float, ...] = ()
        levels: tuple[tuple[float, float], ...] = ()
        if step.breath is not None and step.breath.phases:
            starts = tuple(
                sum(p.seconds for p in step.breath.phases[:i])
                for i in range(len(step.breath.phases))
            )
            levels = breath_levels(step.breath)
        planned.append(
            PlannedStep(
                index=len(planned),
                name=fill(step.name, a, b),
                seconds=step.seconds,
                say=fill(step.say, a, b),
                left=fill(mine, a, b),
                right=fill(theirs, a, b),
                breath=step.breath if starts else None,
                cue=step.cue,
                round=round_,
                rounds=rounds,
                swapped=swapped,
                roles=roles,
                parts=parts,
                lead=lead,
                _starts=starts,
                _levels=levels,
            )
        )

    for item in exercise.steps:
        if isinstance(item, Repeat):
            for r in range(item.times):
                for step in item.steps:
                    add(step, r + 1, item.times, item.swap and r % 2 == 1)
        else:
            add(item, 1, 1, False)
    return tuple(planned)
