"""A damaged log is never overwritten: it is moved aside, the person is told where, a new log
starts. An older format is migrated, keeping a copy of the file as it was."""

from __future__ import annotations

import json
import re

import pytest

from coreg.log import SessionLog, rows
from tests.helpers_store import make_session, tinydb_rows

GOOD = json.dumps({"meta": {"1": {"format": 1}}, "sessions": {}})

DAMAGED = {
    "not json": b"this is not a log\n",
    "cut short": GOOD.encode()[:-7],
    "trailing bytes after a shrinking write": GOOD.encode() + b'"}}, "2": {"id": "x"}}}',
    "not utf-8": b'{"sessions": {"1": {"id": "\xff\xfe"}}}',
    "a list, not tables": b"[1, 2, 3]",
    "a table that is a list": b'{"sessions": [{"id": "a"}]}',
    "a record that is a number": b'{"sessions": {"1": 5}}',
    "a document id that is not a number": b'{"sessions": {"first": {"id": "a"}}}',
    "a format that is not a number": b'{"meta": {"1": {"format": "one"}}, "sessions": {}}',
}


@pytest.fixture
def path(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "log.json"


def _asides(path):
    return sorted(p for p in path.parent.iterdir() if ".damaged-" in p.name or ".format-" in p.name)


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_moved_aside_and_a_new_log_starts(path, content):
    path.write_bytes(content)
    log = SessionLog(path)
    assert log.recent() == []

    (aside,) = _asides(path)
    assert aside.read_bytes() == content  # every byte kept
    assert log.recovered == aside
    assert str(aside) in log.notice and "could not be read" in log.notice
    assert re.fullmatch(r"log\.damaged-\d{8}-\d{6}\.json", aside.name)

    log.record(make_session(1))
    assert aside.read_bytes() == content  # and never written to afterwards
    assert [s.id for s in SessionLog(path).recent()] == [make_session(1).id]
    assert tinydb_rows(path)[0]["id"] == make_session(1).id


def test_a_log_from_a_newer_coreg_is_kept_aside_with_a_message_saying_so(path):
    content = json.dumps({"meta": {"1": {"format": 99}}, "sessions": {"1": {"id": "future"}}})
    path.write_text(content)
    log = SessionLog(path)
    log.record(make_session(1))
    (aside,) = _asides(path)
    assert aside.read_text() == content
    assert "newer coreg" in log.notice and "format 99" in log.notice
    assert str(aside) in log.notice and "coreg import" in log.notice


def test_the_damage_is_found_by_a_writer_too_and_each_file_gets_its_own_name(path):
    path.write_bytes(b"garbage one")
    SessionLog(path).record(make_session(1))
    path.write_bytes(b"garbage two")
    SessionLog(path).record(make_session(2))
    kept = {p.read_bytes() for p in _asides(path)}
    assert kept == {b"garbage one", b"garbage two"}


def test_an_empty_file_is_an_empty_log_not_damage(path):
    path.write_bytes(b"")
    log = SessionLog(path)
    log.record(make_session(1))
    assert log.notice is None and _asides(path) == []


def test_a_healthy_log_gives_no_notice(path):
    SessionLog(path).record(make_session(1))
    log = SessionLog(path)
    log.open()
    assert log.notice is None and log.recovered is None


def test_an_older_format_is_migrated_and_the_old_file_kept(path, monkeypatch):
    old = {"meta": {"1": {"format": 1}}, "sessions": {"1": rows.session_to_row(make_session(1))}}
    old["sessions"]["1"]["note"] = "written by format 1"
    path.write_text(json.dumps(old))

    def one_to_two(tables):
        for row in tables["sessions"].values():
            row["note"] = row["note"].replace("format 1", "format 1, migrated")

    monkeypatch.setattr(rows, "FORMAT", 2)
    monkeypatch.setattr(rows, "MIGRATIONS", {1: one_to_two})
    log = SessionLog(path)
    assert log.get(make_session(1).id).note == "written by format 1, migrated"
    assert json.loads(path.read_text())["meta"] == {"1": {"format": 2}}
    backup = path.with_name("log.before-format-2.json")
    assert json.loads(backup.read_text()) == old
    assert log.notice is None
