"""The numbers on the history screen: weeks, streak, minutes, and whether it helped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coreg.log import (
    CheckIn,
    Ending,
    Kind,
    Partner,
    SessionLog,
    export_json,
    is_overlong_pause,
)
from tests.helpers_store import ZONE, make_session
from tests.profiles import examples

NOW = datetime(2025, 3, 12, 9, 0, tzinfo=ZONE)  # a Wednesday morning


def at(days_ago: float, hour: int = 20, **changes):
    start = (NOW - timedelta(days=days_ago)).replace(hour=hour, minute=0)
    return make_session(int(days_ago * 100) + hour, started_at=start, **changes)


@pytest.fixture
def log(tmp_path):
    return SessionLog(tmp_path / "log.json")


def test_an_empty_log_has_empty_weeks_and_no_streak(log):
    stats = log.stats(now=NOW, weeks=4)
    assert stats.sessions == 0 and stats.streak_days == 0 and stats.minutes == 0
    assert [w.week_start for w in stats.per_week] == [
        date(2025, 2, 17),
        date(2025, 2, 24),
        date(2025, 3, 3),
        date(2025, 3, 10),
    ]
    assert all(w.sessions == 0 for w in stats.per_week)


def test_weeks_count_sessions_and_minutes_with_empty_weeks_kept(log):
    for session in (at(1), at(2), at(9, seconds=600.0), at(30)):
        log.record(session)
    stats = log.stats(now=NOW, weeks=3)
    assert [(w.week_start, w.sessions, w.minutes) for w in stats.per_week] == [
        (date(2025, 2, 24), 0, 0.0),
        (date(2025, 3, 3), 1, 10.0),
        (date(2025, 3, 10), 2, 12.0),
    ]
    assert stats.sessions == 4 and stats.minutes == pytest.approx(6 + 6 + 10 + 6)


def test_a_streak_counts_days_in_a_row_up_to_yesterday_or_today(log):
    for days_ago in (1, 2, 3, 5):
        log.record(at(days_ago))
    assert log.stats(now=NOW).streak_days == 3  # nothing yet today: the streak still holds
    log.record(at(0, hour=8))
    assert log.stats(now=NOW).streak_days == 4
    assert log.stats(now=NOW + timedelta(days=2)).streak_days == 0


def test_days_are_those_of_the_time_zone_of_now(log):
    # 23:30 in UTC+1 on the 10th is the 11th in UTC+3.
    log.record(make_session(1, started_at=datetime(2025, 3, 10, 23, 30, tzinfo=ZONE)))
    east = NOW.astimezone(timezone(timedelta(hours=3))).replace(day=11, hour=12)
    assert log.stats(now=NOW.replace(day=11)).streak_days == 1
    assert log.stats(now=east).streak_days == 1
    assert log.stats(now=east + timedelta(days=1)).streak_days == 1


def test_each_partners_average_change_overall_and_per_exercise(log):
    def pair(a, b):
        return Partner("Alex", CheckIn(a[0]), CheckIn(a[1])), Partner(
            "Sam", CheckIn(b[0]), CheckIn(b[1])
        )

    log.record(at(1, partners=pair((8, 2), (5, 5))))
    log.record(at(2, partners=pair((6, 4), (None, 3))))
    log.record(
        at(3, exercise_id="box", exercise_title="Box breathing", partners=pair((3, 4), (9, 1)))
    )
    stats = log.stats(now=NOW)
    assert stats.avg_change == {"Alex": pytest.approx((6 + 2 - 1) / 3), "Sam": pytest.approx(4.0)}
    by_id = {e.exercise_id: e for e in stats.per_exercise}
    assert by_id["heartbeat"].sessions == 2
    assert by_id["heartbeat"].avg_change == {"Alex": 4.0, "Sam": 0.0}
    assert by_id["box"].avg_change == {"Alex": -1.0, "Sam": 8.0}
    assert stats.per_exercise[0].exercise_id == "heartbeat"  # most practised first
    points = [(p.partner, p.before, p.after) for p in stats.recent_checkins]
    assert points[-2:] == [("Alex", 8, 2), ("Sam", 5, 5)]  # newest last, for a chart


def test_a_partner_without_check_ins_has_no_average(log):
    log.record(at(1, partners=(Partner("Alex"), Partner("Sam", CheckIn(4), CheckIn(2)))))
    assert log.stats(now=NOW).avg_change == {"Alex": None, "Sam": 2.0}


def test_endings_and_long_pauses_are_counted(log):
    log.record(at(1, ending=Ending.ENDED_EARLY))
    long_pause = at(2, kind=Kind.PAUSE, exercise_id="pause", exercise_title="Pause")
    long_pause = replace(long_pause, ended_at=long_pause.started_at + timedelta(hours=25))
    log.record(long_pause)
    short_pause = replace(
        long_pause, id="b" * 32, ended_at=long_pause.started_at + timedelta(hours=23)
    )
    log.record(short_pause)
    stats = log.stats(now=NOW)
    assert stats.endings[Ending.ENDED_EARLY] == 1 and stats.endings[Ending.COMPLETED] == 2
    assert stats.overlong_pauses == 1
    assert is_overlong_pause(long_pause) and not is_overlong_pause(short_pause)
    assert not is_overlong_pause(replace(long_pause, kind=Kind.EXERCISE))


@settings(max_examples=examples(40), deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 200),  # days ago
            st.integers(0, 23),
            st.floats(0, 3600),
            st.tuples(st.integers(0, 10), st.integers(0, 10)),
        ),
        max_size=25,
    )
)
def test_the_log_agrees_with_stats_worked_out_by_hand(tmp_path_factory, specs):
    """The log's stats against a plain count written here, not the same function twice."""
    log = SessionLog(tmp_path_factory.mktemp("log") / "log.json")
    sessions = [
        make_session(
            n,
            started_at=(NOW - timedelta(days=days)).replace(hour=hour),
            seconds=seconds,
            partners=(Partner("Alex", CheckIn(change[0]), CheckIn(change[1])),),
        )
        for n, (days, hour, seconds, change) in enumerate(specs)
    ]
    log.import_(export_json(sessions))  # one write for them all
    got = log.stats(now=NOW)

    today = NOW.date()
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=11 - i) for i in range(12)]
    dates = [s.started_at.astimezone(ZONE).date() for s in sessions]
    assert [w.week_start for w in got.per_week] == starts
    for week in got.per_week:
        inside = [
            s
            for s, d in zip(sessions, dates, strict=True)
            if week.week_start <= d < week.week_start + timedelta(days=7)
        ]
        assert week.sessions == len(inside)
        assert week.minutes == pytest.approx(sum(s.seconds for s in inside) / 60)
    streak, day = 0, today if today in dates else today - timedelta(days=1)
    while day in dates:
        streak, day = streak + 1, day - timedelta(days=1)
    assert got.streak_days == streak
    assert got.sessions == len(sessions)
    assert got.minutes == pytest.approx(sum(seconds for _, _, seconds, _ in specs) / 60)
    changes = [before - after for _, _, _, (before, after) in specs]
    want = {"Alex": sum(changes) / len(changes)} if changes else {}
    assert got.avg_change == pytest.approx(want)
