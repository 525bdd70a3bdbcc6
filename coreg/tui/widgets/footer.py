"""The footer of keys, drawn with the screen's first frame.

Textual's Footer starts empty and fills in two frames later: the screen publishes its keys
only after a first refresh, and the footer rebuilds itself only after another one, so the
first screens (home, and the pause a person opens mid-fight) looked finished a tenth of a
second after they appeared. :class:`KeysFooter` is Textual's footer, the same widgets and the
same look, with its keys composed with the screen; it rebuilds only when they change.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

NARROW = 60  # below this many columns the screen's own keys take the whole line


def _keys(screen: Screen) -> tuple[tuple[object, ...], ...]:
    """What the footer shows of the screen's keys: enough to tell when it must be rebuilt."""
    return tuple(
        (key, binding.action, binding.description, binding.show, enabled, tooltip)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
    )


class KeysFooter(Footer):
    """Textual's Footer, with its keys in the first frame. Yield it last in ``compose``.

    On a narrow terminal it leaves out "^p palette" (ctrl+p still works), so the screen's own
    keys have the room."""

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def compose(self) -> ComposeResult:
        self.set_reactive(Footer.show_command_palette, self.app.size.width >= NARROW)
        screen = self.screen
        if screen.focused is None:
            # The keys of the widget that will have the focus belong in the footer: the
            # screen gives it the focus now, as it would have just after this compose.
            screen._update_auto_focus()
        self._shown = _keys(screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and _keys(screen) == self._shown:
            return  # the keys drawn are still the keys: no rebuild, no frame
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        wide = self.size.width >= NARROW
        if wide != self.show_command_palette:
            self.set_reactive(Footer.show_command_palette, wide)
            self.call_after_refresh(self.recompose)
