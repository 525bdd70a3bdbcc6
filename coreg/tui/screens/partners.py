"""Partners: your names, asked once and remembered (change them in settings)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label

from coreg.library import Exercise
from coreg.tui.guard import DismissOnce
from coreg.tui.widgets.text import Plain

MAX_NAME = 24


class NameInput(Input):
    """Enter on the first name moves straight on to the second (even when typed quickly)."""

    async def action_submit(self) -> None:
        fields = list(self.screen.query(NameInput))
        second_empty = len(fields) > 1 and not fields[1].value.strip()
        if self is fields[0] and second_empty and self.value.strip():
            fields[1].focus()
            return
        await super().action_submit()


class PartnersScreen(DismissOnce, Screen[tuple[str, str] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="partners-cancel", tooltip="Back to the list"),
    ]

    def __init__(self, exercise: Exercise, names: tuple[str, str]) -> None:
        super().__init__()
        self.exercise, self.names = exercise, names

    def compose(self) -> ComposeResult:
        with Vertical(id="partners-box"):
            yield Plain(self.exercise.title, classes="screen-title")
            if self.exercise.solo:
                yield Label("What should coreg call you?", classes="lead")
                yield NameInput(
                    self.names[0], placeholder="Your name", id="name-a", max_length=MAX_NAME
                )
            else:
                yield Label("Your two names, once. coreg remembers them.", classes="lead")
                yield NameInput(
                    self.names[0], placeholder="One of you", id="name-a", max_length=MAX_NAME
                )
                yield NameInput(
                    self.names[1], placeholder="The other", id="name-b", max_length=MAX_NAME
                )
            yield Label("", id="partners-hint", classes="hint")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        values = [field.value.strip() for field in inputs]
        empty = next(
            (field for field, value in zip(inputs, values, strict=True) if not value), None
        )
        if empty is not None:
            if event.input is not empty and event.input is inputs[0] and len(inputs) > 1:
                inputs[1].focus()
                return
            self.query_one("#partners-hint", Label).update("A name is needed here.")
            empty.focus()
            return
        if len(values) > 1 and values[0].casefold() == values[1].casefold():
            self.query_one("#partners-hint", Label).update(
                "Two different names help tell your instructions apart."
            )
            inputs[1].focus()
            return
        self.dismiss((values[0], values[1] if len(values) > 1 else ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
