"""What the history screen and ``coreg history --stats`` show: counts, minutes, weeks, a streak,
and whether the exercises helped (each partner's change in distress, before − after).

Pure functions of a list of sessions and a clock reading; no I/O.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import NamedTuple

from coreg.log.session import Ending, Kind, Session

#: A pause (time-out) should not run past a day; a longer one is flagged in the history.
PAUSE_LIMIT = timedelta(hours=24)
RECENT_CHECKINS = 60


def is_overlong_pause(session: Session) -> bool:
    """A pause whose end is more than a day after its start."""
    return session.kind is Kind.PAUSE and session.ended_at - session.started_at > PAUSE_LIMIT


class Fact(NamedTuple):
    """What the numbers need of one session: cheap to make from a session or a stored row."""

    started_at: datetime
    overlong_pause: bool  # a pause that ran past a day
    seconds: float
    exercise_id: str
    exercise_title: str
    ending: str
    kind: str
    partners: tuple[tuple[str, int | None, int | None], ...]  # name, distress before, after


def fact_of(session: Session) -> Fact:
    return Fact(
        session.started_at,
        is_overlong_pause(session),
        session.seconds,
        session.exercise_id,
        session.exercise_title,
        session.ending.value,
        session.kind.value,
        tuple(
            (p.name.strip(), p.before.distress, p.after.distress)
            for p in session.partners
            if p.name.strip()
        ),
    )


class Week(NamedTuple):
    week_start: date  # a Monday
    sessions: int
    minutes: float


@dataclass(frozen=True)
class ExerciseStats:
    exercise_id: str
    title: str  # the title of its most recent session
    sessions: int
    minutes: float
    avg_change: dict[str, float | None]  # partner name -> mean of (before − after)


@dataclass(frozen=True)
class CheckInPoint:
    """One partner's distress before and after one session: a point for a chart."""

    started_at: datetime
    exercise_title: str
    partner: str
    before: int
    after: int


@dataclass(frozen=True)
class Stats:
    sessions: int = 0
    minutes: float = 0.0
    per_week: list[Week] = field(default_factory=list)  # oldest first, empty weeks included
    streak_days: int = 0  # days in a row with a session, up to today (or yesterday)
    per_exercise: list[ExerciseStats] = field(default_factory=list)  # most practised first
    avg_change: dict[str, float | None] = field(default_factory=dict)
    endings: dict[Ending, int] = field(default_factory=dict)
    first_at: datetime | None = None
    last_at: datetime | None = None
    overlong_pauses: int = 0
    recent_checkins: list[CheckInPoint] = field(default_factory=list)  # oldest first


def compute_stats(
    sessions: Iterable[Session], now: datetime | None = None, weeks: int = 12
) -> Stats:
    """Everything the history screen summarises; days and weeks are those of ``now``'s zone
    (the computer's own zone, summer time included, when ``now`` is not given)."""
    return stats_of_facts([fact_of(s) for s in sessions], now=now, weeks=weeks)


def stats_of_facts(facts: Sequence[Fact], now: datetime | None = None, weeks: int = 12) -> Stats:
    """:func:`compute_stats` for facts; the log uses this, as its rows make facts cheaply."""
    local = now is None
    if now is None or now.tzinfo is None:
        now = (now or datetime.now()).astimezone()
    zone = now.tzinfo
    weeks = max(weeks, 1)
    today = now.date()
    first_week = today - timedelta(days=today.weekday(), weeks=weeks - 1)

    starts = [f.started_at for f in facts]
    if local:  # each date in the summer or winter time it fell in
        days = [t.astimezone().toordinal() for t in starts]
    else:
        days = [t.astimezone(zone).toordinal() for t in starts]

    week_sessions = [0] * weeks
    week_minutes = [0.0] * weeks
    first = first_week.toordinal()
    for day, fact in zip(days, facts, strict=True):
        if day >= first:
            index = (day - first) // 7
            if index < weeks:
                week_sessions[index] += 1
                week_minutes[index] += fact.seconds / 60

    groups: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[fact.exercise_id].append(fact)
    overall: dict[str, list[float]] = {}
    per_exercise = []
    paired: list[Fact] = []
    for exercise_id, group in groups.items():
        changes: dict[str, list[float]] = {}
        for fact in group:
            has_pair = False
            for name, before, after in fact.partners:
                sums = changes.get(name)
                if sums is None:
                    sums = changes[name] = [0.0, 0]
                if before is not None and after is not None:
                    sums[0] += before - after
                    sums[1] += 1
                    has_pair = True
            if has_pair:
                paired.append(fact)
        for name, (total, count) in changes.items():
            sums = overall.setdefault(name, [0.0, 0])
            sums[0] += total
            sums[1] += count
        latest = max(group, key=itemgetter(0))
        per_exercise.append(
            ExerciseStats(
                exercise_id,
                latest.exercise_title,
                len(group),
                sum(f.seconds for f in group) / 60,
                _averages(changes),
            )
        )
    per_exercise.sort(key=lambda e: (-e.sessions, e.title.casefold(), e.exercise_id))

    points = [
        CheckInPoint(f.started_at, f.exercise_title, name, before, after)
        for f in sorted(
            heapq.nlargest(RECENT_CHECKINS, paired, key=itemgetter(0)), key=itemgetter(0)
        )
        for name, before, after in f.partners
        if before is not None and after is not None
    ]
    counted = Counter(f.ending for f in facts)
    return Stats(
        sessions=len(facts),
        minutes=sum(f.seconds for f in facts) / 60,
        per_week=[
            Week(first_week + timedelta(weeks=i), week_sessions[i], week_minutes[i])
            for i in range(weeks)
        ],
        streak_days=_streak(set(days), today.toordinal()),
        per_exercise=per_exercise,
        avg_change=_averages(overall),
        endings={ending: counted.get(ending.value, 0) for ending in Ending},
        first_at=min(starts, default=None),
        last_at=max(starts, default=None),
        overlong_pauses=sum(1 for f in facts if f.overlong_pause),
        recent_checkins=points[-RECENT_CHECKINS:],
    )


def _averages(changes: dict[str, list[float]]) -> dict[str, float | None]:
    return {name: (total / count if count else None) for name, (total, count) in changes.items()}


def _streak(days: set[int], today: int) -> int:
    """Days in a row with a session, ending today, or yesterday if today has none yet."""
    day = today if today in days else today - 1
    streak = 0
    while day in days:
        streak += 1
        day -= 1
    return streak
