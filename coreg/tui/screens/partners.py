"""Partners: your names, asked once and remembered (change them in settings); who is
practising; and who starts when the partners' parts differ."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from coreg.library import Exercise, fill
from coreg.tui.guard import DismissOnce
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.people import person
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
    CSS_PATH = "flow.tcss"  # this screen's own rules (the shared ones are in app.tcss)

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
                yield Label("What should coreg call you? Type it and press Enter.", classes="lead")
                yield NameInput(
                    self.names[0], placeholder="Your name", id="name-a", max_length=MAX_NAME
                )
            else:
                yield Label(
                    "Your two names, once: type each and press Enter. coreg remembers them.",
                    classes="lead",
                )
                yield NameInput(
                    self.names[0], placeholder="One of you", id="name-a", max_length=MAX_NAME
                )
                yield NameInput(
                    self.names[1], placeholder="The other", id="name-b", max_length=MAX_NAME
                )
            yield Label("", id="partners-hint", classes="hint")
        yield KeysFooter()

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


class WhoStartsModal(DismissOnce, ModalScreen[int | None]):
    """Who takes the first part: one key. Enter keeps the one marked (who did not start last
    time)."""

    BINDINGS = [
        Binding("enter", "pick_default", "Use this", id="starts-default", tooltip="Keep it"),
        Binding("escape", "cancel", "Back", id="starts-back", tooltip="Back to the list"),
    ]

    def __init__(
        self, exercise: Exercise, names: tuple[str, ...], default: int = 0, *, last: bool = False
    ) -> None:
        """``last``: the default is the partner who did not start last time."""
        super().__init__()
        self.exercise, self.names, self.default, self.last = exercise, names, default, last

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="who-starts"):
            question = Content.assemble(
                "Who starts? ",
                *[
                    part
                    for number, name in enumerate(self.names)
                    for part in ((" · " if number else ""), f"{number + 1} ", person(name, number))
                ],
            )
            yield Static(question, classes="question")
            first = self.exercise.first_roles
            if first is not None:
                part = fill(first.a, "they", "the other")  # "holds the other's heart"
                yield Plain(f"Whoever starts {part} first.", classes="hint")
            yield Static(
                Content.assemble(
                    "Press 1 or 2, or Enter for ",
                    person(self.names[self.default], self.default, bold=False),
                    ", who did not start last time." if self.last else ".",
                ),
                classes="hint",
            )

    def on_key(self, event) -> None:
        if event.character in ("1", "2"):
            event.stop()
            self.dismiss(int(event.character) - 1)

    def action_pick_default(self) -> None:
        self.dismiss(self.default)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ForWhomModal(DismissOnce, ModalScreen[tuple[str, ...] | None]):
    """Who is practising: each saved name, "both of us" for an exercise for one or two, or
    another name (an empty tuple: the app asks for it)."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="whom-back", tooltip="Back to the list")]

    def __init__(self, exercise: Exercise, names: tuple[str, str]) -> None:
        super().__init__()
        self.exercise = exercise
        saved = tuple(name for name in names if name)
        self.options: list[tuple[Content, tuple[str, ...]]] = [
            (person(name, number), (name,)) for number, name in enumerate(saved)
        ]
        if not exercise.solo:  # two saved names, or ("", ""): ask for them
            self.options.append((Content("Both of us"), saved if len(saved) == 2 else ("", "")))
        self.options.append((Content("Someone else" if saved else "Just me"), ()))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="for-whom"):
            yield Plain(f"{self.exercise.title}: who is practising?", classes="question")
            for number, (label, _) in enumerate(self.options, start=1):
                yield Static(Content.assemble(f"{number}  ", label), classes="option")
            yield Label("Press a number, or esc to go back.", classes="hint")

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.options):
                event.stop()
                self.dismiss(self.options[index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
