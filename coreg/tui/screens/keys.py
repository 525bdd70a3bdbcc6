"""Keys: every key of the screen beneath, one per line, in words that fit.

Only coreg's own keys are listed (each of them has an ``id``); Textual's generic ones (scroll,
copy, focus) are left out. Esc, Enter or ``q`` closes it.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label

from coreg.tui.guard import DismissOnce
from coreg.tui.widgets.text import Plain


def key_lines(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for each of coreg's keys that work on ``screen`` now."""
    app = screen.app
    found: dict[tuple[int, str], tuple[list[str], str]] = {}
    bindings = sorted(screen.active_bindings.values(), key=lambda found: found[0] is app)
    for node, binding, enabled, tooltip in bindings:  # the screen's own keys first
        if not binding.id or not enabled or binding.system:
            continue
        what = tooltip or binding.description
        if not what:
            continue
        keys, _ = found.setdefault((id(node), binding.action), ([], what))
        shown = app.get_key_display(replace(binding, key_display=None))  # its own key
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), what) for keys, what in found.values()]


class KeysModal(DismissOnce, ModalScreen[None]):
    """The keys of the screen it was opened over."""

    CSS_PATH = "keys.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="keys-close", tooltip="Close")]

    def __init__(self, lines: list[tuple[str, str]]) -> None:
        super().__init__(id="keys-modal")
        self.lines = lines

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self.lines), default=3) + 2
        with Vertical(classes="dialog", id="keys-box"):
            yield Label("Keys on this screen", classes="question")
            with VerticalScroll(id="keys-list"):
                for keys, what in self.lines:  # a long description wraps in its own column
                    with Horizontal(classes="keys-row"):
                        yield Plain(keys, classes="keys-key").set_styles(f"width: {width};")
                        yield Plain(what, classes="keys-what")
            yield Label("esc closes", classes="hint")

    def on_mount(self) -> None:
        # the list scrolls, and the hint under it stays on a short terminal
        keys = self.query_one("#keys-list")
        keys.styles.max_height = max(3, self.app.size.height * 9 // 10 - 8)

    def action_close(self) -> None:
        self.dismiss(None)
