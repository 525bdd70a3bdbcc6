"""Heart straps on the screens, driven by a board fed on the fake clock (no Bluetooth): each
heart beside the names on the run screen, a strap that drops out said so, the pause's flooding
check on its own, more time suggested when the break ends flooded, and the log keeping each
heart. Without a strap, nothing is mounted at all."""

from __future__ import annotations

from coreg.log import Ending
from coreg.sensors import HeartBoard, parse_measurement
from coreg.tui.screens.pause_modals import EndModal
from coreg.tui.widgets.heart import HeartLine
from tests.app_helpers import FakeClock, begin, goto_breath_step, make_app
from tests.test_pause_screen import advance, pause_app

SIZE = (80, 24)


def beat(bpm: int) -> object:
    return parse_measurement(bytes([0x06, bpm]))


def shown(screen) -> str:
    return str(screen.query_one(HeartLine).render())


async def test_no_strap_means_no_heart_line(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await goto_breath_step(pilot, clock, "box-breathing", 3)
        assert not screen.query(HeartLine)


async def test_each_heart_beside_the_names_and_a_strap_that_drops_out(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex", "Sam"], clock)
    app = make_app(tmp_path, clock=clock, hearts=board)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await goto_breath_step(pilot, clock, "box-breathing", 3)
        line = screen.query_one(HeartLine)
        assert shown(screen) == "Alex ♥ connecting…   Sam ♥ connecting…"
        board.add("Alex", beat(72))
        board.add("Sam", beat(68))
        line.redraw()
        assert shown(screen) == "Alex ♥ 72   Sam ♥ 68"
        clock.advance(6)  # Sam's strap goes quiet; Alex's goes on
        board.add("Alex", beat(70))
        screen.tick()
        line.redraw()
        await pilot.pause()
        assert shown(screen) == "Alex ♥ 70   Sam ♥ dropped out"
        assert screen.timeline.snapshot().paused is False  # the exercise never waits


async def test_the_swing_per_breath_shows_during_a_breath_step(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex", "Sam"], clock)
    app = make_app(tmp_path, clock=clock, hearts=board)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await goto_breath_step(pilot, clock, "box-breathing", 0)
        cycle = screen.timeline.snapshot().step.breath.cycle_seconds
        for second in range(int(cycle * 3)):
            phase = (second % cycle) / cycle
            board.add("Alex", beat(66 if phase < 0.5 else 74))  # swings by 8 each breath
            board.add("Sam", beat(70))
            clock.advance(1)
        screen.tick()
        screen.query_one(HeartLine).redraw()
        assert shown(screen) == "Alex ♥ 74 · swing 8   Sam ♥ 70 · swing 0"


async def test_the_log_keeps_each_heart(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex", "Sam"], clock)
    app = make_app(tmp_path, clock=clock, hearts=board)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await goto_breath_step(pilot, clock, "box-breathing", 0)
        for second in range(181):  # first minute (0-60 s) at 96, last (120-180 s) at 74
            board.add("Alex", beat(96 if second <= 60 else 74 if second >= 120 else 85))
            board.add("Sam", beat(80))
            clock.advance(1)
        screen.tick()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await app.saved()
        [session] = app.session_log.all()
        alex, sam = session.partners
        assert alex.heart.first_bpm == 96.0 and alex.heart.last_bpm == 74.0
        assert sam.heart.first_bpm == sam.heart.last_bpm == 80.0
        assert session.ending is Ending.ENDED_EARLY


async def test_together_is_said_over_the_breathing_step_only(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex", "Sam"], clock)
    app = make_app(tmp_path, clock=clock, hearts=board)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await goto_breath_step(pilot, clock, "box-breathing", 0)
        for second in range(150):  # both hearts rise and fall as one, on the breath step
            board.add("Alex", beat(70 + second % 16))
            board.add("Sam", beat(68 + second % 16))
            clock.advance(1)
        screen.tick()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await app.saved()
        [session] = app.session_log.all()
        assert session.details["hearts_together"].startswith("Your hearts rose and fell together")


async def test_together_says_nothing_when_no_breathing_step_ran(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex", "Sam"], clock)
    app = make_app(tmp_path, clock=clock, hearts=board)
    async with app.run_test(size=(100, 32)) as pilot:
        await begin(pilot, "eyes-and-hands")  # no breathing step in it
        await pilot.press("enter")  # skip the check-in
        await pilot.pause()
        screen = app.screen
        for second in range(150):
            board.add("Alex", beat(70 + second % 16))
            board.add("Sam", beat(68 + second % 16))
            clock.advance(1)
        screen.tick()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await app.saved()
        [session] = app.session_log.all()
        assert session.partners[0].heart is not None  # the hearts are kept …
        assert "hearts_together" not in session.details  # … but no breathing: nothing said


async def test_the_pause_tells_flooding_kindly_and_suggests_more_time(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex"], clock)
    app = pause_app(tmp_path, clock, hearts=board)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one(HeartLine)
        for _ in range(6):  # 25 s over 100: not yet
            board.add("Alex", beat(110))
            line.redraw()
            await advance(pilot, clock, 5)
        assert "flooding" not in shown(app.screen)
        board.add("Alex", beat(110))
        line.redraw()
        assert "Alex: your heart has stayed over the flooding mark" in shown(app.screen)
        assert "not your fault" in shown(app.screen)
        await advance(pilot, clock, 20 * 60 - 70)
        for _ in range(8):  # the last 40 s of the break: still over
            board.add("Alex", beat(108))
            line.redraw()
            await advance(pilot, clock, 5)
        assert isinstance(app.screen, EndModal)
        note = str(app.screen.query_one("#end-heart").render())
        assert "still over the flooding mark" in note and "more minutes" in note


async def test_the_breaks_row_keeps_what_the_strap_said(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex"], clock)
    app = pause_app(tmp_path, clock, hearts=board)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one(HeartLine)
        for bpm in (96, 112, 118, 111, 110, 109, 108, 107):  # over 100 for 35 s
            board.add("Alex", beat(bpm))
            line.redraw()
            await advance(pilot, clock, 5)
        assert line.ever_flooded == ["Alex"] and line.top_bpm == 118
        for _ in range(4):  # settled again: the row still says it happened
            board.add("Alex", beat(70))
            line.redraw()
            await advance(pilot, clock, 5)
        assert line.flooded == []
        session = app.screen.checkpoint_session()
        assert session.details["strap_flooded"] == ["Alex"]
        assert session.details["strap_top_bpm"] == 118
        assert "pulse_bpm" not in session.details  # no pulse was counted


async def test_a_break_with_a_calm_strap_keeps_its_highest_only(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex"], clock)
    app = pause_app(tmp_path, clock, hearts=board)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one(HeartLine)
        for bpm in (72, 80, 76):
            board.add("Alex", beat(bpm))
            line.redraw()
            await advance(pilot, clock, 5)
        session = app.screen.checkpoint_session()
        assert session.details["strap_top_bpm"] == 80
        assert "strap_flooded" not in session.details


async def test_a_settled_heart_at_the_end_adds_nothing(tmp_path):
    clock = FakeClock()
    board = HeartBoard(["Alex"], clock)
    app = pause_app(tmp_path, clock, hearts=board)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board.add("Alex", beat(64))
        await advance(pilot, clock, 20 * 60)
        assert isinstance(app.screen, EndModal)
        assert not app.screen.query("#end-heart")


async def test_a_reading_from_the_straps_thread_is_drawn_at_once(tmp_path):
    import asyncio
    import threading

    clock = FakeClock()
    board = HeartBoard(["Alex", "Sam"], clock)
    app = make_app(tmp_path, clock=clock, hearts=board)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await goto_breath_step(pilot, clock, "box-breathing", 0)
        line = screen.query_one(HeartLine)
        thread = threading.Thread(target=lambda: board.add("Alex", beat(81)))
        thread.start()
        thread.join()
        for _ in range(200):  # woken, not the once-a-second redraw: waits with a deadline
            await asyncio.sleep(0.005)
            if "Alex ♥ 81" in shown(screen):
                break
        assert "Alex ♥ 81" in shown(screen)
        assert line._wake in board.watchers
        await pilot.press("e", "y")
        await pilot.pause()
        assert board.watchers == []  # the run screen is gone: nothing left to wake


def test_the_settings_say_what_is_paired_or_how_to_add_straps(monkeypatch):
    from coreg.settings import Settings
    from coreg.tui.widgets import heart

    settings = Settings(name_a="Alex", name_b="Sam")
    monkeypatch.setattr(heart, "bleak_installed", lambda: False)
    assert heart.straps_hint(settings).endswith("pip install 'coreg[sensors]'")
    monkeypatch.setattr(heart, "bleak_installed", lambda: True)
    assert "none paired" in heart.straps_hint(settings)
    settings.straps = {"Alex": {"address": "AA:BB:CC:DD:EE:FF", "name": "Polar H10 1"}}
    settings.straps["Kim"] = {"address": "AA:BB:CC:DD:EE:00", "name": ""}  # not of this couple
    assert heart.straps_hint(settings) == "Heart straps: Alex's Polar H10 1"
