"""Stats that are right: breaks by kind and pattern, aligned sparklines, what helps; one time in
every view, from any zone."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from coreg.cli import main
from coreg.log import (
    CheckIn,
    Ending,
    Kind,
    Partner,
    SessionLog,
    compute_stats,
    detail_lines,
    history_row,
    length_text,
    when_text,
)
from coreg.tui.widgets.charts import distress_chart
from tests.helpers_store import T0, make_session

PARIS = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))
TOKYO = timezone(timedelta(hours=9))
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=PARIS)


@pytest.fixture
def frozen_now(monkeypatch):
    """The CLI reads the clock for 'today' and the weeks: give it a fixed moment instead."""

    class Fixed(datetime):
        @classmethod
        def now(cls, tz=None):
            return NOW.astimezone(tz)

    for module in ("coreg.log.present", "coreg.log.stats"):
        monkeypatch.setattr(f"{module}.datetime", Fixed)
    return NOW


def run(*argv: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    return done.value.code


def a_break(n: int, pattern: str, minutes: float, title: str, **details) -> object:
    return make_session(
        n,
        exercise_id="pause",
        exercise_title=title,
        kind=Kind.PAUSE,
        partners=(),
        steps_completed=0,
        steps_total=1,
        details={"planned_minutes": minutes, "pattern": pattern, **details},
    )


def test_breaks_are_grouped_by_kind_and_pattern_under_their_own_names():
    sessions = [
        a_break(0, "box", 20, "Time-out: Box breathing"),
        a_break(1, "box", 20, "Time-out: Box breathing"),
        a_break(2, "box", 0, "Breath timer: Box breathing"),
        a_break(3, "resonance-5", 20, "Time-out: Resonance breathing"),
        a_break(4, "extended-exhale", 20, "Time-out: Longer out-breath"),  # the latest
        make_session(5),
    ]
    stats = compute_stats(sessions, now=NOW)
    groups = {e.title: e.sessions for e in stats.per_exercise}
    assert groups == {
        "Time-out: Box breathing": 2,
        "Breath timer: Box breathing": 1,
        "Time-out: Six breaths a minute": 1,  # its own name, not its older shared one
        "Time-out: Longer out-breath": 1,
        "Heartbeat Connection": 1,
    }


def test_the_log_groups_breaks_the_same_way_from_its_rows(tmp_path):
    log = SessionLog(tmp_path / "log.json")
    for n, pattern in enumerate(("box", "box", "4-7-8")):
        log.record(a_break(n, pattern, 20, "Time-out: whatever it said"))
    titles = {e.title: e.sessions for e in log.stats(now=NOW).per_exercise}
    assert titles == {"Time-out: Box breathing": 2, "Time-out: 4-7-8 breathing": 1}


def test_sparklines_line_up_by_session_and_a_missing_check_in_is_a_gap():
    alone = (Partner("Alex", CheckIn(8), CheckIn(4)),)
    sam_before_only = (Partner("Alex", CheckIn(6), CheckIn(2)), Partner("Sam", CheckIn(5)))
    sessions = [
        make_session(0),  # Alex 7 → 3, Sam 5 → 4
        make_session(1, partners=alone),
        make_session(2, partners=sam_before_only),
        make_session(3),
    ]
    stats = compute_stats(sessions, now=NOW)
    assert stats.partners == ["Alex", "Sam"]
    assert [row.values["Sam"] for row in stats.recent_rows] == [
        (5, 4),
        (None, None),
        (5, None),
        (5, 4),
    ]
    lines = distress_chart(stats).plain.splitlines()
    alex_before, alex_after, sam_before, sam_after = lines[2:6]
    start = alex_before.index("before ") + len("before ")
    assert len(alex_before[start:]) == 4
    assert sam_before[start:] == "▅ ▅▅"
    assert sam_after[start:] == "▄  ▄"  # a gap where Sam gave no number
    assert alex_after[start:] == "▃▄▂▃"


def test_what_helps_each_partner_per_exercise_most_first():
    sessions = [
        make_session(0),  # heartbeat: Alex 4, Sam 1
        make_session(1),
        make_session(
            2,
            exercise_id="box",
            exercise_title="Box",
            partners=(
                Partner("Alex", CheckIn(9), CheckIn(2)),
                Partner("Sam", CheckIn(6), CheckIn(3)),
            ),
        ),
        make_session(3, exercise_id="hug", exercise_title="Hug", partners=(Partner("Sam"),)),
    ]
    stats = compute_stats(sessions, now=NOW)
    assert [e.title for e in stats.helped] == ["Box", "Heartbeat Connection"]  # Hug: no numbers
    box, heart = stats.helped
    assert box.avg_change == {"Alex": 7.0, "Sam": 3.0} and box.paired == {"Alex": 1, "Sam": 1}
    assert heart.avg_change == {"Alex": 4.0, "Sam": 1.0} and heart.paired == {"Alex": 2, "Sam": 2}
    assert heart.helped == pytest.approx(2.5)


def test_history_stats_prints_and_exports_what_helps(tmp_path, capsys, frozen_now):
    db = tmp_path / "log.json"
    log = SessionLog(db)
    log.record(make_session(0))
    log.record(make_session(1, exercise_id="box", exercise_title="Box", seconds=45.0))
    log.record(a_break(2, "box", 20, "Time-out: Box breathing"))
    assert run("history", "--db", str(db), "--stats") == 0
    out = capsys.readouterr().out
    assert "What helps you" in out
    assert "Time-out: Box breathing" in out and "45s" in out and " 0s" not in out
    assert run("history", "--db", str(db), "--stats", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    first = data["helped"][0]["partners"]["Alex"]
    assert first == {"avg_change": 4.0, "sessions": 1}


def test_lengths_under_a_minute_show_seconds_never_zero():
    assert [length_text(s) for s in (0.2, 3, 45, 59.4, 370, 1500)] == [
        "<1s",
        "3s",
        "45s",
        "59s",
        "6m 10s",
        "25m",
    ]


@pytest.mark.parametrize(
    ("zone", "when", "until"),
    [
        (PARIS, "Mon 20:00", "20:06"),
        (NEW_YORK, "Mon 14:00", "14:06"),
        (TOKYO, "Tue 04:00", "04:06"),
    ],
)
def test_one_log_viewed_from_two_zones_reads_the_same_everywhere(zone, when, until):
    session = make_session(0)  # Monday 3 March 2025, 20:00 at +01:00
    now = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)
    assert when_text(session.started_at, now, zone) == when
    assert history_row(session, now, zone)[0] == when
    lines = detail_lines(session, now, zone)
    assert f"{when} to {until}" in lines
    assert [line for line in lines if "UTC+01:00" in line and "recorded" in line]


def test_days_and_weeks_are_counted_in_the_viewers_zone():
    late = make_session(0, started_at=datetime(2025, 3, 9, 23, 30, tzinfo=PARIS))  # a Sunday
    now = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    in_paris = compute_stats([late], now=now, zone=PARIS)
    in_tokyo = compute_stats([late], now=now, zone=TOKYO)  # 07:30 on Monday there
    assert in_paris.per_week[-1].sessions == 0 and in_paris.per_week[-2].sessions == 1
    assert in_tokyo.per_week[-1].sessions == 1


def test_the_cli_shows_times_in_this_machines_zone(tmp_path, capsys, frozen_now):
    db = tmp_path / "log.json"
    SessionLog(db).record(make_session(0, ended_at=T0 + timedelta(minutes=6)))
    before = os.environ.get("TZ")
    for tz, clock in (("EST+5", "14:00"), ("JST-9", "04:00")):  # POSIX zones: no tz database
        os.environ["TZ"] = tz
        time.tzset()
        try:
            assert run("history", "--db", str(db)) == 0
        finally:
            if before is None:
                del os.environ["TZ"]
            else:
                os.environ["TZ"] = before
            time.tzset()
        out = capsys.readouterr().out
        assert clock in out, out
    assert Ending.COMPLETED.label in out


def test_the_csv_export_says_what_a_break_was_and_counts_no_steps(tmp_path):
    import csv
    import io

    log = SessionLog(tmp_path / "log.json")
    log.record(
        a_break(0, "box", 20, "Time-out", extended_minutes=10, pulse_bpm=112, pulse_flooded=True)
    )
    log.record(make_session(1))
    rows = list(csv.DictReader(io.StringIO(log.export("csv"))))
    pause, exercise = rows
    assert (pause["steps_completed"], pause["steps_total"]) == ("", "")
    assert pause["planned_minutes"] == "20" and pause["extended_minutes"] == "10"
    assert (pause["pulse_bpm"], pause["pulse_flooded"], pause["patterns"]) == ("112", "yes", "box")
    assert exercise["steps_total"] == "5" and exercise["pulse_bpm"] == ""


def test_an_accidental_start_is_not_kept_and_a_short_finished_one_is(tmp_path):
    from coreg.log import counts

    log = SessionLog(tmp_path / "log.json")
    quiet = (Partner("Alex"), Partner("Sam"))
    accidental = make_session(0, seconds=3.0, ending=Ending.INTERRUPTED, partners=quiet)
    log.record(replace(accidental, seconds=0.0))  # saved at its first step …
    log.record(accidental)  # … and quit 3 seconds in: gone
    assert log.count() == 0 and not counts(accidental)
    kiss = make_session(1, seconds=6.0, partners=quiet)  # finished: a session
    typed = make_session(2, seconds=3.0, ending=Ending.ENDED_EARLY)  # check-ins typed
    ten = make_session(3, seconds=10.0, ending=Ending.ENDED_EARLY, partners=quiet)
    noted = make_session(4, seconds=2.0, ending=Ending.INTERRUPTED, partners=quiet, note="hm")
    pause = a_break(5, "box", 20, "Time-out")
    for kept in (kiss, typed, ten, noted, replace(pause, seconds=0.0, partners=())):
        assert counts(kept)
        log.record(kept)
    assert log.count() == 5
