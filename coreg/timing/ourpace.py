"""Your shared pace: a short series of slow paces, rated by both partners, and one proposed.

The paces go from about 6.5 breaths a minute down to 4.5, a minute each, each with a slightly
longer out-breath (two fifths in, three fifths out). Each partner rates each pace with one key:
easy, fine or hard. coreg proposes the pace with the best ratings that neither found hard; on a
tie, the slower one. It is practice guidance, not a measurement: the couple can keep it as
their own pattern (``breath: ours``) or not. No clock and no Textual here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from coreg.library import OURS, Breath, Exercise, Phase, PhaseKind, Step, StepCue

PACES = (6.5, 6.0, 5.5, 5.0, 4.5)  # breaths a minute, quicker to slower
PACE_SECONDS = 60.0  # each pace lasts a minute
IN_SHARE = 0.4  # of each breath: in; the rest is out


class Rating(IntEnum):
    HARD = 0
    FINE = 1
    EASY = 2

    @property
    def word(self) -> str:
        return self.name.lower()


def pace_breath(per_minute: float) -> Breath:
    """One pace as a pattern: ``6.0`` → in 4, out 6 (to a tenth of a second)."""
    cycle = 60.0 / per_minute
    breath_in = round(cycle * IN_SHARE, 1)
    return Breath(
        (Phase(PhaseKind.IN, breath_in), Phase(PhaseKind.OUT, round(cycle - breath_in, 1))), OURS
    )


def pace_exercise(paces: Sequence[float] = PACES, seconds: float = PACE_SECONDS) -> Exercise:
    """The paces, one step each, as an exercise the timeline can run."""
    steps = tuple(
        Step(
            name=f"About {per_minute:g} breaths a minute",
            seconds=seconds,
            say="Breathe with the pacer. Then each of you says with one key how this pace feels.",
            breath=pace_breath(per_minute),
            cue=StepCue.NORMAL,
        )
        for per_minute in paces
    )
    return Exercise(
        id="shared-pace",
        title="Your shared pace",
        summary="Find a slow pace you can both keep, and make it your own.",
        steps=steps,
    )


@dataclass(frozen=True)
class Proposal:
    per_minute: float
    breath: Breath

    @property
    def lengths(self) -> list[float]:
        """What the settings keep: [in, out] seconds."""
        return [phase.seconds for phase in self.breath.phases]

    @property
    def text(self) -> str:
        return f"Your shared pace: {self.breath.label}, about {self.per_minute:g} breaths a minute."


def propose(ratings: Mapping[float, Sequence[Rating | None]]) -> Proposal | None:
    """The pace both of you rated best, leaving out any that either found hard; on a tie the
    slower. A pace someone did not rate counts as fine for them. None when every pace was hard
    for one of you (or nothing was rated at all)."""
    best: tuple[int, float] | None = None
    for per_minute, given in ratings.items():
        marks = [Rating.FINE if r is None else r for r in given]
        if not given or all(r is None for r in given) or Rating.HARD in marks:
            continue
        score = (sum(marks), -per_minute)  # more is better; then slower
        if best is None or score > (best[0], -best[1]):
            best = (score[0], per_minute)
    if best is None:
        return None
    return Proposal(best[1], pace_breath(best[1]))
