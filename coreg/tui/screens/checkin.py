"""Before: how each partner feels right now, in under ten seconds."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from coreg.exercise import Exercise
from coreg.session import CheckIn
from coreg.tui.widgets.checkin import CheckInPanel
from coreg.tui.widgets.text import Plain


class CheckInScreen(Screen[tuple[CheckIn, ...] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="checkin-cancel", tooltip="Back to the list"),
    ]

    def __init__(self, exercise: Exercise, names: tuple[str, ...], when: str = "before") -> None:
        super().__init__()
        self.exercise, self.names, self.when = exercise, names, when

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-box"):
            yield Plain(self.exercise.title, classes="screen-title")
            yield Plain("Before you start: how are you, right now?", classes="lead")
            yield CheckInPanel(self.names, id="checkin")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CheckInPanel).focus()

    @on(CheckInPanel.Done)
    def _done(self, event: CheckInPanel.Done) -> None:
        self.dismiss(tuple(event.panel.values))

    def action_cancel(self) -> None:
        self.dismiss(None)
