"""Would :func:`~coreg.log.rows.row_to_session` read this row? A quick yes or no.

Counting the rows a log cannot read used to turn every row into a Session, the slowest part of
``coreg history`` on a long log. This makes the same decisions without building anything;
``tests/test_log_check.py`` holds the two to the same answers, row by damaged row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from coreg.log import checks
from coreg.log.session import DISTRESS_MAX, DISTRESS_MIN, Ending, Kind, State

MAX_TEXT = checks.MAX_TEXT
_ENDINGS = frozenset(e.value for e in Ending)
_KINDS = frozenset(k.value for k in Kind)
_STATES = frozenset(s.value for s in State)


_TEXTS = ("exercise_title", "note", "app_version")
_SURROGATE = re.compile("[\ud800-\udfff]")
_finite = math.isfinite
_INF = math.inf


def readable(row: Any) -> bool:
    """True when ``row_to_session(row)`` returns a session rather than raising ValueError.

    Written for speed (it runs on every row of a long log): plain dicts, strings and ints,
    which is what a JSON file holds, are checked inline; anything else goes the slow way.
    """
    if type(row) is not dict and not isinstance(row, Mapping):  # dicts first: abc is slow
        return False
    get: Callable[..., Any] = row.get
    seconds = get("seconds")
    kind = type(seconds)
    odd = kind is not float and kind is not int
    if odd and (kind is bool or not isinstance(seconds, int | float)):
        return False
    if not 0 <= seconds < _INF:  # NaN fails this too
        return False
    partners = get("partners", [])
    if type(partners) is not list and not isinstance(partners, list):
        return False
    details = get("details", {})
    if type(details) is not dict and not isinstance(details, dict):
        return False
    session_id = get("id")
    if not (_text(session_id, required=True) and session_id.strip()):
        return False
    exercise_id = get("exercise_id")
    odd = type(exercise_id) is not str or len(exercise_id) > MAX_TEXT
    if odd and not _text(exercise_id, required=True):
        return False
    for key in _TEXTS:
        value = get(key)
        odd = value is not None and (type(value) is not str or len(value) > MAX_TEXT)
        if odd and not _text(value):
            return False
    ending = get("ending")
    if (type(ending) is not str or ending not in _ENDINGS) and not _choice(ending, _ENDINGS):
        return False
    kind_value = get("kind")
    odd = kind_value is not None and (type(kind_value) is not str or kind_value not in _KINDS)
    if odd and not _choice(kind_value, _KINDS, optional=True):
        return False
    done, steps = get("steps_completed"), get("steps_total")
    odd = type(done) is not int or type(steps) is not int or done < 0 or steps < 0
    if odd and not (_count(done) and _count(steps)):
        return False
    for partner in partners:
        if type(partner) is not dict:
            if not _partner(partner):
                return False
            continue
        name = partner.get("name")
        if type(name) is not str or len(name) > MAX_TEXT:
            if not _partner(partner):
                return False
            continue
        for checkin in (partner.get("before"), partner.get("after")):
            if checkin is None:
                continue
            if type(checkin) is not dict:
                if not _checkin(checkin):
                    return False
                continue
            distress, state = checkin.get("distress"), checkin.get("state")
            if distress is not None and (
                type(distress) is not int or not DISTRESS_MIN <= distress <= DISTRESS_MAX
            ):
                if not _checkin(checkin):
                    return False
                continue
            if state is not None and (type(state) is not str or state not in _STATES):
                return False
    return _values(get, partners)


def _values(get: Any, partners: list[Any]) -> bool:
    """The shape is right; now the values, by the very checks the reader makes (valid
    Unicode, times inside the calendar, lengths and counts in range, plain details).

    Common rows take a quick path: every text of the row searched for a lone surrogate at
    once, the details walked flat; anything unusual goes through :mod:`coreg.log.checks`."""
    if len(partners) > checks.MAX_PARTNERS:
        return False
    texts = [get(key) for key in ("id", "exercise_id", *_TEXTS)]
    texts = [text for text in texts if text is not None]
    texts += [partner.get("name") for partner in partners]
    try:
        checks.seconds(get("seconds"))
        checks.moment(get("started_at"), "started_at")
        checks.moment(get("ended_at"), "ended_at")
        checks.count(get("steps_completed"), "steps_completed")
        checks.count(get("steps_total"), "steps_total")
        details = get("details", {})
        if not _plain_details(details, texts):
            checks.details(details)  # the slow, exact way
    except ValueError:
        return False
    if any(type(text) is not str or len(text) > MAX_TEXT for text in texts):
        return False
    return _SURROGATE.search("\0".join(texts)) is None


def _plain_details(details: Any, texts: list[Any]) -> bool:
    """True when ``details`` is a flat record of plain values (what coreg writes), its texts
    added to ``texts``; False when it needs the exact check."""
    if type(details) is not dict:
        return False
    count = 1 + len(details)  # as the exact check counts: the record, then each value
    for value in details.values():
        if type(value) is list:
            count += len(value)
    if count > checks.MAX_ITEMS:
        return False
    for key, value in details.items():
        kind = type(value)
        if kind is str or value is None or kind is bool:
            if kind is str:
                texts.append(value)
        elif kind is float:
            if not _finite(value):
                return False
        elif kind is int:
            if abs(value) > checks.MAX_INT:
                return False
        elif kind is list:
            if any(type(item) is not str for item in value):
                return False
            texts.extend(value)
        else:
            return False
        texts.append(key)
    return True


def _text(value: Any, required: bool = False) -> bool:
    if value is None:
        return not required
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _choice(value: Any, allowed: frozenset[str], optional: bool = False) -> bool:
    if value is None:
        return optional
    return isinstance(value, str) and value in allowed


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return _is_int(value) and value >= 0


def _partner(value: Any) -> bool:
    if type(value) is not dict and not isinstance(value, Mapping):
        return False
    name = value.get("name")
    if type(name) is not str and not isinstance(name, str):
        return False
    return len(name) <= MAX_TEXT and _checkin(value.get("before")) and _checkin(value.get("after"))


def _checkin(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is not dict and not isinstance(value, Mapping):
        return False
    distress = value.get("distress")
    if distress is not None:
        if type(distress) is not int and not _is_int(distress):
            return False
        if not DISTRESS_MIN <= distress <= DISTRESS_MAX:
            return False
    state = value.get("state")
    return state is None or (isinstance(state, str) and state in _STATES)
