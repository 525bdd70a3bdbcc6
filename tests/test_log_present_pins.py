"""How a session reads to a person, pinned at each edge a person would notice: the day words, the
zone names, the lengths, what a break shows and what a history row and the detail say."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from coreg.log import (
    CheckIn,
    Closeness,
    Ending,
    Heart,
    Kind,
    Partner,
    State,
    break_facts,
    closeness_text,
    detail_lines,
    ending_text,
    heart_text,
    history_cells,
    length_text,
    when_text,
    zone_text,
)
from coreg.log.present import (
    BreakFacts,
    break_ending,
    break_length,
    minutes_text,
    offset_words,
    pulse_text,
    strap_text,
)
from tests.helpers_store import make_session

PLUS1 = timezone(timedelta(hours=1))
MINUS5 = timezone(timedelta(hours=-5))
NOW = datetime(2025, 3, 13, 12, 0, tzinfo=PLUS1)  # a Thursday noon


# ---------------------------------------------------------------------------------- when


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (0, "today 09:15"),
        (1, "yesterday 09:15"),
        (2, "Tue 09:15"),
        (6, "Fri 09:15"),
        (7, "6 Mar 09:15"),
        (8, "5 Mar 09:15"),
    ],
)
def test_the_day_is_named_within_a_week_and_dated_from_the_seventh_day(days, said):
    moment = datetime(2025, 3, 13, 9, 15, tzinfo=PLUS1) - timedelta(days=days)
    assert when_text(moment, now=NOW, zone=PLUS1) == said


def test_a_date_in_another_year_shows_the_year():
    moment = datetime(2024, 12, 30, 9, 15, tzinfo=PLUS1)
    assert when_text(moment, now=NOW, zone=PLUS1) == "30 Dec 2024 09:15"


def test_today_is_the_viewers_today_not_the_clocks_zones():
    # 23:30 on the 12th at UTC−5 is already 05:30 on the 13th at UTC+1: "today" for the viewer
    now = datetime(2025, 3, 12, 23, 30, tzinfo=MINUS5)
    moment = datetime(2025, 3, 13, 5, 0, tzinfo=PLUS1)
    assert when_text(moment, now=now, zone=PLUS1) == "today 05:00"
    # and seen from UTC−5 the same moment is 23:00 on the 12th: still today there
    assert when_text(moment, now=now, zone=MINUS5) == "today 23:00"


# ---------------------------------------------------------------------------------- zones


@pytest.mark.parametrize(
    ("offset", "said"),
    [
        (timedelta(0), "UTC"),
        (timedelta(minutes=1), "UTC+00:01"),
        (timedelta(minutes=-1), "UTC−00:01"),
        (timedelta(hours=1), "UTC+01:00"),
        (timedelta(hours=-5, minutes=-30), "UTC−05:30"),
        (timedelta(hours=5, minutes=45), "UTC+05:45"),
    ],
)
def test_a_zone_is_named_by_its_offset_and_utc_by_its_name(offset, said):
    assert zone_text(datetime(2025, 3, 3, 20, 0, tzinfo=timezone(offset))) == said


def test_a_time_with_no_zone_says_so():
    assert zone_text(datetime(2025, 3, 3, 20, 0)) == "no zone"


# ---------------------------------------------------------------------------------- lengths


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "<1s"),
        (0.49, "<1s"),
        (0.5, "1s"),  # half a second is a second: never "0s"
        (0.51, "1s"),
        (1.0, "1s"),
        (1.49, "1s"),
        (59.4, "59s"),
        (370, "6m 10s"),
        (599, "9m 59s"),
        (600, "10m"),
        (600.4, "10m"),
        (600.6, "10m"),
        (629, "10m"),
        (631, "11m"),
        (4620, "1h 17m"),
        (3600, "1h"),
        (3601, "1h"),
    ],
)
def test_lengths_read_in_seconds_then_minutes_from_ten_minutes(seconds, said):
    assert length_text(seconds) == said


def test_length_just_under_ten_minutes_keeps_its_seconds_and_at_ten_rounds():
    assert length_text(599.6) == "10m"  # rounds to 600 s, shown without seconds
    assert length_text(600) == "10m"
    assert length_text(602) == "10m"  # not "10m 2s": from ten minutes, whole minutes


def test_minutes_read_as_a_length():
    assert minutes_text(20) == "20m"
    assert minutes_text(1) == "1m"
    assert minutes_text(0.5) == "30s"
    assert minutes_text(90) == "1h 30m"


# ---------------------------------------------------------------------------------- hearts


def test_a_heart_with_one_rmssd_still_shows_it():
    assert heart_text("Alex", Heart(96, 74, 21, None)) == "Alex's heart 96 → 74 (RMSSD 21 → – ms)"
    assert heart_text("Alex", Heart(96, 74, None, 38)) == "Alex's heart 96 → 74 (RMSSD – → 38 ms)"
    assert heart_text("Alex", Heart(96, 74)) == "Alex's heart 96 → 74"


# ---------------------------------------------------------------------------------- endings


def test_skipped_steps_are_added_to_how_it_ended():
    session = make_session(ending=Ending.COMPLETED, steps_skipped=3, steps_total=8)
    assert ending_text(session) == "finished, 3 of 8 steps skipped"
    assert ending_text(replace(session, steps_skipped=0)) == "finished"


# ---------------------------------------------------------------------------------- breaks


def test_a_break_reads_zero_minutes_as_zero_and_refuses_negative_ones():
    assert break_facts({"planned_minutes": 0, "extended_minutes": 0.5}).extended_minutes == 0.5
    assert break_facts({"planned_minutes": 0.5}).planned_minutes == 0.5
    assert break_facts({"planned_minutes": -1}).planned_minutes == 0.0
    assert break_facts({"planned_minutes": True}).planned_minutes == 0.0


@pytest.mark.parametrize(("top", "kept"), [(0, None), (1, 1), (-3, None), (118, 118)])
def test_a_straps_top_rate_counts_only_above_zero(top, kept):
    assert break_facts({"strap_top_bpm": top}).strap_top_bpm == kept


@pytest.mark.parametrize(
    ("value", "kept"), [(True, True), (False, False), ("yes", None), (1, None)]
)
def test_flooded_is_read_only_from_a_yes_or_no(value, kept):
    assert break_facts({"pulse_flooded": value}).flooded is kept


def facts(**given) -> BreakFacts:
    base = {"planned_minutes": 0.0, "extended_minutes": 0.0, "pulse_bpm": None, "flooded": None}
    return BreakFacts(**{**base, "patterns": (), **given})


def test_a_pulse_and_a_strap_in_words():
    assert pulse_text(facts()) == "no pulse"
    assert pulse_text(facts(strap_top_bpm=118)) == "strap 118"
    assert pulse_text(facts(strap_top_bpm=118, strap_flooded=("Alex",))) == "strap 118, flooded"
    assert pulse_text(facts(pulse_bpm=84)) == "pulse 84"
    assert pulse_text(facts(pulse_bpm=84, flooded=False)) == "pulse 84, not flooded"
    assert pulse_text(facts(pulse_bpm=112, flooded=True)) == "pulse 112, flooded"


def test_no_strap_says_nothing_at_all():
    assert strap_text(facts()) == ""
    assert strap_text(facts(strap_top_bpm=118)) == "Heart strap: highest 118 a minute, no flooding."


def a_break(planned: float = 20, extended: float = 0, **changes):
    details = {"planned_minutes": planned, "extended_minutes": extended, "pattern": "box"}
    details.update(changes.pop("details", {}))
    return make_session(
        kind=Kind.PAUSE,
        exercise_id="pause",
        exercise_title="Time-out",
        seconds=changes.pop("seconds", 18 * 60),
        ending=changes.pop("ending", Ending.ENDED_EARLY),
        partners=(),
        details=details,
        **changes,
    )


@pytest.mark.parametrize(
    ("planned", "said"),
    [(0, "18m"), (0.5, "18m of 30s"), (1, "18m of 1m"), (20, "18m of 20m")],
)
def test_a_time_out_shows_its_plan_and_a_breath_timer_just_its_length(planned, said):
    session = a_break(planned)
    assert break_length(session, break_facts(session.details)) == said


@pytest.mark.parametrize(
    ("extended", "long", "short"),
    [
        (0, "ended early", "early"),
        (0.5, "ended early, +30s", "early +30s"),
        (1, "ended early, +1m", "early +1m"),
        (10, "ended early, +10m", "early +10m"),
    ],
)
def test_an_extension_is_added_to_how_a_break_ended(extended, long, short):
    session = a_break(20, extended)
    found = break_facts(session.details)
    assert break_ending(session, found) == long
    assert break_ending(session, found, short=True) == short


# ---------------------------------------------------------------------------------- rows


def test_a_break_row_has_a_short_ending_for_a_narrow_table():
    cells = history_cells(a_break(20, 10, details={"pulse_bpm": 84}), now=NOW, zone=PLUS1)
    assert cells[2:] == ("18m of 20m", "ended early, +10m", "early +10m", "pulse 84")


def test_a_break_past_a_day_is_flagged_in_both_endings_and_no_other_is():
    long = a_break(20, ended_at=make_session().started_at + timedelta(hours=25))
    cells = history_cells(long, now=NOW, zone=PLUS1)
    assert (cells.ended, cells.ended_short) == ("ended early · over 24 h", "early · over 24 h")
    cells = history_cells(a_break(20), now=NOW, zone=PLUS1)
    assert (cells.ended, cells.ended_short) == ("ended early", "early")


def test_an_exercise_row_counts_skipped_steps_only_when_there_are_some():
    session = make_session(steps_skipped=2, steps_total=5)
    cells = history_cells(session, now=NOW, zone=PLUS1)
    assert (cells.ended, cells.ended_short) == (
        "finished, 2 of 5 steps skipped",
        "done · 2 skipped",
    )
    cells = history_cells(make_session(), now=NOW, zone=PLUS1)
    assert (cells.ended, cells.ended_short) == ("finished", "done")
    assert cells.change == "Alex 7 → 3 · Sam 5 → 4"


def test_a_row_with_no_partners_shows_a_dash():
    cells = history_cells(make_session(partners=()), now=NOW, zone=PLUS1)
    assert cells.change == "–"


# ---------------------------------------------------------------------------------- detail


def test_the_detail_of_an_exercise_line_by_line():
    session = make_session(note="We laughed.")
    assert detail_lines(session, now=NOW, zone=PLUS1) == [
        "Heartbeat Connection",
        "3 Mar 20:00 to 20:06",
        "Times in UTC+01:00, the zone it was recorded in.",
        "6m practised, finished, 5 of 5 steps done",
        "Alex 7 → 3 (activated → safe and connected)",
        "Sam 5 → 4",
        "Note: We laughed.",
    ]


def test_the_detail_names_both_zones_when_the_viewer_is_elsewhere():
    lines = detail_lines(make_session(), now=NOW, zone=MINUS5)
    assert lines[1:3] == [
        "3 Mar 14:00 to 14:06",
        "Times in your zone (UTC−05:00); recorded in UTC+01:00, where it began at 20:00.",
    ]


def test_a_session_past_midnight_ends_on_its_own_day_in_the_viewers_words():
    start = datetime(2025, 3, 10, 23, 50, tzinfo=PLUS1)  # Monday
    session = make_session(started_at=start, ended_at=start + timedelta(minutes=20))
    assert detail_lines(session, now=NOW, zone=PLUS1)[1] == "Mon 23:50 to Tue 00:10"
    # seen from UTC−5 it is all one afternoon
    assert detail_lines(session, now=NOW, zone=MINUS5)[1] == "Mon 17:50 to 18:10"


def test_a_session_ending_on_the_next_day_counts_that_day_from_the_given_now():
    start = datetime(2024, 12, 31, 23, 50, tzinfo=PLUS1)
    session = make_session(started_at=start, ended_at=start + timedelta(minutes=20))
    now = datetime(2025, 1, 2, 12, 0, tzinfo=MINUS5)  # already the 2nd wherever the viewer is
    assert detail_lines(session, now=now, zone=PLUS1)[1] == "Tue 23:50 to yesterday 00:10"


def test_an_untitled_session_shows_its_id_and_a_titled_one_its_title():
    assert detail_lines(make_session(exercise_title=""), now=NOW, zone=PLUS1)[0] == "heartbeat"
    assert detail_lines(make_session(), now=NOW, zone=PLUS1)[0] == "Heartbeat Connection"


def test_skipped_steps_replace_the_steps_done_in_the_detail():
    session = make_session(steps_skipped=2, steps_completed=3, steps_total=5)
    line = detail_lines(session, now=NOW, zone=PLUS1)[3]
    assert line == "6m practised, finished, 2 of 5 steps skipped"


def test_the_detail_of_a_time_out():
    session = a_break(
        20,
        10,
        details={"pulse_bpm": 112, "pulse_flooded": True, "patterns": ["box", "4-7-8"]},
    )
    assert detail_lines(session, now=NOW, zone=PLUS1)[3:] == [
        "A time-out of 20m, extended by 10m: 18m taken, ended early.",
        "Breathing: Box breathing, 4-7-8 breathing",
        "Pulse: 112 a minute (flooding)",
    ]


@pytest.mark.parametrize(
    ("planned", "extended", "said"),
    [
        (0.5, 0, "A time-out of 30s: 18m taken, ended early."),
        (1, 0, "A time-out of 1m: 18m taken, ended early."),
        (20, 0.5, "A time-out of 20m, extended by 30s: 18m taken, ended early."),
        (20, 1, "A time-out of 20m, extended by 1m: 18m taken, ended early."),
        (0, 0, "A breath timer: 18m, ended early."),
    ],
)
def test_a_breaks_plan_at_its_smallest(planned, extended, said):
    session = a_break(planned, extended)
    assert detail_lines(session, now=NOW, zone=PLUS1)[3] == said


@pytest.mark.parametrize(
    ("flooded", "said"),
    [
        (False, "Pulse: 84 a minute (not flooding)"),
        (None, "Pulse: 84 a minute"),
    ],
)
def test_the_detail_says_whether_a_pulse_meant_flooding(flooded, said):
    session = a_break(20, details={"pulse_bpm": 84, "pulse_flooded": flooded})
    assert said in detail_lines(session, now=NOW, zone=PLUS1)


def test_a_break_with_no_pulse_and_past_a_day_says_both():
    start = make_session().started_at
    session = a_break(0, ended_at=start + timedelta(hours=25), seconds=25 * 3600)
    assert detail_lines(session, now=NOW, zone=PLUS1)[3:] == [
        "A breath timer: 25h, ended early.",
        "Breathing: Box breathing",
        "No pulse was taken.",
        "This break ran past a day.",
    ]


def test_the_detail_shows_the_hearts_and_how_they_went_together():
    alex = Partner("Alex", CheckIn(7), CheckIn(3), heart=Heart(96, 74, 21, 38))
    session = make_session(partners=(alex,), details={"hearts_together": "Your hearts slowed."})
    assert detail_lines(session, now=NOW, zone=PLUS1)[4:] == [
        "Alex 7 → 3",
        "Alex's heart 96 → 74 (RMSSD 21 → 38 ms)",
        "Your hearts slowed.",
    ]


@pytest.mark.parametrize("together", ["", 3, None, ["x"]])
def test_no_line_for_hearts_together_unless_it_is_words(together):
    session = make_session(partners=(), details={"hearts_together": together})
    assert detail_lines(session, now=NOW, zone=PLUS1)[3:] == [
        "6m practised, finished, 5 of 5 steps done"
    ]


def test_a_partners_states_follow_their_numbers():
    alex = Partner("Alex", CheckIn(None, State.SHUT_DOWN), CheckIn(2))
    sam = Partner("Sam", CheckIn(6, State.ACTIVATED), CheckIn(3, State.SAFE))
    lines = detail_lines(make_session(partners=(alex, sam)), now=NOW, zone=PLUS1)
    assert lines[4:] == [
        "Alex – → 2 (shut down)",
        "Sam 6 → 3 (activated → safe and connected)",
    ]


def test_the_detail_shows_how_close_the_partners_breathed():
    close = Closeness("Alex", "Sam", 16, 15, 14, 0.2)
    lines = detail_lines(make_session(partners=(), in_step=(close,)), now=NOW, zone=PLUS1)
    assert lines[-1] == closeness_text(close)
    assert lines[-1] == (
        "Sam followed Alex within half a second on 14 of 16 breaths, typically 0.2 s after."
    )


# ---------------------------------------------------------------------------------- in step


@pytest.mark.parametrize(
    ("median", "said"),
    [
        (None, "right together"),
        (0.0, "right together"),
        (0.049, "right together"),
        (-0.049, "right together"),
        (0.05, "typically 0.1 s after"),
        (-0.05, "typically 0.1 s ahead"),
        (0.3, "typically 0.3 s after"),
        (-0.3, "typically 0.3 s ahead"),
    ],
)
def test_the_typical_offset_in_words(median, said):
    assert offset_words(median) == said
