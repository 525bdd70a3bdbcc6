"""The log's record of a session, pinned where mutation testing found it untested (only the app
used these builders, and the app's tests are too slow to run for every mutant)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

import coreg
from coreg.library import Choice, Exercise, Repeat, Step
from coreg.log import CheckIn, Ending, Kind, SessionLog, State, exercise_session, with_after

ZONE = timezone(timedelta(hours=1))
START = datetime(2026, 11, 23, 21, 0, tzinfo=ZONE)

HUG = Exercise(
    "hug",
    "Hug",
    "Hold on",
    steps=(
        Step("Settle", 30, say="Sit"),
        Step("Hug", 20, say="Hug", choice="hug"),
        Repeat(2, (Step("Speak", 60, say="Speak"),)),
    ),
    choices=(Choice("hug", "Hug length", (20.0, 30.0), 30.0),),
)


def test_an_exercise_session_records_who_what_and_how_far():
    before = (CheckIn(7, State.ACTIVATED), CheckIn(5))
    session = exercise_session(
        HUG,
        ("Alex", "Sam"),
        before,
        session_id="s" * 32,
        started_at=START,
        ended_at=START + timedelta(minutes=2),
        ending=Ending.ENDED_EARLY,
        steps_completed=2,
        seconds=61.26,
        details={"paused_seconds": 3.0},
    )
    assert session.id == "s" * 32
    assert (session.exercise_id, session.exercise_title) == ("hug", "Hug")
    assert session.started_at == START and session.ended_at == START + timedelta(minutes=2)
    assert session.ending is Ending.ENDED_EARLY and session.kind is Kind.EXERCISE
    assert (session.steps_completed, session.steps_total) == (2, 4)
    assert session.seconds == 61.3  # to a tenth of a second
    assert [(p.name, p.before, p.after) for p in session.partners] == [
        ("Alex", CheckIn(7, State.ACTIVATED), CheckIn()),
        ("Sam", CheckIn(5), CheckIn()),
    ]
    assert session.app_version == coreg.__version__
    assert session.details == {"paused_seconds": 3.0, "lengths": {"hug": 20}}
    assert session.note == ""


def test_a_solo_session_keeps_only_the_named_partner_and_missing_check_ins_are_empty():
    session = exercise_session(
        HUG,
        ("Alex", ""),
        (),
        session_id="t" * 32,
        started_at=START,
        ended_at=START,
        ending=Ending.INTERRUPTED,
    )
    assert [(p.name, p.before) for p in session.partners] == [("Alex", CheckIn())]
    assert (session.steps_completed, session.seconds) == (0, 0.0)
    assert session.details == {"lengths": {"hug": 20}}


def test_after_check_ins_and_the_note_are_added_to_each_partner():
    session = exercise_session(
        HUG,
        ("Alex", "Sam", "Kim"),
        (CheckIn(7), CheckIn(5), CheckIn(4)),
        session_id="u" * 32,
        started_at=START,
        ended_at=START,
        ending=Ending.COMPLETED,
    )
    done = with_after(session, (CheckIn(3, State.SAFE), CheckIn(2)), "felt close")
    assert [(p.name, p.before, p.after) for p in done.partners] == [
        ("Alex", CheckIn(7), CheckIn(3, State.SAFE)),
        ("Sam", CheckIn(5), CheckIn(2)),
        ("Kim", CheckIn(4), CheckIn()),
    ]
    assert done.note == "felt close" and done.id == session.id
    assert done.ending is Ending.COMPLETED


def test_a_log_shows_its_path(tmp_path):
    assert repr(SessionLog(tmp_path / "log.json")) == f"SessionLog({str(tmp_path / 'log.json')!r})"


# ---------------------------------------------------------------------------- how it reads


def test_when_a_session_was_in_words():
    from coreg.log import when_text

    now = datetime(2026, 11, 23, 21, 0, tzinfo=ZONE)  # a Monday
    # shown in the viewer's zone: here +1, the zone the times were written in
    assert when_text(now.replace(hour=8, minute=5), now, ZONE) == "today 08:05"
    assert when_text(now - timedelta(days=1), now, ZONE) == "yesterday 21:00"
    assert when_text(now - timedelta(days=2), now, ZONE) == "Sat 21:00"  # this week: the day
    assert when_text(datetime(2025, 3, 3, 19, 30, tzinfo=ZONE), now, ZONE) == "3 Mar 2025 19:30"
    utc = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 00:30 the next day at +1
    assert when_text(utc, datetime(2026, 11, 24, 9, 0, tzinfo=ZONE), ZONE) == "today 00:30"
    naive_now = datetime(2026, 11, 23, 21, 0)
    assert when_text(datetime(2026, 11, 23, 7, 0), naive_now) == "today 07:00"


def test_check_ins_in_a_row():
    from coreg.log import Partner, checkin_text

    assert checkin_text(Partner("Alex", CheckIn(7), CheckIn(3))) == "Alex 7 → 3"
    assert checkin_text(Partner("Alex", CheckIn(7), CheckIn())) == "Alex 7 → –"
    assert checkin_text(Partner("Alex", CheckIn(), CheckIn(2))) == "Alex – → 2"
    assert checkin_text(Partner("Alex")) == "Alex –"


def test_a_history_row_flags_a_pause_past_a_day():
    from dataclasses import replace

    from coreg.log import Partner, history_row
    from tests.helpers_store import make_session

    now = datetime(2025, 3, 4, 9, 0, tzinfo=ZONE)
    pause = make_session(
        1, kind=Kind.PAUSE, exercise_id="pause", exercise_title="Pause", seconds=90000.0
    )
    pause = replace(pause, ended_at=pause.started_at + timedelta(hours=25), partners=())
    assert history_row(pause, now, ZONE) == (
        "yesterday 21:00",
        "Pause",
        "25h",
        "finished · over 24 h",
        "no pulse",  # a break says what its pulse was, or that none was taken
    )
    two = make_session(2, partners=(Partner("A", CheckIn(5), CheckIn(1)), Partner("B")))
    assert history_row(two, now, ZONE)[0] == "yesterday 22:00"
    assert history_row(two, now, ZONE)[4] == "A 5 → 1 · B –"


# ---------------------------------------------------------------------------- the CSV export


def test_the_csv_export_to_the_cell():
    from coreg.log import Partner
    from coreg.log.exchange import export_csv
    from tests.helpers_store import make_session

    one = make_session(1, seconds=61.26, note="=SUM(A1)", app_version="0.1.0")
    three = make_session(
        2,
        partners=(
            Partner("Alex", CheckIn(7, State.ACTIVATED), CheckIn(3, State.SAFE)),
            Partner("Sam"),
            Partner("-Kim", CheckIn(4), CheckIn(5)),
        ),
        note="+1 @home",
    )
    lines = export_csv([one, three]).split("\n")
    partner = "name,before,before_state,after,after_state,change"
    HEART = "heart_first_bpm,heart_last_bpm,rmssd_first_ms,rmssd_last_ms"
    head = ",".join(
        ["id,kind,exercise_id,exercise_title,started_at,ended_at,ending"]
        + ["steps_completed,steps_skipped,steps_total,seconds,started_by"]
        + [",".join(f"partner{n}_{p}" for p in partner.split(",")) for n in (1, 2, 3)]
        + ["note,app_version,planned_minutes,extended_minutes,pulse_bpm,pulse_flooded,patterns"]
        + ["strap_top_bpm,strap_flooded"]
        + [f"partner{n}_{p}" for n in (1, 2, 3) for p in HEART.split(",")]
    )
    hearts = ",,,," * 3  # no strap: blank, after every older column
    assert lines[0] == head + "\r"  # rows end in CRLF, as spreadsheets expect
    assert lines[1] == (
        f"{one.id},exercise,heartbeat,Heartbeat Connection,"
        "2025-03-03T21:00:00+01:00,2025-03-03T21:06:00+01:00,completed,5,0,5,61.3,,"
        "Alex,7,activated,3,safe,4,Sam,5,,4,,1,,,,,,,'=SUM(A1),0.1.0,,,,,,," + hearts + "\r"
    )
    tail = (
        "Alex,7,activated,3,safe,4,Sam,,,,,,'-Kim,4,,5,,-1,'+1 @home,0.1.0,,,,,,," + hearts + "\r"
    )
    assert lines[2].endswith(tail)
    assert lines[3] == "" and len(lines) == 4


def test_only_formula_starts_are_quoted_in_the_csv():
    from coreg.log.exchange import export_csv
    from tests.helpers_store import make_session

    for note, cell in (("@x", "'@x"), ("-x", "'-x"), ("+x", "'+x"), ("=x", "'=x"), ("a-x", "a-x")):
        row = export_csv([make_session(1, note=note)]).split("\n")[1]
        # the break columns are empty, and so are both partners' heart columns
        assert row.endswith(f",{cell},0.1.0,,,,,,," + ",,,," * 2 + "\r")


# ---------------------------------------------------------------------------- damage, worded


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"sessions": {"1": {"id": "x"}}', "it is not valid JSON (it ends too early)"),
        ('{"sessions": [1, 2]}', "its table 'sessions' is not a table of documents"),
        ('{"sessions": {}} extra', "it is not valid JSON (line 1, column 18)"),
        ("[1, 2]", "it is JSON, but not laid out as a log of tables and records"),
        ('{"a": {}, 3: {}}', "it is not valid JSON (line 1, column 11)"),
        (
            '{"a": {"1": ' + "[" * 100_000 + "]" * 100_000 + "}}",
            "it is nested too deeply to be a log",
        ),
        ('{"a": {"1": {"id": }}}', "it is not valid JSON (line 1, column 20)"),
    ],
    ids=["ends-early", "not-a-table", "trailing", "a-list", "bad-key", "deep", "bad-value"],
)
def test_each_kind_of_damage_is_worded(text, reason):
    from coreg.log import file as storage

    with pytest.raises(storage.DamagedFile) as caught:
        storage.parse_tables(text)
    assert caught.value.reason == reason and str(caught.value) == reason


def test_an_empty_document_and_empty_tables_are_not_damage():
    from coreg.log import file as storage

    assert storage.parse_tables("{}") == {} and storage.parse_tables(" { } \n") == {}
    assert storage.parse_tables('{"a": {}, "b": {}}') == {"a": {}, "b": {}}


def test_a_copy_aside_never_overwrites(tmp_path):
    from coreg.log import file as storage

    path = tmp_path / "log.json"
    first = storage.copy_aside(path, "one", "format-1")
    second = storage.copy_aside(path, "two", "format-1")
    third = storage.copy_aside(path, "three", "format-1")
    assert [p.name for p in (first, second, third)] == [
        "log.format-1.json",
        "log.format-1-2.json",
        "log.format-1-3.json",
    ]
    assert [p.read_text() for p in (first, second, third)] == ["one", "two", "three"]


def test_a_damaged_file_moved_aside_is_named_by_its_time(tmp_path):
    from coreg.log import file as storage

    when = datetime(2026, 11, 23, 0, 30, 5)
    names = []
    for text in ("a", "b", "c"):
        path = tmp_path / "log.json"
        path.write_text(text)
        names.append(storage.move_aside(path, when).name)
    assert names == [
        "log.damaged-20261123-003005.json",
        "log.damaged-20261123-003005-1.json",
        "log.damaged-20261123-003005-2.json",
    ]
    path.write_text("d")
    assert storage.move_aside(path, when, "format-9").name == "log.format-9-20261123-003005.json"


def test_a_short_id_that_fits_two_sessions_asks_for_more(tmp_path):
    from dataclasses import replace

    from coreg.log import LogError
    from tests.helpers_store import make_session

    with SessionLog(tmp_path / "log.json") as log:
        log.record(replace(make_session(1), id="abcd1111" + "0" * 24))
        log.record(replace(make_session(2), id="abcd2222" + "0" * 24))
        with pytest.raises(LogError) as caught:
            log.get("abcd")
        assert str(caught.value) == (
            "2 sessions have an id starting with 'abcd'; give more of the id to say which one."
        )
        assert log.get("ABCD1").id.startswith("abcd1111")
        assert log.get("abc") is None and log.get("ffff") is None


def test_a_log_that_cannot_be_read_says_where_and_why(tmp_path, monkeypatch):
    import errno

    from coreg.log import LogError
    from coreg.log import file as storage

    def refuse(path):
        raise OSError(errno.EACCES, "Permission denied", str(tmp_path / "x.json"))

    monkeypatch.setattr(storage.Snapshot, "read", refuse)
    with SessionLog(tmp_path / "log.json") as log, pytest.raises(LogError) as caught:
        log.count()
    assert str(caught.value) == (
        f"coreg could not read the session log ({tmp_path / 'x.json'}: Permission denied)."
    )

    def bare(path):
        raise OSError("no reason given")

    monkeypatch.setattr(storage.Snapshot, "read", bare)
    with SessionLog(tmp_path / "log.json") as log, pytest.raises(LogError) as caught:
        log.count()
    assert str(caught.value) == (
        f"coreg could not read the session log ({tmp_path / 'log.json'}: no reason given)."
    )


# ---------------------------------------------------------------------------- rows and stats


def good_row(**changes):
    from coreg.log import session_to_row
    from tests.helpers_store import make_session

    row = session_to_row(make_session(1))
    row.update(changes)
    return row


@pytest.mark.parametrize(
    "changes",
    [
        {"started_at": "2025-03-03T21:00:00"},  # no zone
        {"ending": "exploded"},
        {"seconds": -1},
        {"seconds": float("inf")},
        {"seconds": "60"},
        {"seconds": True},
        {"exercise_id": 7},
        {"kind": "pause", "ended_at": "2025-03-04T21:00:00"},  # a pause's end with no zone
    ],
    ids=["naive", "ending", "negative", "inf", "text", "bool", "id", "pause-naive-end"],
)
def test_a_row_the_stats_cannot_read_is_refused(changes):
    from coreg.log.rows import row_fact

    with pytest.raises((ValueError, TypeError)):  # the message names what is wrong
        row_fact(good_row(**changes))


def test_a_readable_row_gives_its_facts():
    from coreg.log.rows import row_fact

    fact = row_fact(good_row(kind=None, seconds=0))
    assert (fact.kind, fact.seconds, fact.exercise_id) == ("exercise", 0, "heartbeat")
    assert fact.partners == (("Alex", 7, 3), ("Sam", 5, 4))
    long_pause = row_fact(
        good_row(
            kind="pause",
            started_at="2025-03-03T21:00:00+01:00",
            ended_at="2025-03-04T21:00:01+01:00",
        )
    )
    assert long_pause.overlong_pause and long_pause.kind == "pause"
    day = row_fact(
        good_row(
            kind="pause",
            started_at="2025-03-03T21:00:00+01:00",
            ended_at="2025-03-04T21:00:00+01:00",
        )
    )
    assert not day.overlong_pause


def test_imports_that_are_not_coreg_say_so():
    import json

    from coreg.log.exchange import parse_import

    not_ours = (
        "This file is not a coreg export or log. `coreg import` reads what "
        "`coreg export` writes (JSON). Nothing was imported."
    )
    for data in ([1], {"sessions": [1]}, {"sessions": {}, "other": [1]}, {"x": 1}):
        with pytest.raises(ValueError) as caught:
            parse_import(json.dumps(data))
        assert str(caught.value) == not_ours, data
    for version in ("1", True, 0, None):
        with pytest.raises(ValueError) as caught:
            parse_import(json.dumps({"coreg": "sessions", "format": version, "sessions": []}))
        assert str(caught.value) == (
            "This export has no readable format number. Nothing was imported."
        )
    with pytest.raises(ValueError) as caught:
        parse_import(json.dumps({"coreg": "sessions", "format": 1, "sessions": {}}))
    assert str(caught.value) == "This export has no list of sessions. Nothing was imported."
    with pytest.raises(ValueError) as caught:
        parse_import(json.dumps({"meta": {"1": {"format": "x"}}, "sessions": {}}))
    assert str(caught.value) == (
        "This log file cannot be read: its format number is missing or unreadable. "
        "Nothing was imported."
    )


def test_the_weeks_start_on_the_first_monday_and_end_with_this_one():
    from tests.helpers_store import make_session

    now = datetime(2025, 3, 12, 9, 0, tzinfo=ZONE)  # a Wednesday; this week began on 10 March
    first_monday = datetime(2025, 2, 24, 0, 0, tzinfo=ZONE)  # three weeks shown: 24 Feb on
    sessions = [
        make_session(1, started_at=first_monday),
        make_session(2, started_at=first_monday - timedelta(minutes=1)),  # the Sunday before
        make_session(3, started_at=datetime(2025, 3, 17, 8, 0, tzinfo=ZONE)),  # next week
    ]
    from coreg.log import compute_stats

    stats = compute_stats(sessions, now=now, weeks=3)
    assert [(w.week_start.isoformat(), w.sessions) for w in stats.per_week] == [
        ("2025-02-24", 1),
        ("2025-03-03", 0),
        ("2025-03-10", 0),
    ]
    assert len(compute_stats(sessions, now=now, weeks=0).per_week) == 1  # at least this week
    assert len(compute_stats([], now=now).per_week) == 12


def test_stats_per_exercise_and_the_recent_check_ins_worked_out_by_hand():
    from dataclasses import replace

    from coreg.log import Partner, compute_stats
    from tests.helpers_store import make_session

    now = datetime(2025, 3, 12, 9, 0, tzinfo=ZONE)
    old = make_session(1, seconds=90.0, exercise_title="Old title")
    new = make_session(5, seconds=30.0, exercise_title="New title")
    quiet = replace(
        make_session(3, exercise_id="sit", exercise_title="Sit", seconds=600.0),
        partners=(Partner("Alex", CheckIn(4)),),  # no after: no pair, no point
        ending=Ending.ENDED_EARLY,
    )
    stats = compute_stats([new, quiet, old], now=now)
    (heart, sit) = stats.per_exercise
    assert (heart.exercise_id, heart.title, heart.sessions) == ("heartbeat", "New title", 2)
    assert heart.minutes == 2.0 and sit.minutes == 10.0
    assert heart.avg_change == {"Alex": 4.0, "Sam": 1.0} and sit.avg_change == {"Alex": None}
    assert [
        (p.started_at, p.exercise_title, p.partner, p.before, p.after)
        for p in stats.recent_checkins
    ] == [
        (old.started_at, "Old title", "Alex", 7, 3),
        (old.started_at, "Old title", "Sam", 5, 4),
        (new.started_at, "New title", "Alex", 7, 3),
        (new.started_at, "New title", "Sam", 5, 4),
    ]
    assert stats.endings == {Ending.COMPLETED: 2, Ending.ENDED_EARLY: 1, Ending.INTERRUPTED: 0}
    assert (stats.first_at, stats.last_at) == (old.started_at, new.started_at)
    empty = compute_stats([], now=now)
    assert empty.first_at is None and empty.last_at is None
    assert set(empty.endings.values()) == {0}


def test_the_json_export_is_readable_text():
    from coreg.log import export_json
    from tests.helpers_store import make_session

    text = export_json(
        [make_session(1, note="café")], now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=ZONE)
    )
    assert text.endswith("}\n") and '\n  "coreg": "sessions",\n' in text
    assert '"exported_at": "2026-01-02T03:04:05+01:00"' in text
    assert f'"app_version": "{coreg.__version__}"' in text and "café" in text


def test_what_the_file_layer_refuses():
    from coreg.log import file as storage

    # a value only a hand-edited row can hold is written back as it was: the row is kept
    assert storage.dump_document({"x": float("inf")}) == '{"x": Infinity}'
    assert storage.dump_document({"a": "é"}) == '{"a": "\\u00e9"}'


def test_a_file_of_bytes_that_are_not_text_is_damage(tmp_path):
    from coreg.log import file as storage

    path = tmp_path / "log.json"
    path.write_bytes(b'{"sessions": {"1": "\xff"}}')
    with pytest.raises(storage.DamagedFile) as caught:
        storage.Snapshot.read(path)
    assert caught.value.reason == "it is not text (it holds bytes that are not UTF-8)"
    snapshot, text = storage.Snapshot.read(tmp_path / "none.json")
    assert text is None and not snapshot.current(tmp_path / "log.json")
    assert snapshot.current(tmp_path / "none.json")


def test_the_format_number_of_a_log():
    from coreg.log import file as storage
    from coreg.log.rows import format_of

    assert format_of({}) == 3  # an empty file is today's format: nothing to migrate
    assert format_of({"meta": {}}) == 1
    assert format_of({"meta": {"1": {"format": 1}}}) == 1
    assert format_of({"meta": {"1": {"format": 2}}}) == 2  # with skipped steps
    assert format_of({"meta": {"1": {"format": 3}}}) == 3  # today's, with earlier files
    with pytest.raises(storage.DamagedFile) as caught:
        format_of({"meta": {"1": {"format": 4}}})
    assert caught.value.reason == "it was written by a newer coreg (format 4)"
    assert caught.value.newer == 4
    for meta in ({"1": {"format": 0}}, {"1": {"format": "1"}}, {"1": {}, "2": {"format": 1}}):
        with pytest.raises(storage.DamagedFile, match="format number is missing or unreadable"):
            format_of({"meta": meta})


def test_a_distress_out_of_range_reads_as_missing():
    from coreg.log.rows import row_fact

    row = good_row()
    row["partners"][0]["before"]["distress"] = 11
    row["partners"][1]["after"]["distress"] = 10
    assert row_fact(row).partners == (("Alex", None, 3), ("Sam", 5, 10))


def test_recent_shows_twenty_by_default(tmp_path):
    from coreg.log import export_json
    from tests.helpers_store import make_session

    with SessionLog(tmp_path / "log.json") as log:
        log.import_(export_json([make_session(n) for n in range(21)]))
        assert len(log.recent()) == 20 and log.recent()[0].id == make_session(20).id


def test_an_import_with_the_same_session_twice_is_refused_whole(tmp_path):
    from coreg.log import LogError, export_json
    from tests.helpers_store import make_session

    with SessionLog(tmp_path / "log.json") as log:
        log.record(make_session(1))
        twice = export_json([make_session(2), make_session(2), make_session(3)])
        with pytest.raises(LogError, match="Sessions 1 and 2 in this file have the same id"):
            log.import_(twice)  # not what coreg export writes: nothing of it is taken
        assert log.count() == 1
        result = log.import_(export_json([make_session(2), make_session(1), make_session(3)]))
        assert (result.added, result.skipped) == (2, 1)  # one was already in the log
        assert log.count() == 3
        log.record(make_session(4))
        assert sorted(s.id for s in log.all()) == sorted(make_session(n).id for n in (1, 2, 3, 4))


def test_not_json_at_all_is_not_an_export():
    from coreg.log.exchange import parse_import

    with pytest.raises(ValueError) as caught:
        parse_import("not json")
    assert str(caught.value) == (
        "This file is not a coreg export: it is not valid JSON (line 1, column 1). "
        "`coreg import` reads what `coreg export` writes. Nothing was imported."
    )
    with pytest.raises(ValueError) as caught:
        parse_import("[" * 100_000 + "]" * 100_000)
    assert str(caught.value) == (
        "This file is not a coreg export: it is nested too deeply. Nothing was imported."
    )
