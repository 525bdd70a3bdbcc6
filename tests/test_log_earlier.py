"""A long log keeps its older rows in earlier files beside it (coreg.log.archive): a save rewrites
only the small newest file, and every view reads the same sessions as from one file."""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from coreg.log import SessionLog, rows
from coreg.log import archive as earlier
from tests.helpers_earlier import ROLL_AT, SEGMENT, files, fill, folder
from tests.helpers_store import T0, make_session, tinydb_rows


@pytest.fixture(autouse=True)
def small_files(monkeypatch):
    monkeypatch.setattr(earlier, "ROLL_AT", ROLL_AT)
    monkeypatch.setattr(earlier, "SEGMENT", SEGMENT)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "log.json"


def whole_rows(path):
    """Every row in the log file and its earlier files, as plain TinyDB reads them."""
    found = tinydb_rows(path)
    for name in files(path):
        found += tinydb_rows(folder(path) / name)
    return found


def one_file_twin(tmp_path, sessions, monkeypatch):
    """The same sessions in a log that never moves rows out (the reference)."""
    monkeypatch.setattr(earlier, "ROLL_AT", 10**9)
    twin = tmp_path / "twin.json"
    with SessionLog(twin) as log:
        for s in sessions:
            log.record(s)
    monkeypatch.setattr(earlier, "ROLL_AT", ROLL_AT)
    return SessionLog(twin)


def test_a_long_log_moves_its_oldest_rows_out_and_keeps_every_session(path):
    fill(path, 45)
    assert len(tinydb_rows(path)) <= ROLL_AT  # the file a save rewrites stays small
    assert files(path) == ["000001.json", "000002.json", "000003.json"]
    ids = sorted(row["id"] for row in whole_rows(path))
    assert ids == sorted(make_session(n).id for n in range(45))  # each exactly once
    with SessionLog(path) as log:
        assert log.count() == 45 and log.unreadable == 0
        assert [s.id for s in log.recent(3)] == [make_session(n).id for n in (44, 43, 42)]
        assert [s.id for s in log.all()] == [make_session(n).id for n in range(45)]
        assert log.get(make_session(0).id) == make_session(0)
        assert log.get(make_session(1).id[:8]).id == make_session(1).id  # a unique start
        assert log.stats(now=T0 + timedelta(days=3)).sessions == 45
    assert (folder(path) / "000001.json").stat().st_mode & 0o777 == 0o600


def test_every_view_reads_as_one_file_would_with_starts_out_of_order(path, tmp_path, monkeypatch):
    rng = random.Random(7)
    sessions = [
        make_session(n, started_at=T0 + timedelta(hours=rng.randrange(-500, 500)))
        for n in range(57)
    ]
    with SessionLog(path) as log:
        for s in sessions:
            log.record(s)
    assert len(files(path)) >= 3
    twin = one_file_twin(tmp_path, sessions, monkeypatch)
    with SessionLog(path) as log, twin:
        for limit in (1, 5, 19, 20, 21, 40, 100):
            assert log.recent(limit) == twin.recent(limit), limit
        assert log.all() == twin.all()
        now = T0 + timedelta(days=30)
        assert log.stats(now=now) == twin.stats(now=now)
        assert log.count() == twin.count() == 57


def test_an_earlier_session_is_changed_and_deleted_in_its_own_file(path):
    fill(path, 45)
    first = make_session(0)
    before = {name: (folder(path) / name).read_text() for name in files(path)}
    with SessionLog(path) as log:
        log.record(replace(first, note="we laughed"))
        assert log.get(first.id).note == "we laughed" and log.count() == 45
    changed = [n for n in files(path) if (folder(path) / n).read_text() != before[n]]
    assert changed == ["000001.json"]  # only the file that holds it
    with SessionLog(path) as log:
        assert log.delete(make_session(3).id[:8]) is True
        assert log.get(make_session(3).id) is None and log.count() == 44
        assert log.get(first.id).note == "we laughed"


def test_delete_all_removes_the_earlier_files_too(path):
    fill(path, 45)
    with SessionLog(path) as log:
        assert log.delete_all() == 45
        assert log.count() == 0 and log.recent() == []
    assert files(path) == []
    fill(path, 2)
    with SessionLog(path) as log:
        assert log.count() == 2


@pytest.mark.parametrize("damage", ["{broken", "", '{"files": {"000001.json": {"key": "x"}}}'])
def test_a_missing_or_damaged_summary_is_rebuilt_from_the_files(path, damage):
    fill(path, 45)
    with SessionLog(path) as log:
        expected = (log.count(), log.recent(30), log.all())
    (folder(path) / "summary.json").write_text(damage)
    with SessionLog(path) as log:
        assert (log.count(), log.recent(30), log.all()) == expected
    (folder(path) / "summary.json").unlink()
    with SessionLog(path) as log:
        assert (log.count(), log.recent(30), log.all()) == expected


def test_a_summary_that_lies_is_not_believed_once_its_file_changed(path):
    fill(path, 45)
    summary = folder(path) / "summary.json"
    data = json.loads(summary.read_text())
    data["files"]["000001.json"]["count"] = 999
    summary.write_text(json.dumps(data))  # the file it describes is unchanged: believed...
    target = folder(path) / "000001.json"
    os.utime(target, ns=(1, 1))  # ...until the file itself changes
    with SessionLog(path) as log:
        assert log.count() == 45


def test_a_damaged_earlier_file_is_moved_aside_and_the_rest_still_read(path):
    fill(path, 45)
    broken = folder(path) / "000002.json"
    broken.write_text('{"sessions": {"1": ')
    with SessionLog(path) as log:
        assert log.count() == 35
        assert "could not be read" in log.notice and "moved to" in log.notice
        assert log.get(make_session(0).id) is not None
    aside = [p for p in folder(path).iterdir() if "damaged" in p.name]
    assert len(aside) == 1 and aside[0].read_text() == '{"sessions": {"1": '


def test_a_move_cut_short_leaves_copies_that_the_next_save_mends(path):
    fill(path, 45)
    log_rows = json.loads(path.read_text())
    copied = dict(list(log_rows["sessions"].items())[:4])  # as if the earlier file was written
    meta = {"1": {"format": rows.FORMAT}}
    (folder(path) / "000009.json").write_text(json.dumps({"meta": meta, "sessions": copied}))
    with SessionLog(path) as log:  # and the log file never rewritten
        assert len(log.all()) == 45 and len(log.recent(100)) == 45  # each session once
        log.record(make_session(100))
        assert log.count() == 46
    assert len(whole_rows(path)) == 46


def test_where_no_earlier_file_can_be_written_the_log_file_keeps_everything(path):
    folder(path).write_text("not a folder")  # the folder's name is taken by a file
    fill(path, 45)
    assert len(tinydb_rows(path)) == 45
    with SessionLog(path) as log:
        assert log.count() == 45 and len(log.all()) == 45


def test_an_import_fills_earlier_files_and_skips_what_any_file_holds(path, tmp_path):
    fill(path, 25)
    other = tmp_path / "other.json"
    fill(other, 60)
    with SessionLog(other) as log:
        export = log.export()
    with SessionLog(path) as log:
        result = log.import_(export)
        assert (result.added, result.skipped) == (35, 25)
        assert log.count() == 60 and len(log.all()) == 60
        assert log.import_(export).added == 0
    assert len(tinydb_rows(path)) <= ROLL_AT


def test_a_format_2_log_is_split_at_its_first_save_with_a_copy_kept(path, monkeypatch):
    monkeypatch.setattr(earlier, "ROLL_AT", 10**9)
    fill(path, 45)
    text = path.read_text()
    data = json.loads(text)
    data["meta"] = {"1": {"format": 2}}
    path.write_text(json.dumps(data))
    monkeypatch.setattr(earlier, "ROLL_AT", ROLL_AT)
    with SessionLog(path) as log:
        assert log.count() == 45  # reading migrates, under the lock
        log.record(make_session(45))
        assert log.count() == 46
    assert len(tinydb_rows(path)) <= ROLL_AT and files(path)
    assert json.loads(path.with_name("log.before-format-3.json").read_text())["sessions"]


def test_unreadable_rows_in_an_earlier_file_are_counted_and_kept(path):
    fill(path, 45)
    target = folder(path) / "000001.json"
    data = json.loads(target.read_text())
    first = next(iter(data["sessions"]))
    data["sessions"][first]["seconds"] = "long"
    target.write_text(json.dumps(data))
    with SessionLog(path) as log:
        assert log.unreadable == 1 and log.count() == 45 and len(log.all()) == 44
        log.record(make_session(200))
    assert json.loads(target.read_text())["sessions"][first]["seconds"] == "long"


def test_a_session_saved_again_reads_back_as_saved_last_from_the_same_log(path):
    with SessionLog(path) as log:
        log.record(make_session(1))
        log.record(replace(make_session(1), note="after"))
        assert log.get(make_session(1).id).note == "after"
        assert log.recent(1)[0].note == "after" and log.count() == 1


def test_coreg_import_of_another_computers_log_brings_its_earlier_files_too(path, tmp_path, capfd):
    from coreg.cli import main

    other = tmp_path / "laptop" / "log.json"
    other.parent.mkdir()
    fill(other, 45)
    assert files(other)  # some of its sessions are in earlier files
    with pytest.raises(SystemExit) as done:
        main(["import", "--db", str(path), str(other)])
    assert done.value.code == 0
    assert "Imported 45 sessions." in capfd.readouterr().out
    with SessionLog(path) as log:
        assert log.count() == 45 and len(log.all()) == 45


def test_a_log_that_is_a_symlink_keeps_its_earlier_files_beside_its_target(tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "log.json").write_text("")
    link = tmp_path / "data" / "log.json"
    link.parent.mkdir()
    link.symlink_to(synced / "log.json")
    fill(link, 45)
    assert files(synced / "log.json") and not folder(link).exists()
    with SessionLog(link) as log:
        assert log.count() == 45


def test_emptying_an_earlier_file_forgets_its_sessions(path):
    fill(path, 45)
    with SessionLog(path) as log:
        for n in range(SEGMENT):  # every session of the first earlier file
            assert log.delete(make_session(n).id)
        assert "000001.json" not in files(path)
        assert log.count() == 45 - SEGMENT
        assert log.get(make_session(0).id) is None
        log.record(make_session(0))  # saved again: a new session, in the log file
        assert log.count() == 46 - SEGMENT and log.get(make_session(0).id) is not None


def test_what_the_summary_keeps_of_rows(path):
    from coreg.log.archive import About, Entry, about

    good = json.loads(json.dumps(rows.session_to_row(make_session(2))))
    assert about(good) == About(make_session(2).id, True, make_session(2).started_at.timestamp())
    assert about({**good, "seconds": -1}) == About(make_session(2).id, False, None)
    assert about({"id": 5}) == About(None, False, None) and about([1]) == About(None, False, None)
    entry = Entry.of((1, 2, 3), [about(good), About("x", False, None), About(None, False, None)])
    assert entry == Entry((1, 2, 3), 3, 2, good and about(good).started, (good["id"], "x"))


@pytest.mark.parametrize(
    "bad",
    [
        {"key": [1, 2], "count": 1, "unreadable": 0, "newest": None, "ids": []},
        {"key": [1, 2, -3], "count": 1, "unreadable": 0, "newest": None, "ids": []},
        {"key": [1, 2, 3], "count": True, "unreadable": 0, "newest": None, "ids": []},
        {"key": [1, 2, 3], "count": 1, "unreadable": "0", "newest": None, "ids": []},
        {"key": [1, 2, 3], "count": 1, "unreadable": 0, "newest": "today", "ids": []},
        {"key": [1, 2, 3], "count": 1, "unreadable": 0, "newest": None, "ids": [1]},
        {"key": [1, 2, 3], "count": 1, "unreadable": 0, "newest": None, "ids": "abc"},
        {"key": [1, 2, 3], "count": 1, "unreadable": 0, "newest": None},
    ],
)
def test_a_summary_entry_of_the_wrong_shape_is_not_believed(bad):
    from coreg.log.archive import _entry

    with pytest.raises((TypeError, ValueError, KeyError)):
        _entry(bad)
    ok = {"key": [1, 2, 3], "count": 4, "unreadable": 1, "newest": 5.5, "ids": ["a"]}
    assert _entry(ok) == earlier.Entry((1, 2, 3), 4, 1, 5.5, ("a",))


def test_which_earlier_file_holds_a_session(path):
    fill(path, 45)
    arch = earlier.Archive(path)
    assert arch.owner_of(make_session(0).id) == "000001.json"
    assert arch.owner_of(make_session(25).id) == "000003.json"
    assert arch.owner_of(make_session(44).id) is None  # in the log file
    assert arch.owners()[make_session(12).id] == "000002.json"
    assert arch.written_since_log() == set()  # the log file was written last
    os.utime(folder(path) / "000002.json", ns=(2**62, 2**62))
    assert arch.written_since_log() == {make_session(n).id for n in range(10, 20)}


def test_files_that_are_not_plain_earlier_files_are_left_alone(path, tmp_path):
    fill(path, 25)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"sessions": {"1": rows.session_to_row(make_session(99))}}))
    (folder(path) / "000007.json").symlink_to(elsewhere)
    os.mkfifo(folder(path) / "000008.json")
    (folder(path) / "notes.json").write_text("{}")
    with SessionLog(path) as log:
        assert log.count() == 25 and log.get(make_session(99).id) is None
        log.record(make_session(30))
        assert log.count() == 26


def test_an_earlier_file_that_cannot_be_opened_is_named_and_kept(path, monkeypatch):
    fill(path, 45)
    locked = folder(path) / "000002.json"
    text = locked.read_text()
    real_open = earlier.open_regular

    def refuse(target, *args):  # as chmod 0 would, for anyone but root
        if Path(target).name == "000002.json":
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, *args)

    monkeypatch.setattr(earlier, "open_regular", refuse)
    with SessionLog(path) as log:
        assert len(log.all()) == 35  # the summary still counts them: they are there, kept
        assert "could not be opened" in log.notice and "Permission denied" in log.notice
        assert "000002.json" in log.notice
        log.record(make_session(100))
    assert locked.read_text() == text  # never moved aside or rewritten
    monkeypatch.setattr(earlier, "open_regular", real_open)
    with SessionLog(path) as log:
        assert log.count() == 46 and log.notice is None
