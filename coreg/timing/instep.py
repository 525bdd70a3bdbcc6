"""Breathing in step: one partner leads with a key, the pacer follows, and how close you were.

The leader presses their key as each in-breath starts and as each out-breath starts (a *turn*).
:class:`InStep` turns those presses into a rhythm the pacer can show: each turn starts the next
phase at once, and the lengths of the phases are the leader's own, smoothed and kept inside the
brief's safe range. The follower presses their key too; :func:`closeness` says afterwards how
near their turns came to the leader's. Until the leader taps, and after a long silence, the
pacer keeps the step's own pattern.

Times here are the session's active seconds (pauses left out), so a pause never looks like a
missed breath. No clock is read here and no Textual: the run screen passes every time in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from coreg.library import (
    MAX_BREATHS_PER_MINUTE,
    MAX_PHASE_SECONDS,
    MIN_PHASE_SECONDS,
    Breath,
    Phase,
    PhaseKind,
)
from coreg.log import Closeness
from coreg.timing.plan import PlannedStep

DOUBLE_TAP = 0.5  # a second press sooner than this after a turn is the same turn (a bounce)
SMOOTHING = 0.5  # how much of a newly measured phase the rhythm takes on (the rest: before)
SILENCE = 15.0  # no turn for this long: the pacer goes back to the step's own pattern
IN_STEP = 0.5  # a follower's turn this close to the leader's is in step
MATCH = 2.0  # a follower's press further than this from a leader's turn answers none
MIN_CYCLE = 60.0 / MAX_BREATHS_PER_MINUTE  # a whole breath: never shorter than this
MISSED_SHARE = 0.75  # a gap this far into the phase after next means a turn was missed


@dataclass(frozen=True)
class Turn:
    """A leader's press: the phase it starts, at an active second."""

    at: float
    kind: PhaseKind  # IN or OUT


@dataclass(frozen=True)
class Beat:
    """What the pacer shows at one moment (fits the pacer's ``BreathReading``)."""

    breath: Breath
    phase: Phase
    phase_index: int
    breath_level: float
    breath_rate: float
    phase_remaining: float
    leading: bool  # the leader's rhythm (True) or the step's own pattern (False)


def safe_lengths(in_seconds: float, out_seconds: float) -> tuple[float, float]:
    """Each phase from 1 to 10 seconds, and a whole breath of at least 5 (12 a minute): a
    breath too quick is slowed, both phases in proportion."""
    i = min(MAX_PHASE_SECONDS, max(MIN_PHASE_SECONDS, in_seconds))
    o = min(MAX_PHASE_SECONDS, max(MIN_PHASE_SECONDS, out_seconds))
    if i + o < MIN_CYCLE:
        scale = MIN_CYCLE / (i + o)
        i, o = i * scale, o * scale
    return round(i, 2), round(o, 2)


def two_phase(in_seconds: float, out_seconds: float) -> Breath:
    return Breath((Phase(PhaseKind.IN, in_seconds), Phase(PhaseKind.OUT, out_seconds)))


def start_lengths(breath: Breath | None) -> tuple[float, float]:
    """Where the leader's rhythm begins: the pattern's breathing in and out (holds left out)."""
    if breath is None:
        return 5.0, 5.0
    rising = sum(p.seconds for p in breath.phases if p.kind in (PhaseKind.IN, PhaseKind.TOP_UP))
    falling = sum(p.seconds for p in breath.phases if p.kind is PhaseKind.OUT)
    return safe_lengths(rising or 5.0, falling or 5.0)


@dataclass
class InStep:
    """One lead-and-follow step: the leader's turns, the follower's presses, the rhythm.

    ``step`` is the planned step (its pattern is the fallback); ``start`` the active second
    the step began; ``leader`` and ``follower`` the partners' places in the names.
    """

    step: PlannedStep
    start: float
    leader: int
    follower: int
    turns: list[Turn] = field(default_factory=list)
    follows: list[float] = field(default_factory=list)
    doubles: int = 0  # presses taken for bounces of a turn
    in_seconds: float = 5.0
    out_seconds: float = 5.0
    _breath: Breath | None = None
    _level_at_turn: float = 0.0  # the level shown when the last turn came

    def __post_init__(self) -> None:
        self.in_seconds, self.out_seconds = start_lengths(self.step.breath)
        self._breath = two_phase(self.in_seconds, self.out_seconds)

    # -- presses --------------------------------------------------------------------------

    def tap(self, person: int, at: float) -> Turn | None:
        """A press of ``person``'s key at active second ``at``: the leader's turn it made
        (None for the follower, and for a bounce)."""
        if person == self.follower:
            if not self.follows or at - self.follows[-1] >= DOUBLE_TAP:
                self.follows.append(at)
            return None
        if person != self.leader:
            return None
        last = self.turns[-1] if self.turns else None
        if last is not None and at - last.at < DOUBLE_TAP:
            self.doubles += 1
            return None
        level = self.beat(at).breath_level
        turn = Turn(at, self._kind_of(last, at))
        if last is not None and turn.kind is not last.kind and at - last.at <= SILENCE:
            self._learn(last.kind, at - last.at)
        self.turns.append(turn)
        self._level_at_turn = level
        return turn

    def _kind_of(self, last: Turn | None, at: float) -> PhaseKind:
        """The first turn, and the first after a silence, starts an in-breath. Then turns
        take turns; a gap reaching well into the phase after next means one was missed,
        and this press starts the same phase as the last."""
        if last is None or at - last.at > SILENCE:
            return PhaseKind.IN
        gap = at - last.at
        expected, other = self._lengths(last.kind)
        if gap >= expected + MISSED_SHARE * other:
            return last.kind
        return PhaseKind.OUT if last.kind is PhaseKind.IN else PhaseKind.IN

    def _learn(self, kind: PhaseKind, measured: float) -> None:
        """Take on part of a measured phase; kept in the safe range."""
        measured = min(MAX_PHASE_SECONDS, max(MIN_PHASE_SECONDS, measured))
        i, o = self.in_seconds, self.out_seconds
        if kind is PhaseKind.IN:
            i += SMOOTHING * (measured - i)
        else:
            o += SMOOTHING * (measured - o)
        self.in_seconds, self.out_seconds = safe_lengths(i, o)
        self._breath = two_phase(self.in_seconds, self.out_seconds)

    def _lengths(self, kind: PhaseKind) -> tuple[float, float]:
        """(this phase, the other) in the leader's rhythm."""
        if kind is PhaseKind.IN:
            return self.in_seconds, self.out_seconds
        return self.out_seconds, self.in_seconds

    # -- reading ----------------------------------------------------------------------------

    def fallback_at(self) -> float | None:
        """When the leader's rhythm gives way to the pattern: the first in-breath the pacer
        would show after a silence of ``SILENCE`` (None before any turn)."""
        if not self.turns:
            return None
        last = self.turns[-1]
        cycle = self.in_seconds + self.out_seconds
        first_in = last.at if last.kind is PhaseKind.IN else last.at + self.out_seconds
        wait = last.at + SILENCE - first_in
        n = max(0, -(-wait // cycle))  # whole breaths, rounded up
        return first_in + n * cycle

    def leading(self, at: float) -> bool:
        """Is the pacer following the leader at ``at``?"""
        until = self.fallback_at()
        return until is not None and at < until

    def beat(self, at: float) -> Beat:
        """What the pacer shows at active second ``at``."""
        if not self.leading(at):
            return self._pattern_beat(at)
        assert self._breath is not None
        last = self.turns[-1]
        now_len, other_len = self._lengths(last.kind)
        elapsed = max(0.0, at - last.at)
        if elapsed < now_len:
            kind, into, length, start = last.kind, elapsed, now_len, self._level_at_turn
        else:
            cycle = now_len + other_len
            within = (elapsed - now_len) % cycle
            if within < other_len:
                kind, into, length = _other(last.kind), within, other_len
            else:
                kind, into, length = last.kind, within - other_len, now_len
            start = 0.0 if kind is PhaseKind.IN else 1.0
        target = 1.0 if kind is PhaseKind.IN else 0.0
        rate = (target - start) / length
        index = 0 if kind is PhaseKind.IN else 1
        return Beat(
            breath=self._breath,
            phase=self._breath.phases[index],
            phase_index=index,
            breath_level=start + rate * into,
            breath_rate=rate,
            phase_remaining=length - into,
            leading=True,
        )

    def _pattern_beat(self, at: float) -> Beat:
        breath = self.step.breath
        assert breath is not None, "a lead step always has a pattern to fall back on"
        until = self.fallback_at()
        origin = self.start if until is None else until
        span = self.step.phase_at(at - origin)
        assert span is not None
        offset = at - origin
        return Beat(
            breath=breath,
            phase=span.phase,
            phase_index=span.index,
            breath_level=span.level(offset),
            breath_rate=span.rate,
            phase_remaining=max(0.0, span.end - offset),
            leading=False,
        )

    def closeness(self, names: Sequence[str]) -> Closeness:
        return closeness(self.turns, self.follows, names[self.leader], names[self.follower])


def _other(kind: PhaseKind) -> PhaseKind:
    return PhaseKind.OUT if kind is PhaseKind.IN else PhaseKind.IN


# -- how close you were -----------------------------------------------------------------------


def closeness(
    turns: Sequence[Turn], follows: Sequence[float], leader: str, follower: str
) -> Closeness:
    """Each of the leader's in-breaths met by the follower's nearest press, if one came within
    ``MATCH`` seconds and nearer to it than to the leader's turns on either side."""
    times = [turn.at for turn in turns]
    offsets: list[float] = []
    breaths = 0
    for index, turn in enumerate(turns):
        if turn.kind is not PhaseKind.IN:
            continue
        breaths += 1
        low = (times[index - 1] + turn.at) / 2 if index else turn.at - MATCH
        high = (turn.at + times[index + 1]) / 2 if index + 1 < len(times) else turn.at + MATCH
        near = [f - turn.at for f in follows if max(low, turn.at - MATCH) <= f <= high]
        near = [d for d in near if abs(d) <= MATCH]
        if near:
            offsets.append(min(near, key=abs))
    in_step = sum(1 for d in offsets if abs(d) <= IN_STEP + 1e-9)
    middle = round(median(offsets), 2) if offsets else None
    return Closeness(leader, follower, breaths, len(offsets), in_step, middle)
