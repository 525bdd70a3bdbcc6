"""A check-in for each partner: distress 0–10 and a state in plain words, one key each.

Digits 0–9 (and x for 10) set the distress, s / a / d the state; each key moves on to the next
question, Enter skips what is left, Backspace goes back one question.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from coreg.log import CheckIn, State

STATE_KEYS = {"s": State.SAFE, "a": State.ACTIVATED, "d": State.SHUT_DOWN}
TEN_KEYS = ("x", "X")


class CheckInPanel(Widget, can_focus=True):
    """Asks each partner two quick questions and posts what was answered."""

    BINDINGS = [
        Binding("enter", "done", "Done", id="checkin-done", tooltip="Skip what is left"),
        Binding(
            "backspace",
            "back",
            "Back",
            id="checkin-back",
            show=False,
            tooltip="Go back one question",
        ),
    ]

    class Changed(Message):
        def __init__(self, panel: CheckInPanel) -> None:
            super().__init__()
            self.panel = panel

    class Done(Message):
        def __init__(self, panel: CheckInPanel) -> None:
            super().__init__()
            self.panel = panel

    def __init__(self, names: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.names = names
        self.values = [CheckIn() for _ in names]
        self.question = 0  # 2 per partner: distress, then state

    @property
    def finished(self) -> bool:
        return self.question >= 2 * len(self.names)

    def compose(self) -> ComposeResult:
        for index in range(len(self.names)):
            yield Static(id=f"checkin-{index}", classes="checkin-row")
        yield Static(id="checkin-help", classes="hint")

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        for index, name in enumerate(self.names):
            self.query_one(f"#checkin-{index}", Static).update(self._row(index, name))
        help_text = (
            "0 calm … 10 the worst: press 0–9, or x for 10.   Enter: skip"
            if self.question % 2 == 0
            else "s  safe and connected · a  activated · d  shut down.   Enter: skip"
        )
        self.query_one("#checkin-help", Static).update(Text(help_text, style="dim"))

    def _row(self, index: int, name: str) -> Text:
        value = self.values[index]
        asking_distress = self.question == 2 * index
        asking_state = self.question == 2 * index + 1
        row = Text()
        row.append(f"{name}\n", style="bold")
        row.append("  distress ", style="bold" if asking_distress else "dim")
        for number in range(11):
            label = f" {number} "
            if value.distress == number:
                row.append(label, style="reverse bold")
            else:
                row.append(label, style="" if asking_distress else "dim")
        if asking_distress:
            row.append("  ◀", style="bold")
        row.append("\n  feeling  ", style="bold" if asking_state else "dim")
        for key, state in STATE_KEYS.items():
            label = f" {key} {state.label} "
            if value.state is state:
                row.append(label, style="reverse bold")
            else:
                row.append(label, style="" if asking_state else "dim")
            row.append(" ")
        if asking_state:
            row.append(" ◀", style="bold")
        return row

    def on_key(self, event) -> None:
        if self.finished or not event.character:
            return
        partner, asking_state = divmod(self.question, 2)
        value = self.values[partner]
        key = event.character
        if not asking_state and (key.isdigit() or key in TEN_KEYS):
            value = replace(value, distress=10 if key in TEN_KEYS else int(key))
        elif asking_state and key.lower() in STATE_KEYS:
            value = replace(value, state=STATE_KEYS[key.lower()])
        else:
            return
        event.stop()
        self.values[partner] = value
        self.question += 1
        self.redraw()
        self.post_message(self.Changed(self))
        if self.finished:
            self.post_message(self.Done(self))

    def action_back(self) -> None:
        if self.question > 0:
            self.question -= 1
            partner, asking_state = divmod(self.question, 2)
            field = "state" if asking_state else "distress"
            self.values[partner] = replace(self.values[partner], **{field: None})
            self.redraw()
            self.post_message(self.Changed(self))

    def action_done(self) -> None:
        self.question = 2 * len(self.names)
        self.redraw()
        self.post_message(self.Done(self))
