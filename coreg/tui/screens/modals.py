"""Small questions: are you sure, which length, which tag."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from coreg.library import Choice, format_duration
from coreg.tui.guard import DismissOnce
from coreg.tui.widgets.text import Plain, line


class ConfirmModal(DismissOnce, ModalScreen[bool]):
    """Yes or no, with the safe answer first."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", tooltip="Yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no", tooltip="No, go back"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.no, id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")
            yield Label(f"y: {self.yes.lower()}   n or esc: {self.no.lower()}", classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ChoiceModal(DismissOnce, ModalScreen[float | None]):
    """Pick one length with one key (1, 2, 3 …), or Enter for the one shown first."""

    BINDINGS = [
        Binding("enter", "pick_default", "Use this", id="choice-default", tooltip="Keep it"),
        Binding("escape", "cancel", "Back", id="choice-back", tooltip="Back to the list"),
    ]

    def __init__(self, choice: Choice, current: float) -> None:
        super().__init__()
        self.choice = choice
        self.current = current if current in choice.options else choice.default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.choice.label, classes="question")
            for number, seconds in enumerate(self.choice.options, start=1):
                mark = "  ← your usual" if seconds == self.current else ""
                yield Label(f"{number}  {format_duration(seconds)}{mark}", classes="option")
            yield Label("Press a number, or Enter to keep the marked one.", classes="hint")

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.choice.options):
                event.stop()
                self.dismiss(self.choice.options[index])

    def action_pick_default(self) -> None:
        self.dismiss(self.current)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagModal(DismissOnce, ModalScreen[str | None]):
    """Pick a tag from a short list: Enter picks, Esc keeps the filter as it was. The answer is
    the tag, ``""`` for every tag, or None for no change."""

    CSS_PATH = "home.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    BINDINGS = [Binding("escape", "cancel", "Back", id="tag-back", tooltip="Keep the filter")]

    def __init__(self, tags: list[tuple[str, int]], current: str | None) -> None:
        super().__init__()
        self.tags = tags
        self.current = current or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="tag-box"):
            yield Label("Show the exercises with the tag", classes="question")
            options = [Option("every tag", id="")]
            options += [Option(Text(f"{line(tag)}  ({count})"), id=tag) for tag, count in self.tags]
            yield OptionList(*options, id="tag-list")
            yield Label("Enter picks · esc changes nothing", classes="hint")

    def on_mount(self) -> None:
        tags = self.query_one(OptionList)
        tags.highlighted = (
            tags.get_option_index(self.current) if self.current in dict(self.tags) else 0
        )
        tags.focus()
        tags.styles.max_height = max(3, self.app.size.height * 9 // 10 - 8)  # the hint stays

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
