"""How close you were, kept with the session: the row round trip, old logs, damaged entries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coreg.log import Closeness, SessionLog, detail_lines, session_to_row
from coreg.log.check import readable
from coreg.log.rows import row_to_session
from tests.helpers_store import make_session

CLOSE = (
    Closeness("Alex", "Sam", breaths=16, answered=15, in_step=14, median=0.21),
    Closeness("Sam", "Alex", breaths=12, answered=0, in_step=0, median=None),
)


def test_a_session_keeps_how_close_you_were():
    session = replace(make_session(), in_step=CLOSE)
    row = session_to_row(session)
    assert row["in_step"][0] == {
        "leader": "Alex",
        "follower": "Sam",
        "breaths": 16,
        "answered": 15,
        "in_step": 14,
        "median": 0.21,
    }
    assert row_to_session(row) == session


def test_a_session_without_it_writes_no_field_and_an_old_row_still_reads():
    row = session_to_row(make_session())
    assert "in_step" not in row
    assert row_to_session(row).in_step == ()


def test_the_log_file_round_trip(tmp_path):
    session = replace(make_session(), in_step=CLOSE)
    with SessionLog(tmp_path / "log.json") as log:
        log.record(session)
    with SessionLog(tmp_path / "log.json") as log:
        assert log.get(session.id).in_step == CLOSE


@pytest.mark.parametrize(
    "damaged",
    [
        "many",
        [{"leader": "Alex"}],
        [{**session_to_row(replace(make_session(), in_step=CLOSE))["in_step"][0], "in_step": 99}],
        [{**session_to_row(replace(make_session(), in_step=CLOSE))["in_step"][0], "median": "x"}],
        [{**session_to_row(replace(make_session(), in_step=CLOSE))["in_step"][0], "breaths": -1}],
        [None, 3],
    ],
)
def test_a_damaged_entry_is_left_out_and_the_session_still_reads(damaged):
    row = {**session_to_row(make_session()), "in_step": damaged}
    assert readable(row)
    assert row_to_session(row).in_step == ()


def test_the_detail_says_it_in_words():
    lines = detail_lines(replace(make_session(), in_step=CLOSE))
    assert (
        "Sam followed Alex within half a second on 14 of 16 breaths, typically 0.2 s after."
        in lines
    )
    assert "Sam led 12 breaths; Alex did not tap along this time." in lines
