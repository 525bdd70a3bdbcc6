"""Would :func:`~coreg.log.rows.row_to_session` read this row? A quick yes or no.

Counting the rows a log cannot read used to turn every row into a Session, the slowest part of
``coreg history`` on a long log. This makes the same decisions without building anything;
``tests/test_log_check.py`` holds the two to the same answers, row by damaged row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from coreg.log.session import DISTRESS_MAX, DISTRESS_MIN, Ending, Kind, State

MAX_TEXT = 10_000  # as in rows.py
_ENDINGS = frozenset(e.value for e in Ending)
_KINDS = frozenset(k.value for k in Kind)
_STATES = frozenset(s.value for s in State)


def readable(row: Any) -> bool:
    """True when ``row_to_session(row)`` returns a session rather than raising ValueError."""
    if not isinstance(row, Mapping):
        return False
    get = row.get
    partners = get("partners", [])
    seconds = get("seconds")
    if not (
        isinstance(partners, list)
        and isinstance(get("details", {}), dict)
        and isinstance(seconds, int | float)
        and not isinstance(seconds, bool)
        and math.isfinite(seconds)
        and seconds >= 0
    ):
        return False
    session_id = get("id")
    if not (_text(session_id, required=True) and session_id.strip()):
        return False
    if not (
        _text(get("exercise_id"), required=True)
        and _text(get("exercise_title"))
        and _text(get("note"))
        and _text(get("app_version"))
        and _time(get("started_at"))
        and _time(get("ended_at"))
        and _choice(get("ending"), _ENDINGS)
        and _choice(get("kind"), _KINDS, optional=True)
        and _count(get("steps_completed"))
        and _count(get("steps_total"))
    ):
        return False
    return all(_partner(p) for p in partners)


def _text(value: Any, required: bool = False) -> bool:
    if value is None:
        return not required
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _choice(value: Any, allowed: frozenset[str], optional: bool = False) -> bool:
    if value is None:
        return optional
    return isinstance(value, str) and value in allowed


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return _is_int(value) and value >= 0


def _partner(value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    name = value.get("name")
    if not isinstance(name, str) or len(name) > MAX_TEXT:
        return False
    return _checkin(value.get("before")) and _checkin(value.get("after"))


def _checkin(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, Mapping):
        return False
    distress = value.get("distress")
    if distress is not None and not (
        _is_int(distress) and DISTRESS_MIN <= distress <= DISTRESS_MAX
    ):
        return False
    state = value.get("state")
    return state is None or (isinstance(state, str) and state in _STATES)
