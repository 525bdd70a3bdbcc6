"""A check-in for each partner: distress 0–10 and a state in plain words, one key each.

Digits 0–9 set the distress; ``1`` then ``0`` gives 10 (a ``1`` waits a moment for a ``0``
before it moves on), and so does ``x``. s / a / d set the state. Each answer moves on to the next
question; Up and Down move between the questions, Backspace goes back one and clears it, Enter
skips what is left.

The moment a ``1`` waits is read from the app's clock (``app.clock``, injectable), and the timer
that ends the wait checks that clock before it moves on: a test on a fake clock that does not
advance never sees a ``1`` move on by itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from coreg.log import CheckIn, State
from coreg.tui.widgets.people import MARKS, place, rich_person

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

STATE_KEYS = {"s": State.SAFE, "a": State.ACTIVATED, "d": State.SHUT_DOWN}
TEN_KEYS = ("x", "X")
#: How long a ``1`` waits for a ``0`` (seconds on the app's clock).
TEN_WAIT = 0.7

Schedule = Callable[[float, Callable[[], None]], object]


#: a screen with the check-in and fewer rows than this drops its blank lines (``-short``)
SHORT = 20
LABEL_WIDTH = 11  # "  distress ", "  feeling  "
MARKER = "◀"


def ask(asking: bool) -> str:
    return "" if asking else "dim"


Piece = tuple[str, str]  # text and its style


def question(label: str, answers: list[Piece], asking: bool, width: int, gap: str = "") -> Text:
    """``  distress  0  1 … 10  ◀``: the answers after their label, wrapped under each other at
    ``width`` without splitting one, and the marker kept with the last answer."""
    items = [[answer] for answer in answers]
    if asking:
        space = " " if answers[-1][0].endswith(" ") else "  "  # two columns from the answer
        items[-1] = [answers[-1], (f"{space}{MARKER}", "bold")]
    text = Text(f"  {label}".ljust(LABEL_WIDTH), style="bold" if asking else "dim")
    text.append_text(packed(items, width - LABEL_WIDTH, gap, indent=LABEL_WIDTH))
    return text


def packed(items: list[list[Piece]], width: int, gap: str, indent: int = 0) -> Text:
    """``items`` in a row, ``gap`` between them, a new line (indented) before one that would
    not fit in ``width``: an item (its pieces) is never split over two lines."""
    text = Text()
    used = 0
    for number, pieces in enumerate(items):
        size = sum(len(piece) for piece, _ in pieces)
        if number and used + len(gap) + size > width:
            text.append("\n" + " " * indent)
            used = 0
        elif number:
            text.append(gap)
            used += len(gap)
        for piece, style in pieces:
            text.append(piece, style=style)
        used += size
    return text


class CheckInPanel(Widget, can_focus=True):
    """Asks each partner two quick questions and posts what was answered."""

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("enter", "done", "Done", id="checkin-done", tooltip="Skip what is left"),
        Binding("up", "move(-1)", "Up", id="checkin-up", show=False, tooltip="Question before"),
        Binding("down", "move(1)", "Down", id="checkin-down", show=False, tooltip="Next question"),
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

    def __init__(
        self,
        names: tuple[str, ...],
        *,
        id: str | None = None,
        clock: Callable[[], float] | None = None,
        schedule: Schedule | None = None,
    ) -> None:
        super().__init__(id=id)
        self.names = names
        self.values = [CheckIn() for _ in names]
        self.question = 0  # 2 per partner: distress, then state
        self._clock = clock
        self._schedule = schedule
        self._pending: float | None = None  # when a "1" was typed that may become 10

    @property
    def finished(self) -> bool:
        return self.question >= 2 * len(self.names)

    @property
    def waiting(self) -> bool:
        """A ``1`` was typed and a ``0`` may still make it 10."""
        return self._pending is not None

    def compose(self) -> ComposeResult:
        for index in range(len(self.names)):
            yield Static(id=f"checkin-{index}", classes="checkin-row")
        yield Static(id="checkin-help", classes="hint")

    def on_mount(self) -> None:
        self.redraw()

    # -- drawing ----------------------------------------------------------------------------

    def redraw(self) -> None:
        width = self.content_size.width or 1000  # before the first layout: one line each
        for index, name in enumerate(self.names):
            self.query_one(f"#checkin-{index}", Static).update(self._row(index, name, width))
        hint = self.hint().split("\n")
        text = Text(style="dim")
        for number, line in enumerate(hint):
            if number:
                text.append("\n")
            text.append_text(packed([[(item, "")] for item in line.split(" · ")], width, " · "))
        self.query_one("#checkin-help", Static).update(text)

    def on_resize(self) -> None:
        self.redraw()

    def hint(self) -> str:
        """The help under the questions: lines, and on each line items split by `` · ``."""
        moving = "\n↑↓ move between questions · Backspace back · Enter skip the rest"
        if self.finished:
            return "Thank you. ↑ goes back to change an answer."
        if self.waiting:
            return "1 … type 0 now for 10 · it moves on by itself in a moment." + moving
        if self.question % 2 == 0:
            return "0 calm … 10 the worst · 0–9, or 1 then 0 for 10 (x works too)" + moving
        return "s  safe and connected · a  activated · d  shut down" + moving

    def _row(self, index: int, name: str, width: int = 1000) -> Text:
        value = self.values[index]
        asking_distress = self.question == 2 * index
        asking_state = self.question == 2 * index + 1
        row = Text()
        look = place(self.app.settings.names, name, index)
        row.append(f"{MARKS[look % 2]} {name}\n", style=rich_person(self.app, look))
        questions = (
            ("distress", asking_distress, self._numbers(value, asking_distress), ("", " ")),
            ("feeling", asking_state, self._states(value, asking_state), (" ", "  ")),
        )
        for label, asking, answers, (roomy_gap, tight_gap) in questions:
            roomy = [(f" {text} ", style) for text, style in answers]
            size = LABEL_WIDTH + sum(len(text) + len(roomy_gap) for text, _ in roomy) + 2
            if size <= width:
                row.append_text(question(label, roomy, asking, width, roomy_gap))
            else:  # a narrow terminal: the answers closer together
                row.append_text(question(label, answers, asking, width, tight_gap))
            if label == "distress":
                row.append("\n")
        return row

    @staticmethod
    def _numbers(value: CheckIn, asking: bool) -> list[Piece]:
        chosen = "reverse bold"
        return [
            (str(number), chosen if value.distress == number else ask(asking))
            for number in range(11)
        ]

    @staticmethod
    def _states(value: CheckIn, asking: bool) -> list[Piece]:
        chosen = "reverse bold"
        return [
            (f"{key} {state.label}", chosen if value.state is state else ask(asking))
            for key, state in STATE_KEYS.items()
        ]

    # -- the clock of the "1 then 0" --------------------------------------------------------

    def _now(self) -> float:
        if self._clock is not None:
            return self._clock()
        clock = getattr(self.app, "clock", None)
        return clock() if callable(clock) else time.monotonic()

    def _wait_for_zero(self, seconds: float) -> None:
        schedule = self._schedule or (lambda delay, fn: self.set_timer(delay, fn))
        schedule(seconds, self.settle)

    def settle(self) -> None:
        """The timer's end of a ``1``'s wait: once the moment has passed, 1 it is."""
        if self._pending is None:
            return
        left = self._pending + TEN_WAIT - self._now()
        if left > 0:  # the clock says not yet (a fake clock, or an early timer)
            self._wait_for_zero(min(left, TEN_WAIT))
            return
        self._commit_pending()

    def _commit_pending(self) -> None:
        """Keep the ``1`` that was waiting and move on."""
        if self._pending is None:
            return
        self._pending = None
        self._advance()

    # -- keys -------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        key = event.character
        if not key:
            return
        if self._pending is not None:
            if key == "0" and self._now() - self._pending <= TEN_WAIT:
                event.stop()
                self._pending = None
                self._answer(distress=10)
                return
            self._commit_pending()
        if self.finished:
            return
        partner, asking_state = divmod(self.question, 2)
        if not asking_state and key in TEN_KEYS:
            self._answer(distress=10)
        elif not asking_state and key == "1":
            self.values[partner] = replace(self.values[partner], distress=1)
            self._pending = self._now()
            self._wait_for_zero(TEN_WAIT)
            self.redraw()
            self.post_message(self.Changed(self))
        elif not asking_state and key.isdigit() and len(key) == 1:
            self._answer(distress=int(key))
        elif asking_state and key.lower() in STATE_KEYS:
            self._answer(state=STATE_KEYS[key.lower()])
        else:
            return
        event.stop()

    def _answer(self, **field: Any) -> None:
        partner = self.question // 2
        self.values[partner] = replace(self.values[partner], **field)
        self.post_message(self.Changed(self))
        self._advance()

    def _advance(self) -> None:
        self.question += 1
        self.redraw()
        if self.finished:
            self.post_message(self.Done(self))

    def action_move(self, step: int) -> None:
        """Up and Down: to the question before or after, keeping every answer. Down stops at
        the last question (Enter or an answer ends the check-in, never an arrow)."""
        self._commit_pending()
        if step < 0 and self.question > 0:
            self.question -= 1
        elif step > 0 and self.question < 2 * len(self.names) - 1:
            self.question += 1
        else:
            return
        self.redraw()

    def action_back(self) -> None:
        """Back one question, clearing its answer (a waiting ``1`` is simply taken back)."""
        if self._pending is not None:
            self._pending = None
            partner = self.question // 2
            self.values[partner] = replace(self.values[partner], distress=None)
        elif self.question > 0:
            self.question -= 1
            partner, asking_state = divmod(self.question, 2)
            field = "state" if asking_state else "distress"
            self.values[partner] = replace(self.values[partner], **{field: None})
        else:
            return
        self.redraw()
        self.post_message(self.Changed(self))

    def action_done(self) -> None:
        self._pending = None  # a waiting 1 is kept as 1
        self.question = 2 * len(self.names)
        self.redraw()
        self.post_message(self.Done(self))
