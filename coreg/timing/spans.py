"""The stretches of a run when a breath pacer was on screen, as clock readings: each visit to a
breath step, from its start to the next step (or the end), on the active clock, then put back on
the clock the session ran against, split where the partners paused. For how two hearts moved
together over shared breathing only.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from coreg.timing.outcome import Action, ActionKind
from coreg.timing.plan import PlannedStep

Span = tuple[float, float]


def breath_visits(
    steps: Sequence[PlannedStep], visits: Sequence[tuple[float, int]], end: float
) -> list[Span]:
    """(start, end) in active seconds of each visit to a step with a breath pacer; ``visits``
    are (active second, step index) in order, ``end`` the active second now or at the end."""
    spans = []
    for k, (at, index) in enumerate(visits):
        until = visits[k + 1][0] if k + 1 < len(visits) else end
        if steps[index].breath is not None and until > at:
            spans.append((at, until))
    return spans


def pauses(actions: Sequence[Action]) -> list[tuple[float, float]]:
    """(active second, clock seconds it lasted) of each pause that was resumed."""
    found, paused = [], None
    for action in actions:
        if action.kind is ActionKind.PAUSE:
            paused = action
        elif action.kind is ActionKind.RESUME and paused is not None:
            found.append((paused.at, action.clock_seconds - paused.clock_seconds))
            paused = None
    return found


def on_clock(
    spans: Sequence[Span], start: float, paused: Sequence[tuple[float, float]]
) -> list[Span]:
    """Active-second spans as clock readings (``start``: the reading at active second 0), each
    split where a pause fell inside it, so the time paused is left out."""
    out = []
    for first, last in spans:
        edges = [first, *sorted(p for p, _ in paused if first < p < last), last]
        for a, b in pairwise(edges):
            if b <= a:  # two pauses at one moment
                continue
            before = sum(d for p, d in paused if p <= a)
            out.append((start + a + before, start + b + before))
    return out
