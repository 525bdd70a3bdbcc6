"""A row read back exactly, and a damaged row refused at its exact edge with the words the user
reads in `coreg import` ("Session N in this file cannot be read: ...")."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from coreg.log import FORMAT, checks, exchange, session_to_row
from coreg.log.rows import MIGRATIONS, heart_of, row_to_session
from coreg.log.session import HEART_MAX_BPM, HEART_MAX_RMSSD, Ending, State
from tests.helpers_store import make_session


def base_row() -> dict[str, Any]:
    return session_to_row(make_session(1))


def reason(row: Any) -> str:
    """What the reader says is wrong with ``row``."""
    with pytest.raises(ValueError) as caught:
        row_to_session(row)
    return str(caught.value)


def changed(**changes: Any) -> dict[str, Any]:
    row = base_row()
    row.update(changes)
    return row


def with_checkin(partner: int, when: str, checkin: Any) -> dict[str, Any]:
    row = base_row()
    row["partners"][partner - 1][when] = checkin
    return row


# ------------------------------------------------------------------ read back exactly


def test_who_started_and_the_steps_skipped_are_read_back():
    row = changed(started_by="Sam", steps_skipped=2)
    session = row_to_session(row)
    assert (session.started_by, session.steps_skipped) == ("Sam", 2)
    assert session_to_row(session) == row


def test_a_row_without_the_optional_fields_reads_with_their_defaults():
    row = base_row()
    for key in ("partners", "steps_skipped", "started_by", "note", "app_version", "kind"):
        del row[key]
    session = row_to_session(row)
    assert session.partners == ()
    assert session.steps_skipped == 0
    assert (session.started_by, session.note, session.app_version) == ("", "", "")
    assert session.kind.value == "exercise"


def test_the_limits_are_accepted_at_their_edge():
    row = changed(note="n" * checks.MAX_TEXT)
    row["partners"] = [dict(row["partners"][0], name=f"P{n}") for n in range(checks.MAX_PARTNERS)]
    session = row_to_session(row)
    assert len(session.partners) == checks.MAX_PARTNERS
    assert len(session.note) == checks.MAX_TEXT
    assert row_to_session(with_checkin(1, "before", {"distress": 10})).partners[0].before.distress


# ------------------------------------------------------------------ refused, with a reason


def test_the_import_says_which_session_and_what_is_wrong():
    text = json.dumps({"coreg": "sessions", "format": FORMAT, "sessions": [changed(id="  ")]})
    with pytest.raises(ValueError) as caught:
        list(exchange.iter_import(text))
    assert str(caught.value) == (
        "Session 1 in this file cannot be read: 'id' is empty. Nothing was imported."
    )


def test_reasons_for_a_damaged_row():
    assert reason(["not", "a", "record"]) == "it is not a record"
    assert reason(changed(partners={"name": "Alex"})) == "'partners' is not a list"
    too_many = [{"name": f"P{n}"} for n in range(checks.MAX_PARTNERS + 1)]
    assert reason(changed(partners=too_many)) == "it has 17 partners (at most 16)"
    missing_id = base_row()
    del missing_id["id"]
    assert reason(missing_id) == "'id' is missing or not text"
    assert reason(changed(id=" \t")) == "'id' is empty"
    assert reason(changed(note="n" * (checks.MAX_TEXT + 1))) == (
        "'note' is too long (10001 characters; at most 10000)"
    )
    assert reason(changed(ending="stopped")) == (
        "'ending' is 'stopped', not one of " + ", ".join(e.value for e in Ending)
    )
    assert reason(changed(details=[1])) == "'details' is not a record"


def test_reasons_name_the_partner_by_number():
    row = base_row()
    row["partners"][1] = "Sam"
    assert reason(row) == "partner 2 is not a record"
    row["partners"][1] = {"name": 7}
    assert reason(row) == "partner 2's name is missing or not text"
    assert reason(with_checkin(2, "before", [5])) == "a check-in of partner 2 is not a record"
    assert reason(with_checkin(2, "before", {"distress": 11})) == (
        "partner 2's distress is 11, not a number from 0 to 10"
    )
    assert reason(with_checkin(2, "after", {"distress": -1})) == (
        "partner 2's distress is -1, not a number from 0 to 10"
    )
    assert reason(with_checkin(1, "after", {"state": "angry"})) == (
        "partner 1's state 'angry' is not one coreg knows"
    )
    assert {s.value for s in State} >= {"safe", "activated"}


# ------------------------------------------------------------------ details, at their edges


def nested_lists(levels: int) -> dict[str, Any]:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return {"a": value}


def nested_records(levels: int) -> dict[str, Any]:
    value: Any = 1
    for _ in range(levels):
        value = {"k": value}
    return {"a": value}


@pytest.mark.parametrize("nest", [nested_lists, nested_records])
def test_details_nested_to_the_limit_read_and_one_level_more_does_not(nest):
    assert row_to_session(changed(details=nest(checks.MAX_DEPTH - 1))).details
    assert reason(changed(details=nest(checks.MAX_DEPTH))) == "'details' is nested too deeply"


def test_details_hold_at_most_max_items_values():
    # the record itself counts as one value
    fits = {f"k{n}": n for n in range(checks.MAX_ITEMS - 1)}
    assert len(row_to_session(changed(details=fits)).details) == checks.MAX_ITEMS - 1
    over = {f"k{n}": n for n in range(checks.MAX_ITEMS)}
    assert reason(changed(details=over)) == "'details' holds too many values"


def test_details_values_are_refused_with_where_they_are():
    big = checks.MAX_INT
    assert row_to_session(changed(details={"n": big, "m": -big})).details["n"] == big
    assert reason(changed(details={"n": big + 1})) == "'details'['n'] holds a number far too large"
    assert reason(changed(details={"s": "\ud800"})) == (
        "'details'['s'] holds a character that is not valid Unicode (a lone surrogate)"
    )
    assert reason(changed(details={"s": ["ok", "\udfff"]})) == (
        "'details'['s'] holds a character that is not valid Unicode (a lone surrogate)"
    )
    assert reason(changed(details={"s": "x" * (checks.MAX_TEXT + 1)})) == (
        "'details'['s'] is too long (10001 characters; at most 10000)"
    )
    assert reason(changed(details={"\ud800": 1})) == (
        "a key in 'details' holds a character that is not valid Unicode (a lone surrogate)"
    )
    assert reason(changed(details={"t": (1, 2)})) == "'details'['t'] holds a value that is not JSON"


def test_a_number_of_max_digits_still_reads_as_itself():
    digits = "9" * checks.MAX_DIGITS
    assert checks.json_int(digits) == int(digits)
    assert checks.json_int(digits + "9") == math.inf


# ------------------------------------------------------------------ values in messages


def test_a_value_in_a_message_is_short():
    assert checks.short("x") == "'x'"
    assert checks.short(None) == "None"
    assert checks.short([1, 2]) == "list"
    assert checks.short(121) == "121"
    assert checks.short(10**12) == "1000000000000"
    assert checks.short(10**12 + 1) == "a huge number"
    assert checks.short(-(10**13)) == "a huge number"
    assert checks.short(True) == "True"
    assert checks.short("a" * 58) == repr("a" * 58)  # 60 characters: shown whole
    assert checks.short("a" * 59) == "'" + "a" * 56 + "..."  # 61: cut to 60
    assert len(checks.short("a" * 1000)) == 60
    assert reason(with_checkin(1, "before", {"distress": 10**20})) == (
        "partner 1's distress is a huge number, not a number from 0 to 10"
    )


# ------------------------------------------------------------------ in step and heart


def closeness(**changes: Any) -> dict[str, Any]:
    item = {"leader": "Alex", "follower": "Sam", "breaths": 5, "answered": 4, "in_step": 3}
    item["median"] = 0.5
    item.update(changes)
    return item


def in_step_of(*items: Any) -> list[tuple[int, int, int, float | None]]:
    session = row_to_session(changed(in_step=list(items)))
    return [(c.breaths, c.answered, c.in_step, c.median) for c in session.in_step]


def test_a_bad_in_step_entry_is_left_out_and_the_rest_kept():
    assert in_step_of(closeness(breaths=2), closeness(breaths=6)) == [(6, 4, 3, 0.5)]


def test_in_step_counts_may_all_be_equal():
    assert in_step_of(closeness(breaths=4, answered=4, in_step=4)) == [(4, 4, 4, 0.5)]
    assert in_step_of(closeness(answered=6)) == []


def test_the_median_offset_is_kept_up_to_a_minute():
    assert in_step_of(closeness(median=60), closeness(median=-60)) == [
        (5, 4, 3, 60.0),
        (5, 4, 3, -60.0),
    ]
    for odd in (60.5, -61, math.nan, math.inf, True, "1"):
        assert in_step_of(closeness(median=odd)) == [], odd
    assert in_step_of(closeness(median=None)) == [(5, 4, 3, None)]


def test_a_heart_value_is_kept_at_its_edges_and_rounded_to_a_tenth():
    heart = heart_of(
        {"first_bpm": 1, "last_bpm": HEART_MAX_BPM, "first_rmssd": 72.26, "last_rmssd": 0.04}
    )
    assert heart is not None
    assert (heart.first_bpm, heart.last_bpm, heart.first_rmssd) == (1.0, HEART_MAX_BPM, 72.3)
    assert heart.last_rmssd == 0.0
    edge = heart_of({"first_bpm": 60, "first_rmssd": HEART_MAX_RMSSD})
    assert edge is not None and edge.first_rmssd == HEART_MAX_RMSSD
    assert heart_of({"first_bpm": 0, "last_bpm": HEART_MAX_BPM + 0.1}) is None


# ------------------------------------------------------------------ format 1 → 2


def test_a_format_1_row_gains_exactly_the_new_fields():
    row = base_row()
    del row["steps_skipped"], row["started_by"]
    row["exercise_id"] = "eye-contact"
    tables = {"sessions": {"1": "damaged", "2": dict(row)}}
    MIGRATIONS[1](tables)
    expected = dict(row, steps_skipped=0, started_by="", exercise_id="eyes-and-hands")
    assert tables["sessions"]["2"] == expected
    assert list(tables["sessions"]["2"]) == list(expected)
