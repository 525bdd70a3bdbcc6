"""The footer of keys, mounted just after a screen's first frame.

Textual's Footer builds a widget per key, which costs about a quarter of coreg's start-up; the
first screens (home, and the pause a person opens mid-fight) show their content first and
their keys a moment later. A footer mounted late has missed the screen's first "bindings
changed" signal, so it is told once itself.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


async def mount_footer(screen: Screen) -> Footer:
    footer = Footer()
    await screen.mount(footer)
    footer.call_later(footer.bindings_changed, screen)  # in the footer's own message loop
    return footer


def mount_footer_after_first_frame(screen: Screen) -> None:
    screen.call_after_refresh(mount_footer, screen)
