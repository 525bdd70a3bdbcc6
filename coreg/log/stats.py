"""What the history screen and ``coreg history --stats`` show: counts, minutes, weeks, a streak,
and whether the exercises helped (each partner's change in distress, before − after).

Pure functions of a list of sessions and a clock reading; no I/O.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from operator import itemgetter
from typing import NamedTuple

from coreg.log.facts import (  # noqa: F401  (the numbers' own names, kept here as well)
    ACCIDENTAL_SECONDS,
    PAUSE_ID,
    PAUSE_LIMIT,
    Fact,
    counts,
    fact_of,
    group_of,
    is_overlong_pause,
    pattern_name,
)
from coreg.log.session import Ending, Session

RECENT_CHECKINS = 60


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
    paired: dict[str, int] = field(default_factory=dict)  # partner -> sessions with both numbers

    @property
    def helped(self) -> float | None:
        """The partners' average change, taken together: how much this exercise helped."""
        known = [c for c in self.avg_change.values() if c is not None]
        return sum(known) / len(known) if known else None


@dataclass(frozen=True)
class CheckInPoint:
    """One partner's distress before and after one session: a point for a chart."""

    started_at: datetime
    exercise_title: str
    partner: str
    before: int
    after: int


@dataclass(frozen=True)
class CheckInRow:
    """One session's check-ins for the chart: each partner's (before, after), None if missing.

    Every partner of the chart has a place in every row, so the partners' columns line up.
    """

    started_at: datetime
    exercise_title: str
    values: dict[str, tuple[int | None, int | None]]


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
    recent_rows: list[CheckInRow] = field(default_factory=list)  # oldest first, one per session
    partners: list[str] = field(default_factory=list)  # the partners of recent_rows, in order
    helped: list[ExerciseStats] = field(default_factory=list)  # what helped most first


def compute_stats(
    sessions: Iterable[Session],
    now: datetime | None = None,
    weeks: int = 12,
    zone: tzinfo | None = None,
) -> Stats:
    """Everything the history screen summarises. Days and weeks are those of ``zone``; with no
    zone, of ``now``'s zone, or with neither, of the computer's own (summer time included)."""
    return stats_of_facts([fact_of(s) for s in sessions], now=now, weeks=weeks, zone=zone)


def stats_of_facts(
    facts: Sequence[Fact],
    now: datetime | None = None,
    weeks: int = 12,
    zone: tzinfo | None = None,
) -> Stats:
    """:func:`compute_stats` for facts; the log uses this, as its rows make facts cheaply."""
    local = now is None and zone is None
    if now is None or now.tzinfo is None:
        now = (now or datetime.now()).astimezone()
    if zone is not None:
        now = now.astimezone(zone)
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
        paired_counts: Counter[str] = Counter()
        for fact in group:
            has_pair = False
            for name, before, after in fact.partners:
                sums = changes.get(name)
                if sums is None:
                    sums = changes[name] = [0.0, 0]
                if before is not None and after is not None:
                    sums[0] += before - after
                    sums[1] += 1
                    paired_counts[name] += 1
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
                dict(paired_counts),
            )
        )
    per_exercise.sort(key=lambda e: (-e.sessions, e.title.casefold(), e.exercise_id))
    helped = [e for e in per_exercise if e.helped is not None]
    helped.sort(key=lambda e: (-(e.helped or 0.0), -sum(e.paired.values()), e.title.casefold()))

    recent = sorted(heapq.nlargest(RECENT_CHECKINS, paired, key=itemgetter(0)), key=itemgetter(0))
    points = [
        CheckInPoint(f.started_at, f.exercise_title, name, before, after)
        for f in recent
        for name, before, after in f.partners
        if before is not None and after is not None
    ]
    names = list(dict.fromkeys(name for f in recent for name, _, _ in f.partners))
    recent_rows = []
    for f in recent:
        given = {name: (before, after) for name, before, after in f.partners}
        values = {name: given.get(name, (None, None)) for name in names}
        recent_rows.append(CheckInRow(f.started_at, f.exercise_title, values))
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
        recent_rows=recent_rows,
        partners=names,
        helped=helped,
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


class PairWeek(NamedTuple):
    """One follower following one leader in one week: their led breaths, and those in step."""

    leader: str
    follower: str
    week_start: date  # a Monday
    breaths: int
    in_step: int


def in_step_weeks(
    sessions: Iterable[Session], now: datetime, weeks: int = 12, zone: tzinfo | None = None
) -> list[PairWeek]:
    """How close the partners' turns came, per pair of roles (who led, who followed) and per
    week, over the last ``weeks`` weeks; pairs by name, weeks oldest first. Practice
    feedback: totals of breaths, never a score."""
    zone = zone or now.tzinfo
    today = now.astimezone(zone).date() if zone else now.date()
    first = today - timedelta(days=today.weekday(), weeks=max(weeks, 1) - 1)
    totals: dict[tuple[str, str, date], list[int]] = defaultdict(lambda: [0, 0])
    for session in sessions:
        day = session.started_at.astimezone(zone).date()
        week = day - timedelta(days=day.weekday())
        if week < first or not session.in_step:
            continue
        for closeness in session.in_step:
            total = totals[(closeness.leader, closeness.follower, week)]
            total[0] += closeness.breaths
            total[1] += closeness.in_step
    return [
        PairWeek(leader, follower, week, breaths, in_step)
        for (leader, follower, week), (breaths, in_step) in sorted(totals.items())
        if breaths
    ]
