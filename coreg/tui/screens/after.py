"""After: the same check-in, an optional note, and a short, kind summary. Then it is kept."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input

from coreg.library import Exercise
from coreg.log import Ending, Session, closeness_text, length_text, with_after
from coreg.tui.guard import DismissOnce
from coreg.tui.widgets.checkin import SHORT, CheckInPanel
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.text import Plain

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp


def summary(session: Session) -> str:
    """``Alex 7 → 3, Sam 5 → 2. Well done, both of you.``"""
    changes = []
    for partner in session.partners:
        before, after = partner.before.distress, partner.after.distress
        if before is not None and after is not None:
            changes.append(f"{partner.name} {before} → {after}")
        elif after is not None:
            changes.append(f"{partner.name} now {after}")
    length = length_text(session.seconds)
    if session.ending is Ending.COMPLETED:
        opening = f"You practised for {length}."
    else:
        opening = f"You practised for {length} and stopped early; that counts too."
    eased = [p for p in session.partners if (p.change or 0) > 0]
    if changes:
        opening += " " + ", ".join(changes) + "."
    if eased and len(eased) == len(session.partners) and len(eased) > 1:
        opening += " Something eased for both of you."
    elif eased:
        opening += " Something eased."
    # breathing in step: practice feedback, one line a led step
    return "\n".join([opening, *(closeness_text(c) for c in session.in_step)])


class AfterScreen(DismissOnce, Screen[None]):
    CSS_PATH = "flow.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("ctrl+s", "finish", "Save", id="after-save", tooltip="Keep it in your history"),
        Binding("up", "change_answer", show=False, id="after-up", tooltip="Change an answer"),
    ]

    def __init__(self, exercise: Exercise, session: Session) -> None:
        super().__init__()
        self.exercise = exercise
        if exercise.solo and len(session.partners) > 1:
            # A solo session is one person's: ask only them, so the last answer leads to the
            # note as it does for two, and keep only them in the log.
            session = replace(session, partners=session.partners[:1])
        self.session = session
        self.names = tuple(p.name for p in session.partners)

    def compose(self) -> ComposeResult:
        with Vertical(id="after-box"):
            yield Plain(self.exercise.title, classes="screen-title")
            yield Plain("And now? The same two questions.", classes="lead")
            yield CheckInPanel(self.names, id="after-checkin")
            yield Input(
                placeholder="A note for yourselves, if you like (Enter to finish)",
                id="note",
                max_length=500,
            )
            yield Plain(summary(self.session), id="after-summary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(CheckInPanel).focus()
        self.app.record(self.session)

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT, "-short")

    def current(self) -> Session:
        panel = self.query_one(CheckInPanel)
        note = self.query_one("#note", Input).value.strip()
        return with_after(self.session, tuple(panel.values), note)

    @on(CheckInPanel.Changed)
    def _changed(self) -> None:
        session = self.current()
        self.query_one("#after-summary", Plain).set_text(summary(session))
        self.app.record(session)

    @on(CheckInPanel.Done)
    def _checked_in(self) -> None:
        self._changed()
        self.query_one("#note", Input).focus()

    def action_change_answer(self) -> None:
        """Up from the note: back to the last question of the check-in."""
        panel = self.query_one(CheckInPanel)
        panel.focus()
        panel.action_move(-1)

    @on(Input.Submitted, "#note")
    def action_finish(self) -> None:
        self.app.record(self.current())
        self.notify("Kept in your history.", timeout=3)
        self.dismiss(None)

    def interrupted_session(self) -> Session:
        """Quitting here keeps the check-in and the note typed so far."""
        return self.current()
