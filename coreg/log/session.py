"""A session as the log remembers it: who, what, when, how it ended, and how each partner felt.

Plain frozen dataclasses shared by the timeline (which produces the ending), the store (which
keeps them) and the screens (which show them). No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

import coreg
from coreg.log.kinds import Ending, Kind, State

if TYPE_CHECKING:
    from coreg.library import Exercise


DISTRESS_MIN = 0
DISTRESS_MAX = 10


@dataclass(frozen=True)
class CheckIn:
    """Distress from 0 (calm) to 10 (the worst), and a state in plain words. Both optional."""

    distress: int | None = None
    state: State | None = None

    def __post_init__(self) -> None:
        if self.distress is not None and not DISTRESS_MIN <= self.distress <= DISTRESS_MAX:
            raise ValueError(f"distress is from 0 to 10, not {self.distress}")

    @property
    def empty(self) -> bool:
        return self.distress is None and self.state is None


HEART_MAX_BPM = 300  # beats a minute: any value read back above this is not a heart's
HEART_MAX_RMSSD = 2000.0  # milliseconds


@dataclass(frozen=True)
class Heart:
    """A partner's heart over the first and last minute of a session, from a strap: the mean
    rate (beats a minute) and RMSSD (milliseconds). Each may be missing."""

    first_bpm: float | None = None
    last_bpm: float | None = None
    first_rmssd: float | None = None
    last_rmssd: float | None = None

    @property
    def empty(self) -> bool:
        return self.first_bpm is None and self.last_bpm is None


@dataclass(frozen=True)
class Partner:
    name: str
    before: CheckIn = CheckIn()
    after: CheckIn = CheckIn()
    heart: Heart | None = None  # only with a heart strap (optional in a row; absent before)

    @property
    def change(self) -> int | None:
        """How much distress went down (before − after); None unless both were given."""
        if self.before.distress is None or self.after.distress is None:
            return None
        return self.before.distress - self.after.distress


@dataclass(frozen=True)
class Closeness:
    """How near a follower's turns came to a leader's, over one lead-and-follow step.

    ``breaths``: the leader's in-breaths; ``answered``: those the follower pressed for;
    ``in_step``: those within half a second; ``median``: the follower's typical offset in
    seconds over the answered ones, + after the leader, − ahead. Practice feedback, no score.
    """

    leader: str
    follower: str
    breaths: int
    answered: int
    in_step: int
    median: float | None = None


@dataclass(frozen=True)
class Session:
    id: str
    exercise_id: str
    exercise_title: str
    started_at: datetime  # aware (with a zone)
    ended_at: datetime  # aware (with a zone)
    ending: Ending
    steps_completed: int
    steps_total: int
    seconds: float  # time actually practised, pauses left out
    partners: tuple[Partner, ...] = ()
    kind: Kind = Kind.EXERCISE
    note: str = ""
    app_version: str = ""
    # What only some kinds have: a pause's planned minutes and pulse, the lengths picked, …
    details: Mapping[str, Any] = field(default_factory=dict)
    steps_skipped: int = 0  # timed steps left early with "next": not done (format 2 on)
    started_by: str = ""  # who took the first part, when the partners' parts differ
    in_step: tuple[Closeness, ...] = ()  # each lead-and-follow step: how close you were


def exercise_session(
    exercise: Exercise,
    names: tuple[str, ...],
    before: tuple[CheckIn, ...],
    *,
    session_id: str,
    started_at: datetime,
    ended_at: datetime,
    ending: Ending,
    steps_completed: int = 0,
    steps_skipped: int = 0,
    seconds: float = 0.0,
    details: dict | None = None,
    started_by: str = "",
    in_step: tuple[Closeness, ...] = (),
) -> Session:
    """The log's record of one run of an exercise, however far it got."""
    partners = tuple(
        Partner(name=name, before=before[i] if i < len(before) else CheckIn())
        for i, name in enumerate(names)
        if name
    )
    lengths = {
        c.key: s.seconds
        for c in exercise.choices
        for s, _ in exercise.rounds()
        if s.choice == c.key
    }
    return Session(
        id=session_id,
        exercise_id=exercise.id,
        exercise_title=exercise.title,
        started_at=started_at,
        ended_at=ended_at,
        ending=ending,
        steps_completed=steps_completed,
        steps_skipped=steps_skipped,
        started_by=started_by,
        steps_total=exercise.step_count,
        seconds=round(seconds, 1),
        partners=partners,
        app_version=coreg.__version__,
        details={**(details or {}), "lengths": lengths},
        in_step=in_step,
    )


def with_after(session: Session, after: tuple[CheckIn, ...], note: str) -> Session:
    partners = tuple(
        replace(partner, after=after[i] if i < len(after) else CheckIn())
        for i, partner in enumerate(session.partners)
    )
    return replace(session, partners=partners, note=note)
