"""Behaviour that mutation testing found unpinned: each test kills mutants the suite let live.

Each test names what a surviving mutant changed. They are exact, hand-worked cases, so a
regression fails on the first run, never one run in six.
"""

from __future__ import annotations

import gc
from datetime import timedelta

import pytest

from coreg.collector import no_collection
from coreg.library import PATTERNS, Exercise, Step, format_clock, until_next_second
from coreg.log import Ending, SessionLog, compute_stats
from coreg.log import file as storage
from coreg.timing import Timeline
from tests.helpers_store import T0, make_session


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def timeline(*steps: Step) -> tuple[Timeline, Clock]:
    clock = Clock()
    tl = Timeline(Exercise("t", "T", "A test", steps=steps), ("Alex", "Sam"), clock)
    tl.start()
    return tl, clock


# ---------------------------------------------------------------------------- timing


def test_a_second_pause_adds_to_the_first_not_replaces_it():
    tl, clock = timeline(Step("Sit", 600, say="Sit"))
    clock.now += 10
    tl.pause()
    clock.now += 30  # first pause: 30 s
    tl.resume()
    clock.now += 5
    tl.pause()
    clock.now += 50  # second pause: 50 s
    tl.resume()
    clock.now += 5
    outcome = tl.outcome()
    assert outcome.paused_seconds == pytest.approx(80.0)
    assert outcome.seconds == pytest.approx(20.0)  # only the active time counts
    assert tl.snapshot().step_remaining == pytest.approx(580.0)


def test_a_pause_still_running_counts_up_to_now():
    tl, clock = timeline(Step("Sit", 600, say="Sit"))
    clock.now += 10
    tl.pause()
    clock.now += 7
    tl.resume()
    tl.pause()
    clock.now += 3
    assert tl.outcome().paused_seconds == pytest.approx(10.0)
    assert tl.snapshot().paused and tl.next_second_in() is None


def test_a_completed_session_shows_full_progress():
    # the last step is untimed: finishing it by hand must still read as 100%
    tl, clock = timeline(Step("Sit", 10, say="Sit"), Step("Talk", None, say="Talk"))
    tl.poll()
    clock.now += 10
    tl.poll()
    assert tl.snapshot().progress == pytest.approx(0.5)
    tl.next()
    tl.poll()
    snap = tl.snapshot()
    assert snap.finished and snap.ending is Ending.COMPLETED
    assert snap.progress == 1.0


def test_an_exercise_ended_early_does_not_show_full_progress():
    tl, clock = timeline(Step("Sit", 10, say="Sit"), Step("Talk", 10, say="Talk"))
    clock.now += 5
    tl.end_early()
    assert tl.snapshot().progress == pytest.approx(0.25)


def test_the_step_countdown_drops_below_one_second():
    tl, clock = timeline(Step("Sit", 10, say="Sit"))
    tl.poll()
    clock.now += 9.6
    snap = tl.snapshot()
    assert snap.step_remaining == pytest.approx(0.4)
    assert format_clock(snap.step_remaining) == "0:01"
    assert tl.next_second_in() == pytest.approx(0.4)  # it wakes when 0:01 becomes 0:00
    clock.now += 0.39
    assert tl.next_second_in() == pytest.approx(0.01)
    assert format_clock(tl.snapshot().step_remaining) == "0:01"
    clock.now += 0.01
    assert format_clock(tl.snapshot().step_remaining) == "0:00"


def test_until_the_next_second_and_the_clock_face():
    assert until_next_second(4.25) == pytest.approx(0.25)
    assert until_next_second(0.5) == pytest.approx(0.5)
    assert until_next_second(4.0) == 1.0  # exactly on a second: a whole second to go
    assert until_next_second(-2.25) == pytest.approx(0.75)  # counting up: 2.25 s elapsed
    assert format_clock(0.2) == "0:01" and format_clock(0.0) == "0:00"
    assert format_clock(-3) == "0:00"
    assert format_clock(65) == "1:05" and format_clock(3723) == "1:02:03"


def test_a_breath_step_counts_down_the_same_way():
    tl, clock = timeline(Step("Breathe", 8, say="Breathe", breath=PATTERNS["box"]))
    tl.poll()
    clock.now += 7.75
    assert tl.next_second_in() == pytest.approx(0.25)
    assert tl.next_event_in() == 0.0  # the change at 4 s is due and not yet taken
    tl.poll()
    assert tl.next_event_in() == pytest.approx(0.25)  # the end


# ---------------------------------------------------------------------------- the log


def test_a_session_dated_in_the_future_does_not_break_the_weekly_stats():
    now = T0 + timedelta(days=2)
    future = make_session(1, started_at=now + timedelta(days=30))
    today = make_session(2, started_at=now - timedelta(hours=1))
    stats = compute_stats([future, today], now=now, weeks=4)
    assert [w.sessions for w in stats.per_week] == [0, 0, 0, 1]
    assert stats.sessions == 2 and stats.minutes == pytest.approx(12.0)
    assert stats.last_at == future.started_at


def test_writing_after_delete_all_keeps_the_healthy_log_where_it_is(tmp_path):
    path = tmp_path / "log.json"
    with SessionLog(path) as log:
        log.record(make_session(1))
        log.record(make_session(2))
        assert log.delete_all() == 2
    with SessionLog(path) as fresh:  # the next run of coreg reads the emptied file
        assert fresh.count() == 0
        fresh.record(make_session(3))
        assert fresh.recovered is None and fresh.notice is None
    assert not [p.name for p in tmp_path.iterdir() if "damaged" in p.name]
    with SessionLog(path) as again:
        assert [s.id for s in again.recent()] == [make_session(3).id]


def test_an_empty_sessions_table_reads_as_no_sessions_not_damage():
    tables = storage.parse_tables('{"meta": {"1": {"format": 1}}, "sessions": {}}')
    assert tables["sessions"] == {}
    assert storage.load_tables('{"meta": {"1": {"format": 1}}, "sessions": {}}') == {
        "meta": {"1": {"format": 1}},
        "sessions": {},
    }


def test_the_garbage_collector_is_switched_back_on_after_reading(tmp_path):
    assert gc.isenabled()
    with SessionLog(tmp_path / "log.json") as log:
        log.record(make_session(1))
    assert gc.isenabled()
    with SessionLog(tmp_path / "log.json") as log:
        assert log.count() == 1
        assert gc.isenabled()
        log.stats(now=T0)
        assert gc.isenabled()
    storage.parse_tables('{"sessions": {"1": {"id": "x"}}}')
    assert gc.isenabled()
    storage.load_tables('{"sessions": {"1": {"id": "x"}}}')
    assert gc.isenabled()
    with pytest.raises(storage.DamagedFile):
        storage.parse_tables('{"sessions": ')
    assert gc.isenabled()
    with no_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_stays_off_if_it_was_off_before():
    gc.disable()
    try:
        storage.parse_tables('{"sessions": {}}')
        with no_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
