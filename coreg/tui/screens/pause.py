"""The pause: a breath pacer at once, the time to come back in large digits, and a way back.

Everything about time comes from :class:`coreg.pause.breaks.Break`, read against ``app.clock``. One
timer is set for the next thing that changes (a breath phase, the countdown's next second, a new
prompt, the end), and a frame interval runs only while the pacer is on screen and moving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Digits, Static

from coreg.library import (
    PATTERN_TITLES,
    PATTERNS,
    Cue,
    format_clock,
    ours_breath,
    until_next_second,
)
from coreg.log import Ending
from coreg.pause import (
    EXTEND_MINUTES,
    Break,
    PauseOptions,
    clock_words,
    minutes_words,
    next_prompt_in,
    pattern_breath,
    pattern_names,
    return_time,
    say_line,
)
from coreg.timing import EventKind
from coreg.tui import hearts
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.pacer import Pacer

if TYPE_CHECKING:
    from coreg.log import Session
    from coreg.pause import PulseReading
    from coreg.tui.app import CoregApp

LATE = 0.002  # wake just after a change, never just before it (the modals use it too)
RITUAL = "repair-ritual"


def _text(text: str, style: str = "") -> Text:
    return Text(text, style=style)


class PauseScreen(Screen):
    """One person, in the middle of a fight, breathing. No questions first."""

    CSS_PATH = "pause.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        # 1–6 pick a pattern (in the order of ``coreg pause --help``); the footer shows them once
        *(
            Binding(
                str(number),
                f"pick_pattern({number})",
                "Pattern",
                id=f"pause-pattern-{number}",
                show=number == 1,
                key_display="1–6" if number == 1 else None,
                tooltip=PATTERN_TITLES[name],
            )
            for number, name in enumerate(PATTERNS, start=1)
        ),
        Binding(
            "n", "next_pattern", "Next", id="pause-pattern", show=False, tooltip="The next pattern"
        ),
        Binding(
            "e",
            "extend",
            f"+{EXTEND_MINUTES} min",
            id="pause-extend",
            tooltip=f"{minutes_words(EXTEND_MINUTES).capitalize()} more",
        ),
        Binding("p", "pulse", "Pulse", id="pause-pulse", tooltip="Count your pulse (15 s)"),
        Binding("escape,q", "done", "Done", id="pause-done", tooltip="End the break"),
        Binding("h", "hide_pacer", "Hide pacer", id="pause-hide", tooltip="Leave only the clock"),
        Binding("h", "show_pacer", "Show pacer", id="pause-show", tooltip="Breathe with the pacer"),
    ]

    def __init__(self, minutes: float = 20, pattern: str = "extended-exhale") -> None:
        super().__init__(id="pause-screen")
        known = pattern in pattern_names()
        self.options = PauseOptions(minutes, pattern if known else "extended-exhale")
        self.pause: Break | None = None
        self.pacer_hidden = False
        self._timer: Timer | None = None
        self._first_screen = False
        self._shown: dict[str, object] = {}
        self._silent = False

    # -- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        timeout = self.options.timeout
        # the classes that depend on the options and the size are set before the children
        # are styled, not after (each change of a class restyles every child)
        self.set_class(timeout, "-timeout")
        self._size_classes(self.app.size)
        yield Static(id="pause-heading", markup=False)
        if timeout:
            yield Digits("", id="pause-back")
        yield Static(id="pause-left", markup=False)
        yield Static(id="pause-pattern-name", markup=False)
        yield Pacer(still=self.app.reduced_motion, id="pacer")
        if timeout:
            yield Static(say_line(self.options.minutes), id="pause-say", markup=False)
        yield Static(id="pause-prompt", markup=False)
        yield Static(id="pause-pulse-line", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        app = self.app
        self._first_screen = app.screen_stack[0] is self  # `coreg pause`: nothing beneath
        ours = ours_breath(app.settings.ours) if app.settings.ours else None
        self.pause = Break(self.options, app.clock, app.now, ours=ours)
        self._silent = True  # the first frame comes first; its sound and the save just after
        self.tick()
        self.call_after_refresh(self._after_first_frame)
        hearts.mount_on_pause(self)  # a strap is paired: the flooding check needs no counting

    def _after_first_frame(self) -> None:
        self._silent = False
        pause = self.pause
        if pause is not None and not pause.finished and self._cues_wanted():
            snap = pause.breath.snapshot(self.app.clock())
            if snap.phase is not None:
                self.app.cues.play(snap.phase.kind.cue, snap.phase.kind.word, snap.phase.seconds)
        self._record()

    def on_resize(self) -> None:
        self._size_classes(self.size)
        self._draw_pacer()

    def _size_classes(self, size: Size) -> None:
        self.set_class(size.height < 20, "-short")
        self.set_class(size.width < 60, "-narrow")

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
        return not self._silent and not self.pacer_hidden and self.app.screen is self

    def _schedule(self, reading: float) -> None:
        pause = self.pause
        assert pause is not None
        waits = [pause.next_event_in(reading)]
        state = pause.state(reading)
        if state.remaining is not None:
            waits.append(until_next_second(state.remaining))
        elif self.pacer_hidden or self.app.reduced_motion:
            waits.append(until_next_second(-state.elapsed))
        waits.append(next_prompt_in(state.elapsed, pause.total_seconds))
        due = [w for w in waits if w is not None]
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(min(due) + LATE, self.tick) if due else None

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
        title = pattern_breath(pause.pattern, pause.ours).title
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
        """Hand the pacer the breath to follow; it times its own redraws."""
        pause = self.pause
        pacer = self.query_one(Pacer)
        if pause is None or self.pacer_hidden or pause.finished or pause.over(reading):
            pacer.stop()
            return
        breath = pause.breath.steps[0].breath
        assert breath is not None
        pacer.follow(breath, pause.breath.snapshot, self.app.clock)

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

    def action_pick_pattern(self, number: int) -> None:
        names = list(PATTERNS)
        if 1 <= number <= len(names):
            self.select_pattern(names[number - 1])

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
        if action in ("next_pattern", "pick_pattern", "hide_pacer"):
            return not self.pacer_hidden
        if action == "show_pacer":
            return self.pacer_hidden
        return True

    def action_pulse(self) -> None:
        resting = self.app.settings.resting_pulse
        from coreg.tui.screens.pause_modals import PulseModal

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
        from coreg.tui.screens.pause_modals import EndModal

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
        self.query_one(Pacer).stop()
        self.add_class("-over")
        if isinstance(self.app.screen, ModalScreen):
            self.app.screen.dismiss(None)
        from coreg.tui.screens.pause_modals import EndModal

        note = hearts.still_flooding(self)
        self.app.push_screen(EndModal(over=True, timeout=True, note=note), self._end_chosen)

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
        self.query_one(Pacer).stop()
        if choice == "ritual":
            if self._first_screen:
                from coreg.tui.screens.home import HomeScreen

                self.app.push_screen(HomeScreen())  # the finished break rests beneath
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

    def checkpoint_session(self) -> Session | None:
        """The break as it stands, for the app's checkpoint (the break goes on)."""
        if self.pause is None or self.pause.finished:
            return None
        return self.pause.session(self.app.clock())

    def interrupted_session(self) -> Session | None:
        """The break so far, for the app to save as it quits (a finished one as it ended)."""
        if self.pause is None:
            return None
        reading = self.app.clock()
        self.pause.finish(Ending.INTERRUPTED, reading)
        return self.pause.session(reading)
