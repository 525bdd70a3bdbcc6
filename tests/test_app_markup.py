"""Text from exercise files and from people is shown as text on every screen: never markup.

A title, a step, a name or a note holding ``[bold]``, ``[/bold]``, ``[$accent]``, ``[link=…]``
or ``[@click=app.quit]`` appears literally; nothing crashes and nothing runs.
"""

from __future__ import annotations

from textual.widgets import DataTable, OptionList, Static

from coreg.tui.screens.after import AfterScreen
from coreg.tui.screens.history import HistoryScreen, SessionModal
from coreg.tui.screens.run import RunScreen
from tests.app_helpers import make_app, settle

TRAPS = [
    "[bold]",
    "[/bold]",
    "[$accent]",
    "[link=https://example.com]x[/link]",
    "[@click=app.quit]q",
]
NAME_A, NAME_B = "[@click=app.quit]A", "[/bold]B"

EXERCISE = """\
title: "Trap [bold] title [/bold]"
summary: "Summary [$accent] here"
about: "About [link=https://example.com]x[/link] and [@click=app.quit]q"
steps:
  - name: "Step [/bold] one"
    duration: 10
    say: "Say [@click=app.quit]q and [$accent]"
    a: "For {a}: [bold]"
    b: "For {b}: [/bold]"
"""


def screen_text(screen) -> str:
    parts = [str(widget.render()) for widget in screen.query(Static)]
    for option_list in screen.query(OptionList):
        parts += [str(option.prompt) for option in option_list.options]
    for table in screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    return "\n".join(parts)


async def test_file_and_user_text_stays_literal_on_every_screen(tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "trap.yaml").write_text(EXERCISE)
    monkeypatch.setenv("COREG_EXERCISES", str(folder))
    app = make_app(tmp_path, names=(NAME_A, NAME_B))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await settle(app)  # the user's own exercises are read after the first frame
        await pilot.pause()
        home = app.screen
        home.query_one(OptionList).highlighted = home.query_one(OptionList).get_option_index("trap")
        await pilot.pause()
        text = screen_text(home)
        for trap in ("Trap [bold] title [/bold]", "Summary [$accent] here", "[@click=app.quit]q"):
            assert trap in text

        app.start_exercise("trap", NAME_A)  # as `--first`: who starts is not asked
        await pilot.pause()
        assert NAME_A in screen_text(app.screen)  # the check-in names each partner
        await pilot.press("5", "a", "4", "a")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        text = screen_text(app.screen)
        for trap in ("Step [/bold] one", "Say [@click=app.quit]q and [$accent]", NAME_A, NAME_B):
            assert trap in text
        assert f"For {NAME_A}: [bold]" in text

        await pilot.press("e", "y")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("2", "s", "1", "s")
        await pilot.press(*"note [bold] [@click=app.quit]", "enter")
        await settle(app)
        await pilot.pause()

        app.action_history()
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app.screen)
        assert "Trap [bold] title [/bold]" in text and NAME_A in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionModal)
        assert "note [bold] [@click=app.quit]" in screen_text(app.screen)
        assert app.is_running  # nothing ran app.quit


async def test_notifications_never_read_markup(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.notify("Saved to /tmp/[bold]odd[/bold] [@click=app.quit]folder")
        await pilot.pause()
        (notification,) = list(app._notifications)
        assert notification.markup is False
        assert app.is_running
