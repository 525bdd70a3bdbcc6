"""The footer of keys, mounted just after a screen's first frame.

Textual's Footer builds a widget per key, which costs about a quarter of coreg's start-up; the
first screens (home, and the pause a person opens mid-fight) show their content first and
their keys a moment later. A footer mounted late has missed the screen's first "bindings
changed" signal, so it is told once itself.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

NARROW = 60  # below this many columns the screen's own keys take the whole line


class KeysFooter(Footer):
    """Textual's footer; on a narrow terminal without "^p palette" (ctrl+p still works), so the
    screen's own keys have the room."""

    def on_resize(self) -> None:
        wide = self.size.width >= NARROW
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.call_after_refresh(self.recompose)


async def mount_footer(screen: Screen) -> Footer:
    footer = KeysFooter()
    await screen.mount(footer)
    footer.call_later(footer.bindings_changed, screen)  # in the footer's own message loop
    return footer


def mount_footer_after_first_frame(screen: Screen) -> None:
    screen.call_after_refresh(mount_footer, screen)
