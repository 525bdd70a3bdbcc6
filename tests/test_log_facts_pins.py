"""What the log decides about one session and across its files, pinned where a person would see
it change: how a break is grouped and named in the stats, which session wins and in what order
when files overlap, which earlier files ``recent`` opens, a new session's record, and the
log's messages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

import coreg.library.exercise
from coreg.library import Exercise, Step
from coreg.log import (
    Closeness,
    DamagedFile,
    Ending,
    across,
    ending_text,
    exercise_session,
    group_of,
    pattern_name,
    words,
)
from coreg.log.rows import FORMAT
from tests.helpers_store import T0, make_session

# ---------------------------------------------------------------------------------- breaks


@pytest.mark.parametrize(
    ("details", "key", "name"),
    [
        ({"pattern": "box", "planned_minutes": 20}, "pause/timeout/box", "Time-out: Box breathing"),
        ({"pattern": "box", "planned_minutes": 1}, "pause/timeout/box", "Time-out: Box breathing"),
        (
            {"pattern": "box", "planned_minutes": 0.5},
            "pause/timeout/box",
            "Time-out: Box breathing",
        ),
        (
            {"pattern": "box", "planned_minutes": 0},
            "pause/timer/box",
            "Breath timer: Box breathing",
        ),
        ({"pattern": "box"}, "pause/timer/box", "Breath timer: Box breathing"),
        (
            {"pattern": "box", "planned_minutes": True},
            "pause/timer/box",
            "Breath timer: Box breathing",
        ),
        ({"pattern": "", "planned_minutes": 20}, "pause/timeout/?", "Time-out"),
        ({"pattern": 3}, "pause/timer/?", "Breath timer"),
        ({}, "pause/timer/?", "Breath timer"),
        (["box"], "pause/timer/?", "Breath timer"),
        (None, "pause/timer/?", "Breath timer"),
        ({"pattern": "hum"}, "pause/timer/hum", "Breath timer: hum"),
    ],
)
def test_a_break_is_counted_under_its_kind_and_pattern(details, key, name):
    assert group_of("pause", "Time-out", "pause", details) == (key, name)


def test_an_exercise_is_counted_under_its_own_id_and_title():
    assert group_of("heartbeat", "Heartbeat Connection", "exercise", {"pattern": "box"}) == (
        "heartbeat",
        "Heartbeat Connection",
    )


def test_two_patterns_with_one_title_are_told_apart_by_their_ids(monkeypatch):
    assert pattern_name("box") == "Box breathing"
    monkeypatch.setitem(coreg.library.exercise.PATTERN_TITLES, "square", "Box breathing")
    assert pattern_name("box") == "Box breathing (box)"
    assert pattern_name("square") == "Box breathing (square)"
    assert pattern_name("4-7-8") == "4-7-8 breathing"
    assert group_of("pause", "", "pause", {"pattern": "square"})[1] == (
        "Breath timer: Box breathing (square)"
    )


# ---------------------------------------------------------------------------------- across


class File:
    """A file of the log as ``across`` reads it: its rows newest first, sessions on demand."""

    def __init__(self, *sessions, first_id: int = 1):
        self.rows = {str(first_id + i): s for i, s in enumerate(sessions)}
        self.made = 0

    def newest_first(self):
        return sorted(self.rows, key=lambda d: (self.rows[d].started_at, int(d)), reverse=True)

    def session(self, doc_id):
        self.made += 1
        return self.rows[doc_id]


class Earlier:
    """Earlier files, oldest first, with the newest start of each (None: no readable row)."""

    def __init__(self, *files: File, newest: list[float | None] | None = None):
        self.files = {f"{i + 1:06d}.json": f for i, f in enumerate(files)}
        stamps = newest or [
            max((s.started_at.timestamp() for s in f.rows.values()), default=None) for f in files
        ]
        self.stamps = dict(zip(self.files, stamps, strict=True))
        self.opened: list[str] = []

    def entries(self):
        return {name: SimpleNamespace(newest=self.stamps[name]) for name in self.files}

    def file(self, name):
        self.opened.append(name)
        return self.files[name]


def at(n: int, hours: float, **changes):
    return make_session(n, started_at=T0 + timedelta(hours=hours), **changes)


def ids(sessions) -> list[str]:
    return [s.id[:8] for s in sessions]


def test_sessions_starting_together_keep_the_order_they_were_saved_in_across_files():
    older = at(1, 0)  # saved first, since moved to an earlier file (as the fifth row there)
    newer = at(2, 0)  # saved after it, the first row of the log file
    log, archive = File(newer), Earlier(File(at(0, -1), at(3, -1), at(4, -1), at(5, -1), older))
    assert ids(across.every(log, archive)) == [
        "00000000",
        "00000003",
        "00000004",
        "00000005",
        "00000001",
        "00000002",
    ]
    assert ids(across.recent(log, archive, 2)) == ["00000002", "00000001"]


def test_a_session_in_two_files_is_shown_once_as_the_later_file_has_it():
    saved = at(1, 0, note="as first saved")
    mended = at(1, 0, note="as changed after")
    log, archive = File(mended, first_id=7), Earlier(File(at(0, -1), saved))
    assert [s.note for s in across.every(log, archive)] == ["", "as changed after"]
    assert [s.note for s in across.recent(log, archive, 5)] == ["as changed after", ""]


def test_recent_opens_no_earlier_file_when_the_log_file_holds_the_newest():
    log = File(at(10, 10), at(11, 11), at(12, 12))
    archive = Earlier(File(at(0, 0), at(1, 1)), File(at(2, 2), at(3, 3)))
    assert ids(across.recent(log, archive, 2)) == ["0000000c", "0000000b"]
    assert archive.opened == []
    assert log.made == 2  # and makes only the sessions it shows


def test_recent_opens_no_earlier_file_whose_newest_is_the_oldest_shown():
    log = File(at(10, 10), at(11, 11))
    archive = Earlier(File(at(0, 0), at(1, 10)))  # its newest starts with the log's oldest
    assert ids(across.recent(log, archive, 2)) == ["0000000b", "0000000a"]
    assert archive.opened == []


def test_recent_opens_earlier_files_newest_first_until_it_has_enough():
    log = File(at(10, 10))
    archive = Earlier(File(at(0, 0), at(1, 1)), File(at(2, 2), at(3, 3)), File(at(4, 4)))
    assert ids(across.recent(log, archive, 3)) == ["0000000a", "00000004", "00000003"]
    assert archive.opened == ["000003.json", "000002.json"]
    assert archive.files["000002.json"].made == 2


def test_recent_never_opens_an_earlier_file_with_nothing_readable_in_it():
    log = File(at(10, 10))
    archive = Earlier(File(at(2, 2)), File(), newest=[at(2, 2).started_at.timestamp(), None])
    assert ids(across.recent(log, archive, 5)) == ["0000000a", "00000002"]
    assert archive.opened == ["000001.json"]
    assert ids(across.recent(log, archive, 1)) == ["0000000a"]


# ---------------------------------------------------------------------------------- session


HUG = Exercise(
    "hug",
    "Hug",
    "Hold on",
    steps=(Step("Settle", 30, say="Sit"), Step("Hug", 20, say="Hug"), Step("Rest", 10, say="Rest")),
)


def hug_session(**given):
    return exercise_session(
        HUG,
        ("Alex", "Sam"),
        (),
        session_id="s" * 32,
        started_at=T0,
        ended_at=T0 + timedelta(minutes=1),
        ending=Ending.ENDED_EARLY,
        **given,
    )


def test_a_new_session_records_skipped_steps_who_began_and_how_close_they_breathed():
    close = (Closeness("Alex", "Sam", 10, 9, 8, 0.1),)
    session = hug_session(steps_completed=1, steps_skipped=1, started_by="Sam", in_step=close)
    assert (session.steps_skipped, session.started_by, session.in_step) == (1, "Sam", close)
    assert ending_text(session) == "ended early, 1 of 3 steps skipped"


def test_a_new_session_by_default_skipped_nothing_and_has_no_lead_and_follow():
    session = hug_session(steps_completed=1)
    assert (session.steps_skipped, session.started_by, session.in_step) == (0, "", ())
    assert ending_text(session) == "ended early"


# ---------------------------------------------------------------------------------- words


def test_a_log_from_a_newer_coreg_says_how_to_bring_its_sessions_back():
    aside = Path("/logs/log.newer.json")
    said = words.started_afresh(Path("/logs/log.json"), aside, DamagedFile("newer", newer=9))
    assert said == (
        "The session log at /logs/log.json was written by a newer coreg (log format 9; "
        f"this one reads format {FORMAT}). It was moved to /logs/log.newer.json, so nothing "
        "in it is lost, and a new log was started. After updating coreg, "
        "`coreg import /logs/log.newer.json` brings those sessions back."
    )


def test_an_earlier_file_that_cannot_be_opened_is_left_as_it_is():
    said = words.earlier_unopened(Path("/logs/log.earlier/000001.json"), "permission denied")
    assert said == (
        "A file of earlier sessions could not be opened (/logs/log.earlier/000001.json: "
        "permission denied). It is left as it is, and its sessions are not shown until it "
        "can be opened."
    )


def test_each_new_session_has_its_own_id_of_32_hex_digits():
    from coreg.log import new_session_id

    ids = {new_session_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == 32 and int(i, 16) >= 0 and i == i.lower() for i in ids)
