"""The rewritten log storage (earlier files, reading across them, streaming import, its
messages), pinned where mutation testing found it untested: what a person would notice is a
session lost or shown twice, a wrong count, a damaged file overwritten, or a message that
misleads."""

from __future__ import annotations

import csv
import errno
import io
import json
import re
from datetime import timedelta

import pytest

from coreg.log import Kind, LogError, SessionLog
from coreg.log import archive as earlier
from coreg.log import file as storage
from tests.helpers_store import make_session

ROLL_AT, SEGMENT = 20, 10  # small, so a few dozen sessions make several earlier files


@pytest.fixture(autouse=True)
def small_files(monkeypatch):
    monkeypatch.setattr(earlier, "ROLL_AT", ROLL_AT)
    monkeypatch.setattr(earlier, "SEGMENT", SEGMENT)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "log.json"


def folder(path):
    return path.with_name("log.earlier")


def files(path):
    return sorted(p.name for p in folder(path).glob("[0-9]*.json"))


def fill(path, count):
    with SessionLog(path) as log:
        for n in range(count):
            log.record(make_session(n))


# ---------------------------------------------------------------------------- a damaged log


def test_a_log_from_a_newer_coreg_is_set_aside_under_its_format_and_the_notice_says_where(path):
    content = json.dumps({"meta": {"1": {"format": 99}}, "sessions": {"1": {"id": "future"}}})
    path.write_text(content)
    with SessionLog(path) as log:
        assert log.count() == 0
        aside = log.recovered
        assert aside is not None and aside.read_text() == content
        assert re.fullmatch(r"log\.format-99-\d{8}-\d{6}\.json", aside.name)
        assert log.notice.startswith(f"The session log at {path.absolute()} was written by")
        assert f"`coreg import {aside}`" in log.notice


def test_a_damaged_log_that_cannot_be_moved_aside_is_left_as_it_was_and_says_why(path, monkeypatch):
    path.write_text("{broken")

    def refuse(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(storage, "move_aside", refuse)
    with SessionLog(path) as log:
        with pytest.raises(LogError) as caught:
            log.record(make_session(1))
        reason = str(caught.value)
    assert reason.startswith(f"The session log at {path} cannot be read (it is not valid JSON")
    assert "could not move it aside (Permission denied)" in reason
    assert path.read_text() == "{broken"  # never overwritten


# ---------------------------------------------------------------------------- the CSV of a break


def test_a_breaks_pulse_and_patterns_in_the_csv():
    from coreg.log.exchange import export_csv

    def pause(n, **details):
        return make_session(
            n, kind=Kind.PAUSE, exercise_id="pause", exercise_title="Pause", details=details
        )

    sessions = [
        pause(1, pulse_bpm=112, pulse_flooded=True, patterns=["box", "4-7-8"]),
        pause(2, pulse_bpm=84, pulse_flooded=False, pattern="box"),
        pause(3),
    ]
    table = list(csv.DictReader(io.StringIO(export_csv(sessions))))
    cells = [(r["pulse_bpm"], r["pulse_flooded"], r["patterns"]) for r in table]
    assert cells == [("112", "yes", "box 4-7-8"), ("84", "no", "box"), ("", "", "")]


# ---------------------------------------------------------------------------- import


def test_a_file_too_big_to_be_an_export_says_how_big():
    from coreg.log.exchange import MAX_IMPORT, too_big_message

    assert MAX_IMPORT == 64 * 1024 * 1024
    assert too_big_message(1000 * 1024 * 1024) == (
        "This file is 1000 MB; a coreg export of even 100,000 sessions is smaller than 64 MB, "
        "so it is not one. Nothing was imported."
    )
    assert too_big_message().startswith("This file is too big; a coreg export")


# ---------------------------------------------------------------------------- formats


def test_a_log_two_formats_old_gets_each_step_up_in_turn(path, monkeypatch):
    from coreg.log import rows

    old = {"meta": {"1": {"format": 1}}, "sessions": {"1": rows.session_to_row(make_session(1))}}
    old["sessions"]["1"]["note"] = "format 1"
    path.write_text(json.dumps(old))

    def step(to):
        def up(tables):
            for row in tables["sessions"].values():
                row["note"] += f", then {to}"

        return up

    monkeypatch.setattr(rows, "MIGRATIONS", {1: step(2), 2: step(3)})
    with SessionLog(path) as log:
        assert log.get(make_session(1).id).note == "format 1, then 2, then 3"
    assert json.loads(path.read_text())["meta"] == {"1": {"format": rows.FORMAT}}


def test_an_old_log_that_cannot_be_backed_up_is_left_as_it_was(path, monkeypatch):
    from coreg.log import rows

    old = {"meta": {"1": {"format": 1}}, "sessions": {"1": rows.session_to_row(make_session(1))}}
    path.write_text(json.dumps(old))
    before = path.read_text()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path.parent / "copy"))

    monkeypatch.setattr(storage, "copy_aside", full)
    with SessionLog(path) as log, pytest.raises(LogError) as caught:
        log.count()
    assert str(caught.value) == (
        f"coreg could not back up the session log ({path.parent / 'copy'}: "
        "No space left on device)."
    )
    assert path.read_text() == before


# ---------------------------------------------------------------------------- earlier files


def no_space(monkeypatch, where):
    """Writing any file in ``where`` fails as on a full disk."""
    write = storage.write_atomic

    def refuse(target, text):
        if where in target.parents:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return write(target, text)

    monkeypatch.setattr(storage, "write_atomic", refuse)


def test_an_earlier_session_that_cannot_be_saved_says_so_and_stays_as_it_was(path, monkeypatch):
    from dataclasses import replace

    fill(path, 45)
    first = folder(path) / "000001.json"
    before = first.read_text()
    no_space(monkeypatch, folder(path))
    with SessionLog(path) as log:
        with pytest.raises(LogError) as caught:
            log.record(replace(make_session(0), note="changed"))
        assert str(caught.value) == (
            f"coreg could not save the session log ({first}: No space left on device). "
            "The log on disk is as it was."
        )
        assert log.get(make_session(0).id).note == ""
    assert first.read_text() == before


def test_earlier_sessions_that_cannot_be_deleted_say_so(path, monkeypatch):
    fill(path, 45)

    def refuse(self):
        raise OSError(errno.EACCES, "Permission denied", str(folder(path) / "000001.json"))

    monkeypatch.setattr(earlier.Archive, "clear", refuse)
    with SessionLog(path) as log, pytest.raises(LogError) as caught:
        log.delete_all()
    assert str(caught.value) == (
        "coreg could not delete the earlier sessions of the session log "
        f"({folder(path) / '000001.json'}: Permission denied)."
    )


def test_the_numbers_follow_a_change_to_an_earlier_file(path):
    fill(path, 45)
    now = make_session(0).started_at + timedelta(days=3)
    with SessionLog(path) as log:
        assert log.stats(now=now).sessions == 45
        assert log.delete(make_session(0).id)
        assert log.stats(now=now).sessions == 44


def test_emptying_an_earlier_file_keeps_the_summary_of_the_others(path):
    fill(path, 45)
    with SessionLog(path) as log:
        for n in range(SEGMENT):
            log.delete(make_session(n).id)
    summary = json.loads((folder(path) / "summary.json").read_text())
    assert sorted(summary["files"]) == files(path) == ["000002.json", "000003.json"]
    assert [summary["files"][n]["count"] for n in files(path)] == [SEGMENT, SEGMENT]
