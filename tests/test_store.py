"""The session log: what goes in comes back, in a file TinyDB can read, kept private."""

from __future__ import annotations

import json
import os
import stat
import threading
from dataclasses import replace
from datetime import timedelta, timezone

import pytest
import tinydb

from coreg.log import CheckIn, Ending, Kind, LogError, Partner, SessionLog, State, rows
from tests.helpers_process import python_prints
from tests.helpers_store import T0, make_session, tinydb_rows


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "log.json"


def test_a_recorded_session_comes_back_whole(path):
    session = make_session(1, note="we laughed", details={"minutes": 20})
    SessionLog(path).record(session)
    again = SessionLog(path)
    assert again.get(session.id) == session
    assert again.recent() == [session]
    assert again.get(session.id).started_at.utcoffset() == timedelta(hours=1)


def test_recording_the_same_id_again_replaces_it(path):
    log = SessionLog(path)
    first = make_session(1, ending=Ending.INTERRUPTED, steps_completed=0)
    log.record(first)
    log.record(replace(first, steps_completed=3))
    log.record(replace(first, steps_completed=5, ending=Ending.COMPLETED))
    assert log.count() == 1
    assert SessionLog(path).get(first.id).ending is Ending.COMPLETED
    assert len(tinydb_rows(path)) == 1


def test_recent_is_newest_first_by_start_time_across_time_zones(path):
    log = SessionLog(path)
    early = make_session(1, started_at=T0)
    # Later in real time, though its clock reading (in UTC-5) looks earlier.
    later = make_session(
        2, started_at=(T0 + timedelta(hours=1)).astimezone(timezone(-timedelta(hours=5)))
    )
    latest = make_session(3, started_at=T0 + timedelta(days=1))
    for session in (later, latest, early):
        log.record(session)
    assert [s.id for s in SessionLog(path).recent()] == [latest.id, later.id, early.id]
    assert [s.id for s in SessionLog(path).recent(limit=2)] == [latest.id, later.id]


def test_plain_tinydb_reads_the_file_and_coreg_reads_what_tinydb_wrote(path):
    log = SessionLog(path)
    log.record(make_session(1))
    db = tinydb.TinyDB(path)
    assert [doc["id"] for doc in db.table("sessions").all()] == [make_session(1).id]
    assert db.table("meta").all() == [{"format": rows.FORMAT}]
    db.table("sessions").insert(rows.session_to_row(make_session(2)))
    db.close()
    assert {s.id for s in SessionLog(path).recent()} == {make_session(1).id, make_session(2).id}


def test_the_log_on_disk_is_private(path):
    SessionLog(path).record(make_session(1))
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.with_name("log.json.lock").stat().st_mode) == 0o600


def test_nothing_is_created_until_something_is_recorded(path):
    log = SessionLog(path)
    assert log.recent() == [] and log.stats().sessions == 0
    assert not path.parent.exists()


def test_get_accepts_a_unique_start_of_an_id(path):
    log = SessionLog(path)
    a = make_session(1, id="abcd1111" + "0" * 24)
    b = make_session(2, id="abcd2222" + "0" * 24)
    log.record(a)
    log.record(b)
    assert log.get("abcd1") == a
    assert log.get("ABCD2") == b
    assert log.get("abc") is None  # too short to be a prefix
    assert log.get("ffff") is None
    with pytest.raises(LogError, match="2 sessions"):
        log.get("abcd")


def test_delete_one_and_delete_all(path):
    log = SessionLog(path)
    for n in range(3):
        log.record(make_session(n))
    assert log.delete(make_session(1).id[:8])
    assert not log.delete(make_session(1).id)
    assert [s.id for s in SessionLog(path).recent()] == [make_session(2).id, make_session(0).id]
    assert log.delete_all() == 2
    assert SessionLog(path).count() == 0
    assert tinydb_rows(path) == []


def test_a_second_log_object_sees_what_the_first_wrote(path):
    reader, writer = SessionLog(path), SessionLog(path)
    assert reader.recent() == []
    writer.record(make_session(1))
    assert [s.id for s in reader.recent()] == [make_session(1).id]
    writer.record(replace(make_session(1), steps_completed=2))
    assert reader.get(make_session(1).id).steps_completed == 2
    writer.delete(make_session(1).id)
    assert reader.recent() == []


def test_a_row_that_cannot_be_read_is_kept_but_left_out(path):
    log = SessionLog(path)
    log.record(make_session(1))
    db = tinydb.TinyDB(path)
    db.table("sessions").insert({"id": "broken", "started_at": "yesterday"})
    db.close()
    log = SessionLog(path)
    assert [s.id for s in log.recent()] == [make_session(1).id]
    assert log.unreadable == 1 and log.count() == 2
    log.record(make_session(2))
    kept = [doc["id"] for doc in tinydb_rows(path)]
    assert "broken" in kept


def test_other_tables_in_the_file_are_kept(path):
    db = tinydb.TinyDB(path, create_dirs=True)
    db.table("notes").insert({"text": "kept"})
    db.close()
    SessionLog(path).record(make_session(1))
    assert tinydb_rows(path, "notes") == [{"text": "kept"}]


def test_record_from_several_threads_keeps_every_session(path):
    log = SessionLog(path)  # made on this thread, used from others, as the app does
    other = SessionLog(path)

    def work(offset, target):
        for n in range(offset, offset + 15):
            target.record(make_session(n))

    threads = [
        threading.Thread(target=work, args=(i * 100, log if i % 2 else other)) for i in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert SessionLog(path).count() == 60


def test_a_session_that_is_not_json_friendly_is_refused_before_writing(path):
    log = SessionLog(path)
    log.record(make_session(1))
    before = path.read_bytes()
    with pytest.raises(ValueError):
        log.record(make_session(2, seconds=float("nan")))
    assert path.read_bytes() == before


def test_naive_times_are_written_with_the_local_zone(path):
    naive = make_session(1, started_at=T0.replace(tzinfo=None))
    SessionLog(path).record(replace(naive, ended_at=naive.started_at + timedelta(minutes=1)))
    row = tinydb_rows(path)[0]
    assert row["started_at"][-6] in "+-" or row["started_at"].endswith("Z")


def test_states_and_empty_check_ins_survive(path):
    session = make_session(
        1,
        partners=(
            Partner("Alex", CheckIn(None, State.SHUT_DOWN), CheckIn()),
            Partner("Sam [bold]", CheckIn(0), CheckIn(10, State.SAFE)),
        ),
        kind=Kind.PAUSE,
    )
    SessionLog(path).record(session)
    assert SessionLog(path).get(session.id) == session


def test_importing_the_store_opens_nothing_and_needs_no_textual(tmp_path):
    code = (
        "import sys, coreg.log.store, coreg.commands.log;"
        "from coreg.log.store import SessionLog; SessionLog('x/log.json');"
        "bad = [m for m in ('textual', 'tinydb', 'rich') if m in sys.modules];"
        "print(bad)"
    )
    assert python_prints(code, cwd=tmp_path) == "[]"
    assert os.listdir(tmp_path) == []


def test_the_row_format_is_what_the_readme_documents(path):
    SessionLog(path).record(make_session(1))
    data = json.loads(path.read_text())
    assert set(data) == {"meta", "sessions"}
    row = data["sessions"]["1"]
    assert set(row) == {
        "id", "kind", "exercise_id", "exercise_title", "started_at", "ended_at", "ending",
        "steps_completed", "steps_total", "seconds", "partners", "note", "app_version", "details",
        "steps_skipped", "started_by",
    }  # fmt: skip
    assert row["partners"][0] == {
        "name": "Alex",
        "before": {"distress": 7, "state": "activated"},
        "after": {"distress": 3, "state": "safe"},
    }
    assert row["started_at"] == "2025-03-03T21:00:00+01:00"


def test_a_full_disk_is_a_plain_message_and_the_log_stays_as_it_was(path, monkeypatch):
    import errno

    from coreg.log import file as storage

    log = SessionLog(path)
    log.record(make_session(1))
    before = path.read_bytes()

    def full(target, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(storage, "write_atomic", full)
    with pytest.raises(LogError, match=r"No space left on device.*as it was"):
        log.record(make_session(2))
    assert path.read_bytes() == before
    assert [s.id for s in log.recent()] == [make_session(1).id]  # memory agrees with disk
    monkeypatch.undo()
    log.record(make_session(3))
    assert {s.id for s in SessionLog(path).recent()} == {make_session(1).id, make_session(3).id}
