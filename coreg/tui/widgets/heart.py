"""Each partner's heart from their strap, small and optional: ``Alex ♥ 72   Sam ♥ 68``.

Mounted only when a strap is paired and the sensors extra is installed, so without one every
screen is exactly as it was. It reads the :class:`~coreg.sensors.HeartBoard` once a second and
redraws only when the words change; the straps live on their own thread and never hold a
screen up. On the pause screen it also watches for flooding, and says so kindly.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence

from textual.widgets import Static

from coreg.sensors import (
    HOW_TO_INSTALL,
    FloodWatch,
    HeartBoard,
    Link,
    Reading,
    bleak_installed,
    paired_straps,
)
from coreg.settings import Settings
from coreg.tui.widgets.text import plain

HEART = "♥"
REDRAW_SECONDS = 1.0


def reading_text(reading: Reading, swing: float | None = None) -> str:
    """``Alex ♥ 72``, ``Alex ♥ 72 · swing 6`` (per breath), or what the strap is doing."""
    name = reading.name
    if reading.link is Link.CONNECTED and reading.bpm is not None:
        text = f"{name} {HEART} {reading.bpm}"
        return text if swing is None else f"{text} · swing {swing:.0f}"
    return {
        Link.CONNECTED: f"{name} {HEART} not touching",
        Link.CONNECTING: f"{name} {HEART} connecting…",
        Link.DROPPED: f"{name} {HEART} dropped out",
        Link.UNAVAILABLE: f"{name} {HEART} off",
    }[reading.link]


def flooding_words(names: Sequence[str]) -> str:
    who = " and ".join(names)
    return (
        f"{who}: your heart has stayed over the flooding mark for half a minute. Your body is "
        "on high alert, and that is not your fault. Let the break run its full length."
    )


def still_flooding_words(names: Sequence[str]) -> str:
    who = " and ".join(names)
    return (
        f"{who}, your heart is still over the flooding mark. A few more minutes apart may "
        "help before you talk."
    )


def straps_hint(settings: Settings) -> str:
    """One line for the settings screen: what is paired, or how to add heart straps."""
    if not bleak_installed():
        return f"Heart straps (optional) need the sensors extra: {HOW_TO_INSTALL}"
    pairs = paired_straps(settings)
    if not pairs:
        return "Heart straps: none paired. 'coreg sensors scan', then 'coreg sensors pair'."
    return "Heart straps: " + ", ".join(
        f"{name}'s {settings.straps[name].get('name') or address}"
        for name, address in pairs.items()
    )


class HeartLine(Static):
    """Each paired partner's heart rate, beside their name; optionally the flooding check."""

    DEFAULT_CSS = """
    HeartLine {
        width: 100%;
        height: auto;
        text-align: center;
        color: $text-muted;
    }
    HeartLine.-flooding { color: $warning; }
    """

    def __init__(
        self,
        board: HeartBoard,
        names: Sequence[str] | None = None,
        *,
        resting: int | None = None,
        watch_flooding: bool = False,
        cycle: Callable[[], float | None] | None = None,
        noticed: Callable[[list[str], int | None], None] | None = None,
        id: str | None = "heart-line",
    ) -> None:
        """``names``: whose hearts to show (default: every paired partner); ``cycle``: the
        breath cycle now in seconds, for the swing per breath (None when not breathing);
        ``noticed``: told, while watching for flooding, who has been flooded so far and the
        highest rate, each time either changes."""
        super().__init__(id=id, markup=False)
        self.board = board
        self.names = [n for n in (names or board.names) if n in board.names]
        self._cycle = cycle
        self._watches = (
            {name: FloodWatch(resting, board.clock) for name in self.names}
            if watch_flooding
            else {}
        )
        self._noticed = noticed
        self.ever_flooded: list[str] = []  # in the order it happened
        self.top_bpm: int | None = None
        self._shown = ""
        self._told: set[str] = set()
        self._wake: Callable[[], None] = lambda: None

    def on_mount(self) -> None:
        self.redraw()
        # once a second for what time alone changes (a strap gone quiet, flooding held 30 s),
        # and at once for each reading, woken from the straps' thread without waiting on it
        self.set_interval(REDRAW_SECONDS, self.redraw)
        loop = asyncio.get_running_loop()

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # the app has closed its loop
                loop.call_soon_threadsafe(self.redraw)

        self._wake = wake
        self.board.watchers.append(wake)

    def on_unmount(self) -> None:
        if self._wake in self.board.watchers:
            self.board.watchers.remove(self._wake)

    @property
    def flooded(self) -> list[str]:
        """The partners whose hearts are over the flooding mark, held 30 s, right now."""
        return [name for name, watch in self._watches.items() if watch.flooded()]

    def redraw(self) -> None:
        if not self.is_attached:
            return
        now = self.board.clock()
        cycle = self._cycle() if self._cycle is not None else None
        parts = []
        for name in self.names:
            reading = self.board.reading(name, now)
            if reading.note and name not in self._told:
                self._told.add(name)
                self.app.notify(reading.note, title="Heart strap", severity="warning")
            swing = self.board.swing(name, cycle) if cycle and reading.bpm else None
            parts.append(reading_text(reading, swing))
            if name in self._watches and reading.bpm is not None and reading.at is not None:
                self._watches[name].feed(reading.bpm, reading.at)  # when the strap said it
        text = "   ".join(parts)
        flooded = self.flooded
        if self._watches:
            self._keep(flooded)
        if flooded:
            text += "\n" + flooding_words(flooded)
        self.set_class(bool(flooded), "-flooding")
        if text != self._shown:
            self._shown = text
            self.update(plain(text))

    def _keep(self, flooded: list[str]) -> None:
        """Who has been flooded so far and the highest rate, told on when either changes."""
        top = max((w.top for w in self._watches.values() if w.top is not None), default=None)
        new = [name for name in flooded if name not in self.ever_flooded]
        if not new and top == self.top_bpm:
            return
        self.ever_flooded += new
        self.top_bpm = top
        if self._noticed is not None:
            self._noticed(list(self.ever_flooded), top)
