"""What kind of session, how it ended, how a body felt, and a new session's id: the small part of
a session that a break needs before its first frame (the dataclasses of :mod:`session` are
built only when a session is written or read).
"""

from __future__ import annotations

import os
from enum import StrEnum


class Ending(StrEnum):
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    INTERRUPTED = "interrupted"

    @property
    def label(self) -> str:
        return {
            "completed": "finished",
            "ended_early": "ended early",
            "interrupted": "interrupted",
        }[self.value]


class State(StrEnum):
    """Three ways of saying how a body feels right now: a way of speaking, not a diagnosis."""

    SAFE = "safe"
    ACTIVATED = "activated"
    SHUT_DOWN = "shut-down"

    @property
    def label(self) -> str:
        return {"safe": "safe and connected", "activated": "activated", "shut-down": "shut down"}[
            self.value
        ]

    @property
    def hint(self) -> str:
        return {
            "safe": "settled, present, close",
            "activated": "wound up, ready to fight or flee",
            "shut-down": "numb, far away, withdrawn",
        }[self.value]


class Kind(StrEnum):
    EXERCISE = "exercise"
    PAUSE = "pause"


def new_session_id() -> str:
    """32 random hex digits, as long as a random UUID's (the ``uuid`` module would cost the
    pause's first frame milliseconds of imports)."""
    return os.urandom(16).hex()
