"""Pairing heart straps from the settings screen: "Find straps" looks for them on a worker
thread (the same scan as ``coreg sensors scan``), lists what it found, and ties each one to a
partner by its address; "Forget" unties a paired one. Without the sensors extra it is one line
saying how to add it, and nothing else; with no Bluetooth, the scan says so in one line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button

from coreg.sensors import SensorError, bleak_installed, find_straps, pair_strap, unpair_strap
from coreg.settings import Settings
from coreg.tui.widgets.heart import straps_hint
from coreg.tui.widgets.text import Plain, line, plain

SCAN_SECONDS = 8.0
MAX_SHOWN = 8  # the nearest few: a crowded room doesn't fill the screen


def strap_words(found: Any) -> str:
    """``Polar H10 1234 (C0:FF:EE:12:34:56)``: a found strap, as one plain line."""
    return f"{line(found.name or 'A strap with no name')} ({line(found.address)})"


class Pick(Button):
    """A small button that remembers what it is for: a found strap and a partner, or only a
    partner (Forget)."""

    def __init__(self, label: str, partner: str, found: Any = None, classes: str = "") -> None:
        super().__init__(plain(label), classes=classes, compact=True)
        self.partner = partner
        self.found = found


class StrapsPanel(Vertical):
    """What is paired, a "Find straps" button, what a scan found, and a button per partner."""

    DEFAULT_CSS = """
    StrapsPanel { height: auto; padding: 1 0 0 0; }
    StrapsPanel #straps-list, StrapsPanel #straps-paired { height: auto; }
    StrapsPanel .straps-row { height: auto; }
    StrapsPanel .straps-row Plain { width: 1fr; }
    StrapsPanel Button { margin: 0 0 0 1; width: auto; min-width: 8; }
    StrapsPanel #straps-find { margin: 0; }
    StrapsPanel #straps-status { color: $text-muted; }
    """

    #: how to look for straps (seconds -> found, nearest first; SensorError saying why not);
    #: the real scan, or a fake one in tests
    scan: ClassVar[Callable[[float], Sequence[Any]]] = staticmethod(find_straps)

    def __init__(self, settings: Settings, save: Callable[[], bool]) -> None:
        super().__init__(id="straps")
        self.settings = settings
        self._save = save
        self.found: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Plain(self._summary(), id="straps-summary", classes="hint")
        yield Vertical(id="straps-paired")
        yield Button("Find straps", id="straps-find", compact=True)
        yield Plain(id="straps-status")
        yield Vertical(id="straps-list")

    def on_mount(self) -> None:
        self.query_one("#straps-status").display = False
        self._draw()

    def _summary(self) -> str:
        paired = any(name in self.settings.straps for name in self._partners())
        return "Heart straps:" if paired else "Heart straps: none paired yet."

    def _partners(self) -> list[str]:
        return [name for name in self.settings.names if name]

    # -- the scan, off the UI thread -------------------------------------------------------

    @on(Button.Pressed, "#straps-find")
    def find(self) -> None:
        self._status(f"Looking for heart straps for {SCAN_SECONDS:.0f} seconds…")
        self.query_one("#straps-find", Button).disabled = True
        self._scan()

    @work(thread=True, exclusive=True, group="straps")
    def _scan(self) -> None:
        try:
            found = list(type(self).scan(SCAN_SECONDS))
            said = ""
        except SensorError as error:
            found, said = [], str(error)
        except Exception as error:  # anything else from the radio: said, never a traceback
            found, said = [], f"Bluetooth said: {str(error)[:200] or type(error).__name__}"
        with contextlib.suppress(RuntimeError):  # the app closed while it looked
            self.app.call_from_thread(self._scanned, found, said)

    def _scanned(self, found: list[Any], said: str) -> None:
        if not self.is_attached:
            return
        self.query_one("#straps-find", Button).disabled = False
        self.found = found[:MAX_SHOWN]
        if said:
            self._status(said)
        elif not found:
            self._status("No strap in range. Wet its pads, put it on, and look again.")
        else:
            self._status("Found these. Choose whose each one is:")
        self._draw()

    # -- choosing and forgetting -----------------------------------------------------------

    @on(Button.Pressed, ".straps-for")
    def choose(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, Pick)
        strap, partner = event.button.found, event.button.partner
        problem = pair_strap(self.settings, partner, strap.address, strap.name or "")
        if problem:
            self._status(problem)
            return
        self._saved(f"{partner}'s strap is {strap.name or strap.address}")

    @on(Button.Pressed, ".straps-forget")
    def forget(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, Pick)
        partner = event.button.partner
        if unpair_strap(self.settings, partner):
            self._saved(f"{partner}'s strap is forgotten")

    def _saved(self, what: str) -> None:
        ok = self._save()
        later = " It connects the next time you start coreg." if "forgotten" not in what else ""
        self._status(f"✓ {what}.{later}" if ok else f"Not saved: {what}.")
        self.query_one("#straps-summary", Plain).set_text(self._summary())
        self._draw()

    def _status(self, text: str) -> None:
        status = self.query_one("#straps-status", Plain)
        status.set_text(text)
        status.display = True

    def _draw(self) -> None:
        """A row per paired strap (Forget), and per found one (a button per partner)."""
        paired = []
        for partner in self._partners():
            strap = self.settings.straps.get(partner)
            if strap is not None:
                said = f"{partner}'s {strap.get('name') or strap.get('address', '')}"
                forget = Pick("Forget", partner, classes="straps-forget")
                paired.append(Horizontal(Plain(said), forget, classes="straps-row"))
        found = [
            Horizontal(
                Plain(strap_words(strap)),
                *(Pick(f"{p}'s", p, strap, classes="straps-for") for p in self._partners()),
                classes="straps-row",
            )
            for strap in self.found
        ]
        for box, rows in (("#straps-paired", paired), ("#straps-list", found)):
            self.query_one(box, Vertical).remove_children()
            self.query_one(box, Vertical).mount_all(rows)


def straps_part(settings: Settings, save: Callable[[], bool]) -> Any:
    """The settings screen's heart straps: the pairing panel, or one line saying how to add
    the sensors extra (then nothing else about straps)."""
    if not bleak_installed():
        from textual.widgets import Label

        return Label(plain(straps_hint(settings)), classes="hint")
    return StrapsPanel(settings, save)
