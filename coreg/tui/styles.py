"""Which stylesheets a start reads before its first frame, and the rest just after it.

The rules every screen shares are in ``app.tcss``; each group of screens has its own file in
``screens/`` (home, flow, pages, pause, keys). The first frame waits only for the shared rules
and the first screen's own. The app reads every other screen's rules just after it, in one go,
so no screen waits when it opens: Textual reads a screen's own file by parsing every rule
afresh, and the first ``p`` (pause a fight) would wait for it. ``coreg pause`` reads the rest
only if the break goes on to the home: a parse mid-breath would stall the pacer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

HERE = Path(__file__).parent  # whole paths: Textual reads relative ones from a subclass's folder
SHARED = HERE / "app.tcss"
# every screen's own rules (coreg/tui/screens/*.tcss), in the order they are read
SCREEN_STYLES = ("home", "flow", "pages", "pause", "keys")


def sheet(name: str) -> Path:
    return HERE / "screens" / f"{name}.tcss"


def first_sheets(start: str) -> list[Path]:
    """The stylesheets the first frame of ``start`` (home, run or pause) waits for."""
    opening = {"pause": ("pause",), "run": ("home", "flow")}.get(start, ("home",))
    return [SHARED, *(sheet(name) for name in opening)]


def read_the_rest(app: App) -> None:
    """Every screen's stylesheet not read yet, read in one go (once the first frame is out)."""
    unread = [
        path
        for path in (sheet(name) for name in SCREEN_STYLES)
        if not app.stylesheet.has_source(str(path))
    ]
    if unread:
        for path in unread:
            app.stylesheet.read(path)
        app.refresh_css(animate=False)
