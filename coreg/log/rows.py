"""Rows: how a session is written in the log file and in the JSON export, and read back.

One converter each way, used by the log and by export/import alike, so a session is never
formatted in two places. Reading is strict: a row that does not hold a whole session raises
ValueError with a reason a person can act on.

The format has a number (``FORMAT``). When it changes, add ``MIGRATIONS[n]``, a function that
turns the tables of a format-``n`` file into format ``n + 1`` in place, and bump ``FORMAT``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeGuard

from coreg.log.file import DamagedFile
from coreg.log.session import CheckIn, Ending, Kind, Partner, Session, State
from coreg.log.stats import PAUSE_LIMIT, Fact

FORMAT = 1
EXPORT_KIND = "sessions"  # the export's {"coreg": "sessions", ...} marker
MAX_TEXT = 10_000

RowTables = dict[str, dict[str, Any]]  # table name -> document id -> row
MIGRATIONS: dict[int, Callable[[RowTables], None]] = {}


def format_of(tables: Mapping[str, Any]) -> int:
    """The format number a log file declares in its ``meta`` table (1 if it has none)."""
    meta = tables.get("meta")
    if not meta:
        return 1
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
    return {
        "id": session.id,
        "kind": session.kind.value,
        "exercise_id": session.exercise_id,
        "exercise_title": session.exercise_title,
        "started_at": _aware(session.started_at).isoformat(),
        "ended_at": _aware(session.ended_at).isoformat(),
        "ending": session.ending.value,
        "steps_completed": session.steps_completed,
        "steps_total": session.steps_total,
        "seconds": session.seconds,
        "partners": [
            {"name": p.name, "before": _checkin_row(p.before), "after": _checkin_row(p.after)}
            for p in session.partners
        ],
        "note": session.note,
        "app_version": session.app_version,
        "details": dict(session.details),
    }


def row_to_session(row: Mapping[str, Any]) -> Session:
    """The session a row holds; ValueError naming the first thing that is wrong."""
    if not isinstance(row, Mapping):
        raise ValueError("it is not a record")
    partners = row.get("partners", [])
    if not isinstance(partners, list):
        raise ValueError("'partners' is not a list")
    details = row.get("details", {})
    if not isinstance(details, dict):
        raise ValueError("'details' is not a record")
    seconds = row.get("seconds")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        raise ValueError("'seconds' is missing or not a number")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"'seconds' is {seconds}")
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
        seconds=float(seconds),
        partners=tuple(_partner(p, n) for n, p in enumerate(partners, 1)),
        kind=_choice(Kind, row, "kind", Kind.EXERCISE),
        note=_text(row, "note"),
        app_version=_text(row, "app_version"),
        details=MappingProxyType(details),
    )


def row_fact(row: Any) -> Fact:
    """What the numbers need of a stored row, read quickly (no Session is built).

    Raises ValueError, KeyError, TypeError or AttributeError for a row that is not readable.
    """
    started = datetime.fromisoformat(row["started_at"])
    seconds = row["seconds"]
    exercise_id = row["exercise_id"]
    ending = row["ending"]
    kind = row.get("kind") or "exercise"
    if started.tzinfo is None or ending not in _ENDINGS:
        raise ValueError("not a readable session")
    overlong = False
    if kind == "pause":  # only a pause needs its end time here
        ended = datetime.fromisoformat(row["ended_at"])
        if ended.tzinfo is None:
            raise ValueError("not a readable session")
        overlong = ended - started > PAUSE_LIMIT
    if type(seconds) not in (int, float) or not math.isfinite(seconds) or seconds < 0:
        raise ValueError("not a readable session")
    if type(exercise_id) is not str:
        raise TypeError("not a readable session")
    partners = []
    for partner in row.get("partners") or ():
        name = partner["name"].strip()
        if name:
            partners.append(
                (name, _distress(partner.get("before")), _distress(partner.get("after")))
            )
    title = row.get("exercise_title") or ""
    return Fact(started, overlong, seconds, exercise_id, str(title), ending, kind, tuple(partners))


_ENDINGS = frozenset(e.value for e in Ending)


def _distress(checkin: Any) -> int | None:
    if not checkin:
        return None
    value = checkin.get("distress")
    return value if type(value) is int and 0 <= value <= 10 else None


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
    name = value.get("name")
    if not isinstance(name, str) or len(name) > MAX_TEXT:
        raise ValueError(f"partner {number} has no name")
    return Partner(
        name, _checkin(value.get("before"), number), _checkin(value.get("after"), number)
    )


def _checkin(value: Any, number: int) -> CheckIn:
    if value is None:
        return CheckIn()
    if not isinstance(value, Mapping):
        raise ValueError(f"a check-in of partner {number} is not a record")
    distress = value.get("distress")
    if distress is not None and (not _is_int(distress) or not 0 <= distress <= 10):
        raise ValueError(f"partner {number}'s distress is {distress!r}, not a number from 0 to 10")
    state = value.get("state")
    if state is not None:
        try:
            state = State(state)
        except ValueError:
            raise ValueError(f"partner {number}'s state {state!r} is not one coreg knows") from None
    return CheckIn(distress, state)


def _text(row: Mapping[str, Any], key: str, required: bool = False) -> str:
    value = row.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"'{key}' is missing or not text")
    if len(value) > MAX_TEXT:
        raise ValueError(f"'{key}' is too long")
    return value


def _time(row: Mapping[str, Any], key: str) -> datetime:
    value = row.get(key)
    if not isinstance(value, str):
        raise ValueError(f"'{key}' is missing or not a time")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{key}' is {value!r}, not an ISO-8601 time") from None
    if when.tzinfo is None:
        raise ValueError(f"'{key}' ({value}) has no time zone")
    return when


def _count(row: Mapping[str, Any], key: str) -> int:
    value = row.get(key)
    if not _is_int(value) or value < 0:
        raise ValueError(f"'{key}' is {value!r}, not a whole number")
    return int(value)


def _choice(kind: Any, row: Mapping[str, Any], key: str, default: Any = None) -> Any:
    value = row.get(key)
    if value is None and default is not None:
        return default
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ValueError(f"'{key}' is {value!r}, not one of {allowed}") from None


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.astimezone()


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# -------------------------------------------------------------------------------- export/import


def export_json(sessions: list[Session], now: datetime | None = None) -> str:
    from coreg import __version__

    payload = {
        "coreg": EXPORT_KIND,
        "format": FORMAT,
        "exported_at": (now or datetime.now().astimezone()).isoformat(timespec="seconds"),
        "app_version": __version__,
        "sessions": [session_to_row(s) for s in sessions],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def export_csv(sessions: list[Session]) -> str:
    width = max([2, *(len(s.partners) for s in sessions)])
    head = ["id", "kind", "exercise_id", "exercise_title", "started_at", "ended_at", "ending"]
    head += ["steps_completed", "steps_total", "seconds"]
    for n in range(1, width + 1):
        head += [f"partner{n}_{part}" for part in _PARTNER_COLUMNS]
    head += ["note", "app_version"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    for s in sessions:
        line: list[Any] = [s.id, s.kind.value, s.exercise_id, s.exercise_title]
        line += [s.started_at.isoformat(), s.ended_at.isoformat(), s.ending.value]
        line += [s.steps_completed, s.steps_total, round(s.seconds, 1)]
        for n in range(width):
            if n < len(s.partners):
                p = s.partners[n]
                line += [p.name, _blank(p.before.distress), _blank(p.before.state)]
                line += [_blank(p.after.distress), _blank(p.after.state), _blank(p.change)]
            else:
                line += [""] * len(_PARTNER_COLUMNS)
        line += [s.note, s.app_version]
        writer.writerow([_as_text(cell) for cell in line])
    return out.getvalue()


_PARTNER_COLUMNS = ("name", "before", "before_state", "after", "after_state", "change")


def _as_text(cell: object) -> object:
    """A text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) gets a ``'``."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def _blank(value: object) -> object:
    return "" if value is None else value


def parse_import(text: str) -> list[Session]:
    """The sessions in an export or in a coreg log file; ValueError with a message if unreadable."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"This file is not a coreg export: it is not valid JSON (line {error.lineno}, "
            f"column {error.colno}). `coreg import` reads what `coreg export` writes. "
            "Nothing was imported."
        ) from None
    except RecursionError:
        raise ValueError("This file is not a coreg export. Nothing was imported.") from None
    found, version = _rows_of(data)
    if version > FORMAT:
        raise ValueError(
            f"This export was written by a newer coreg (format {version}; this one reads format "
            f"{FORMAT}). Update coreg to import it. Nothing was imported."
        )
    tables: RowTables = {"sessions": {str(i): row for i, row in enumerate(found, 1)}}
    for step in range(version, FORMAT):
        MIGRATIONS[step](tables)
    sessions = []
    for number, row in enumerate(tables["sessions"].values(), 1):
        try:
            sessions.append(row_to_session(row))
        except ValueError as error:
            raise ValueError(
                f"Session {number} in this file cannot be read: {error}. Nothing was imported."
            ) from None
    return sessions


def _rows_of(data: Any) -> tuple[list[Any], int]:
    not_ours = ValueError(
        "This file is not a coreg export or log. `coreg import` reads what "
        "`coreg export` writes (JSON). Nothing was imported."
    )
    if not isinstance(data, dict):
        raise not_ours
    if data.get("coreg") == EXPORT_KIND:
        version, found = data.get("format"), data.get("sessions")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ValueError("This export has no readable format number. Nothing was imported.")
        if not isinstance(found, list):
            raise ValueError("This export has no list of sessions. Nothing was imported.")
        return found, version
    tables = data.get("sessions")
    if isinstance(tables, dict) and all(isinstance(t, dict) for t in data.values()):
        try:  # another coreg's log file, e.g. from a second laptop
            version = format_of(data)
        except DamagedFile as damage:
            raise ValueError(
                f"This log file cannot be read: {damage.reason}. Nothing was imported."
            ) from None
        return list(tables.values()), version
    raise not_ours
