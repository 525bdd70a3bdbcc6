"""The log's record of a session, pinned where mutation testing found it untested (only the app
used these builders, and the app's tests are too slow to run for every mutant)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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
