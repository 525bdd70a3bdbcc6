"""The pause: a breath pacer at once, the time to come back in large digits, and a way back.

Everything about time comes from :class:`coreg.pause.Break`, read against ``app.clock``. One
timer is set for the next thing that changes (a breath phase, the countdown's next second, a new
prompt, the end), and a frame interval runs only while the pacer is on screen and moving.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Digits, Footer, Static

from coreg.exercise import PATTERN_TITLES, PATTERNS, Cue, format_clock
from coreg.pause import (
    EXTEND_MINUTES,
    PULSE_SECONDS,
    Break,
    PauseOptionError,
    PauseOptions,
    PulseCount,
    PulseReading,
    assess_pulse,
    clock_words,
    minutes_words,
    next_prompt_in,
    parse_beats,
    return_time,
    say_line,
)
from coreg.schedule import EventKind
from coreg.session import Ending
from coreg.tui.widgets.pacer import Pacer

if TYPE_CHECKING:
    from coreg.session import Session

FRAME_SECONDS = 1 / 20  # the pacer's band redraws at most this often (only when it changes)
LATE = 0.002  # wake just after a change, never just before it
RITUAL = "repair-ritual"


def _text(text: str, style: str = "") -> Text:
    return Text(text, style=style)


class PauseScreen(Screen):
    """One person, in the middle of a fight, breathing. No questions first."""

    BINDINGS = [
        Binding("n", "next_pattern", "Pattern", id="pause-pattern", tooltip="Breathe another way"),
        Binding("h", "hide_pacer", "Hide pacer", id="pause-hide", tooltip="Leave only the clock"),
        Binding("h", "show_pacer", "Show pacer", id="pause-show", tooltip="Breathe with the band"),
        Binding("p", "pulse", "Pulse", id="pause-pulse", tooltip="Count your pulse (15 s)"),
        Binding("escape,q", "done", "Done", id="pause-done", tooltip="End the break"),
        Binding(
            "e",
            "extend",
            "More time",
            id="pause-extend",
            show=False,
            tooltip=f"{EXTEND_MINUTES} more minutes",
        ),
    ]

    def __init__(self, minutes: float = 20, pattern: str = "extended-exhale") -> None:
        super().__init__(id="pause-screen")
        self.options = PauseOptions(minutes, pattern if pattern in PATTERNS else "extended-exhale")
        self.pause: Break | None = None
        self.pacer_hidden = False
        self._timer: Timer | None = None
        self._frames: Timer | None = None
        self._first_screen = False
        self._shown: dict[str, object] = {}
        self.first_frame_at: float | None = None  # perf_counter of the first pacer frame

    # -- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        timeout = self.options.timeout
        with Vertical(id="pause-clock"):
            yield Static(id="pause-heading", markup=False)
            if timeout:
                with Center():
                    yield Digits("", id="pause-back")
            yield Static(id="pause-left", markup=False)
        yield Static(id="pause-pattern-name", markup=False)
        yield Pacer(still=self.app.reduced_motion, id="pacer")
        if timeout:
            yield Static(say_line(self.options.minutes), id="pause-say", markup=False)
        yield Static(id="pause-prompt", markup=False)
        yield Static(id="pause-pulse-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        self._first_screen = len(app.screen_stack) <= 2
        self.set_class(self.options.timeout, "-timeout")
        self.pause = Break(self.options, app.clock, app.now)
        self.tick()
        self._record()
        self.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        import time

        self.first_frame_at = time.perf_counter()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 20, "-short")
        self.set_class(self.size.width < 60, "-narrow")
        self._shown.pop("pacer", None)
        self._draw_pacer()

    # -- the clock --------------------------------------------------------------------

    def tick(self) -> None:
        """Read the clock once: sound what is due, show what changed, set the next timer."""
        pause = self.pause
        if pause is None or pause.finished:
            return
        reading = self.app.clock()
        events = pause.poll(reading)
        phases = [e for e in events if e.kind is EventKind.PHASE]
        ended = any(e.kind is EventKind.END for e in events)
        if phases and not ended and self._cues_wanted():
            last = phases[-1]  # late (a stalled loop): only the phase that is on now
            assert last.phase is not None
            self.app.cues.play(last.cue or last.phase.kind.cue, last.text, last.phase.seconds)
        self._draw(reading)
        if ended:
            self._time_up(reading)
            return
        self._schedule(reading)

    def _cues_wanted(self) -> bool:
        return not self.pacer_hidden and self.app.screen is self

    def _schedule(self, reading: float) -> None:
        pause = self.pause
        assert pause is not None
        waits = [pause.next_event_in(reading)]
        state = pause.state(reading)
        if state.remaining is not None:
            waits.append(_to_next_second(state.remaining))
        elif self.pacer_hidden or self.app.reduced_motion:
            waits.append(_to_next_second(-state.elapsed))
        waits.append(next_prompt_in(state.elapsed, pause.total_seconds))
        due = [w for w in waits if w is not None]
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(min(due) + LATE, self.tick) if due else None
        moving = not self.pacer_hidden and not self.app.reduced_motion and not pause.finished
        if moving and self._frames is None:
            self._frames = self.set_interval(FRAME_SECONDS, self._draw_pacer)
        elif not moving and self._frames is not None:
            self._frames.stop()
            self._frames = None

    # -- drawing ----------------------------------------------------------------------

    def _set(self, key: str, widget_id: str, value: object, update) -> None:
        """Update a widget only when what it shows changed."""
        if self._shown.get(key) != value:
            self._shown[key] = value
            update(self.query_one(f"#{widget_id}"), value)

    def _draw(self, reading: float) -> None:
        pause = self.pause
        assert pause is not None
        state = pause.state(reading)

        def static(widget, value) -> None:
            widget.update(_text(value))

        if pause.timeout:
            at = return_time(pause.started_at, pause.total_seconds or 0.0)
            clock, day = clock_words(pause.started_at, at)
            heading = "Time-out · back at" + (f" ({day})" if day else "")
            self._set("heading", "pause-heading", heading, static)
            self._set("back", "pause-back", clock, lambda w, v: w.update(v))
            if state.over:
                left = "Time to go back"
            else:
                left = f"{format_clock(state.remaining or 0.0)} left"
            self._set("left", "pause-left", left, static)
        else:
            self._set("heading", "pause-heading", "Breathe", static)
            if self.pacer_hidden or self.app.reduced_motion:
                left = format_clock(state.elapsed)
            else:
                left = ""
            self._set("left", "pause-left", left, static)
        title = PATTERNS[pause.pattern].title
        self._set("pattern", "pause-pattern-name", title, static)
        self._set("prompt", "pause-prompt", state.prompt, static)
        self._set("pulse", "pause-pulse-line", self._pulse_line(), static)
        self._draw_pacer(reading)

    def _pulse_line(self) -> str:
        reading = self.pause.pulse if self.pause else None
        if reading is None:
            return ""
        if reading.flooded:
            return f"Pulse {reading.bpm} a minute: flooded. Let the break run its full length."
        return f"Pulse {reading.bpm} a minute: below the flooding mark."

    def _draw_pacer(self, reading: float | None = None) -> None:
        pause = self.pause
        if pause is None or self.pacer_hidden:
            return
        snap = pause.breath.snapshot(self.app.clock() if reading is None else reading)
        if pause.finished or pause.over(reading) or snap.phase is None:
            return
        assert snap.step.breath is not None and snap.phase_index is not None
        self.query_one(Pacer).show(
            snap.step.breath, snap.phase, snap.phase_index, snap.breath_level, snap.phase_remaining
        )

    # -- the person's keys ------------------------------------------------------------

    def action_next_pattern(self) -> None:
        if self.pause is None or self.pause.finished:
            return
        self.pause.next_pattern(self.app.clock())
        self._record()
        self.tick()

    def select_pattern(self, pattern: str) -> None:
        if self.pause is None or self.pause.finished:
            return
        self.pause.switch_pattern(pattern, self.app.clock())
        self._record()
        self.tick()

    def on_key(self, event) -> None:
        """1–6 pick a pattern straight away (in the order of ``coreg pause --help``)."""
        if event.character and event.character.isdigit():
            names = list(PATTERNS)
            index = int(event.character) - 1
            if 0 <= index < len(names):
                event.stop()
                self.select_pattern(names[index])

    def action_hide_pacer(self) -> None:
        self._set_pacer_hidden(True)

    def action_show_pacer(self) -> None:
        self._set_pacer_hidden(False)

    def _set_pacer_hidden(self, hidden: bool) -> None:
        self.pacer_hidden = hidden
        self.set_class(hidden, "-clock-only")
        self._shown.clear()
        self.refresh_bindings()
        self.tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "extend":
            return bool(self.pause and self.pause.timeout)
        if action in ("next_pattern", "hide_pacer"):
            return not self.pacer_hidden
        if action == "show_pacer":
            return self.pacer_hidden
        return True

    def action_pulse(self) -> None:
        resting = self.app.settings.resting_pulse
        self.app.push_screen(PulseModal(resting), self._pulse_taken)

    def _pulse_taken(self, reading: PulseReading | None) -> None:
        if reading is None or self.pause is None:
            return
        self.pause.take_pulse(reading.beats, reading.resting)
        self._record()
        self.tick()

    def action_extend(self) -> None:
        if self.pause is None or not self.pause.timeout:
            return
        self.pause.extend(EXTEND_MINUTES, self.app.clock())
        self._shown.clear()
        self._record()
        more = minutes_words(EXTEND_MINUTES).capitalize()
        self.notify(f"{more} more: {self.pause.back_at()}.", timeout=4, markup=False)
        self.tick()

    def action_done(self) -> None:
        pause = self.pause
        if pause is None:
            return
        reading = self.app.clock()
        self.app.push_screen(
            EndModal(
                over=pause.over(reading), timeout=pause.timeout, left=pause.remaining(reading)
            ),
            self._end_chosen,
        )

    # -- the end ----------------------------------------------------------------------

    def _time_up(self, reading: float) -> None:
        pause = self.pause
        assert pause is not None
        pause.finish(now=reading)
        self._record()
        self.app.cues.play(Cue.END, "Time to go back. Come back together, gently.")
        if self._frames is not None:
            self._frames.stop()
            self._frames = None
        self.add_class("-over")
        if isinstance(self.app.screen, ModalScreen):
            self.app.screen.dismiss(None)
        self.app.push_screen(EndModal(over=True, timeout=True), self._end_chosen)

    def _end_chosen(self, choice: str | None) -> None:
        pause = self.pause
        if pause is None or choice in (None, "stay"):
            return
        if choice == "extend":
            self.remove_class("-over")
            self.action_extend()
            return
        pause.finish(Ending.ENDED_EARLY, self.app.clock())
        self._record()
        if self._timer is not None:
            self._timer.stop()
        if self._frames is not None:
            self._frames.stop()
        if choice == "ritual":
            if self._first_screen:
                from coreg.tui.screens.home import HomeScreen

                self.app.switch_screen(HomeScreen())
            else:
                self.dismiss()
            self.app.start_exercise(RITUAL)
        elif self._first_screen:
            # The app's own quit saves the finished break synchronously (interrupted_session
            # returns it as it ended), so no save is lost in a worker as the app exits.
            self.app.call_later(self.app.action_quit)
        else:
            self.dismiss()

    # -- the log ----------------------------------------------------------------------

    def _record(self) -> None:
        if self.pause is not None:
            self.app.record(self.pause.session(self.app.clock()))

    def interrupted_session(self) -> Session | None:
        """The break so far, for the app to save as it quits (a finished one as it ended)."""
        if self.pause is None:
            return None
        reading = self.app.clock()
        self.pause.finish(Ending.INTERRUPTED, reading)
        return self.pause.session(reading)


def _to_next_second(seconds: float) -> float:
    """Seconds until a clock showing ``seconds`` (rounded up) shows another number."""
    frac = seconds - math.floor(seconds)
    return frac if frac > 1e-6 else 1.0


# ---------------------------------------------------------------------------------------------
# The pulse count


class PulseModal(ModalScreen[PulseReading | None]):
    """Find the pulse, count 15 seconds with a clear start and stop, type the beats."""

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
        yield Footer()

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
        self._timer = self.set_timer(_to_next_second(left) + LATE, self.tick)

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
        except PauseOptionError as error:
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


class EndModal(ModalScreen[str | None]):
    """Time to go back: the Repair Ritual together, more time, or close. One key each."""

    BINDINGS = [
        Binding("r", "choose('ritual')", "Repair Ritual", id="end-ritual", tooltip="Start it"),
        Binding("e", "choose('extend')", "More time", id="end-extend", tooltip="More minutes"),
        Binding("escape,b", "choose('stay')", "Keep breathing", id="end-stay", tooltip="Back"),
        Binding("q", "choose('leave')", "Close", id="end-leave", tooltip="End the break here"),
    ]

    def __init__(self, *, over: bool, timeout: bool, left: float | None = None) -> None:
        super().__init__(id="end-modal")
        self.over, self.timeout, self.left = over, timeout, left

    def compose(self) -> ComposeResult:
        if self.over:
            title = "Time to go back."
            body = (
                "Your break is over. When you feel ready, find your partner and sit down "
                "together. You could start with the Repair Ritual."
            )
        elif self.timeout:
            title = "End the break now?"
            body = (
                f"{format_clock(self.left or 0.0)} is left. Coming back early is fine if you "
                "feel settled; if your heart is still racing, stay a little longer."
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
            for key, words in choices:
                yield Static(Text.assemble((f" {key:>3} ", "bold reverse"), f"  {words}"))
        yield Footer()

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


__all__ = ["PATTERN_TITLES", "EndModal", "PauseScreen", "PulseModal"]
