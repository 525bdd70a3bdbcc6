"""The quick readability check says yes exactly when the full reader reads a row."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from coreg.log import session_to_row
from coreg.log.check import readable
from coreg.log.rows import row_to_session
from tests.helpers_store import make_session

ODD_VALUES = [
    None,
    "",
    " ",
    "x",
    "x" * 10_001,
    0,
    -1,
    1.5,
    11,
    True,
    math.nan,
    math.inf,
    [],
    {},
    ["completed"],
    "completed",
    "interrupted",
    "pause",
    "exercise",
    "safe",
    "shut-down",
    "2025-03-03T20:00:00",
    "2025-03-03T20:00:00+01:00",
    "2025-03-03 20:00Z",
    "not a time",
]
KEYS = [
    "id",
    "kind",
    "exercise_id",
    "exercise_title",
    "started_at",
    "ended_at",
    "ending",
    "steps_completed",
    "steps_total",
    "seconds",
    "partners",
    "note",
    "app_version",
    "details",
]
PARTNER_KEYS = ["name", "before", "after"]
CHECKIN_KEYS = ["distress", "state"]


def full_reader_reads(row) -> bool:
    try:
        row_to_session(row)
    except ValueError:
        return False
    return True


def base_row() -> dict:
    return session_to_row(make_session(1))


@given(
    st.lists(
        st.tuples(st.sampled_from(KEYS), st.sampled_from([*ODD_VALUES, "<drop>"])),
        max_size=3,
    ),
    st.lists(
        st.tuples(
            st.integers(0, 1),
            st.sampled_from(PARTNER_KEYS + CHECKIN_KEYS),
            st.sampled_from([*ODD_VALUES, "<drop>"]),
        ),
        max_size=3,
    ),
)
@settings(max_examples=400, deadline=None)
def test_the_quick_check_agrees_with_the_reader(changes, partner_changes):
    row = base_row()
    for key, value in changes:
        if value == "<drop>":
            row.pop(key, None)
        else:
            row[key] = value
    partners = row.get("partners")
    if isinstance(partners, list) and len(partners) == 2:
        for index, key, value in partner_changes:
            partner = partners[index]
            target = partner if key in PARTNER_KEYS else partner.get("before")
            if not isinstance(target, dict):
                continue
            if value == "<drop>":
                target.pop(key, None)
            else:
                target[key] = value
    assert readable(row) == full_reader_reads(row)


def test_plain_rows_and_not_rows():
    assert readable(base_row())
    for thing in (None, [], "row", 3):
        assert not readable(thing) and not full_reader_reads(thing)
