"""What every value read from outside must be before coreg shows, sorts, sums or encodes it.

An import, a hand-edited log or one written by an older coreg may hold text that is not valid
Unicode, a time at the edge of the calendar (which breaks as soon as it moves to another zone),
a number too big to add up or an integer of thousands of digits. Each check here raises
ValueError with words a person can act on; :mod:`coreg.log.rows` calls them for every row.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

MAX_TEXT = 10_000  # characters in one text (a title, a name, a note)
MAX_SECONDS = 366 * 24 * 3600.0  # one session (a forgotten break included) lasts less than a year
MAX_COUNT = 100_000  # steps in one exercise
MAX_PARTNERS = 16
MAX_DEPTH = 8  # nesting of a session's details
MAX_ITEMS = 1_000  # entries in the details, counted over every level
MAX_INT = 10**15  # any whole number in the details
FIRST_YEAR, LAST_YEAR = 1900, 9000  # far inside what every time zone conversion can reach
MAX_DIGITS = 4_000  # a JSON number longer than this is not read as a number at all

_SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: Any, what: str) -> str:
    """A string of valid Unicode, not too long."""
    if not isinstance(value, str):
        raise ValueError(f"{what} is missing or not text")
    if len(value) > MAX_TEXT:
        raise ValueError(f"{what} is too long ({len(value)} characters; at most {MAX_TEXT})")
    if _SURROGATE.search(value):
        raise ValueError(f"{what} holds a character that is not valid Unicode (a lone surrogate)")
    return value


def moment(value: Any, what: str) -> datetime:
    """An ISO-8601 time with a zone, that survives being shown in any other zone."""
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError(f"{what} is missing or not a time")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} is {value!r}, not an ISO-8601 time") from None
    if when.tzinfo is None:
        raise ValueError(f"{what} ({value}) has no time zone")
    # Years far inside 1–9999: moving the time to any zone (at most a day away) stays in range.
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise ValueError(f"{what} ({value}) is not a time in the years {FIRST_YEAR}–{LAST_YEAR}")
    return when


def seconds(value: Any, what: str = "'seconds'") -> float:
    """A finite, non-negative length of time, under a year (so any sum of them stays finite)."""
    if type(value) not in (int, float):
        raise ValueError(f"{what} is missing or not a number")
    if isinstance(value, int) and abs(value) > MAX_INT:
        raise ValueError(f"{what} is a number far too large")
    if not math.isfinite(value):
        raise ValueError(f"{what} is not a finite number (or it has thousands of digits)")
    if not 0 <= value <= MAX_SECONDS:
        raise ValueError(f"{what} is {value}, not a length of time from 0 to a year")
    return float(value)


def count(value: Any, what: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_COUNT:
        raise ValueError(f"{what} is {short(value)}, not a whole number from 0 to {MAX_COUNT}")
    return value


def details(value: Any) -> dict[str, Any]:
    """Plain JSON values only: valid text, finite numbers, bounded depth and size."""
    if not isinstance(value, dict):
        raise ValueError("'details' is not a record")
    budget = [MAX_ITEMS]
    _plain(value, "'details'", 0, budget)
    return value


def _plain(value: Any, where: str, depth: int, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("'details' holds too many values")
    if depth > MAX_DEPTH:
        raise ValueError("'details' is nested too deeply")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise ValueError(f"{where} holds a number far too large")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where} holds {value}, not a number")
    elif isinstance(value, str):
        text(value, where)
    elif isinstance(value, list):
        for item in value:
            _plain(item, where, depth + 1, budget)
    elif isinstance(value, dict):
        for key, item in value.items():
            text(key, f"a key in {where}")
            _plain(item, f"{where}[{key!r}]", depth + 1, budget)
    else:
        raise ValueError(f"{where} holds a value that is not JSON")


def json_int(digits: str) -> int | float:
    """``parse_int`` for reading JSON: a number of thousands of digits reads as infinity (which
    every check above refuses) instead of Python's own error about its integer limit."""
    if len(digits) > MAX_DIGITS:
        return math.inf
    try:
        return int(digits)
    except ValueError:  # PYTHONINTMAXSTRDIGITS set below this limit: too long all the same
        return math.inf


def short(value: Any) -> str:
    """A value for a message: never thousands of characters (nor of digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**12:
        return "a huge number"
    shown = (
        repr(value) if isinstance(value, str | int | float | bool | None) else type(value).__name__
    )
    return shown if len(shown) <= 60 else shown[:57] + "..."
