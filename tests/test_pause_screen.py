"""Pilot and snapshot tests of ``coreg pause``: a person in a fight, a fake clock, one evening."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from textual.widgets import Digits

from coreg.log import Ending, Kind
from coreg.tui.screens.home import HomeScreen
from coreg.tui.screens.pause import PauseScreen
from coreg.tui.screens.pause_modals import EndModal, PulseModal
from coreg.tui.widgets.pacer import Pacer
from tests.app_helpers import FakeClock, make_app

SIZE = (80, 24)


def pause_app(tmp_path, clock=None, minutes=20, pattern="extended-exhale", **options):
    return make_app(
        tmp_path,
        clock=clock or FakeClock(),
        start="pause",
        pause_minutes=minutes,
        pause_pattern=pattern,
        **options,
    )


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def advance(pilot, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    for screen in pilot.app.screen_stack:
        if isinstance(screen, PauseScreen | PulseModal):
            screen.tick()
    await pilot.pause()


async def saved(app):
    await app.saved()
    return app.session_log.all()


async def test_the_pacer_and_the_time_to_come_back_show_at_once(tmp_path):
    app = pause_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PauseScreen)
        assert app.screen_stack == [screen]  # no home screen beneath, no questions first
        assert "Breathe in" in text(screen, "#pacer")
        assert screen.query_one("#pause-back", Digits).value == "21:40"
        assert text(screen, "#pause-left") == "20:00 left"
        assert "I need twenty minutes" in text(screen, "#pause-say")
        assert app.cues.played[0] == ("in", "Breathe in")
        [session] = await saved(app)  # recorded at the start: a crash keeps the break
        assert session.kind is Kind.PAUSE and session.details["planned_minutes"] == 20


async def test_the_countdown_follows_the_clock(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 65)
        assert text(app.screen, "#pause-left") == "18:55 left"
        await advance(pilot, clock, 4.5)  # 65 + 4.5 s: 69.5 s = seven breaths of 10 s minus ½
        assert "Breathe out" in text(app.screen, "#pacer")
        assert text(app.screen, "#pause-left") == "18:51 left"  # 1130.5 s rounds up


async def test_a_late_night_break_comes_back_tomorrow(tmp_path):
    late = datetime(2026, 11, 23, 23, 50, 30, tzinfo=timezone(timedelta(hours=1)))
    app = pause_app(tmp_path)
    app.now = lambda: late
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#pause-back", Digits).value == "00:11"
        assert text(app.screen, "#pause-heading") == "Time-out · back at (tomorrow)"


async def test_a_key_switches_the_pattern_and_the_countdown_goes_on(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 7)
        await pilot.press("n")
        assert text(app.screen, "#pause-pattern-name").startswith("Box breathing")
        assert "Breathe in" in text(app.screen, "#pacer")
        await pilot.press("3")
        assert text(app.screen, "#pause-pattern-name").startswith("4-7-8")
        assert text(app.screen, "#pause-left") == "19:53 left"
        [session] = await saved(app)
        assert session.details["patterns"] == ["extended-exhale", "box", "4-7-8"]


async def test_hiding_the_pacer_leaves_the_clock_and_silences_the_breath(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        assert not app.screen.query_one(Pacer).display
        assert app.screen.query_one("#pause-back").display
        before = len(app.cues.played)
        await advance(pilot, clock, 30)
        assert len(app.cues.played) == before
        await pilot.press("h")
        assert app.screen.query_one(Pacer).display


async def test_pulse_count_with_a_start_a_stop_and_the_beats_times_four(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        modal = app.screen
        assert isinstance(modal, PulseModal)
        await advance(pilot, clock, 20)  # finding the pulse takes as long as it takes
        assert modal.stage == "ready"
        await pilot.press("space")
        assert app.cues.played[-1] == ("step", "Start counting")
        await advance(pilot, clock, 14.5)
        assert modal.query_one("#pulse-digits", Digits).value == "1"
        await advance(pilot, clock, 0.5)
        assert modal.stage == "typing"
        assert app.cues.played[-1] == ("end", "Stop")
        await pilot.press("2", "8", "enter")
        assert "112 a minute" in text(modal, "#pulse-message")
        assert "full length" in text(modal, "#pulse-message")
        await pilot.press("enter")
        assert isinstance(app.screen, PauseScreen)
        assert "flooded" in text(app.screen, "#pause-pulse-line")
        sessions = await saved(app)
        assert sessions[0].details["pulse_bpm"] == 112


async def test_a_resting_pulse_in_settings_lowers_the_mark(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    app.settings.resting_pulse = 60
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p", "space")
        await advance(pilot, clock, 15)
        await pilot.press("1", "9", "enter")  # 76: 16 over a resting 60
        assert "flooding" in text(app.screen, "#pulse-message")
        await pilot.press("escape")
        assert app.screen.pause.pulse.flooded


async def test_beats_that_are_not_a_number_are_asked_again(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p", "space")
        await advance(pilot, clock, 15)
        await pilot.press("0", "enter")
        assert "Try again" in text(app.screen, "#pulse-message")
        assert app.screen.stage == "typing"


async def test_at_the_end_a_cue_and_the_offer_extend_then_repair_ritual(tmp_path, monkeypatch):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    started: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "start_exercise", started.append)
        await pilot.pause()
        await advance(pilot, clock, 20 * 60)
        assert isinstance(app.screen, EndModal)
        assert app.cues.played[-1][0] == "end"
        assert (await saved(app))[0].ending is Ending.COMPLETED
        await pilot.press("e")  # ten more minutes
        assert isinstance(app.screen, PauseScreen)
        assert text(app.screen, "#pause-left") == "10:00 left"
        assert app.screen.query_one("#pause-back", Digits).value == "21:50"
        await advance(pilot, clock, 10 * 60)
        assert isinstance(app.screen, EndModal)
        await pilot.press("r")
        await pilot.pause()
        assert started == ["repair-ritual"]
        assert isinstance(app.screen, HomeScreen)  # after the ritual: home, not an empty screen
        [session] = await saved(app)
        assert session.ending is Ending.COMPLETED
        assert session.seconds == 30 * 60
        assert session.details["extended_minutes"] == 10


async def test_leaving_early_asks_once_and_logs_ended_early(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 300)
        await pilot.press("escape")
        assert isinstance(app.screen, EndModal)
        await pilot.press("escape")  # keep breathing
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
    [session] = app.session_log.all()
    assert session.ending is Ending.ENDED_EARLY and session.seconds == 300


async def test_quitting_mid_break_saves_it_as_interrupted(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 90)
        await pilot.press("ctrl+q")
        await pilot.pause()
    [session] = app.session_log.all()
    assert session.ending is Ending.INTERRUPTED and session.seconds == 90


async def test_minutes_zero_is_a_plain_breath_timer(tmp_path):
    clock = FakeClock()
    app = pause_app(tmp_path, clock, minutes=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query("#pause-back") and not screen.query("#pause-say")
        await advance(pilot, clock, 3 * 3600)
        assert "Breathe" in text(screen, "#pacer")  # breathes on; nothing ends
        await pilot.press("escape")
        assert isinstance(app.screen, EndModal)
        await pilot.press("q")
        await pilot.pause()
    [session] = app.session_log.all()
    assert session.ending is Ending.COMPLETED and session.details["planned_minutes"] == 0


async def test_from_home_the_pause_returns_home(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# -- snapshots (look at the SVGs in tests/__snapshots__ before accepting them) ---------------


def _settle(*keys: str, seconds: float = 0.0):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.pause()  # the footer is mounted just after the first frame
        if seconds:
            await advance(pilot, pilot.app.clock, seconds)
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(
    "size", [(120, 40), (80, 24), (50, 16)], ids=["roomy", "standard", "compact"]
)
@pytest.mark.parametrize(("pattern", "seconds"), [("extended-exhale", 2.0), ("box", 13.0)])
def test_snapshot_time_out_breathing(tmp_path, snap_compare, size, pattern, seconds):
    """Breathing in on the longer out-breath; the empty hold of box breathing."""
    app = pause_app(tmp_path, pattern=pattern)
    assert snap_compare(app, terminal_size=size, run_before=_settle(seconds=seconds))


def test_snapshot_clock_only(tmp_path, snap_compare):
    app = pause_app(tmp_path)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle("h", seconds=125))


def test_snapshot_end_of_break_offer(tmp_path, snap_compare):
    app = pause_app(tmp_path)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle(seconds=20 * 60))


def test_snapshot_small_terminal(tmp_path, snap_compare):
    app = pause_app(tmp_path)
    assert snap_compare(app, terminal_size=(50, 16), run_before=_settle(seconds=7.0))
