"""Rows: how a session is written in the log file and in the JSON export, and read back.

One converter each way, used by the log and by export/import alike, so a session is never
formatted in two places. Reading is strict: a row that does not hold a whole session raises
ValueError with a reason a person can act on.

The format has a number (``FORMAT``). When it changes, add ``MIGRATIONS[n]``, a function that
turns the tables of a format-``n`` file into format ``n + 1`` in place, and bump ``FORMAT``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeGuard

from coreg.log import checks
from coreg.log.facts import PAUSE_LIMIT, Fact, group_of
from coreg.log.file import DamagedFile
from coreg.log.session import (
    HEART_MAX_BPM,
    HEART_MAX_RMSSD,
    CheckIn,
    Closeness,
    Ending,
    Heart,
    Kind,
    Partner,
    Session,
    State,
)

FORMAT = 3
EXPORT_KIND = "sessions"  # the export's {"coreg": "sessions", ...} marker
MAX_TEXT = checks.MAX_TEXT  # kept for older callers; the checks own the limit

RowTables = dict[str, dict[str, Any]]  # table name -> document id -> row


def _skips_counted_apart(tables: RowTables) -> None:
    """Format 1 → 2: steps skipped are counted apart from steps done, who started is kept,
    and exercises renamed to match their titles go by their new ids.

    A format-1 row counted a skipped step as done and did not say which: it keeps its count,
    with no skips known."""
    from coreg.library import ALIASES

    for row in tables.get("sessions", {}).values():
        if not isinstance(row, dict):
            continue  # reading it will say what is wrong
        row.setdefault("steps_skipped", 0)
        row.setdefault("started_by", "")
        if isinstance(old := row.get("exercise_id"), str) and old in ALIASES:
            row["exercise_id"] = ALIASES[old]


def _earlier_files(tables: RowTables) -> None:
    """Format 2 → 3: the rows are the same; the log's older rows may now live in earlier files
    beside it (:mod:`coreg.log.archive`), which a coreg that reads format 2 would not see."""


MIGRATIONS: dict[int, Callable[[RowTables], None]] = {
    1: _skips_counted_apart,
    2: _earlier_files,
}


def format_of(tables: Mapping[str, Any]) -> int:
    """The format number a log file declares in its ``meta`` table (1 if it has none; an empty
    file, with nothing to bring up to date, is of the current format)."""
    meta = tables.get("meta")
    if not meta:
        return 1 if tables else FORMAT
    numbers = [doc.get("format") for doc in meta.values() if isinstance(doc, dict)]
    if len(numbers) != 1 or not _is_int(numbers[0]) or numbers[0] < 1:
        raise DamagedFile("its format number is missing or unreadable")
    if numbers[0] > FORMAT:
        raise DamagedFile(f"it was written by a newer coreg (format {numbers[0]})", numbers[0])
    return int(numbers[0])


def session_to_row(session: Session) -> dict[str, Any]:
    """A session as plain JSON values; times as ISO-8601 with their zone."""
    if not math.isfinite(session.seconds):
        raise ValueError(f"seconds must be a number, not {session.seconds}")
    row = {
        "id": session.id,
        "kind": session.kind.value,
        "exercise_id": session.exercise_id,
        "exercise_title": session.exercise_title,
        "started_at": _aware(session.started_at).isoformat(),
        "ended_at": _aware(session.ended_at).isoformat(),
        "ending": session.ending.value,
        "steps_completed": session.steps_completed,
        "steps_skipped": session.steps_skipped,
        "steps_total": session.steps_total,
        "seconds": session.seconds,
        "partners": [_partner_row(p) for p in session.partners],
        "note": session.note,
        "app_version": session.app_version,
        "details": dict(session.details),
        "started_by": session.started_by,
    }
    if session.in_step:  # only sessions with a lead-and-follow step carry it
        row["in_step"] = [_closeness_row(c) for c in session.in_step]
    return row


def row_to_session(row: Mapping[str, Any]) -> Session:
    """The session a row holds; ValueError naming the first thing that is wrong."""
    if not isinstance(row, Mapping):
        raise ValueError("it is not a record")
    partners = row.get("partners", [])
    if not isinstance(partners, list):
        raise ValueError("'partners' is not a list")
    if len(partners) > checks.MAX_PARTNERS:
        raise ValueError(f"it has {len(partners)} partners (at most {checks.MAX_PARTNERS})")
    details = checks.details(row.get("details", {}))
    seconds = checks.seconds(row.get("seconds"))
    session_id = _text(row, "id", required=True)
    if not session_id.strip():
        raise ValueError("'id' is empty")
    return Session(
        id=session_id,
        exercise_id=_text(row, "exercise_id", required=True),
        exercise_title=_text(row, "exercise_title"),
        started_at=_time(row, "started_at"),
        ended_at=_time(row, "ended_at"),
        ending=_choice(Ending, row, "ending"),
        steps_completed=_count(row, "steps_completed"),
        steps_total=_count(row, "steps_total"),
        seconds=seconds,
        partners=tuple(_partner(p, n) for n, p in enumerate(partners, 1)),
        kind=_choice(Kind, row, "kind", Kind.EXERCISE),
        note=_text(row, "note"),
        app_version=_text(row, "app_version"),
        details=MappingProxyType(details),
        steps_skipped=_count(row, "steps_skipped") if "steps_skipped" in row else 0,
        started_by=_text(row, "started_by"),
        in_step=_in_step(row.get("in_step")),
    )


def row_fact(row: Any) -> Fact:
    """What the numbers need of a stored row, read quickly (no Session is built).

    Raises ValueError, KeyError, TypeError or AttributeError for a row that is not readable.
    """
    started = checks.moment(row["started_at"], "'started_at'")
    seconds = checks.seconds(row["seconds"])
    exercise_id = checks.text(row["exercise_id"], "'exercise_id'")
    ending = row["ending"]
    kind = row.get("kind") or "exercise"
    if ending not in _ENDINGS:
        raise ValueError("not a readable session")
    overlong = False
    if kind == "pause":  # only a pause needs its end time here
        ended = checks.moment(row["ended_at"], "'ended_at'")
        overlong = ended - started > PAUSE_LIMIT
    partners = []
    for partner in row.get("partners") or ():
        name = checks.text(partner["name"], "a partner's name").strip()
        if name:
            partners.append(
                (name, _distress(partner.get("before")), _distress(partner.get("after")))
            )
    title = checks.text(row.get("exercise_title") or "", "'exercise_title'")
    group, title = group_of(exercise_id, str(title), kind, row.get("details"))
    return Fact(started, overlong, seconds, group, title, ending, kind, tuple(partners))


_ENDINGS = frozenset(e.value for e in Ending)
MAX_IN_STEP = 50  # lead-and-follow steps kept for one session (a repeat holds at most 50)


def _closeness_row(closeness: Closeness) -> dict[str, Any]:
    return {
        "leader": closeness.leader,
        "follower": closeness.follower,
        "breaths": closeness.breaths,
        "answered": closeness.answered,
        "in_step": closeness.in_step,
        "median": closeness.median,
    }


def _in_step(value: Any) -> tuple[Closeness, ...]:
    """How close the partners were, step by step. An older log has none; an entry that does
    not read whole is left out (it is practice feedback: the session itself still reads)."""
    if not isinstance(value, list):
        return ()
    found = []
    for item in value[:MAX_IN_STEP]:
        try:
            found.append(_closeness(item))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return tuple(found)


def _closeness(item: Any) -> Closeness:
    leader = checks.text(item["leader"], "the leader")
    follower = checks.text(item["follower"], "the follower")
    breaths, answered, in_step = (
        checks.count(item[key], key) for key in ("breaths", "answered", "in_step")
    )
    if not in_step <= answered <= breaths:
        raise ValueError("the counts do not add up")
    middle = item.get("median")
    if middle is not None:
        if type(middle) not in (int, float) or not math.isfinite(middle) or abs(middle) > 60:
            raise ValueError("the median offset is not a number of seconds")
        middle = float(middle)
    return Closeness(leader, follower, breaths, answered, in_step, middle)


def _distress(checkin: Any) -> int | None:
    if not checkin:
        return None
    value = checkin.get("distress")
    return value if type(value) is int and 0 <= value <= 10 else None


def _partner_row(partner: Partner) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": partner.name,
        "before": _checkin_row(partner.before),
        "after": _checkin_row(partner.after),
    }
    if partner.heart is not None and not partner.heart.empty:  # optional: absent without a strap
        row["heart"] = {
            "first_bpm": partner.heart.first_bpm,
            "last_bpm": partner.heart.last_bpm,
            "first_rmssd": partner.heart.first_rmssd,
            "last_rmssd": partner.heart.last_rmssd,
        }
    return row


def heart_of(value: Any) -> Heart | None:
    """A partner's optional ``heart`` read leniently: a value that is missing, of the wrong type
    or out of range is left out (the row stays readable; :mod:`coreg.log.check` need not know)."""
    if not isinstance(value, Mapping):
        return None

    def number(key: str, top: float) -> float | None:
        found: Any = value.get(key)
        if type(found) not in (int, float) or not math.isfinite(found) or not 0 < found <= top:
            return None
        return round(float(found), 1)

    heart = Heart(
        number("first_bpm", HEART_MAX_BPM),
        number("last_bpm", HEART_MAX_BPM),
        number("first_rmssd", HEART_MAX_RMSSD),
        number("last_rmssd", HEART_MAX_RMSSD),
    )
    return None if heart.empty else heart


def _checkin_row(checkin: CheckIn) -> dict[str, Any] | None:
    if checkin.empty:
        return None
    return {
        "distress": checkin.distress,
        "state": checkin.state.value if checkin.state is not None else None,
    }


def _partner(value: Any, number: int) -> Partner:
    if not isinstance(value, Mapping):
        raise ValueError(f"partner {number} is not a record")
    name = checks.text(value.get("name"), f"partner {number}'s name")
    return Partner(
        name,
        _checkin(value.get("before"), number),
        _checkin(value.get("after"), number),
        heart_of(value.get("heart")),
    )


def _checkin(value: Any, number: int) -> CheckIn:
    if value is None:
        return CheckIn()
    if not isinstance(value, Mapping):
        raise ValueError(f"a check-in of partner {number} is not a record")
    distress = value.get("distress")
    if distress is not None and (not _is_int(distress) or not 0 <= distress <= 10):
        raise ValueError(
            f"partner {number}'s distress is {checks.short(distress)}, not a number from 0 to 10"
        )
    state = value.get("state")
    if state is not None:
        try:
            state = State(state)
        except (ValueError, TypeError):
            raise ValueError(
                f"partner {number}'s state {checks.short(state)} is not one coreg knows"
            ) from None
    return CheckIn(distress, state)


def _text(row: Mapping[str, Any], key: str, required: bool = False) -> str:
    value = row.get(key)
    if value is None and not required:
        return ""
    return checks.text(value, f"'{key}'")


def _time(row: Mapping[str, Any], key: str) -> datetime:
    return checks.moment(row.get(key), f"'{key}'")


def _count(row: Mapping[str, Any], key: str) -> int:
    return checks.count(row.get(key), f"'{key}'")


def _choice(kind: Any, row: Mapping[str, Any], key: str, default: Any = None) -> Any:
    value = row.get(key)
    if value is None and default is not None:
        return default
    try:
        return kind(value)
    except (ValueError, TypeError):
        allowed = ", ".join(member.value for member in kind)
        raise ValueError(f"'{key}' is {checks.short(value)}, not one of {allowed}") from None


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.astimezone()


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
