"""What the history screen and ``coreg history --stats`` show: counts, minutes, weeks, a streak,
and whether the exercises helped (each partner's change in distress, before − after).

Pure functions of a list of sessions and a clock reading; no I/O.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from operator import itemgetter
from typing import Any, NamedTuple

from coreg.log.session import Ending, Kind, Session

#: A pause (time-out) should not run past a day; a longer one is flagged in the history.
PAUSE_LIMIT = timedelta(hours=24)
RECENT_CHECKINS = 60
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
