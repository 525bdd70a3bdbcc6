"""The app against hostile text and fast keys: nothing raw on the screen, nothing crashes."""

from __future__ import annotations

import re
from dataclasses import replace

from coreg.library import load_library
from coreg.log import Partner, SessionLog
from coreg.tui.screens.checkin import CheckInScreen
from coreg.tui.screens.history import HistoryScreen
from coreg.tui.screens.pause import PauseScreen
from coreg.tui.screens.run import RunScreen
from coreg.tui.widgets.checkin import CheckInPanel
from tests.app_helpers import FakeClock, make_app, settle
from tests.helpers_store import make_session

EVIL = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\x00"
LEAK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def drawn(app) -> str:
    """Everything the app would draw now (the SVG keeps every character as drawn)."""
    return app.export_screenshot()


def hostile_app(tmp_path):
    folder = tmp_path / "config" / "exercises"
    folder.mkdir(parents=True)
    (folder / "evil.yaml").write_text(
        'title: "Evil \\e[2J \\x9b \\u202e title"\n'
        'summary: "Sum \\e]0;pwned\\a"\n'
        "steps:\n"
        '  - name: "Step"\n'
        "    duration: 10\n"
        '    say: "Say \\e[31m"\n',
        "utf-8",
    )
    library = load_library([folder])
    assert any("Evil" in e.title for e in library.exercises.values()), library.broken
    log = SessionLog(tmp_path / "log.json")
    log.record(
        replace(
            make_session(0),
            exercise_title=f"T{EVIL}",
            partners=(Partner(f"A{EVIL}"), Partner("Sam")),
            note=EVIL,
        )
    )
    return make_app(tmp_path, names=(f"A{EVIL}", "Sam"), library=library)


async def test_home_history_palette_and_notifications_draw_nothing_raw(tmp_path):
    app = hostile_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.notify(f"note {EVIL}", title=EVIL)
        await pilot.pause()
        home = drawn(app)
        assert LEAK.search(home) is None
        assert "Evil&#160;␛[2J" in home
        app.action_history()
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert LEAK.search(drawn(app)) is None
        await pilot.press("escape", "ctrl+p", *"Evil")
        await pilot.pause(0.3)
        assert LEAK.search(drawn(app)) is None


async def test_the_pause_opened_twice_stays_one_pause(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        app.action_pause_timer()
        await pilot.pause()
        app.action_pause_timer()  # "Pause a fight" from the palette while it is open
        await pilot.pause()
        assert sum(isinstance(s, PauseScreen) for s in app.screen_stack) == 1
        assert app.is_running


async def test_two_enters_in_one_read_on_a_check_in_dismiss_it_once(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        panel = screen.query_one(CheckInPanel)
        panel.post_message(CheckInPanel.Done(panel))
        panel.post_message(CheckInPanel.Done(panel))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, RunScreen)
        assert len(app.screen_stack) == 2  # home and the run: nothing else was popped


async def test_palette_then_page_up_at_once_does_not_crash(tmp_path):
    """PageUp within milliseconds of ctrl+p: Textual 8.2.8's own palette raised KeyError in
    OptionList._move_page for the first few frames (seen here, 10 of 300 tries)."""
    import asyncio

    from textual.command import CommandPalette

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.action_command_palette()
        for _ in range(200):
            await asyncio.sleep(0.001)
            if isinstance(app.screen, CommandPalette):
                app.screen._action_command_list("page_up")
                app.screen._action_command_list("page_down")
        await pilot.press("pageup", "escape")
        assert app.is_running


async def test_a_checkpoint_saves_the_exercise_as_it_stands(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        clock.advance(25)
        screen.tick()
        app.checkpoint()
        await app.saved()
        (saved,) = SessionLog(tmp_path / "log.json").all()
        assert saved.ending.value == "interrupted" and saved.seconds >= 24
        assert app.screen is screen and not screen._done  # the exercise goes on


async def test_two_enters_on_the_note_and_on_the_names_dismiss_once(tmp_path):
    from coreg.tui.screens.after import AfterScreen
    from coreg.tui.screens.home import HomeScreen
    from coreg.tui.screens.partners import PartnersScreen

    app = make_app(tmp_path, names=("", ""))
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PartnersScreen)
        await pilot.press(*"Alex", "enter", *"Sam")
        screen.dismiss(("Alex", "Sam"))
        screen.dismiss(("Alex", "Sam"))  # the second Enter of one read
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e", "y")  # end early: the after check-in
        await pilot.pause()
        after = app.screen
        assert isinstance(after, AfterScreen)
        after.action_finish()
        after.action_finish()
        await pilot.pause()
        await settle(app)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1
