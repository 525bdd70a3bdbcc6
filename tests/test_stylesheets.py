"""The stylesheets: the shared rules and each screen's own file, read when that screen first opens
(so ``coreg pause`` parses only what the pause shows), and every rule still reaching its screen."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from textual.screen import Screen

import coreg.tui
from coreg.tui.styles import SCREEN_STYLES
from tests.app_helpers import make_app

TUI = Path(coreg.tui.__file__).parent
SCREENS = (
    "about after checkin history home keys modals ourpace partners pause pause_modals run settings"
)


def screen_classes() -> list[type[Screen]]:
    found = []
    for name in SCREENS.split():
        module = importlib.import_module(f"coreg.tui.screens.{name}")
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, Screen)
            and value.__module__ == module.__name__
        ]
    return found


def read_files(app) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


async def test_coreg_pause_reads_the_shared_rules_and_the_pauses_alone(tmp_path):
    app = make_app(tmp_path, start="pause")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert read_files(app) == {"app.tcss", "pause.tcss"}
        assert app.screen.query_one("#pause-back").styles.text_align == "center"


async def test_the_app_reads_every_screens_rules_at_start_so_no_screen_waits_for_them(
    tmp_path,
):
    """Textual reads a screen's own file when the screen first opens by parsing every rule
    afresh: the app reads them all just after its first frame (which waits only for the home's
    own), so `p` (pause a fight) opens at once."""
    app = make_app(tmp_path)
    parsed: list[str] = []
    first: set[str] = set()
    drawn = app.first_frame_drawn
    app.first_frame_drawn = lambda: first.update(read_files(app)) or drawn()  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert first == {"app.tcss", "home.tcss"}
        assert read_files(app) == {f"{name}.tcss" for name in ("app", *SCREEN_STYLES)}
        assert app.screen.query_one("#exercise-list").styles.border.top[0] == "round"
        reparse = app.stylesheet.reparse
        app.stylesheet.reparse = lambda: parsed.append("all") or reparse()  # type: ignore[method-assign]
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.query_one("#pause-back").styles.text_align == "center"
        app.action_history()
        await pilot.pause()
        assert app.screen.query_one("#history").styles.padding.top == 1
    assert parsed == []


async def test_a_pause_that_goes_on_to_the_home_brings_the_homes_rules(tmp_path):
    app = make_app(tmp_path, start="pause")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from coreg.tui.screens.home import HomeScreen

        await app.push_screen(HomeScreen())  # as the pause does for the Repair Ritual
        await pilot.pause()
        assert "home.tcss" in read_files(app)
        assert app.screen.query_one("#exercise-list").styles.border.top[0] == "round"


def test_every_screen_file_belongs_to_a_screen_and_every_screen_file_exists():
    named = {cls.CSS_PATH for cls in screen_classes() if cls.CSS_PATH}
    on_disk = {path.name for path in (TUI / "screens").glob("*.tcss")}
    assert named == on_disk == {"home.tcss", "flow.tcss", "pages.tcss", "pause.tcss", "keys.tcss"}


def test_every_id_a_screen_file_styles_is_on_a_screen_that_reads_it():
    """An id styled in a screen's file but drawn on a screen that does not read the file would
    lose its look once the rules were split; each id is found in a module that reads its file."""
    import re

    readers: dict[str, str] = {}
    for cls in screen_classes():
        if cls.CSS_PATH:
            module = inspect.getmodule(cls)
            readers[str(cls.CSS_PATH)] = readers.get(str(cls.CSS_PATH), "") + inspect.getsource(
                module
            )
    # widgets drawn by these screens live in their own modules
    widgets = "".join(path.read_text() for path in (TUI / "widgets").glob("*.py"))
    widgets += (TUI / "lead.py").read_text()
    for name, source in readers.items():
        css = (TUI / "screens" / name).read_text()
        ids = set(re.findall(r"#([a-z][a-z0-9-]*)", css))
        assert ids
        missing = {i for i in ids if f'"{i}"' not in source and f'"{i}"' not in widgets}
        assert missing == set(), name


async def test_a_subclass_of_the_app_elsewhere_has_every_rule(tmp_path):
    """The benchmarks subclass the app in their own folder: its stylesheets are still found."""
    from coreg.tui.app import CoregApp

    class Measured(CoregApp):
        pass

    base = make_app(tmp_path)
    app = Measured(
        log=base.log_path, settings=base.settings, clock=base.clock, now=base.now, zone=base.zone
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert read_files(app) == {f"{name}.tcss" for name in ("app", *SCREEN_STYLES)}
        assert app.screen.query_one("#exercise-list").styles.border.top[0] == "round"
