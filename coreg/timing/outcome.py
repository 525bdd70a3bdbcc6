"""What a run of an exercise leaves for the log: what the partners did, and how it ended."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from coreg.log import Ending


class ActionKind(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    BACK = "back"
    END = "end"
    INTERRUPT = "interrupt"


class Action(NamedTuple):
    """Something the partners did, for the session log."""

    kind: ActionKind
    at: float  # active seconds (pauses left out) when it happened
    step_index: int  # the step that was current
    clock_seconds: float = 0.0  # seconds since the start, pauses included


class Outcome(NamedTuple):
    """What the log needs once a session is over (or so far, while it runs)."""

    ending: Ending | None  # None while the session is still running
    steps_completed: int  # distinct steps done: run to their end, or gone on from when untimed
    steps_skipped: int  # distinct timed steps left early with "next" and not done since
    steps_total: int
    seconds: float  # active time: pauses left out
    paused_seconds: float
    actions: tuple[Action, ...]
