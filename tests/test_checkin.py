"""The check-in, as a couple types it: 1 then 0 is 10, arrows move, the same end solo or not."""

from __future__ import annotations

from textual.widgets import Input

from coreg.tui.screens.after import AfterScreen
from coreg.tui.screens.checkin import CheckInScreen
from coreg.tui.screens.home import HomeScreen
from coreg.tui.screens.run import RunScreen
from coreg.tui.widgets.checkin import TEN_WAIT, CheckInPanel
from tests.app_helpers import FakeClock, begin, make_app, settle


async def open_checkin(pilot, exercise_id: str = "heartbeat") -> CheckInPanel:
    await begin(pilot, exercise_id)
    assert isinstance(pilot.app.screen, CheckInScreen)
    return pilot.app.screen.query_one(CheckInPanel)


async def test_one_then_zero_gives_ten_and_x_still_does(tmp_path):
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await open_checkin(pilot)
        await pilot.press("1", "0", "a", "x", "d")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert [c.distress for c in app.screen.before] == [10, 10]


async def test_a_one_waits_a_moment_on_the_clock_then_stays_one(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await open_checkin(pilot)
        await pilot.press("1")
        assert panel.waiting and panel.question == 0
        assert panel.values[0].distress == 1  # shown at once
        assert "0 now for 10" in panel.hint()
        panel.settle()  # the timer, early: the clock says the moment is not over
        assert panel.waiting
        clock.advance(TEN_WAIT + 0.1)
        panel.settle()  # the timer, on time
        assert not panel.waiting and panel.question == 1
        assert panel.values[0].distress == 1
        await pilot.press("s")
        assert panel.values[0].state is not None and panel.question == 2


async def test_a_zero_after_the_moment_is_not_ten(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await open_checkin(pilot)
        await pilot.press("1")
        clock.advance(TEN_WAIT + 0.5)
        await pilot.press("0")  # too late: the 1 stands, and 0 is no state
        assert panel.values[0].distress == 1 and panel.question == 1


async def test_a_state_key_right_after_a_one_keeps_the_one_without_waiting(tmp_path):
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await open_checkin(pilot)
        await pilot.press("1", "s", "1", "d")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert [c.distress for c in app.screen.before] == [1, 1]
        assert panel.values[1].state.value == "shut-down"


async def test_up_and_down_move_between_questions_and_backspace_goes_back(tmp_path):
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await open_checkin(pilot)
        hint = panel.hint()
        assert "1 then 0 for 10" in hint and "↑↓" in hint and "Backspace back" in hint
        await pilot.press("7")
        assert panel.question == 1
        await pilot.press("up")
        assert panel.question == 0 and panel.values[0].distress == 7  # kept
        await pilot.press("down", "down")
        assert panel.question == 2  # Sam's distress; Alex's state left open
        await pilot.press("5", "up", "up")
        assert panel.question == 1
        await pilot.press("a")
        assert panel.question == 2 and panel.values[0].state.value == "activated"
        await pilot.press("backspace")
        assert panel.question == 1 and panel.values[0].state is None
        assert [v.distress for v in panel.values] == [7, 5]
        await pilot.press("up", "1", "backspace")  # a waiting 1 is taken back, nothing moves
        assert panel.question == 0 and not panel.waiting
        assert panel.values[0].distress is None
        await pilot.press("down", "down", "down", "down", "down")
        assert panel.question == 3 and isinstance(app.screen, CheckInScreen)  # no start by arrow


async def test_after_the_last_answer_solo_and_together_end_the_same_way(tmp_path):
    for exercise_id, keys in (("self-soothing", ("3", "s")), ("heartbeat", ("3", "s", "2", "s"))):
        folder = tmp_path / exercise_id
        folder.mkdir()
        app = make_app(folder, clock=FakeClock())
        async with app.run_test(size=(100, 32)) as pilot:
            await begin(pilot, exercise_id)
            await pilot.press("enter", "e", "y")
            await pilot.pause()
            assert isinstance(app.screen, AfterScreen)
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.focused, Input)
            await pilot.press("up")  # from the note, back to the last answer, to change it
            assert isinstance(app.focused, CheckInPanel) and app.focused.question == len(keys) - 1
            await pilot.press(keys[-1])
            assert isinstance(app.focused, Input)
            await pilot.press("enter")  # one Enter: kept, and home
            await settle(app)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            (session,) = app.session_log.recent()
            assert len(session.partners) == len(keys) // 2
            assert session.partners[0].after.distress == 3


async def test_on_a_small_terminal_each_word_keeps_its_key_and_the_marker_its_answer(tmp_path):
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test(size=(50, 16)) as pilot:
        panel = await open_checkin(pilot)
        await pilot.pause()

        def lines() -> list[str]:
            """The rows as drawn: each line of each row fits the panel, so none wraps again."""
            shown = []
            for row in panel.query(".checkin-row"):
                for line in str(row.render()).splitlines():
                    assert len(line) <= row.content_size.width
                    shown.append(line)
            return shown

        for _ in range(2):  # the distress question, then the feeling one
            shown = lines()
            assert all(line.strip() != "◀" for line in shown)
            assert sum("◀" in line for line in shown) == 1
            for words in ("s safe and connected", "a activated", "d shut down"):
                assert sum(words in line for line in shown) == 2  # each partner's, whole
            await pilot.press("3")
            await pilot.pause()
        screen = app.screen
        assert screen.query_one(".screen-title").region.y >= 0  # the title is still on screen
        assert screen.query_one("#checkin-box").virtual_size.height <= screen.size.height - 1
