"""Export and import: a backup restores, two laptops merge, a bad file changes nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coreg.log import (
    CheckIn,
    Ending,
    ImportResult,
    Kind,
    LogError,
    Partner,
    Session,
    SessionLog,
    State,
    exchange,
    fact_of,
    rows,
)
from tests.helpers_store import make_session
from tests.profiles import examples


@pytest.fixture
def home(tmp_path):
    return SessionLog(tmp_path / "home.json")


@pytest.fixture
def laptop(tmp_path):
    return SessionLog(tmp_path / "laptop.json")


def test_an_export_restores_into_an_empty_log(home, laptop):
    for n in range(5):
        home.record(make_session(n))
    result = laptop.import_(home.export())
    assert result == ImportResult(added=5, skipped=0)
    assert laptop.recent() == home.recent()


def test_importing_twice_adds_nothing_the_second_time(home, laptop):
    home.record(make_session(1))
    text = home.export()
    assert laptop.import_(text) == ImportResult(1, 0)
    assert laptop.import_(text) == ImportResult(0, 1)
    assert laptop.count() == 1


def test_two_laptops_merge_without_duplicates(home, laptop):
    shared = make_session(1)
    home.record(shared)
    home.record(make_session(2))
    laptop.record(shared)
    laptop.record(make_session(3))
    assert home.import_(laptop.export()) == ImportResult(added=1, skipped=1)
    assert {s.id for s in home.recent()} == {make_session(n).id for n in (1, 2, 3)}


def test_a_log_file_itself_can_be_imported(home, laptop, tmp_path):
    laptop.record(make_session(7))
    result = home.import_((tmp_path / "laptop.json").read_text())
    assert result == ImportResult(1, 0)
    assert home.get(make_session(7).id) == make_session(7)


BAD_IMPORTS = {
    "not json": "hello",
    "a list": "[]",
    "some other json": '{"name": "not ours"}',
    "a newer export": json.dumps({"coreg": "sessions", "format": 99, "sessions": []}),
    "no session list": json.dumps({"coreg": "sessions", "format": 1, "sessions": {}}),
    "one bad session among good ones": json.dumps(
        {
            "coreg": "sessions",
            "format": 1,
            "sessions": [rows.session_to_row(make_session(5)), {"id": "x", "seconds": 1}],
        }
    ),
    "a time without a zone": json.dumps(
        {
            "coreg": "sessions",
            "format": 1,
            "sessions": [
                {**rows.session_to_row(make_session(5)), "started_at": "2025-03-03T20:00:00"}
            ],
        }
    ),
}


@pytest.mark.parametrize("text", BAD_IMPORTS.values(), ids=BAD_IMPORTS.keys())
def test_a_bad_import_is_refused_and_changes_nothing(home, tmp_path, text):
    home.record(make_session(1))
    before = (tmp_path / "home.json").read_bytes()
    with pytest.raises(LogError, match="Nothing was imported") as error:
        home.import_(text)
    assert "Traceback" not in str(error.value)
    assert (tmp_path / "home.json").read_bytes() == before
    assert home.count() == 1


def test_the_message_for_a_bad_session_says_which_and_why(home):
    with pytest.raises(LogError, match=r"Session 2 .* 'started_at' .* no time zone"):
        home.import_(BAD_IMPORTS["a time without a zone"].replace("[", "[" + json.dumps(
            rows.session_to_row(make_session(9))) + ", ", 1))  # fmt: skip


def test_the_json_export_is_documented_shape(home):
    home.record(make_session(2))
    home.record(make_session(1))
    data = json.loads(home.export("json"))
    assert data["coreg"] == "sessions" and data["format"] == rows.FORMAT
    assert datetime.fromisoformat(data["exported_at"]).tzinfo is not None
    assert [row["id"] for row in data["sessions"]] == [make_session(1).id, make_session(2).id]
    assert data["sessions"][0] == rows.session_to_row(make_session(1))


def test_the_csv_export_has_one_row_per_session_and_each_partner(home):
    home.record(make_session(1, note='said "thank you", twice'))
    table = list(csv.DictReader(io.StringIO(home.export("csv"))))
    assert len(table) == 1
    row = table[0]
    assert row["partner1_name"] == "Alex" and row["partner1_before"] == "7"
    assert row["partner1_after"] == "3" and row["partner1_change"] == "4"
    assert row["partner1_before_state"] == "activated" and row["partner2_after_state"] == ""
    assert row["note"] == 'said "thank you", twice'
    assert row["started_at"] == "2025-03-03T21:00:00+01:00"


def test_the_csv_export_never_hands_a_spreadsheet_a_formula(home):
    home.record(make_session(1, note='=HYPERLINK("http://x")'))
    (row,) = csv.DictReader(io.StringIO(home.export("csv")))
    assert row["note"] == '\'=HYPERLINK("http://x")'


def test_an_unknown_export_format_is_an_error(home):
    with pytest.raises(ValueError, match="json"):
        home.export("xml")


# ------------------------------------------------------------------------------------------
# Every session the app can make survives the round trip through a row and JSON.

names = st.text(min_size=1, max_size=20)
checkins = st.builds(
    CheckIn, st.none() | st.integers(0, 10), st.none() | st.sampled_from(list(State))
)
zones = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(
    lambda d, z: d.replace(tzinfo=z),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    zones,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
sessions = st.builds(
    Session,
    id=st.text("0123456789abcdef", min_size=8, max_size=32),
    exercise_id=st.text(min_size=1, max_size=20),
    exercise_title=st.text(max_size=30),
    started_at=moments,
    ended_at=moments,
    ending=st.sampled_from(list(Ending)),
    steps_completed=st.integers(0, 50),
    steps_total=st.integers(0, 50),
    seconds=st.floats(0, 10**6, allow_nan=False),
    partners=st.lists(st.builds(Partner, names, checkins, checkins), max_size=3).map(tuple),
    kind=st.sampled_from(list(Kind)),
    note=st.text(max_size=50),
    app_version=st.text(max_size=10),
    details=st.dictionaries(st.text(max_size=8), json_values, max_size=3),
)


@settings(max_examples=examples(150), deadline=None)
@given(sessions)
def test_every_session_survives_the_row_and_json(session):
    row = json.loads(json.dumps(rows.session_to_row(session)))
    again = rows.row_to_session(row)
    assert again == session
    assert again.started_at.isoformat() == session.started_at.isoformat()  # zone kept
    assert rows.row_fact(row) == fact_of(session)  # the numbers read rows the same way


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(sessions, max_size=4, unique_by=lambda s: s.id))
def test_every_export_imports_back_the_same(tmp_path_factory, batch):
    folder = tmp_path_factory.mktemp("x")
    source, target = SessionLog(folder / "a.json"), SessionLog(folder / "b.json")
    source.import_(exchange.export_json(batch))
    assert target.import_(source.export()) == ImportResult(len(batch), 0)
    assert sorted(target.all(), key=lambda s: s.id) == sorted(batch, key=lambda s: s.id)
