"""The numbers the history shows, pinned where a person would see them change: which week and
day a session counts in (the viewer's zone, this machine's summer time), what the recent
check-ins hold, what helped most, and the in-step weeks."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from coreg.log import (
    CheckIn,
    Closeness,
    PairWeek,
    Partner,
    compute_stats,
    fact_of,
    in_step_weeks,
)
from coreg.log.stats import RECENT_CHECKINS, stats_of_facts
from tests.helpers_store import make_session

PLUS1 = timezone(timedelta(hours=1))
PLUS10 = timezone(timedelta(hours=10))
THU = datetime(2025, 3, 13, 12, 0, tzinfo=PLUS1)  # a Thursday; this week began on 10 March


@pytest.fixture
def machine_zone():
    """Set this machine's zone (a POSIX zone: no tz database needed) for one test."""
    before = os.environ.get("TZ")

    def put(tz: str) -> None:
        os.environ["TZ"] = tz
        time.tzset()

    yield put
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def clock(monkeypatch):
    """The stats read the clock when given no ``now``: give them this moment instead."""

    def put(moment: datetime) -> None:
        class Fixed(datetime):
            @classmethod
            def now(cls, tz=None):
                return moment.astimezone(tz)

        monkeypatch.setattr("coreg.log.stats.datetime", Fixed)

    return put


def week_counts(stats) -> list[tuple[str, int]]:
    return [(w.week_start.isoformat(), w.sessions) for w in stats.per_week if w.sessions]


def test_with_no_zone_given_each_date_is_in_the_summer_or_winter_time_it_fell_in(
    machine_zone, clock
):
    machine_zone("CET-1CEST,M3.5.0,M10.5.0/3")  # Central Europe: summer time from 30 March 2025
    clock(datetime(2025, 3, 31, 10, 0, tzinfo=UTC))  # Monday, in summer time
    # 23:30 on Sunday 23 March in winter time; in summer time it would read Monday 00:30
    late_sunday = make_session(started_at=datetime(2025, 3, 23, 22, 30, tzinfo=UTC))
    stats = compute_stats([late_sunday])
    assert week_counts(stats) == [("2025-03-17", 1)]
    assert stats_of_facts([fact_of(late_sunday)]).per_week[-3].sessions == 1


def test_a_zone_given_with_no_now_counts_days_in_that_zone(machine_zone, clock):
    machine_zone("UTC0")
    clock(datetime(2025, 3, 13, 2, 0, tzinfo=UTC))  # Thursday, in both zones
    # 20:00 on Sunday 9 March in UTC is 06:00 on Monday 10 March ten hours east
    sunday = make_session(started_at=datetime(2025, 3, 9, 20, 0, tzinfo=UTC))
    assert week_counts(compute_stats([sunday], zone=PLUS10)) == [("2025-03-10", 1)]
    assert week_counts(compute_stats([sunday])) == [("2025-03-03", 1)]


def test_the_log_shows_twelve_weeks_unless_told_otherwise():
    assert len(stats_of_facts([], now=THU).per_week) == 12
    assert stats_of_facts([], now=THU).per_week[0].week_start.isoformat() == "2024-12-23"


def test_the_title_of_an_exercise_is_that_of_its_latest_session_in_any_order():
    old = make_session(1, exercise_title="Old title")
    new = make_session(5, exercise_title="New title")
    for order in ([old, new], [new, old]):
        (heart,) = compute_stats(order, now=THU).per_exercise
        assert heart.title == "New title"


def test_a_session_with_no_before_and_after_pair_is_not_in_the_recent_check_ins():
    paired = make_session(1)
    unpaired = make_session(
        2,
        exercise_title="Sit",
        partners=(Partner("Alex", CheckIn(4)), Partner("Kim", CheckIn(None), CheckIn(2))),
    )
    stats = compute_stats([paired, unpaired], now=THU)
    assert [(r.started_at, r.exercise_title, r.values) for r in stats.recent_rows] == [
        (paired.started_at, "Heartbeat Connection", {"Alex": (7, 3), "Sam": (5, 4)})
    ]
    assert stats.partners == ["Alex", "Sam"]


def test_a_partner_missing_a_number_has_no_point_but_keeps_a_place_in_the_row():
    session = make_session(1, partners=(Partner("Alex", CheckIn(7), CheckIn(3)),))
    half = make_session(
        2, partners=(Partner("Alex", CheckIn(6), CheckIn(2)), Partner("Sam", CheckIn(5)))
    )
    stats = compute_stats([session, half], now=THU)
    assert [(p.started_at, p.partner, p.before, p.after) for p in stats.recent_checkins] == [
        (session.started_at, "Alex", 7, 3),
        (half.started_at, "Alex", 6, 2),
    ]
    assert [(r.started_at, r.exercise_title, r.values) for r in stats.recent_rows] == [
        (session.started_at, "Heartbeat Connection", {"Alex": (7, 3), "Sam": (None, None)}),
        (half.started_at, "Heartbeat Connection", {"Alex": (6, 2), "Sam": (5, None)}),
    ]


def test_only_the_latest_sixty_sessions_are_in_the_chart():
    sessions = [make_session(n) for n in range(RECENT_CHECKINS + 1)]  # oldest first
    rows = compute_stats(sessions, now=THU).recent_rows
    assert len(rows) == RECENT_CHECKINS
    assert rows[0].started_at == sessions[1].started_at
    assert rows[-1].started_at == sessions[-1].started_at


def an_exercise(n: int, ident: str, changes: list[tuple[int, int]]):
    return [
        make_session(
            n + i,
            exercise_id=ident,
            exercise_title=ident.title(),
            partners=(Partner("Alex", CheckIn(before), CheckIn(after)),),
        )
        for i, (before, after) in enumerate(changes)
    ]


def test_what_helped_a_little_comes_before_what_changed_nothing():
    sessions = an_exercise(0, "nothing", [(5, 5)]) + an_exercise(5, "little", [(5, 4), (5, 5)])
    helped = compute_stats(sessions, now=THU).helped
    assert [(e.exercise_id, e.helped) for e in helped] == [("little", 0.5), ("nothing", 0.0)]


def test_between_two_that_helped_as_much_the_one_tried_more_often_comes_first():
    sessions = an_exercise(0, "once", [(6, 4)]) + an_exercise(5, "twice", [(6, 4), (5, 3)])
    helped = compute_stats(sessions, now=THU).helped
    assert [(e.exercise_id, e.helped) for e in helped] == [("twice", 2.0), ("once", 2.0)]


# ---------------------------------------------------------------------------------- in step


def stepped(started_at: datetime, breaths: int = 10, in_step: int = 8):
    close = Closeness("Alex", "Sam", breaths, breaths, in_step, 0.1)
    return make_session(started_at=started_at, in_step=(close,))


def weeks_of(found: list[PairWeek]) -> list[tuple[str, int]]:
    return [(w.week_start.isoformat(), w.breaths) for w in found]


def test_in_step_weeks_start_on_monday_and_count_back_the_weeks_asked():
    monday = datetime(2025, 3, 10, 8, 0, tzinfo=PLUS1)
    sessions = [
        stepped(monday - timedelta(weeks=2), breaths=1),  # outside two weeks
        stepped(monday - timedelta(weeks=1), breaths=2),  # the first of two weeks
        make_session(started_at=monday),  # no lead and follow: not counted
        stepped(monday, breaths=3),  # this week, before Thursday
    ]
    assert weeks_of(in_step_weeks(sessions, THU, weeks=2)) == [
        ("2025-03-03", 2),
        ("2025-03-10", 3),
    ]
    assert weeks_of(in_step_weeks(sessions, THU, weeks=1)) == [("2025-03-10", 3)]
    assert weeks_of(in_step_weeks(sessions, THU, weeks=0)) == [("2025-03-10", 3)]


def test_in_step_weeks_go_back_twelve_weeks_unless_told_otherwise():
    this_monday = datetime(2025, 3, 10, 8, 0, tzinfo=PLUS1)
    sessions = [stepped(this_monday - timedelta(weeks=w), breaths=w + 1) for w in (12, 11, 0)]
    assert weeks_of(in_step_weeks(sessions, THU)) == [("2024-12-23", 12), ("2025-03-10", 1)]


def test_in_step_weeks_are_those_of_the_zone_given(machine_zone):
    machine_zone("UTC0")
    # 20:00 on Sunday 9 March in UTC is 06:00 on Monday 10 March ten hours east
    sunday = stepped(datetime(2025, 3, 9, 20, 0, tzinfo=UTC))
    now = datetime(2025, 3, 9, 22, 0, tzinfo=UTC)  # still Sunday in UTC, Monday ten hours east
    assert weeks_of(in_step_weeks([sunday], now, weeks=1, zone=PLUS10)) == [("2025-03-10", 10)]
    assert weeks_of(in_step_weeks([sunday], now, weeks=1)) == [("2025-03-03", 10)]
    in_tokyo = now.astimezone(PLUS10)
    assert weeks_of(in_step_weeks([sunday], in_tokyo, weeks=1)) == [("2025-03-10", 10)]
    # the same moment read in UTC is still Sunday: last week's session is this week's there
    assert weeks_of(in_step_weeks([sunday], in_tokyo, weeks=1, zone=UTC)) == [("2025-03-03", 10)]


def test_this_week_is_the_viewers_week_not_this_machines(machine_zone):
    machine_zone("UTC0")
    # noon on Sunday 9 March ten hours east (02:00 UTC): last week there, on Monday the 10th
    last_week = stepped(datetime(2025, 3, 9, 12, 0, tzinfo=PLUS10))
    monday = datetime(2025, 3, 10, 7, 0, tzinfo=PLUS10)  # still Sunday in UTC
    assert in_step_weeks([last_week], monday, weeks=1, zone=PLUS10) == []
    assert weeks_of(in_step_weeks([last_week], monday, weeks=2)) == [("2025-03-03", 10)]


def test_in_step_weeks_add_up_each_pair_of_roles():
    monday = datetime(2025, 3, 10, 8, 0, tzinfo=PLUS1)
    both = replace(
        stepped(monday),
        in_step=(Closeness("Alex", "Sam", 10, 9, 8), Closeness("Sam", "Alex", 6, 6, 5)),
    )
    again = stepped(monday + timedelta(days=1), breaths=4, in_step=4)
    never = replace(stepped(monday), in_step=(Closeness("Kim", "Sam", 0, 0, 0),))
    assert in_step_weeks([both, again, never], THU, weeks=1) == [
        PairWeek("Alex", "Sam", monday.date(), 14, 12),
        PairWeek("Sam", "Alex", monday.date(), 6, 5),
    ]


def test_two_sessions_that_started_at_the_same_instant_never_break_the_numbers():
    # the same session saved twice under two ids (a copy imported, say), one check-in missing
    whole = make_session(1, exercise_title="First name")
    copy = make_session(
        2,
        started_at=whole.started_at,
        exercise_title="First name",
        partners=(Partner("Alex", CheckIn(7), CheckIn(3)), Partner("Sam", CheckIn(), CheckIn(4))),
    )
    for order in ([whole, copy], [copy, whole]):
        stats = compute_stats(order, now=THU)
        assert stats.sessions == 2 and stats.per_exercise[0].title == "First name"
        sams = [(p.before.distress, p.after.distress) for s in order for p in s.partners[1:]]
        assert [r.values["Sam"] for r in stats.recent_rows] == sams  # as they were saved
