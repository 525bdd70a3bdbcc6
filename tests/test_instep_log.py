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


# -- history over the weeks, per pair of roles -------------------------------------------


def test_in_step_week_by_week_per_pair_of_roles():
    from datetime import timedelta

    from coreg.log import in_step_lines, in_step_weeks
    from tests.helpers_store import T0

    alex_leads = Closeness("Alex", "Sam", 10, 9, 8, 0.2)
    sam_leads = Closeness("Sam", "Alex", 6, 6, 3, -0.4)
    sessions = [
        replace(make_session(0), in_step=(alex_leads, sam_leads)),  # Monday 3 March
        replace(make_session(1, started_at=T0 + timedelta(days=2)), in_step=(alex_leads,)),
        replace(make_session(2, started_at=T0 + timedelta(days=7)), in_step=(sam_leads,)),
        replace(make_session(3, started_at=T0 - timedelta(weeks=20)), in_step=(sam_leads,)),
        make_session(4),  # no led step: nothing to add
    ]
    now = T0 + timedelta(days=9)
    weeks = in_step_weeks(sessions, now)
    assert [
        (w.leader, w.follower, w.week_start.isoformat(), w.breaths, w.in_step) for w in weeks
    ] == [
        ("Alex", "Sam", "2025-03-03", 20, 16),
        ("Sam", "Alex", "2025-03-03", 6, 3),
        ("Sam", "Alex", "2025-03-10", 6, 3),
    ]  # the session 20 weeks back is outside the 12 weeks shown
    assert in_step_lines(weeks) == [
        "Sam following Alex: 3 Mar 16 of 20",
        "Alex following Sam: 3 Mar 3 of 6 · 10 Mar 3 of 6",
    ]


async def test_the_history_shows_it_with_what_helps(tmp_path):
    from tests.app_helpers import FIXED_NOW, make_app

    app = make_app(tmp_path)
    session = replace(
        make_session(0, started_at=FIXED_NOW), in_step=(Closeness("Alex", "Sam", 16, 15, 14, 0.2),)
    )
    app.session_log.record(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        text = str(app.screen.query_one("#stats-in-step").render())
        assert "Breathing in step" in text
        assert "Sam following Alex: 23 Nov 14 of 16" in text
