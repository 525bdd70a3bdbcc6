"""The heart straps, pinned where mutation testing found them loose: the packet's edges, the
edges of the cleaning rule, of a minute, of a breath cycle and of flooding, what the board keeps
and shows, and how two hearts are compared with chance (the links, pairing, replay and bleak:
``test_mutants_sensors_link.py``). Every number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import pytest

from coreg.log import Partner, Session
from coreg.pause import FLOODING_BPM
from coreg.sensors import (
    Beat,
    FloodWatch,
    HeartBoard,
    Link,
    MeasurementError,
    Together,
    beat_points,
    clean_rr,
    encode_measurement,
    first_and_last_minute,
    minute_of,
    on_grid,
    parse_measurement,
    pearson,
    rmssd,
    swing_per_breath,
    together,
    windowed_peaks,
)
from tests.app_helpers import FakeClock

# -- the packet --------------------------------------------------------------------------------


def test_a_packet_of_512_bytes_is_read_and_one_more_is_refused():
    # flags (RR present), an 8-bit rate of 72, then 255 RR intervals of 1024/1024 s: 512 bytes
    longest = bytes([0x10, 72]) + (1024).to_bytes(2, "little") * 255
    assert len(longest) == 512
    measured = parse_measurement(longest)
    assert measured.bpm == 72 and measured.rr_ms == (1000.0,) * 255
    with pytest.raises(MeasurementError, match="the packet is 514 bytes, too long"):
        parse_measurement(longest + b"\x00\x04")


def test_a_packet_read_from_a_bytearray_or_a_memoryview_is_the_same():
    packet = bytes.fromhex("16 48 00 04")
    assert parse_measurement(bytearray(packet)) == parse_measurement(memoryview(packet))
    assert parse_measurement(bytearray(packet)).rr_ms == (1000.0,)


def test_a_16_bit_rate_uses_both_bytes_and_the_rr_after_them():
    # 0x012c = 300 a minute; then RR 512/1024 s = 500 ms
    measured = parse_measurement(bytes.fromhex("11 2c 01 00 02"))
    assert measured.bpm == 300 and measured.rr_ms == (500.0,)


def test_energy_then_rr_each_from_their_own_bytes():
    # energy 0x0201 = 513 kJ; RR 0x0333 = 819/1024 s
    measured = parse_measurement(bytes.fromhex("18 48 01 02 33 03"))
    assert measured.energy_kj == 513 and measured.rr_ms == (819 * 1000 / 1024,)


@pytest.mark.parametrize(
    ("packet", "says"),
    [
        ("00 48 00", "the packet has 1 bytes its flags do not explain"),
        ("01 48 00 00 04", "the packet has 2 bytes its flags do not explain"),  # no RR flag
        ("09 48 00 39 01 00 04 00", "the packet has 3 bytes its flags do not explain"),
    ],
)
def test_bytes_the_flags_do_not_explain_are_counted(packet, says):
    with pytest.raises(MeasurementError, match=f"^{says}$"):
        parse_measurement(bytes.fromhex(packet))


def test_the_packet_a_replay_sends_byte_by_byte():
    assert encode_measurement(72) == bytes([0x06, 72])  # contact, 8-bit, no RR
    assert encode_measurement(255) == bytes([0x06, 0xFF])  # the largest 8-bit rate
    assert encode_measurement(256) == bytes([0x07, 0x00, 0x01])  # 16-bit from 256
    assert encode_measurement(72, contact=False) == bytes([0x04, 72])  # off the skin
    # 1000 ms = 1024 units (00 04); 750 ms = 768 units (00 03)
    assert encode_measurement(72, (1000.0, 750.0)) == bytes([0x16, 72, 0x00, 0x04, 0x00, 0x03])
    # an interval too long for 16 bits is sent as the largest one there is
    assert encode_measurement(72, (70_000.0,)) == bytes([0x16, 72, 0xFF, 0xFF])
    back = parse_measurement(encode_measurement(72, contact=False))
    assert not back.worn and back.bpm == 72


# -- cleaning RR intervals ---------------------------------------------------------------------


def test_the_top_of_the_plausible_range_is_kept():
    assert clean_rr([2000, 2000, 2000]) == [2000, 2000, 2000]
    assert clean_rr([299.99, 300, 300]) == [None, 300, 300]


def test_a_single_interval_is_kept_with_nothing_to_compare():
    assert clean_rr([800]) == [800]
    assert clean_rr([]) == []


def test_a_jump_of_exactly_a_fifth_is_kept_and_more_is_dropped():
    # the median of each one's neighbours is 1000; 1200 is 20% over it, 1201 more
    assert clean_rr([1000, 1000, 1200, 1000, 1000]) == [1000, 1000, 1200, 1000, 1000]
    assert clean_rr([1000, 1000, 1201, 1000, 1000]) == [1000, 1000, None, 1000, 1000]
    assert clean_rr([1000, 1000, 800, 1000, 1000]) == [1000, 1000, 800, 1000, 1000]
    assert clean_rr([1000, 1000, 799, 1000, 1000]) == [1000, 1000, None, 1000, 1000]


def test_an_interval_is_judged_against_up_to_two_on_each_side():
    # the first one's neighbours are the two after it (median 1000): 790 is 21% under
    assert clean_rr([790, 1000, 1000, 1000]) == [None, 1000, 1000, 1000]
    # the last one looks two back (1000, 1000): 1400 is 40% over
    assert clean_rr([1000, 1000, 1000, 1000, 1000, 1400]) == [1000] * 5 + [None]
    # an out-of-range beat is nobody's neighbour: 1500's are 1000 and 1000 (two back) only
    assert clean_rr([1000, 1000, 1500, 250]) == [1000, 1000, None, None]


def test_rmssd_uses_each_successive_difference_once():
    # differences 20, -20, 20: the root of their mean square is 20
    assert rmssd([1000, 1020, 1000, 1020]) == pytest.approx(20)


# -- a minute ---------------------------------------------------------------------------------


def test_a_reading_of_zero_does_not_pull_the_mean_down():
    minute = minute_of([Beat(0, 0), Beat(1, 80), Beat(2, 70)])
    assert minute.bpm == 75
    assert minute_of([Beat(0, 0)]).bpm is None


def test_the_first_minute_ends_at_sixty_seconds_and_the_last_starts_sixty_before_the_end():
    # readings at 0, 60, 61, 119 and 120 s: the first minute is 0-60, the last 60-120
    beats = [Beat(0, 60), Beat(60, 90), Beat(61, 100), Beat(119, 110), Beat(120, 120)]
    first, last = first_and_last_minute(beats)
    assert first.bpm == 75  # 60 and 90
    assert last.bpm == 105  # 90, 100, 110, 120
    # a session that starts late on the clock: the minutes are counted from its first reading
    later = [Beat(b.at + 1000, b.bpm) for b in beats]
    assert first_and_last_minute(later) == (first, last)


# -- the swing per breath ---------------------------------------------------------------------


def test_a_cycle_with_two_readings_counts_and_one_with_one_does_not():
    assert swing_per_breath([(0.0, 60.0), (9.0, 70.0)], 10) == 10
    # the second cycle (10-20 s) has one reading: left out, not a swing of 0
    assert swing_per_breath([(0.0, 60.0), (9.0, 70.0), (10.0, 80.0), (25.0, 90.0)], 10) == 10


def test_a_cycle_counts_when_the_readings_reach_nine_tenths_of_it():
    ten = [(float(t), 60.0 + t) for t in range(10)]  # 0-9 s: 90% of a 10-second breath
    assert swing_per_breath(ten, 10) == 9
    assert swing_per_breath(ten[:9], 10) is None  # 0-8 s: not yet
    later = [(at + 100, bpm) for at, bpm in ten]  # the same, later on the clock
    assert swing_per_breath(later, 10) == 9 and swing_per_breath(later[:9], 10) is None
    # 0-18 s: the second cycle is only 80% through and is not counted (it would swing 8)
    nineteen = [(float(t), 60.0 + t) for t in range(10)] + [(float(t), 60.0) for t in range(10, 19)]
    nineteen[-1] = (18.0, 68.0)
    assert swing_per_breath(nineteen, 10) == 9


def test_a_reading_on_the_edge_of_a_cycle_belongs_to_the_next():
    # the first cycle runs 0-10 s; the reading at 10 s (100 a minute) starts the second
    points = [(float(t), 60.0 + (t % 2)) for t in range(10)] + [(10.0, 100.0), (19.0, 100.0)]
    assert swing_per_breath(points, 10) == pytest.approx((1 + 0) / 2)


def test_a_swing_is_the_highest_minus_the_lowest_and_the_cycles_are_averaged():
    # cycle 1: 70 - 58 = 12; cycle 2: 66 - 62 = 4; mean 8; the cycles start at the first point
    points = [(5.0, 60.0), (7.0, 70.0), (9.0, 58.0), (15.0, 62.0), (19.0, 66.0), (24.0, 64.0)]
    assert swing_per_breath(points, 10) == 8
    assert swing_per_breath(points, -10) is None


# -- beat by beat -----------------------------------------------------------------------------


def test_each_rr_interval_becomes_a_rate_placed_back_from_its_packet():
    # the packet at 10 s carries 1000 and 960 ms: the first beat ended 0.96 s before it came
    points = beat_points([Beat(9.5, 70), Beat(10.0, 62, (1000.0, 960.0))])
    assert [(round(at, 9), rate) for at, rate in points] == [
        (9.04, 60.0),
        (9.5, 70.0),
        (10.0, 62.5),
    ]


def test_an_artefact_is_not_a_beat_and_a_rate_of_zero_is_not_a_reading():
    # 250 ms is an artefact (240 a minute): only the 1000 ms beat is kept
    assert beat_points([Beat(5.0, 60, (1000.0, 250.0))]) == [(5.0, 60.0)]
    # every interval an artefact: the packet's own rate stands
    assert beat_points([Beat(5.0, 61, (250.0,))]) == [(5.0, 61.0)]
    assert beat_points([Beat(5.0, 0), Beat(6.0, 0, (250.0,))]) == []


# -- flooding ---------------------------------------------------------------------------------


def test_readings_ten_seconds_apart_still_hold_a_run_and_more_breaks_it():
    over = FLOODING_BPM + 20
    steady = FloodWatch(clock=FakeClock(0))
    assert [steady.feed(over, t) for t in (0, 10, 20, 30)] == [False, False, False, True]
    assert steady.flooded(40)  # ten seconds after the last reading: still flooded
    assert not steady.flooded(40.5)
    sparse = FloodWatch(clock=FakeClock(0))
    assert not any(sparse.feed(over, t) for t in (0, 10.5, 21, 31.5, 42))


def test_a_given_time_is_used_over_the_clock():
    watch = FloodWatch(clock=FakeClock(10_000))  # the clock is far on, and never moves
    assert [watch.feed(120, t) for t in (100, 110, 120, 130)] == [False, False, False, True]
    assert watch.flooded(130)
    assert watch.feed(0, 135)  # no reading at 135 s: still flooded then


def test_the_highest_reading_and_whether_flooding_was_ever_seen_are_kept():
    watch = FloodWatch(clock=FakeClock(0))
    assert watch.top is None and watch.ever is False
    assert not watch.feed(0, 0)  # no reading yet: nothing kept
    assert watch.top is None
    for t, bpm in enumerate((90, 130, 110)):
        watch.feed(bpm, t)
    assert watch.top == 130 and watch.ever is False
    for t in range(3, 40, 5):
        watch.feed(120, t)
    assert watch.ever is True
    watch.feed(70, 45)  # calm again: it was seen, and the top stays
    assert not watch.flooded(45) and watch.ever is True and watch.top == 130


def test_flooding_is_not_said_before_thirty_seconds_over():
    watch = FloodWatch(clock=FakeClock(0))
    assert not any(watch.feed(120, t) for t in (0, 10, 20, 29.9))
    assert not watch.flooded(29.9) and not watch.ever
    assert watch.feed(120, 30)


def test_resting_plus_ten_floods_under_a_hundred():
    watch = FloodWatch(resting=60, clock=FakeClock(0))
    assert [watch.feed(71, t) for t in (0, 10, 20, 30)] == [False, False, False, True]


# -- the board --------------------------------------------------------------------------------


def _packet(bpm: int, *rr_units: int, contact: bool = True) -> bytes:
    flags = (0x06 if contact else 0x04) | (0x10 if rr_units else 0)
    return bytes([flags, bpm]) + b"".join(u.to_bytes(2, "little") for u in rr_units)


def test_a_reading_off_the_skin_is_shown_and_never_kept():
    board = HeartBoard(["Alex"], FakeClock(0))
    board.add("Alex", parse_measurement(_packet(150, 400, contact=False)))
    shown = board.reading("Alex")
    assert shown.link is Link.CONNECTED and shown.bpm is None and shown.worn is False
    assert board.beats("Alex") == []
    board.add("Alex", parse_measurement(_packet(0)))  # a rate of zero: no reading either
    assert board.beats("Alex") == [] and board.heart("Alex") is None


def test_the_board_keeps_when_each_reading_came_and_what_it_said():
    clock = FakeClock(7)
    board = HeartBoard(["Alex", "Sam"], clock)
    board.add("Alex", parse_measurement(_packet(72, 1024)))
    board.add("Sam", parse_measurement(_packet(80)), now=9.0)
    assert board.beats("Alex") == [Beat(7, 72, (1000.0,))]
    assert board.beats("Sam") == [Beat(9.0, 80, ())]
    shown = board.reading("Alex")
    assert (shown.name, shown.link, shown.bpm, shown.worn, shown.at) == (
        "Alex",
        Link.CONNECTED,
        72,
        True,
        7,
    )
    assert [r.bpm for r in board.readings()] == [72, 80]
    assert [r.bpm for r in board.readings(now=13.5)] == [None, 80]  # Alex's is 6.5 s old


def test_the_beats_since_a_moment_include_that_moment():
    board = HeartBoard(["Alex"], FakeClock(0))
    for t in (1.0, 2.0, 3.0):
        board.add("Alex", parse_measurement(_packet(70)), t)
    assert [b.at for b in board.beats("Alex", since=2.0)] == [2.0, 3.0]
    assert board.beats("Nobody") == []


def test_the_board_stops_keeping_at_its_limit_and_still_shows_the_latest(monkeypatch):
    import coreg.sensors.board as board_module

    monkeypatch.setattr(board_module, "MAX_BEATS", 3)
    board = HeartBoard(["Alex"], FakeClock(0))
    for t, bpm in enumerate((70, 71, 72, 73, 74)):
        board.add("Alex", parse_measurement(_packet(bpm)), t)
    assert [b.bpm for b in board.beats("Alex")] == [70, 71, 72]
    assert board.reading("Alex", now=4).bpm == 74


def test_each_reading_is_recorded_and_wakes_the_screens():
    board = HeartBoard(["Alex"], FakeClock(3))
    recorded: list[tuple] = []
    woken: list[int] = []
    board.record = lambda name, measurement, now: recorded.append((name, measurement.bpm, now))
    board.watchers.append(lambda: woken.append(1))
    board.watchers.append(lambda: woken.append(2))
    board.add("Alex", parse_measurement(_packet(66)))
    board.add("Alex", parse_measurement(_packet(150, contact=False)), 4.0)
    board.add("Kim", parse_measurement(_packet(90)))  # not paired: not recorded
    assert recorded == [("Alex", 66, 3), ("Alex", 150, 4.0)]
    assert woken == [1, 2, 1, 2]


def test_a_strap_that_drops_out_is_shown_with_its_note():
    board = HeartBoard(["Alex"], FakeClock(0))
    board.set_link("Alex", Link.UNAVAILABLE, "no Bluetooth here")
    shown = board.reading("Alex")
    assert (shown.name, shown.link, shown.note, shown.bpm) == (
        "Alex",
        Link.UNAVAILABLE,
        "no Bluetooth here",
        None,
    )
    board.set_link("Kim", Link.CONNECTED)  # not paired: nothing changes
    assert board.reading("Kim").link is Link.UNAVAILABLE and board.reading("Kim").note == ""
    board.add("Alex", parse_measurement(_packet(70)), 0)
    board.set_link("Alex", Link.DROPPED)
    assert board.reading("Alex").link is Link.DROPPED and board.reading("Alex").bpm is None
    board.set_link("Alex", Link.CONNECTED)
    board.add("Alex", parse_measurement(_packet(70)), 0)
    stale = board.reading("Alex", now=5.5)
    assert (stale.name, stale.link, stale.bpm) == ("Alex", Link.DROPPED, None)
    off = parse_measurement(_packet(70, contact=False))
    board.add("Alex", off, 6)
    assert board.reading("Alex", now=6).name == "Alex"


def test_the_swing_looks_at_the_last_three_breaths():
    clock = FakeClock(0)
    board = HeartBoard(["Alex"], clock)
    # eight 10-second breaths, one reading a second; the first five swing 40 (60-100), the
    # last three 10 (65-75)
    for t in range(80):
        wide = t < 50
        low, high = (60, 100) if wide else (65, 75)
        board.add("Alex", parse_measurement(_packet(high if t % 10 == 5 else low)), t)
    clock.t = 80
    assert board.swing("Alex", 10) == 10  # 50-80 s
    assert board.swing("Alex", 10, cycles=5) == pytest.approx((40 + 40 + 10 * 3) / 5)


def test_a_heart_is_rounded_to_a_tenth():
    board = HeartBoard(["Alex"], FakeClock(0))
    for t, bpm in enumerate((70, 70, 71)):  # mean 70.333…
        board.add("Alex", parse_measurement(_packet(bpm)), t)
    heart = board.heart("Alex")
    assert heart.first_bpm == 70.3 and heart.last_bpm == 70.3
    assert heart.first_rmssd is None and heart.last_rmssd is None
    assert board.heart("Alex", since=2).first_bpm == 71.0


def test_one_partner_has_no_together():
    board = HeartBoard(["Alex"], FakeClock(0))
    for t in range(200):
        board.add("Alex", parse_measurement(_packet(60 + t % 7)), t)
    assert board.together([(0.0, 200.0)]) is None


def test_together_compares_the_first_two_of_three_paired_straps():
    # with no names set yet, every paired strap is on the board; the first two are compared
    board = HeartBoard(["Alex", "Sam", "Kim"], FakeClock(0))
    for t in range(120):
        rate = 60 + (t * 7) % 11
        for name in board.names:
            board.add(name, parse_measurement(_packet(rate)), t)
    found = board.together([(0.0, 120.0)])
    assert found is not None and found.r == pytest.approx(1) and found.lag == 0


def test_together_needs_both_straps():
    board = HeartBoard(["Alex", "Sam"], FakeClock(0))
    for t in range(200):
        board.add("Alex", parse_measurement(_packet(60 + t % 7)), t)
    assert board.together([(0.0, 200.0)]) is None


def test_with_hearts_leaves_a_partner_without_a_strap_as_they_were():
    from datetime import UTC, datetime

    from coreg.log import Ending
    from coreg.sensors import with_hearts

    board = HeartBoard(["Alex"], FakeClock(0))
    for t, bpm in enumerate((90, 70, 70)):
        board.add("Alex", parse_measurement(_packet(bpm)), t)
    sam = Partner("Sam")
    when = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    session = Session(
        id="s1",
        exercise_id="heartbeat",
        exercise_title="Heartbeat Connection",
        started_at=when,
        ended_at=when,
        ending=Ending.COMPLETED,
        steps_completed=3,
        steps_total=3,
        seconds=300.0,
        partners=(Partner("Alex"), sam),
        details={"kept": "yes"},
    )
    done = with_hearts(session, board, 1)  # since 1 s: the 90 before it is not this session's
    assert done.partners[0].heart.first_bpm == 70.0
    assert done.partners[1] is sam
    assert done.details == {"kept": "yes"}


# -- how two hearts moved together --------------------------------------------------------------


def test_a_rhythm_any_shift_reproduces_is_not_above_chance():
    # both hearts alternate 60, 70, 60, 70: every surrogate matches them just as well (r = 1),
    # so the real pair is not above chance, however high its r
    a = [60.0 + 10 * (t % 2) for t in range(120)]
    found = together(a, list(a))
    assert found is not None and found.r == pytest.approx(1)
    assert found.chance_r == found.r and found.share_below == 0
    assert not found.above_chance and "own rhythms" in found.words


def test_ninety_five_in_a_hundred_is_above_chance_and_fewer_is_not():
    assert Together(0.5, 0, 0.2, 0.95, 3).above_chance
    assert not Together(0.5, 0, 0.2, 0.94, 3).above_chance


def test_the_words_give_both_numbers_to_two_places():
    above = Together(0.625, 2, 0.104, 0.99, 3).words
    assert "(0.62, against 0.10 by chance)" in above and "more than chance" in above
    below = Together(0.3, 0, 0.5, 0.1, 3).words
    assert "(0.30, against 0.50 by chance)" in below and "own rhythms" in below


def test_every_surrogate_shifts_by_at_least_a_window(monkeypatch):
    import coreg.sensors.synchrony as synchrony

    shifts: list[tuple[int, int]] = []
    seeds: list[int] = []

    class Recording:
        def __init__(self, seed: int) -> None:
            seeds.append(seed)

        def randrange(self, low: int, high: int) -> int:
            shifts.append((low, high))
            return low

    monkeypatch.setattr(synchrony.random, "Random", Recording)
    a = [60.0 + (t * 7) % 11 for t in range(100)]
    found = together(a, a[5:] + a[:5], surrogates=4, seed=3)
    assert seeds == [3]
    # 100 seconds: a shift of 30 to 70 s round the circle (randrange's end is not included)
    assert shifts == [(30, 71)] * 4
    assert found is not None and found.windows == 5  # windows start at 3, 18, 33, 48, 63


def test_sixty_seconds_is_enough_to_say():
    a = [60.0 + (t * 7) % 11 for t in range(60)]
    found = together(a, list(a))
    assert found is not None and found.windows == 2  # windows at 3 and 18 s
    assert together(a[:59], a[:59]) is None


def test_the_windows_and_lags_of_two_series():
    a = [60.0 + (t * 7) % 11 for t in range(66)]
    # 66 seconds: windows start at 3, 18 and 33 (33 + 30 + 3 = 66 fits exactly)
    assert len(windowed_peaks(a, a)) == 3
    assert len(windowed_peaks(a, a[:65])) == 2
    assert all(lag == 0 and r == pytest.approx(1) for r, lag in windowed_peaks(a, a))
    later = [a[0]] * 3 + a[:-3]  # three seconds behind: the widest lag looked at
    assert all(lag == 3 for _, lag in windowed_peaks(a, later))
    assert windowed_peaks([60.0] * 66, a) == []  # a heart that never moves: nothing to say


def test_pearson_needs_three_equal_lengths_and_sees_small_changes():
    assert pearson([1, 2], [1, 2]) is None
    assert pearson([1, 2, 3], [1, 2, 3, 4]) is None
    assert pearson([0, 0.1, 0.2], [0, 0.1, 0.2]) == pytest.approx(1)
    assert pearson([1, 2, 3], [5, 5, 5]) is None
    assert pearson([1, 2, 3, 4], [2, 1, 4, 3]) == pytest.approx(0.6)


def test_the_grid_keeps_only_its_own_seconds_and_carries_the_first_back():
    # 9.5 s is before the grid and 14.0 s after it (the grid is 10-14 s, 4 seconds)
    points = [(9.5, 50.0), (11.2, 60.0), (13.9, 64.0), (14.0, 90.0)]
    assert on_grid(points, 10.0, 4) == [60.0, 60.0, 60.0, 64.0]
    assert on_grid([(0.5, 70.0)], 0.0, 0) == []


def test_a_one_second_breath_has_a_swing_too():
    points = [(0.0, 60.0), (0.5, 70.0), (1.0, 60.0), (1.5, 72.0)]
    assert swing_per_breath(points, 1) == 10  # the second cycle is half through: left out
    assert swing_per_breath(points, 0.5) is None  # one reading a cycle


def test_a_reading_of_one_is_still_a_reading():
    # only 0 means "no reading"; the lowest rate a strap can say is still counted
    watch = FloodWatch(clock=FakeClock(0))
    for t in (0, 10, 20):
        watch.feed(120, t)
    assert not watch.feed(1, 25)  # under the mark: the run starts again
    assert not watch.feed(120, 30)
    assert minute_of([Beat(0, 1)]).bpm == 1
    assert beat_points([Beat(5.0, 1)]) == [(5.0, 1.0)]


def test_the_third_interval_after_is_not_a_neighbour():
    # the first 1000's neighbours are 1000 and 1300 (median 1150: 13% under, kept), not the
    # second 1300 too (median 1300: 23% under); the second 1000 compares with 1000, 1300, 1300
    # (median 1300: dropped), the first 1300 with 1000, 1000, 1300 (median 1000: dropped), the
    # last with 1000 and 1300 (median 1150: 13% over, kept)
    assert clean_rr([1000, 1000, 1300, 1300]) == [1000, None, None, 1300]


def _same_hearts(seconds: int) -> HeartBoard:
    board = HeartBoard(["Alex", "Sam"], FakeClock(0))
    for t in range(seconds):
        rate = 60 + (t * 7) % 11
        board.add("Alex", parse_measurement(_packet(rate)), t)
        board.add("Sam", parse_measurement(_packet(rate)), t)
    return board


def test_every_second_of_every_breathing_step_is_joined():
    board = _same_hearts(200)
    # 1 + 50 + 60 = 111 s joined: windows start at 3, 18, … 78 (six); a second fewer, five
    found = board.together([(0.0, 1.0), (10.0, 60.0), (100.0, 160.0)])
    assert found is not None and found.windows == 6 and found.r == pytest.approx(1)
    assert board.together([(10.0, 60.0), (100.0, 160.0)]).windows == 5


def test_the_ten_minutes_take_the_last_second_too(monkeypatch):
    import coreg.sensors.board as board_module

    monkeypatch.setattr(board_module, "TOGETHER_SECONDS", 111)
    board = _same_hearts(200)
    # the latest step gives 110 s, and one second is left for the step before it
    assert board.together([(0.0, 5.0), (10.0, 120.0)]).windows == 6


def test_a_step_one_strap_missed_is_left_out_for_both():
    alex = [60.0 + (t * 7) % 11 + (t % 13) for t in range(400)]
    board = HeartBoard(["Alex", "Sam"], FakeClock(0))
    for t in range(400):
        board.add("Alex", parse_measurement(_packet(round(alex[t]))), t)
        if t >= 200:  # Sam's strap came only for the second step
            board.add("Sam", parse_measurement(_packet(round(alex[t]))), t)
    found = board.together([(0.0, 120.0), (200.0, 320.0)])
    assert found is not None and found.windows == 6 and found.r == pytest.approx(1)


def test_a_strap_has_no_note_until_something_needs_saying():
    board = HeartBoard(["Alex"], FakeClock(0))
    assert board.reading("Alex").note == "" and board.reading("Alex").link is Link.CONNECTING
    board.set_link("Alex", Link.DROPPED)
    assert board.reading("Alex").note == ""


def test_a_surrogate_with_nothing_to_compare_is_left_out():
    # 77 s: windows start at 3, 18 and 33, so seconds 66-76 are in none of them. Sam's heart
    # moves only at 20-21 s; a surrogate shifted by 30 or 31 s carries that to 66-68 s, where
    # no window sees it: that surrogate says nothing and is left out, never a crash
    alex = [60.0 + (t * 7) % 11 for t in range(77)]
    sam = [70.0] * 77
    sam[20], sam[21] = 75.0, 72.0
    found = together(alex, sam)
    assert found is not None and found.windows == 2  # only the windows that see 20-21 s
