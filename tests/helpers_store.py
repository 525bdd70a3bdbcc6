"""Sessions for the log's tests: plausible, varied, and reproducible."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from coreg.log import CheckIn, Ending, Kind, Partner, Session, State

ZONE = timezone(timedelta(hours=1))
T0 = datetime(2025, 3, 3, 20, 0, tzinfo=ZONE)  # a Monday evening


def make_session(n: int = 0, **changes: Any) -> Session:
    """Session number ``n``: started ``n`` hours after T0, Alex 7 → 3 and Sam 5 → 4."""
    start = changes.pop("started_at", T0 + timedelta(hours=n))
    session = Session(
        id=f"{n:08x}" + "a" * 24,
        exercise_id="heartbeat",
        exercise_title="Heartbeat Connection",
        started_at=start,
        ended_at=start + timedelta(minutes=6),
        ending=Ending.COMPLETED,
        steps_completed=5,
        steps_total=5,
        seconds=360.0,
        partners=(
            Partner("Alex", CheckIn(7, State.ACTIVATED), CheckIn(3, State.SAFE)),
            Partner("Sam", CheckIn(5), CheckIn(4)),
        ),
        kind=Kind.EXERCISE,
        note="",
        app_version="0.1.0",
    )
    return replace(session, **changes)


def tinydb_rows(path: Any, table: str = "sessions") -> list[dict[str, Any]]:
    """What plain TinyDB reads in one table of the file (and the file closed again)."""
    import tinydb

    with tinydb.TinyDB(path) as db:
        return db.table(table).all()
