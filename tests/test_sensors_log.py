"""A heart strap in the log: each partner's first and last minute kept in the session row (an
optional field: old rows read as before), shown in history and exported as CSV columns; the
board that turns a strap's readings into them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from coreg.log import Heart, Partner, Session, detail_lines, heart_text, session_to_row
from coreg.log.exchange import export_csv
from coreg.log.rows import row_to_session
from coreg.sensors import HeartBoard, Link, parse_measurement, with_hearts
from tests.app_helpers import FakeClock

WHEN = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


def session(*partners: Partner, **details) -> Session:
    from coreg.log import Ending

    return Session(
        id="s1",
        exercise_id="heartbeat",
        exercise_title="Heartbeat Connection",
        started_at=WHEN,
        ended_at=WHEN,
        ending=Ending.COMPLETED,
        steps_completed=3,
        steps_total=3,
        seconds=300.0,
        partners=partners,
        details=details,
    )


HEART = Heart(96.0, 74.0, 21.5, 38.0)


def test_a_heart_goes_into_the_row_and_comes_back():
    row = session_to_row(session(Partner("Alex", heart=HEART), Partner("Sam")))
    assert row["partners"][0]["heart"] == {
        "first_bpm": 96.0,
        "last_bpm": 74.0,
        "first_rmssd": 21.5,
        "last_rmssd": 38.0,
    }
    assert "heart" not in row["partners"][1]  # no strap: the row is as it always was
    back = row_to_session(row)
    assert back.partners[0].heart == HEART and back.partners[1].heart is None


def test_a_row_without_hearts_is_exactly_as_before():
    row = session_to_row(session(Partner("Alex"), Partner("Sam")))
    assert all(set(p) == {"name", "before", "after"} for p in row["partners"])


@pytest.mark.parametrize(
    "bad",
    [
        "fast",
        [96, 74],
        {"first_bpm": "96", "last_bpm": True},
        {"first_bpm": float("nan")},
        {"first_bpm": 10**20},
        {"first_bpm": -5, "last_bpm": 0},
    ],
)
def test_a_damaged_heart_is_left_out_and_the_session_still_reads(bad):
    row = session_to_row(session(Partner("Alex")))
    row["partners"][0]["heart"] = bad
    assert row_to_session(row).partners[0].heart is None


def test_a_heart_with_some_numbers_keeps_those():
    row = session_to_row(session(Partner("Alex")))
    row["partners"][0]["heart"] = {"first_bpm": 88, "last_bpm": 9999, "last_rmssd": 40}
    assert row_to_session(row).partners[0].heart == Heart(88.0, None, None, 40.0)


def test_history_says_each_heart_in_our_words():
    assert heart_text("Alex", HEART) == "Alex's heart 96 → 74 (RMSSD 22 → 38 ms)"
    assert heart_text("Sam", Heart(80.0, None)) == "Sam's heart 80 → –"
    lines = detail_lines(
        session(Partner("Alex", heart=HEART), hearts_together="Your hearts kept their own."),
        now=WHEN,
        zone=UTC,
    )
    assert "Alex's heart 96 → 74 (RMSSD 22 → 38 ms)" in lines
    assert "Your hearts kept their own." in lines


def test_the_csv_has_each_partners_heart():
    text = export_csv([session(Partner("Alex", heart=HEART), Partner("Sam"))])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["partner1_heart_first_bpm"] == "96.0" and row["partner1_heart_last_bpm"] == "74.0"
    assert row["partner1_rmssd_first_ms"] == "21.5" and row["partner1_rmssd_last_ms"] == "38.0"
    assert row["partner2_heart_first_bpm"] == "" and row["partner2_rmssd_last_ms"] == ""


def a_break(**details) -> Session:
    from dataclasses import replace

    from coreg.log import Kind

    return replace(
        session(planned_minutes=20, pattern="box", **details),
        exercise_id="pause",
        exercise_title="Time-out: Box breathing",
        kind=Kind.PAUSE,
    )


def test_a_break_says_what_its_strap_said_in_history_and_the_csv():
    from coreg.log import history_row

    flooded = a_break(strap_flooded=["Alex"], strap_top_bpm=118)
    assert "Heart strap: Alex flooded, highest 118 a minute." in detail_lines(flooded, WHEN, UTC)
    assert history_row(flooded, WHEN, UTC)[4] == "strap 118, flooded"
    calm = a_break(strap_top_bpm=84)
    assert "Heart strap: highest 84 a minute, no flooding." in detail_lines(calm, WHEN, UTC)
    rows = list(csv.DictReader(io.StringIO(export_csv([flooded, calm]))))
    assert (rows[0]["strap_top_bpm"], rows[0]["strap_flooded"]) == ("118", "Alex")
    assert (rows[1]["strap_top_bpm"], rows[1]["strap_flooded"]) == ("84", "")


def test_a_counted_pulse_still_leads_and_the_strap_follows():
    from coreg.log import history_row

    both = a_break(pulse_bpm=112, pulse_flooded=True, strap_flooded=["Alex", "Sam"])
    lines = detail_lines(both, WHEN, UTC)
    assert "Pulse: 112 a minute (flooding)" in lines
    assert "Heart strap: Alex and Sam flooded." in lines
    assert history_row(both, WHEN, UTC)[4] == "pulse 112, flooded"


@pytest.mark.parametrize(
    "bad", [{"strap_top_bpm": True}, {"strap_top_bpm": "118"}, {"strap_flooded": "Alex"}]
)
def test_an_old_or_damaged_break_reads_as_before(bad):
    from coreg.log import break_facts

    old = a_break(pulse_bpm=90, pulse_flooded=False)
    assert not any(line.startswith("Heart strap") for line in detail_lines(old, WHEN, UTC))
    facts = break_facts({**old.details, **bad})
    assert (facts.strap_top_bpm, facts.strap_flooded) == (None, ())
    assert facts.pulse_bpm == 90
    row = next(csv.DictReader(io.StringIO(export_csv([old]))))
    assert (row["pulse_bpm"], row["strap_top_bpm"], row["strap_flooded"]) == ("90", "", "")


# -- the board ---------------------------------------------------------------------------------


def packet(bpm: int, *rr_units: int) -> bytes:
    flags = 0x16 if rr_units else 0x06  # contact; RR when given
    body = bytes([flags, bpm]) + b"".join(u.to_bytes(2, "little") for u in rr_units)
    return body


def test_the_board_shows_the_latest_reading_and_a_strap_that_went_quiet():
    clock = FakeClock(0)
    board = HeartBoard(["Alex", "Sam"], clock)
    assert board.reading("Alex").link is Link.CONNECTING
    board.add("Alex", parse_measurement(packet(72)))
    assert board.reading("Alex").bpm == 72
    clock.advance(5)
    assert board.reading("Alex").bpm == 72  # five seconds: still fresh
    clock.advance(0.1)
    assert board.reading("Alex").link is Link.DROPPED  # the strap dropped out: said so
    board.add("Alex", parse_measurement(bytes.fromhex("04 48")))  # off the skin
    assert board.reading("Alex").bpm is None and not board.reading("Alex").worn
    board.add("Nobody", parse_measurement(packet(80)))  # not paired: ignored
    assert board.reading("Nobody").link is Link.UNAVAILABLE


def test_the_board_gives_each_partner_their_first_and_last_minute():
    clock = FakeClock(100)
    board = HeartBoard(["Alex", "Sam"], clock)
    for second in range(181):  # three minutes at one reading a second
        rate = 96 if second <= 60 else 74 if second >= 120 else 85
        board.add("Alex", parse_measurement(packet(rate, 1024, 1034, 1014)))
        clock.advance(1)
    heart = board.heart("Alex", since=100)
    assert heart.first_bpm == 96.0 and heart.last_bpm == 74.0
    # the RR run 1000, 1009.8, 990.2 ms again and again: successive differences of 9.77,
    # -19.53 and 9.77 ms, whose root mean square is 13.8
    assert heart.first_rmssd == heart.last_rmssd == 13.8
    assert board.heart("Sam") is None
    done = with_hearts(session(Partner("Alex"), Partner("Sam"), Partner("Kim")), board, 100)
    assert done.partners[0].heart == heart
    assert done.partners[1].heart is None and done.partners[2].heart is None


def _wander(seconds: int, seed: int) -> list[float]:
    import random

    rng = random.Random(seed)
    rate = [70.0]
    for _ in range(seconds - 1):
        rate.append(min(200.0, max(40.0, rate[-1] + rng.uniform(-2, 2))))
    return rate


def _board(alex: list[float], sam: list[float]) -> HeartBoard:
    board = HeartBoard(["Alex", "Sam"], FakeClock(0))
    for second, (a, s) in enumerate(zip(alex, sam, strict=True)):
        board.add("Alex", parse_measurement(bytes([0x06, round(a)])), second)
        board.add("Sam", parse_measurement(bytes([0x06, round(s)])), second)
    return board


def test_how_two_hearts_moved_together_goes_into_the_session():
    alex = _wander(15 * 60, 9)
    sam = [alex[max(0, second - 2)] for second in range(15 * 60)]  # two seconds behind
    board = _board(alex, sam)
    found = board.together([(0, 15 * 60)])
    assert found.lag == 2 and found.above_chance
    assert found.windows == 38  # the last 10 minutes only: windows start at 3, 18, … 558 s
    done = with_hearts(session(Partner("Alex"), Partner("Sam")), board, 0, [(0, 900)])
    assert done.details["hearts_together"] == found.words
    assert "hearts_together" not in with_hearts(session(Partner("Alex")), board, 0).details


def test_together_looks_at_the_breathing_steps_only():
    alex = _wander(15 * 60, 9)
    own = _wander(15 * 60, 4)
    # Sam follows Alex two seconds behind from 300 s to 420 s and from 600 s to 720 s (the
    # breathing steps); in between and after, Sam's heart goes its own way
    breathing = [(300.0, 420.0), (600.0, 720.0)]
    sam = [
        alex[second - 2] if any(a <= second < b for a, b in breathing) else own[second]
        for second in range(15 * 60)
    ]
    board = _board(alex, sam)
    found = board.together(breathing)
    assert found.lag == 2 and found.above_chance
    assert found.windows == 14  # 240 s joined: windows start at 3, 18, … 198 s
    assert found.r > 0.9
    everything = board.together([(0.0, 900.0)])
    assert everything.r < found.r  # the rest of the session would have blurred it


def test_together_says_nothing_without_breathing_steps_or_with_too_little():
    alex = _wander(300, 9)
    board = _board(alex, alex)
    assert board.together([]) is None
    assert board.together([(0.0, 50.0)]) is None  # under two windows
    assert board.together([(400.0, 500.0)]) is None  # after the straps had stopped
    assert board.together([(100.0, 100.0), (50.0, 49.0)]) is None  # empty spans
    done = with_hearts(session(Partner("Alex"), Partner("Sam")), board, 0, [])
    assert "hearts_together" not in done.details


def test_together_takes_the_latest_ten_minutes_of_breathing():
    alex = _wander(30 * 60, 9)
    board = _board(alex, alex)
    spans = [(0.0, 400.0), (500.0, 900.0), (1000.0, 1400.0)]  # 20 minutes of breathing
    capped = board.together(spans)
    # the last span whole, and the last 200 s of the one before: 600 s, 38 windows
    assert capped.windows == 38
    assert capped == board.together([(700.0, 900.0), (1000.0, 1400.0)])
