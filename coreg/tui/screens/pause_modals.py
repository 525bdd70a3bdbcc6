"""The pause's two small questions: a pulse count, and what now that the break is over."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Digits, Static

from coreg.library import Cue, until_next_second
from coreg.pause import (
    EXTEND_MINUTES,
    PULSE_SECONDS,
    PulseCount,
    PulseError,
    PulseReading,
    assess_pulse,
    minutes_words,
    parse_beats,
)
from coreg.tui.guard import DismissOnce
from coreg.tui.screens.pause import LATE
from coreg.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp


def _text(text: str, style: str = "") -> Text:
    return Text(text, style=style)


# ---------------------------------------------------------------------------------------------
# The pulse count


class PulseModal(DismissOnce, ModalScreen[PulseReading | None]):
    """Find the pulse, count 15 seconds with a clear start and stop, type the beats."""

    CSS_PATH = "pause.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("space", "start", "Start", id="pulse-start", tooltip="Start the 15 seconds"),
        Binding("escape", "cancel", "Back", id="pulse-back", tooltip="Back to breathing"),
    ]

    def __init__(self, resting: int | None) -> None:
        super().__init__(id="pulse-modal")
        self.resting = resting
        self.count: PulseCount | None = None
        self.stage = "ready"  # ready → counting → typing → result
        self.reading: PulseReading | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pulse-dialog"):
            yield Static(_text("Pulse check", "bold"), id="pulse-title")
            yield Static(
                _text(
                    "Find your pulse at your wrist or the side of your neck. "
                    f"Press space, then count the beats until coreg says stop "
                    f"({PULSE_SECONDS} seconds)."
                ),
                id="pulse-say",
            )
            with Center():
                yield Digits(str(PULSE_SECONDS), id="pulse-digits")
            yield Static(id="pulse-message", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.count = PulseCount(self.app.clock)

    def action_start(self) -> None:
        if self.stage != "ready" or self.count is None:
            return
        self.stage = "counting"
        self.count.start()
        self.app.cues.play(Cue.STEP, "Start counting")
        self.query_one("#pulse-say", Static).update(_text("Count the beats…", "bold"))
        self.add_class("-counting")
        self.tick()

    def tick(self) -> None:
        if self.stage != "counting" or self.count is None:
            return
        left = self.count.seconds_left()
        self.query_one("#pulse-digits", Digits).update(str(math.ceil(left - 1e-9)))
        if self.count.done():
            self._stop()
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(until_next_second(left) + LATE, self.tick)

    def _stop(self) -> None:
        from textual.widgets import Input

        self.stage = "typing"
        self.app.cues.play(Cue.END, "Stop")
        self.remove_class("-counting")
        self.query_one("#pulse-digits", Digits).update("0")
        self.query_one("#pulse-say", Static).update(
            _text("Stop. How many beats did you count? Type the number, then Enter.", "bold")
        )
        field = Input(placeholder="beats", type="integer", max_length=3, id="pulse-beats")
        self.query_one("#pulse-dialog").mount(field, before="#pulse-message")
        field.focus()

    def on_input_submitted(self, event) -> None:
        event.stop()
        message = self.query_one("#pulse-message", Static)
        if self.stage == "result":
            self.dismiss(self.reading)
            return
        try:
            beats = parse_beats(event.value)
        except PulseError as error:
            message.update(_text(str(error)))
            return
        self.reading = assess_pulse(beats, self.resting)
        self.stage = "result"
        self.set_class(self.reading.flooded, "-flooded")
        message.update(_text(self.reading.message))
        self.query_one("#pulse-digits", Digits).update(str(self.reading.bpm))
        self.query_one("#pulse-say", Static).update(
            _text(f"{beats} beats × 4 = {self.reading.bpm} a minute. Enter: back to breathing.")
        )

    def action_cancel(self) -> None:
        self.dismiss(self.reading)


# ---------------------------------------------------------------------------------------------
# The end of the break


class EndModal(DismissOnce, ModalScreen[str | None]):
    """Time to go back: the Repair Ritual together, more time, or close. One key each."""

    CSS_PATH = "pause.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    BINDINGS = [
        Binding("r", "choose('ritual')", "Repair Ritual", id="end-ritual", tooltip="Start it"),
        Binding("e", "choose('extend')", "More time", id="end-extend", tooltip="More minutes"),
        Binding("escape,b", "choose('stay')", "Keep breathing", id="end-stay", tooltip="Back"),
        Binding("q", "choose('leave')", "Close", id="end-leave", tooltip="End the break here"),
    ]

    def __init__(
        self, *, over: bool, timeout: bool, left: float | None = None, note: str = ""
    ) -> None:
        super().__init__(id="end-modal")
        self.over, self.timeout, self.left = over, timeout, left
        self.note = note  # a heart strap's word that more time may help

    def compose(self) -> ComposeResult:
        if self.over:
            title = "Time to go back."
            body = (
                "Your break is over. When you feel ready, find your partner and sit down "
                "together. You could start with the Repair Ritual."
            )
        elif self.timeout:
            title = "End the break now?"
            # in words, not seconds: the number would stand still here while the clock runs
            left = self.left or 0.0
            to_go = minutes_words(round(left / 60)) if left >= 60 else "less than a minute"
            body = (
                f"Your break has {to_go} to go. Coming back early is fine if you feel "
                "settled; if your heart is still racing, stay a little longer."
            )
        else:
            title = "Done breathing?"
            body = "You can go on with your day, or start the Repair Ritual together."
        choices = [("r", "start the Repair Ritual together")]
        if self.over:
            more = minutes_words(EXTEND_MINUTES).replace("minutes", "more minutes")
            choices.append(("e", f"take {more}"))
        else:
            choices.append(("esc", "keep breathing"))
        choices.append(("q", "end the break and close" if self.timeout else "close"))
        with Vertical(classes="dialog", id="end-dialog"):
            yield Static(_text(title, "bold"), id="end-title")
            yield Static(_text(body), id="end-body")
            if self.note:
                yield Static(_text(self.note), id="end-heart")
            for key, words in choices:
                yield Static(Text.assemble((f" {key:>3} ", "bold reverse"), f"  {words}"))
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            choice = parameters[0] if parameters else None
            if choice == "extend":
                return self.over
            if choice == "stay":
                return not self.over
        return True

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
