"""The heart strap's numbers: the Heart Rate Measurement against byte-exact packets for every
combination of flags, the RR cleaning and RMSSD, the first and last minute, flooding on a fake
clock, the swing per breath and how two hearts moved together, all worked by hand."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coreg.pause import FLOODING_BPM, OVER_RESTING_BPM
from coreg.sensors import (
    Beat,
    Contact,
    FloodWatch,
    MeasurementError,
    clean_rr,
    first_and_last_minute,
    on_grid,
    parse_measurement,
    pearson,
    rmssd,
    swing_per_breath,
    together,
    windowed_peaks,
)
from tests.app_helpers import FakeClock

RR_819 = 819 * 1000 / 1024  # 799.8046875 ms

# flags and body, as hex: rate 72 (8-bit) or 180 (16-bit, b4 00), energy 313 kJ (39 01),
# RR 1024/1024 s and 819/1024 s (00 04 33 03). Every combination of bits 0-4.
PACKETS = [
    ("00 48", 72, Contact.NOT_SUPPORTED, None, ()),
    ("10 48 00 04 33 03", 72, Contact.NOT_SUPPORTED, None, (1000.0, RR_819)),
    ("08 48 39 01", 72, Contact.NOT_SUPPORTED, 313, ()),
    ("18 48 39 01 00 04 33 03", 72, Contact.NOT_SUPPORTED, 313, (1000.0, RR_819)),
    ("02 48", 72, Contact.NOT_SUPPORTED, None, ()),
    ("12 48 00 04 33 03", 72, Contact.NOT_SUPPORTED, None, (1000.0, RR_819)),
    ("0a 48 39 01", 72, Contact.NOT_SUPPORTED, 313, ()),
    ("1a 48 39 01 00 04 33 03", 72, Contact.NOT_SUPPORTED, 313, (1000.0, RR_819)),
    ("04 48", 72, Contact.LOST, None, ()),
    ("14 48 00 04 33 03", 72, Contact.LOST, None, (1000.0, RR_819)),
    ("0c 48 39 01", 72, Contact.LOST, 313, ()),
    ("1c 48 39 01 00 04 33 03", 72, Contact.LOST, 313, (1000.0, RR_819)),
    ("06 48", 72, Contact.DETECTED, None, ()),
    ("16 48 00 04 33 03", 72, Contact.DETECTED, None, (1000.0, RR_819)),
    ("0e 48 39 01", 72, Contact.DETECTED, 313, ()),
    ("1e 48 39 01 00 04 33 03", 72, Contact.DETECTED, 313, (1000.0, RR_819)),
    ("01 b4 00", 180, Contact.NOT_SUPPORTED, None, ()),
    ("11 b4 00 00 04 33 03", 180, Contact.NOT_SUPPORTED, None, (1000.0, RR_819)),
    ("09 b4 00 39 01", 180, Contact.NOT_SUPPORTED, 313, ()),
    ("19 b4 00 39 01 00 04 33 03", 180, Contact.NOT_SUPPORTED, 313, (1000.0, RR_819)),
    ("03 b4 00", 180, Contact.NOT_SUPPORTED, None, ()),
    ("13 b4 00 00 04 33 03", 180, Contact.NOT_SUPPORTED, None, (1000.0, RR_819)),
    ("0b b4 00 39 01", 180, Contact.NOT_SUPPORTED, 313, ()),
    ("1b b4 00 39 01 00 04 33 03", 180, Contact.NOT_SUPPORTED, 313, (1000.0, RR_819)),
    ("05 b4 00", 180, Contact.LOST, None, ()),
    ("15 b4 00 00 04 33 03", 180, Contact.LOST, None, (1000.0, RR_819)),
    ("0d b4 00 39 01", 180, Contact.LOST, 313, ()),
    ("1d b4 00 39 01 00 04 33 03", 180, Contact.LOST, 313, (1000.0, RR_819)),
    ("07 b4 00", 180, Contact.DETECTED, None, ()),
    ("17 b4 00 00 04 33 03", 180, Contact.DETECTED, None, (1000.0, RR_819)),
    ("0f b4 00 39 01", 180, Contact.DETECTED, 313, ()),
    ("1f b4 00 39 01 00 04 33 03", 180, Contact.DETECTED, 313, (1000.0, RR_819)),
]


@pytest.mark.parametrize(("packet", "bpm", "contact", "energy", "rr"), PACKETS)
def test_every_combination_of_flags_reads_as_the_specification_says(
    packet, bpm, contact, energy, rr
):
    measured = parse_measurement(bytes.fromhex(packet))
    assert measured.bpm == bpm
    assert measured.contact is contact
    assert measured.energy_kj == energy
    assert measured.rr_ms == rr
    assert measured.worn is (contact is not Contact.LOST)


def test_the_fixtures_cover_every_combination_of_the_five_flag_bits():
    assert sorted(int(packet[:2], 16) for packet, *_ in PACKETS) == list(range(32))


def test_a_real_looking_packet_with_many_rr_intervals():
    # 16-bit rate 65, contact, no energy, four RR intervals
    measured = parse_measurement(
        bytes([0x17, 0x41, 0x00, 0xC0, 0x03, 0xD0, 0x03, 0xB0, 0x03]) + b""
    )
    assert measured.bpm == 65
    assert measured.rr_ms == (960 * 1000 / 1024, 976 * 1000 / 1024, 944 * 1000 / 1024)


def test_reserved_bits_are_ignored_and_rr_may_be_flagged_but_empty():
    assert parse_measurement(bytes.fromhex("e0 48")).bpm == 72
    assert parse_measurement(bytes.fromhex("10 48")).rr_ms == ()


def test_a_rate_of_zero_is_not_worn():
    assert not parse_measurement(bytes.fromhex("06 00")).worn


@pytest.mark.parametrize(
    ("packet", "says"),
    [
        ("", "empty"),
        ("00", "8-bit heart rate"),
        ("01 48", "16-bit heart rate"),
        ("08 48 39", "energy expended"),
        ("10 48 00 04 33", "half a value"),
        ("00 48 00", "flags do not explain"),
    ],
)
def test_a_malformed_packet_says_why(packet, says):
    with pytest.raises(MeasurementError, match=says):
        parse_measurement(bytes.fromhex(packet))


@given(st.binary(max_size=40))
def test_any_bytes_give_a_measurement_or_a_clear_error(data):
    try:
        measured = parse_measurement(data)
    except MeasurementError as error:
        assert str(error)
    else:
        assert 0 <= measured.bpm <= 0xFFFF
        assert all(0 <= rr < 64_000 for rr in measured.rr_ms)


# -- RR cleaning and RMSSD -------------------------------------------------------------------


def test_the_cleaning_rule_worked_by_hand():
    # 250 and 2100 are outside 300-2000 ms; 1200 is 50% over the median of 810, 790, 805, 800
    # (802.5); every other interval is within 20% of its neighbours' median
    rr = [800, 810, 250, 790, 1200, 805, 2100, 800, 795]
    assert clean_rr(rr) == [800, 810, None, 790, None, 805, None, 800, 795]
    # RMSSD only over neighbours both kept: 810 - 800 and 795 - 800
    assert rmssd(rr) == pytest.approx(math.sqrt((10**2 + 5**2) / 2))


def test_rmssd_by_hand():
    assert rmssd([1000, 1010, 990, 1000]) == pytest.approx(math.sqrt((100 + 400 + 100) / 3))
    assert rmssd([1000, 1000, 1000]) == 0.0


def test_rmssd_needs_two_pairs():
    assert rmssd([]) is None
    assert rmssd([1000, 1010]) is None
    assert rmssd([1000, 250, 1010]) is None  # the pairs are broken by the dropped beat


def test_the_edges_of_the_plausible_range():
    assert clean_rr([300, 300, 300]) == [300, 300, 300]
    assert clean_rr([299.9, 2000.1, math.nan, math.inf]) == [None, None, None, None]


@given(st.lists(st.floats(min_value=0, max_value=5000), max_size=60))
def test_cleaning_keeps_places_and_only_plausible_values(rr):
    kept = clean_rr(rr)
    assert len(kept) == len(rr)
    assert all(k is None or (k == r and 300 <= k <= 2000) for k, r in zip(kept, rr, strict=True))
    value = rmssd(rr)
    assert value is None or 0 <= value <= 1700


def test_first_and_last_minute_by_hand():
    # one reading every 10 s for three minutes: 96 in the first minute, 74 in the last
    beats = [Beat(t, 96 if t <= 60 else 74 if t >= 110 else 85) for t in range(0, 180, 10)]
    first, last = first_and_last_minute(beats)
    assert first.bpm == 96 and last.bpm == 74
    assert first.rmssd is None  # no RR intervals, no RMSSD
    assert first_and_last_minute([]) is None


def test_a_minute_uses_every_rr_in_it():
    beats = [Beat(0, 60, (1000.0, 1010.0)), Beat(1, 60, (990.0, 1000.0))]
    first, _ = first_and_last_minute(beats)
    assert first.rmssd == pytest.approx(math.sqrt(200))


# -- flooding --------------------------------------------------------------------------------


def test_flooding_needs_30_seconds_over_the_pause_mark():
    clock = FakeClock(0)
    watch = FloodWatch(clock=clock)
    over = FLOODING_BPM + 1
    for t in range(0, 30, 5):
        clock.t = t
        assert not watch.feed(over)
    clock.t = 30
    assert watch.feed(over)
    assert watch.ever


def test_exactly_at_the_mark_is_not_flooding():
    clock = FakeClock(0)
    watch = FloodWatch(clock=clock)
    for t in range(0, 61, 5):
        clock.t = t
        assert not watch.feed(FLOODING_BPM)


def test_one_reading_under_the_mark_starts_the_count_again():
    clock = FakeClock(0)
    watch = FloodWatch(clock=clock)
    for t in range(0, 60, 5):  # over the mark for 20 s, once under, then over again
        bpm = 90 if t == 25 else 120
        clock.t = t
        assert not watch.feed(bpm)
    clock.t = 60
    assert watch.feed(120)


def test_resting_plus_ten_is_the_other_mark():
    resting = 60
    clock = FakeClock(0)
    watch = FloodWatch(resting=resting, clock=clock)
    at_mark = FloodWatch(resting=resting, clock=clock)
    for t in range(0, 31, 5):
        clock.t = t
        over = watch.feed(resting + OVER_RESTING_BPM + 1)
        at = at_mark.feed(resting + OVER_RESTING_BPM)
    assert over and not at


def test_a_gap_in_readings_does_not_count_as_sustained():
    clock = FakeClock(0)
    watch = FloodWatch(clock=clock)
    for t in (0, 15, 40):  # 15 s and 25 s without a reading
        clock.t = t
        assert not watch.feed(120)
    for t in range(45, 70, 5):  # from 40 on, a reading every 5 s
        clock.t = t
        assert not watch.feed(120)
    clock.t = 70
    assert watch.feed(120)  # 30 s since 40
    clock.t = 90  # no reading for 20 s: not flooded any more as far as coreg knows
    assert not watch.flooded()


def test_a_reading_of_zero_is_left_out():
    clock = FakeClock(0)
    watch = FloodWatch(clock=clock)
    for t in range(0, 31, 5):
        clock.t = t
        watch.feed(0 if t == 15 else 120)
    assert watch.flooded()


# -- swing per breath -------------------------------------------------------------------------


def test_swing_per_breath_by_hand():
    # a 10-second breath, one reading a second: the first cycle swings 10, the second 6
    first = [60, 62, 64, 66, 68, 70, 68, 66, 64, 62]
    second = [61, 62, 63, 64, 65, 67, 66, 65, 64, 63]
    points = [(float(t), float(bpm)) for t, bpm in enumerate(first + second)]
    assert swing_per_breath(points, 10) == pytest.approx(8)


def test_swing_needs_a_cycle():
    assert swing_per_breath([], 10) is None
    assert swing_per_breath([(0.0, 60.0), (3.0, 70.0)], 10) is None
    assert swing_per_breath([(0.0, 60.0), (9.0, 70.0)], 0) is None


# -- together ---------------------------------------------------------------------------------


def test_pearson_by_hand():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert pearson([1, 1, 1], [1, 2, 3]) is None


def _wander(n: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    value, series = 70.0, []
    for _ in range(n):
        value += rng.uniform(-2, 2)
        series.append(value)
    return series


def test_a_heart_that_follows_two_seconds_later_is_found_at_lag_two():
    a = _wander(122, 1)
    b = [a[0], a[0], *a[:-2]]  # b[t] = a[t - 2]
    peaks = windowed_peaks(a, b)
    assert peaks and all(lag == 2 and r == pytest.approx(1) for r, lag in peaks)
    found = together(a, b)
    assert found.lag == 2 and found.r == pytest.approx(1)
    assert found.above_chance and found.chance_r < 0.9
    assert "more than chance" in found.words and "not always better" in found.words
    assert together(b, a).lag == -2


def test_two_hearts_on_their_own_are_not_above_chance():
    found = together(_wander(300, 2), _wander(300, 3))
    assert found is not None and not found.above_chance
    assert "own rhythms" in found.words and "not always better" in found.words


def test_together_is_seeded():
    a, b = _wander(200, 4), _wander(200, 5)
    assert together(a, b) == together(a, b)


def test_too_short_to_say():
    assert together(_wander(59, 6), _wander(59, 7)) is None


@given(st.lists(st.floats(min_value=40, max_value=200), min_size=60, max_size=100))
def test_together_stays_in_range(rates):
    shifted = rates[7:] + rates[:7]
    found = together(rates, shifted, surrogates=5)
    if found is not None:
        assert -1 - 1e-9 <= found.r <= 1 + 1e-9
        assert -3 <= found.lag <= 3 and 0 <= found.share_below <= 1


def test_on_grid_means_each_second_and_carries_gaps():
    points = [(0.2, 60.0), (0.7, 62.0), (2.5, 70.0)]
    assert on_grid(points, 0.0, 4) == [61.0, 61.0, 70.0, 70.0]
    assert on_grid([], 0.0, 4) == []
