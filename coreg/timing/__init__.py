"""Timing: the plan of an exercise laid out flat once, and the timeline that runs it against an
injected clock (every position is clock − start − pauses, never a count of ticks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:  # the names below, for type checkers
    from coreg.timing.instep import *
    from coreg.timing.ourpace import *
    from coreg.timing.outcome import *
    from coreg.timing.plan import *
    from coreg.timing.timeline import *

# each module -> the public names it defines (imported on first use)
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "plan": "breath_levels EPSILON Event EventKind Role roles_heading roles_spoken",
        "outcome": "Action ActionKind Outcome",
        "timeline": "Snapshot Timeline",
        "instep": "Beat closeness InStep Turn",
        "ourpace": "pace_breath pace_exercise PACES propose Proposal Rating",
    },
)
