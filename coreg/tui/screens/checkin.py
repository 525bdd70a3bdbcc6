"""Before: how each partner feels right now, in under ten seconds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from coreg.library import Exercise
from coreg.log import CheckIn, Ending, Session, exercise_session, new_session_id
from coreg.tui.guard import DismissOnce
from coreg.tui.widgets.checkin import SHORT, CheckInPanel
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.text import Plain

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp


class CheckInScreen(DismissOnce, Screen[tuple[CheckIn, ...] | None]):
    CSS_PATH = "flow.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("escape", "cancel", "Back", id="checkin-cancel", tooltip="Back to the list"),
    ]

    def __init__(self, exercise: Exercise, names: tuple[str, ...]) -> None:
        super().__init__()
        self.exercise, self.names = exercise, names
        self.session_id = new_session_id()

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-box"):
            yield Plain(self.exercise.title, classes="screen-title")
            yield Plain("Before you start: how are you, right now?", classes="lead")
            yield CheckInPanel(self.names, id="checkin")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(CheckInPanel).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT, "-short")

    @on(CheckInPanel.Done)
    def _done(self, event: CheckInPanel.Done) -> None:
        self.dismiss(tuple(event.panel.values))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def interrupted_session(self) -> Session | None:
        """Quitting here keeps what was typed: a session that stopped before its first step."""
        values = tuple(self.query_one(CheckInPanel).values)
        if all(value.empty for value in values):
            return None
        now = self.app.now()
        return exercise_session(
            self.exercise,
            self.names,
            values,
            session_id=self.session_id,
            started_at=now,
            ended_at=now,
            ending=Ending.INTERRUPTED,
        )
