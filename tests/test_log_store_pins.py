"""The log's files as a user meets them: a row written twice counts once, an import numbers its
rows as TinyDB would, a damaged file is named for what it is, a FIFO is refused in words."""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import stat
import sys
from types import MappingProxyType

import pytest

from coreg.log import FORMAT, Kind, SessionLog, exchange, session_to_row
from coreg.log import file as storage
from coreg.log.regular import NotRegularFile, kind_of, open_regular
from tests.helpers_store import make_session, tinydb_rows


def write_log(path, rows: dict[str, object]) -> None:
    path.write_text(json.dumps({"meta": {"1": {"format": FORMAT}}, "sessions": rows}))


# ------------------------------------------------------------------ a session written twice


def test_a_session_written_twice_counts_once_and_the_later_row_wins(tmp_path):
    path = tmp_path / "log.json"
    first = session_to_row(make_session(1, note="first"))
    later = session_to_row(make_session(1, note="later"))
    other = session_to_row(make_session(2))
    write_log(path, {"1": first, "2": other, "3": later, "4": {"id": 5, "seconds": "x"}})
    log = SessionLog(path)
    assert [s.note for s in log.recent()] == ["", "later"]
    assert [s.note for s in log.all()] == ["later", ""]
    assert log.stats(now=make_session(3).started_at).sessions == 2
    assert log.unreadable == 1


def test_the_numbers_count_a_session_written_twice_once(tmp_path):
    path = tmp_path / "log.json"
    first = session_to_row(make_session(1, seconds=60.0))
    later = session_to_row(make_session(1, seconds=120.0))
    write_log(path, {"1": first, "2": later})
    stats = SessionLog(path).stats(now=make_session(3).started_at)
    assert stats.sessions == 1
    assert stats.minutes == pytest.approx(2.0)


def test_an_unreadable_row_with_an_id_is_not_found_as_a_session(tmp_path):
    path = tmp_path / "log.json"
    write_log(path, {"1": {"id": "broken-session", "seconds": "long"}})
    log = SessionLog(path)
    assert log.get("broken-session") is None
    assert log.unreadable == 1


# ------------------------------------------------------------------ import


def test_an_import_numbers_its_rows_one_after_another(tmp_path):
    log = SessionLog(tmp_path / "log.json")
    log.record(make_session(0))
    text = exchange.export_json([make_session(n) for n in (1, 2, 3)])
    result = log.import_(text)
    assert (result.added, result.skipped) == (3, 0)
    assert [d.doc_id for d in tinydb_rows(tmp_path / "log.json")] == [1, 2, 3, 4]


def test_a_compact_log_file_imports(tmp_path):
    rows = {"1": session_to_row(make_session(1)), "12": session_to_row(make_session(2))}
    text = json.dumps({"meta": {"1": {"format": FORMAT}}, "sessions": rows}, separators=(",", ":"))
    assert [s.id for s in exchange.iter_import(text)] == [make_session(n).id for n in (1, 2)]


def test_a_log_file_with_an_empty_document_id_imports():
    rows = {"": session_to_row(make_session(1))}
    text = json.dumps({"meta": {"1": {"format": FORMAT}}, "sessions": rows})
    assert [s.id for s in exchange.iter_import(text)] == [make_session(1).id]


def test_an_export_without_a_list_of_sessions_says_so():
    text = json.dumps({"coreg": "sessions", "format": FORMAT, "sessions": None})
    with pytest.raises(ValueError) as caught:
        list(exchange.iter_import(text))
    assert str(caught.value) == "This export has no list of sessions. Nothing was imported."


def test_a_number_python_is_set_not_to_read_is_refused_as_a_too_long_one_is():
    # PYTHONINTMAXSTRDIGITS can lower Python's digit limit far below coreg's own: such a number
    # is refused with its session, as one of more than coreg's 4,000 digits is
    row = session_to_row(make_session(1, details=MappingProxyType({"n": 1})))
    text = json.dumps({"coreg": "sessions", "format": FORMAT, "sessions": [row]})
    text = text.replace('"n": 1', '"n": ' + "9" * 1000)
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        with pytest.raises(ValueError) as caught:
            list(exchange.iter_import(text))
    finally:
        sys.set_int_max_str_digits(limit)
    too_long = text.replace("9" * 1000, "9" * 5000)
    with pytest.raises(ValueError) as beyond:
        list(exchange.iter_import(too_long))
    assert str(caught.value) == str(beyond.value)
    assert str(caught.value).startswith("Session 1 in this file cannot be read: 'details'['n']")


def test_a_pause_lists_who_the_strap_found_flooded_in_one_cell():
    pause = make_session(
        1,
        kind=Kind.PAUSE,
        details=MappingProxyType({"planned_minutes": 20, "strap_flooded": ["Alex", "Sam"]}),
    )
    table = list(csv.DictReader(io.StringIO(exchange.export_csv([pause]))))
    assert table[0]["strap_flooded"] == "Alex, Sam"


# ------------------------------------------------------------------ reading a log file


def test_an_integer_past_pythons_digit_limit_reads_as_infinity():
    digits = "9" * 5000
    tables = storage.load_tables('{"sessions": {"1": {"n": ' + digits + "}}}")
    assert tables["sessions"]["1"]["n"] == math.inf


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "it is nested too deeply to be a log"),
        ("[1, 2]", "it is JSON, but not laid out as a log of tables and records"),
        ('{"sessions": {"one": {}}}', "its table 'sessions' has a document id 'one'"),
        ('{"sessions": {"1": 5}}', "its table 'sessions' holds something that is not a record"),
    ],
    ids=["nested too deeply", "a list", "a document id", "not a record"],
)
def test_a_damaged_log_is_named_for_what_it_is(text, reason):
    with pytest.raises(storage.DamagedFile) as caught:
        storage.load_tables(text)
    assert caught.value.reason == reason
    if not text.startswith("["):
        with pytest.raises(storage.DamagedFile) as parsed:
            storage.parse_tables(text)
        assert parsed.value.reason == reason


def test_a_log_file_ending_right_after_its_last_brace_reads():
    assert storage.parse_tables("{}") == {}
    assert storage.parse_tables('{"sessions": {}}') == {"sessions": {}}
    assert storage.parse_tables('{"a": {"1": {}}}')["a"]["1"][0] == {}


@pytest.mark.parametrize("text", ["{}x", '{"sessions": {}}}', '{"a": {"1": {}}}]'])
def test_one_stray_byte_after_the_last_brace_is_damage(text):
    with pytest.raises(storage.DamagedFile):
        storage.parse_tables(text)


# ------------------------------------------------------------------ not a regular file


def test_a_fifo_is_refused_in_words(tmp_path):
    fifo = tmp_path / "log.json"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile) as caught:
        os.close(open_regular(fifo))
    error = caught.value
    assert (error.errno, error.filename) == (errno.EINVAL, str(fifo))
    assert error.strerror == "it is a FIFO (a named pipe), not a regular file"


def test_each_kind_of_file_has_its_words():
    assert kind_of(stat.S_IFIFO) == "a FIFO (a named pipe)"
    assert kind_of(stat.S_IFCHR) == "a character device"
    assert kind_of(stat.S_IFBLK) == "a block device"
    assert kind_of(stat.S_IFSOCK) == "a socket"
    assert kind_of(stat.S_IFDIR) == "a folder"
    assert kind_of(stat.S_IFLNK) == "not a file"


def test_a_log_read_with_python_set_to_fewer_digits_does_not_fail(tmp_path):
    """A log holding a long number (under coreg's 4,000 digits) opens even when
    PYTHONINTMAXSTRDIGITS is set lower: the number reads as too long, never as an error."""
    path = tmp_path / "log.json"
    with SessionLog(path) as log:
        log.record(make_session(1, details=MappingProxyType({"n": 1})))
    path.write_text(path.read_text().replace('"n": 1', '"n": ' + "9" * 1000))
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        with SessionLog(path) as log:
            assert log.count() == 1
            assert len(log.recent(5)) <= 1
    finally:
        sys.set_int_max_str_digits(limit)
