"""``coreg history``, ``export``, ``import`` and ``delete``, as a person types them."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from coreg.cli import main
from coreg.log import CheckIn, Kind, Partner, SessionLog
from tests.helpers_store import make_session


def run(*argv: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    return done.value.code


@pytest.fixture
def db(tmp_path):
    return tmp_path / "somewhere" / "log.json"


# "Now" for these tests: a Wednesday afternoon, never the real clock (a session three hours ago
# must be in this week whatever the day the suite runs). The stats command is told the same.
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr("coreg.commands.log.stats_now", lambda: NOW)
    return NOW


@pytest.fixture
def filled(db):
    log = SessionLog(db)
    for n in range(3):
        log.record(make_session(n, started_at=NOW - timedelta(hours=3 - n)))
    return log


def test_history_shows_a_table_of_recent_sessions(filled, db, capsys):
    assert run("history", "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert "Heartbeat Connection" in out and "6m" in out and "finished" in out
    assert "Alex 7 → 3" in out and "Sam 5 → 4" in out
    assert make_session(2).id[:8] in out  # enough of the id for `coreg delete`


def test_history_limit_and_json(filled, db, capsys):
    assert run("history", "--db", str(db), "--limit", "2", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in data] == [make_session(2).id, make_session(1).id]
    assert data[0]["partners"][0]["before"]["distress"] == 7 and data[0]["flags"] == []


def test_history_reads_coreg_db_from_the_environment(filled, db, capsys, monkeypatch):
    monkeypatch.setenv("COREG_DB", str(db))
    assert run("history", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_history_of_an_empty_log_says_so_kindly(db, capsys):
    assert run("history", "--db", str(db)) == 0
    assert "No sessions yet" in capsys.readouterr().out
    assert not db.exists()


def test_history_flags_a_pause_longer_than_a_day(db, capsys):
    start = NOW - timedelta(days=2)
    pause = make_session(
        1, kind=Kind.PAUSE, exercise_id="pause", exercise_title="Pause", started_at=start
    )
    SessionLog(db).record(replace(pause, ended_at=start + timedelta(hours=30)))
    assert run("history", "--db", str(db)) == 0
    assert "over 24 h" in capsys.readouterr().out
    assert run("history", "--db", str(db), "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["flags"] == ["pause-over-24h"]


def test_names_are_shown_as_written_never_as_markup(db, capsys):
    odd = "[bold]Rob[/bold] [@click=app.quit]"
    SessionLog(db).record(make_session(1, partners=(Partner(odd, CheckIn(5), CheckIn(3)),)))
    assert run("history", "--db", str(db)) == 0
    assert run("history", "--db", str(db), "--stats") == 0
    out = capsys.readouterr().out
    assert out.count(odd) == out.count("Rob") >= 3  # table, average, what helps


def test_history_stats(filled, db, capsys):
    assert run("history", "--db", str(db), "--stats") == 0
    out = capsys.readouterr().out
    assert "3 sessions, 18m practised" in out
    assert "Alex: 4.0 calmer after, on average" in out
    assert "Heartbeat Connection" in out
    assert run("history", "--db", str(db), "--stats", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"] == 3 and data["avg_change"] == {"Alex": 4.0, "Sam": 1.0}
    assert len(data["per_week"]) == 12 and data["per_week"][-1]["sessions"] == 3


def test_history_stats_just_after_midnight_on_a_monday_counts_sunday_in_last_week(
    db, capsys, monkeypatch
):
    monday = datetime(2026, 11, 23, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    monkeypatch.setattr("coreg.commands.log.stats_now", lambda: monday)
    log = SessionLog(db)
    for n in range(3):  # Sunday 21:30, 22:30, 23:30
        log.record(make_session(n, started_at=monday - timedelta(hours=3 - n)))
    assert run("history", "--db", str(db), "--stats", "--json") == 0
    weeks = json.loads(capsys.readouterr().out)["per_week"]
    assert [w["sessions"] for w in weeks[-2:]] == [3, 0]
    assert weeks[-1]["week_start"] == "2026-11-23"


def test_a_bad_limit_is_a_plain_message(db, capsys):
    assert run("history", "--db", str(db), "--limit", "0") == 2
    assert capsys.readouterr().err.startswith("coreg: --limit")


def test_export_to_a_private_file_and_import_elsewhere(filled, db, tmp_path, capsys):
    target = tmp_path / "backup.json"
    assert run("export", "--db", str(db), "-o", str(target)) == 0
    assert "Exported 3 sessions" in capsys.readouterr().err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    other = tmp_path / "other.json"
    assert run("import", "--db", str(other), str(target)) == 0
    assert capsys.readouterr().out.strip() == "Imported 3 sessions."
    assert run("import", "--db", str(other), str(target)) == 0
    assert "all 3 sessions were already in the log" in capsys.readouterr().out
    assert SessionLog(other).recent() == filled.recent()


def test_export_csv_to_the_screen(filled, db, capsys):
    assert run("export", "--db", str(db), "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,kind,exercise_id") and len(lines) == 4


def test_a_bad_import_file_is_refused_and_nothing_changes(filled, db, tmp_path, capsys):
    before = db.read_bytes()
    for content in (b"not json", b"\xff\xfe\x00", b'{"coreg": "sessions", "format": 9}'):
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        assert run("import", "--db", str(db), str(bad)) != 0
        err = capsys.readouterr().err
        assert err.startswith("coreg: ") and "Nothing was imported" in err
        assert "Traceback" not in err
    assert run("import", "--db", str(db), str(tmp_path / "missing.json")) == 2
    assert "no such file" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_delete_one_session_by_the_start_of_its_id(filled, db, capsys):
    assert run("delete", "--db", str(db), make_session(1).id[:8]) == 0
    assert "Deleted the session of" in capsys.readouterr().out
    assert SessionLog(db).get(make_session(1).id) is None and SessionLog(db).count() == 2
    assert run("delete", "--db", str(db), make_session(1).id[:8]) == 2
    assert "no session has the id" in capsys.readouterr().err


def test_delete_all_without_a_terminal_needs_yes(filled, db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run("delete", "--db", str(db), "--all") == 2
    assert "--yes" in capsys.readouterr().err
    assert SessionLog(db).count() == 3
    assert run("delete", "--db", str(db), "--all", "--yes") == 0
    assert "Deleted all 3 sessions." in capsys.readouterr().out
    assert SessionLog(db).count() == 0


@pytest.mark.parametrize(("answer", "left"), [("y", 0), ("", 3), ("no", 3)])
def test_delete_all_asks_first_on_a_terminal(filled, db, capsys, monkeypatch, answer, left):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    run("delete", "--db", str(db), "--all")
    assert asked == ["Delete all 3 sessions? [y/N] "]
    assert SessionLog(db).count() == left


def test_a_damaged_log_is_reported_with_where_the_old_file_went(db, capsys):
    db.parent.mkdir(parents=True)
    db.write_text("{ not a log")
    assert run("history", "--db", str(db)) == 0
    err = capsys.readouterr().err
    (aside,) = [p for p in db.parent.iterdir() if ".damaged-" in p.name]
    assert str(aside) in err and "nothing in it is lost" in err
    assert aside.read_text() == "{ not a log"
