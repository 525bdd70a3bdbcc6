"""The footer of keys: one widget for the screen's keys, drawn cell for cell as Textual's own
footer draws them (every theme, under the mouse, dimmed when a key can't be used), and each key
still pressed by a click."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Footer, Static

from coreg.tui.widgets.footer import KeyLine, KeysFooter, PaletteKey


class Keys(App[None]):
    """An app with the kinds of keys coreg's screens have."""

    BINDINGS = [
        Binding("enter", "start", "Start", tooltip="Begin the exercise"),
        Binding("e", "extend", "+10 min"),
        Binding("1,2", "pattern", "Pattern", key_display="1–6"),
        Binding("x", "off", "Not now"),  # disabled by check_action
        Binding("q", "quiet", ""),  # a key with no words
        Binding("z", "hidden", "Hidden", show=False),
    ]

    def __init__(self, footer: Callable[[], Widget], theme: str = "textual-dark") -> None:
        super().__init__()
        self.footer_class = footer
        self.theme = theme
        self.done: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Static("Breathe in")
        yield self.footer_class()

    def check_action(self, action: str, parameters) -> bool | None:
        return None if action == "off" else True

    def bell(self) -> None:
        self.bells += 1

    def action_start(self) -> None:
        self.done.append("start")

    def action_extend(self) -> None:
        self.done.append("extend")

    def action_pattern(self) -> None:
        self.done.append("pattern")

    def action_off(self) -> None:
        self.done.append("off")

    def action_quiet(self) -> None:
        self.done.append("quiet")


def footer_cells(app: App) -> list[tuple[str, str]]:
    """Each cell of the bottom row: its character and its style."""
    last = list(app.screen._compositor.render_full_update().strips)[-1]
    return [
        (char, str(segment.style)) for strip in last for segment in strip for char in segment.text
    ]


async def drawn(
    footer: Callable[[], Widget], theme: str, size: tuple[int, int], hover: int | None = None
):
    app = Keys(footer, theme)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()  # Textual's footer fills in a frame or two late
        if hover is not None:
            await pilot.hover(offset=(hover, size[1] - 1))
            await pilot.pause()
        return footer_cells(app)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark", "nord"])
@pytest.mark.parametrize("width", [80, 40])
async def test_the_keys_look_exactly_as_textuals_footer_draws_them(theme, width):
    ours = await drawn(KeysFooter, theme, (width, 6))
    wide = width >= 60  # narrow: the screen's keys have the line, without the palette's key
    assert ours == await drawn(partial(Footer, show_command_palette=wide), theme, (width, 6))
    assert ("palette" in "".join(char for char, _ in ours)) == wide


@pytest.mark.parametrize("column", [3, 16, 41, 60, 75, 79])  # 79: the palette key's margin
async def test_a_key_under_the_mouse_looks_as_in_textuals_footer(column):
    assert await drawn(KeysFooter, "textual-dark", (80, 6), hover=column) == await drawn(
        Footer, "textual-dark", (80, 6), hover=column
    )


def key_column(app: App, words: str) -> int:
    text = "".join(char for char, _ in footer_cells(app))
    return text.index(words)


async def test_a_click_on_a_key_presses_it_and_a_disabled_key_only_rings():
    app = Keys(KeysFooter)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        for words, action in (("Start", "start"), ("+10 min", "extend"), ("Pattern", "pattern")):
            await pilot.click(offset=(key_column(app, words), 5))
            await pilot.pause()
            assert app.done[-1] == action
        await pilot.click(offset=(key_column(app, "Not now"), 5))
        await pilot.pause()
        assert app.done[-1] == "pattern" and app.bells == 1
        await pilot.click(offset=(79 - 12, 5))  # beside the keys: nothing
        assert len(app.done) == 3
        await pilot.click(offset=(79, 5))  # the palette's key, at its very edge, as Textual's
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_the_key_under_the_mouse_says_what_it_does():
    app = Keys(KeysFooter)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        line = app.query_one(KeyLine)
        await pilot.hover(offset=(key_column(app, "Start"), 5))
        assert line.tooltip == "Begin the exercise"
        await pilot.hover(offset=(key_column(app, "+10 min"), 5))
        assert line.tooltip is None  # no tooltip given: none shown (the words say it)
        await pilot.hover(offset=(40, 2))
        await pilot.pause()
        assert line.tooltip is None
        await pilot.hover(offset=(key_column(app, "palette"), 5))
        assert app.query_one(PaletteKey).tooltip == "Open the command palette"


def test_a_column_belongs_to_the_key_drawn_there():
    from coreg.tui.widgets.footer import Key

    line = KeyLine([Key("enter", "⏎", "Start", True, ""), Key("q", "q", "", True, "")])
    # " ⏎ Start " is nine cells, then "q" alone
    assert [line.key_at(x) for x in range(11)] == [0] * 9 + [1, None]


async def test_a_theme_changed_while_running_redraws_the_keys_in_its_colours():
    app = Keys(KeysFooter, "textual-dark")
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        await pilot.hover(offset=(3, 5))  # a key under the mouse, drawn in the old colours
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        ours = footer_cells(app)
    assert ours == await drawn(Footer, "textual-light", (80, 6), hover=3)


def test_every_screen_draws_the_keys_footer_not_textuals():
    """Textual's footer fills in two frames after the screen: a screen that used it would look
    unfinished at first."""
    from pathlib import Path

    import coreg.tui

    screens = Path(coreg.tui.__file__).parent / "screens"
    for module in screens.glob("*.py"):
        source = module.read_text()
        assert "Footer()" not in source.replace("KeysFooter()", ""), module.name


async def test_keys_wider_than_the_line_move_sideways_under_the_wheel():
    keys = " ⏎ Start  e +10 min  1–6 Pattern  x Not now "  # 44 cells, on a line of 34
    app = Keys(KeysFooter)
    async with app.run_test(size=(34, 6)) as pilot:

        def moved_by() -> int:
            line = "".join(char for char, _ in footer_cells(app))
            return next(cells for cells in range(11) if keys[cells : cells + 34] == line)

        async def wheel(kind: type[events.MouseEvent], times: int, row: int = 5) -> None:
            for _ in range(times):
                await pilot._post_mouse_events([kind], offset=(20, row))
                await pilot.pause()

        await pilot.pause()
        assert moved_by() == 0
        await wheel(events.MouseScrollDown, 1)
        assert moved_by() == 4
        await wheel(events.MouseScrollDown, 10)  # far past the end: it stops at the last key
        assert moved_by() == 10
        await pilot.click(offset=(keys.index("Pattern") - 10, 5))  # a click finds a moved key
        assert app.done == ["pattern"]
        await wheel(events.MouseScrollUp, 1)
        assert moved_by() == 6
        await wheel(events.MouseScrollUp, 10)
        assert moved_by() == 0
        await wheel(events.MouseScrollDown, 1, row=2)  # the wheel over the screen: no keys move
        assert moved_by() == 0


def test_no_screen_groups_its_keys():
    """The footer draws keys one by one: a screen whose bindings had a ``group`` would lose the
    gathering Textual's own footer gives them."""
    import ast
    from pathlib import Path

    import coreg.tui

    for module in Path(coreg.tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding":
                assert all(keyword.arg != "group" for keyword in node.keywords), module.name
