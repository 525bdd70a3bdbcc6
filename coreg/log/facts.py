"""What the numbers need of one session, and what the log decides about one session by itself:
its group in the stats, whether it counts at all, whether a break ran past a day.

Kept apart from :mod:`coreg.log.stats` (the totals, with their dataclasses) so that reading the
log, ``coreg history`` above all, does not pay for importing the numbers it does not show.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from coreg.log.session import Ending, Kind, Session

#: A pause (time-out) should not run past a day; a longer one is flagged in the history.
PAUSE_LIMIT = timedelta(hours=24)
PAUSE_ID = "pause"


def pattern_name(pattern: str) -> str:
    """A breathing pattern's title; its id too when another pattern shares the title."""
    from coreg.library import PATTERN_TITLES  # only breaks need it: keep `coreg history` light

    title = PATTERN_TITLES.get(pattern)
    if title is None:
        return pattern
    shared = sum(1 for t in PATTERN_TITLES.values() if t == title) > 1
    return f"{title} ({pattern})" if shared else title


def group_of(exercise_id: str, title: str, kind: str, details: Any) -> tuple[str, str]:
    """The key and the name a session is counted under in the stats.

    An exercise: its id and title. A break: its kind (time-out or breath timer) and the pattern
    it ended on, with a name made from those (``Time-out: Box breathing``), not its own title.
    """
    if kind != Kind.PAUSE.value:
        return exercise_id, title
    details = details if isinstance(details, Mapping) else {}
    pattern = details.get("pattern")
    pattern = pattern if isinstance(pattern, str) and pattern else "?"
    planned = details.get("planned_minutes")
    timeout = isinstance(planned, int | float) and not isinstance(planned, bool) and planned > 0
    label = "Time-out" if timeout else "Breath timer"
    key = f"{PAUSE_ID}/{'timeout' if timeout else 'timer'}/{pattern}"
    return key, f"{label}: {pattern_name(pattern)}" if pattern != "?" else label


#: A start shorter than this (practised), unfinished, with nothing typed, is not a session.
ACCIDENTAL_SECONDS = 10.0


def counts(session: Session) -> bool:
    """Is this a session worth keeping, or an accidental start?

    Not kept: an exercise that did not run to its end, lasted under ``ACCIDENTAL_SECONDS`` of
    practice, and holds nothing anyone typed: no check-in number or state, no note. A finished
    one always counts (a 6-second kiss is a session). A break (pause) always counts: it is saved
    from its first second, so that a crash in a fight still keeps it.
    """
    if session.kind is Kind.PAUSE or session.ending is Ending.COMPLETED:
        return True
    if session.seconds >= ACCIDENTAL_SECONDS or session.note.strip():
        return True
    return any(not p.before.empty or not p.after.empty for p in session.partners)


def is_overlong_pause(session: Session) -> bool:
    """A pause whose end is more than a day after its start."""
    return session.kind is Kind.PAUSE and session.ended_at - session.started_at > PAUSE_LIMIT


class Fact(NamedTuple):
    """What the numbers need of one session: cheap to make from a session or a stored row."""

    started_at: datetime
    overlong_pause: bool  # a pause that ran past a day
    seconds: float
    exercise_id: str  # for a break, its group (see group_of)
    exercise_title: str  # for a break, its group's name
    ending: str
    kind: str
    partners: tuple[tuple[str, int | None, int | None], ...]  # name, distress before, after


def fact_of(session: Session) -> Fact:
    group, name = group_of(
        session.exercise_id, session.exercise_title, session.kind.value, session.details
    )
    return Fact(
        session.started_at,
        is_overlong_pause(session),
        session.seconds,
        group,
        name,
        session.ending.value,
        session.kind.value,
        tuple(
            (p.name.strip(), p.before.distress, p.after.distress)
            for p in session.partners
            if p.name.strip()
        ),
    )
