"""The rewritten log storage (earlier files, reading across them, streaming import, its
messages), pinned where mutation testing found it untested: what a person would notice is a
session lost or shown twice, a wrong count, a damaged file overwritten, or a message that
misleads."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
from datetime import timedelta

import pytest

from coreg.log import Kind, LogError, SessionLog
from coreg.log import archive as earlier
from coreg.log import file as storage
from tests.helpers_earlier import ROLL_AT, SEGMENT, files, fill, folder
from tests.helpers_store import make_session


@pytest.fixture(autouse=True)
def small_files(monkeypatch):
    monkeypatch.setattr(earlier, "ROLL_AT", ROLL_AT)
    monkeypatch.setattr(earlier, "SEGMENT", SEGMENT)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "log.json"


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
    steps = ("steps_completed", "steps_skipped", "steps_total")
    assert {r[c] for r in table for c in steps} == {""}  # a break has no steps


def test_the_csv_has_columns_for_two_partners_unless_a_session_has_more():
    from coreg.log import CheckIn, Partner
    from coreg.log.exchange import export_csv

    solo = make_session(1, partners=(Partner("Alex\ud800", CheckIn(4), CheckIn(2)),))
    head, row = list(csv.reader(io.StringIO(export_csv([solo]))))
    assert [c for c in head if c.endswith("_name")] == ["partner1_name", "partner2_name"]
    assert row[head.index("partner1_name")] == "Alex\ufffd"  # a lone surrogate, replaced
    trio = make_session(2, partners=(*solo.partners, Partner("Sam"), Partner("Kim")))
    head = next(csv.reader(io.StringIO(export_csv([trio]))))
    assert [c for c in head if c.endswith("_name")] == [f"partner{n}_name" for n in (1, 2, 3)]


def test_the_json_export_names_each_field():
    from coreg import __version__
    from coreg.log.exchange import export_json

    data = json.loads(export_json([make_session(1)], now=make_session(1).started_at))
    assert list(data) == ["coreg", "format", "exported_at", "app_version", "sessions"]
    assert data["app_version"] == __version__
    assert data["exported_at"] == "2025-03-03T21:00:00+01:00"


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


def test_sessions_imported_into_earlier_files_are_readable_and_recent(path, tmp_path):
    other = tmp_path / "other.json"
    fill(other, 45)
    with SessionLog(other) as log:
        export = log.export()
    with SessionLog(path) as log:
        assert log.import_(export).added == 45
    assert files(path)  # what the summary says of them, believed from here on
    with SessionLog(path) as log:
        assert log.unreadable == 0
        assert [s.id for s in log.recent(45)] == [make_session(n).id for n in reversed(range(45))]


def test_a_session_in_two_files_of_another_log_is_imported_once(path, tmp_path):
    other = tmp_path / "laptop" / "log.json"
    other.parent.mkdir()
    fill(other, 45)
    in_log = json.loads(other.read_text())["sessions"]
    assert len(in_log) == 15
    cut_short = json.loads((folder(other) / "000001.json").read_text())
    cut_short["sessions"]["99"] = next(iter(in_log.values()))  # a move cut short: in both
    with SessionLog(path) as log:
        result = log.import_(other.read_text(), json.dumps(cut_short))
        assert (result.added, result.skipped) == (15 + SEGMENT, 1)
        assert len(log.all()) == log.count() == 25


def test_the_summary_is_believed_while_its_file_is_unchanged(path):
    fill(path, 45)
    summary = folder(path) / "summary.json"
    data = json.loads(summary.read_text())
    data["files"]["000001.json"]["count"] = 11  # a file with no unreadable rows...
    summary.write_text(json.dumps(data))
    with SessionLog(path) as log:  # ...is not read again to count it
        assert log.count() == 46


def test_an_earlier_file_changed_by_another_coreg_is_read_again(path):
    from dataclasses import replace

    fill(path, 45)
    with SessionLog(path) as here, SessionLog(path) as there:
        assert here.get(make_session(0).id).note == ""
        there.record(replace(make_session(0), note="from the other window"))
        assert here.get(make_session(0).id).note == "from the other window"
        assert here.all()[0].note == "from the other window"


def test_an_earlier_file_damaged_where_its_size_and_time_still_match_is_set_aside(path):
    fill(path, 45)
    target = folder(path) / "000002.json"
    was = target.stat()
    with open(target, "r+b") as handle:  # one byte turned, the size and the time kept
        handle.write(b"\xff")
    os.utime(target, ns=(was.st_atime_ns, was.st_mtime_ns))
    with SessionLog(path) as log:
        assert [s.id for s in log.all()] == [
            make_session(n).id for n in (*range(10), *range(20, 45))
        ]
        (aside,) = folder(path).glob("000002.damaged-*.json")
        assert log.notice == (
            "A file of earlier sessions could not be read: it is not text (it holds bytes that "
            f"are not UTF-8). It was moved to {aside}, so nothing in it is lost; the other "
            "sessions are all here."
        )
        assert log.count() == 35 and log.get(make_session(10).id) is None


def test_a_damaged_earlier_file_is_named_and_its_damage_worded(path):
    fill(path, 45)
    (folder(path) / "000002.json").write_text('{"sessions": [1, 2]}')
    with SessionLog(path) as log:
        assert log.count() == 35
        (aside,) = folder(path).glob("000002.damaged-*.json")
        assert log.notice.startswith(
            "A file of earlier sessions could not be read: its table 'sessions' is not a table of "
            "documents."
        )
        assert f"It was moved to {aside}, so nothing in it is lost" in log.notice


def test_an_empty_earlier_file_is_empty_not_damaged(path):
    fill(path, 45)
    (folder(path) / "000004.json").write_text("")
    with SessionLog(path) as log:
        assert log.count() == 45 and log.notice is None
        log.record(make_session(45))
        assert log.count() == 46 and log.notice is None
    assert not list(folder(path).glob("*damaged*"))


def test_a_session_id_stored_with_spaces_is_found_typed_without(path):
    from coreg.log import rows

    row = rows.session_to_row(make_session(1))
    row["id"] = f"  {row['id']}  "
    path.write_text(json.dumps({"meta": {"1": {"format": rows.FORMAT}}, "sessions": {"1": row}}))
    with SessionLog(path) as log:
        assert log.get(make_session(1).id).started_at == make_session(1).started_at
        assert log.delete(make_session(1).id) and log.count() == 0


# ---------------------------------------------------------------------------- reading an import


def an_export(count=3):
    from coreg.log.exchange import export_json

    return export_json([make_session(n) for n in range(count)])


def test_a_usual_export_or_log_is_read_one_session_at_a_time(monkeypatch, path):
    from coreg.log import exchange

    fill(path, 3)
    log_text = path.read_text()
    compact = json.dumps(json.loads(an_export()), separators=(",", ":"))
    spaced = "\n  " + an_export().replace(": ", " :  ").replace(",\n", " ,\n")

    def whole(*args, **kwargs):
        raise AssertionError("read whole")

    monkeypatch.setattr(exchange.json, "loads", whole)
    for text in (an_export(), compact, spaced, log_text):
        assert [s.id for s in exchange.iter_import(text)] == [make_session(n).id for n in range(3)]
    head, start = exchange._stream(compact)
    assert head["coreg"] == "sessions" and head["sessions"] == [] and compact[start] == "["
    head, start = exchange._stream(log_text)
    assert head == {"meta": {"1": {"format": 3}}, "sessions": {}} and log_text[start] == "{"


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '{"a": 1} x',
        '{"coreg": "sessions"}',
        '{"sessions": 5}',
        "{1: 2}",
        '{"a" 1}',
        '{"a": 1 "b": 2}',
    ],
)
def test_what_is_not_laid_out_as_usual_is_read_whole(text):
    from coreg.log.exchange import _stream

    assert _stream(text) is None


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"sessions": {"1": {}, 2: {}}}', "line 1, column 24"),
        ('{"sessions": {"1" {}}}', "line 1, column 19"),
        ('{"sessions": {"1": {}\n "2": {}}}', "line 2, column 2"),
        ('{"sessions": [{}\n {}]}', "line 2, column 2"),
        ('{"coreg": "sessions", "format": 3, "sessions": [1, 2', "line 1, column 53"),
    ],
)
def test_bad_json_in_the_sessions_is_placed_by_line_and_column(text, where):
    from coreg.log.exchange import iter_import

    with pytest.raises(ValueError) as caught:
        list(iter_import(text))
    assert f"it is not valid JSON ({where})" in str(caught.value)


def test_an_export_up_to_the_size_limit_is_read_and_one_past_it_is_not():
    from coreg.log.exchange import MAX_IMPORT, iter_import, too_big_message

    empty = '{"coreg": "sessions", "format": 3, "sessions": []}'
    assert list(iter_import(empty + " " * (MAX_IMPORT - len(empty)))) == []
    with pytest.raises(ValueError) as caught:
        list(iter_import(empty + " " * (MAX_IMPORT - len(empty) + 1)))
    assert str(caught.value) == too_big_message()


def test_an_export_from_a_newer_coreg_says_to_update():
    from coreg.log.exchange import iter_import

    with pytest.raises(ValueError) as caught:
        list(iter_import('{"coreg": "sessions", "format": 99, "sessions": []}'))
    assert str(caught.value) == (
        "This export was written by a newer coreg (format 99; this one reads format 3). "
        "Update coreg to import it. Nothing was imported."
    )


def test_a_number_of_thousands_of_digits_is_refused_in_words():
    from coreg.log.exchange import iter_import

    session = json.loads(an_export(1))["sessions"][0]
    for layout in ('{"coreg": "sessions", "format": 3, "sessions": [S]}', "[S]"):
        text = layout.replace(
            "S", json.dumps(session).replace('"seconds": 360.0', '"seconds": ' + "9" * 5000)
        )
        with pytest.raises(ValueError) as caught:
            list(iter_import(text))
        assert "Nothing was imported." in str(caught.value)
        assert "9999" not in str(caught.value) and "limit" not in str(caught.value)


# ---------------------------------------------------------------------------- reading across files


def test_the_log_holds_its_limit_before_a_row_moves_out(path):
    fill(path, ROLL_AT)
    assert files(path) == []
    with SessionLog(path) as log:
        log.record(make_session(ROLL_AT))
        assert log.count() == ROLL_AT + 1
    assert files(path) == ["000001.json"]
    first = json.loads((folder(path) / "000001.json").read_text())["sessions"]
    assert sorted(row["id"] for row in first.values()) == [make_session(n).id for n in range(10)]


def test_the_newest_sessions_are_found_in_the_oldest_earlier_file(path):
    later = make_session(0).started_at + timedelta(days=100)
    with SessionLog(path) as log:  # the first ten typed in late, from notes: they are the newest
        for n in range(45):
            log.record(
                make_session(n, started_at=later + timedelta(hours=n))
                if n < 10
                else make_session(n)
            )
        assert [s.id for s in log.recent(3)] == [make_session(n).id for n in (9, 8, 7)]
        assert [s.id for s in log.recent(12)][10:] == [make_session(n).id for n in (44, 43)]


def test_an_earlier_file_with_no_readable_session_is_passed_over(path):
    fill(path, 45)
    target = folder(path) / "000002.json"
    data = json.loads(target.read_text())
    for row in data["sessions"].values():
        row["seconds"] = "long"
    target.write_text(json.dumps(data))
    with SessionLog(path) as log:
        assert log.unreadable == SEGMENT and log.count() == 45
        expected = [make_session(n).id for n in (*range(44, 19, -1), *range(9, -1, -1))]
        assert [s.id for s in log.recent(40)] == expected


def test_where_a_session_is_in_two_files_the_log_files_copy_is_shown_once(path):
    fill(path, 45)
    target = folder(path) / "000003.json"
    data = json.loads(target.read_text())
    in_log = json.loads(path.read_text())["sessions"]
    row = next(iter(in_log.values()))
    data["sessions"]["999"] = {**row, "note": "an older copy"}
    target.write_text(json.dumps(data))
    os.utime(target, ns=(1, 1))  # written before the log file: not a move cut short
    with SessionLog(path) as log:
        shown = [s for s in log.recent(45) if s.id == row["id"]]
        assert [s.note for s in shown] == [row["note"]]
        assert [s.note for s in log.all() if s.id == row["id"]] == [row["note"]]


def test_the_numbers_count_days_and_weeks_in_the_zone_asked_for(path):
    from datetime import UTC, datetime, timezone

    plus_one = timezone(timedelta(hours=1))
    monday = datetime(2026, 11, 23, 0, 30, tzinfo=plus_one)  # still Sunday in UTC
    with SessionLog(path) as log:
        log.record(make_session(1, started_at=monday))
        now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
        here = log.stats(now=now, weeks=2, zone=plus_one)
        assert [(w.week_start.day, w.sessions) for w in here.per_week] == [(16, 0), (23, 1)]
        there = log.stats(now=now, weeks=2, zone=UTC)
        assert [(w.week_start.day, w.sessions) for w in there.per_week] == [(16, 1), (23, 0)]


def test_an_accidental_start_saved_again_takes_back_its_earlier_save(path):
    from dataclasses import replace

    from coreg.log import CheckIn, Ending, Partner

    started = make_session(
        1,
        ending=Ending.ENDED_EARLY,
        seconds=3.0,
        partners=(Partner("Alex", CheckIn(6), CheckIn()),),
    )
    with SessionLog(path) as log:
        log.record(started)  # a check-in typed: it counts
        assert log.count() == 1
        log.record(replace(started, partners=(Partner("Alex", CheckIn(), CheckIn()),)))
        assert log.count() == 0 and log.get(started.id) is None


def test_a_log_that_cannot_be_saved_says_so_and_stays_as_it_was(path, monkeypatch):
    fill(path, 2)
    before = path.read_text()
    no_space(monkeypatch, path.parent)
    with SessionLog(path) as log:
        with pytest.raises(LogError) as caught:
            log.record(make_session(3))
        assert log.count() == 2
    assert str(caught.value).startswith("coreg could not save the session log (")
    assert str(caught.value).endswith(": No space left on device). The log on disk is as it was.")
    assert path.read_text() == before
