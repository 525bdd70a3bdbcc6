"""The exercise itself: the step, each partner's instruction, the countdown and the pacer.

The screen only draws what the timeline says. One timer is set for the next moment anything
shown can change (an event, or the countdown's next second), and the pacer times its own
redraws; the position is always read from the clock, so a late timer never drifts the session.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import events, getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, ProgressBar, Static

from coreg.library import Exercise, format_clock, ours_breath
from coreg.log import CheckIn, Ending, Session, exercise_session, new_session_id
from coreg.timing import Event, EventKind, Snapshot, Timeline
from coreg.tui import hearts
from coreg.tui.guard import DismissOnce
from coreg.tui.lead import Leading, LeadLine
from coreg.tui.screens.modals import ConfirmModal
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.pacer import Pacer
from coreg.tui.widgets.people import person, roles_line
from coreg.tui.widgets.text import Plain

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

NARROW_WIDTH = 70
SHORT_HEIGHT = 20


class RunScreen(DismissOnce, Screen[Session | None]):
    CSS_PATH = "flow.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        # one key, two bindings: the footer says what space does now (check_action picks)
        Binding("space", "pause", "Pause", id="pause-resume", tooltip="Pause the exercise"),
        Binding("space", "resume", "Resume", id="pause-resume", tooltip="Go on from here"),
        Binding("enter", "ready", "Ready", id="ready", tooltip="We are both ready: go on"),
        Binding("n,right", "next", "Next", id="next", tooltip="Go on to the next step"),
        Binding("b,left", "back", "Back", id="back", tooltip="Back to the step before"),
        Binding("e,escape", "end", "End", id="end", tooltip="End the exercise early"),
    ]

    def __init__(
        self,
        exercise: Exercise,
        names: tuple[str, ...],
        before: tuple[CheckIn, ...],
        first: int = 0,
    ) -> None:
        """``names``: the people practising (one or two); ``first``: the place in ``names`` of
        the partner who takes the first part."""
        super().__init__()
        self.exercise = exercise
        self.names = tuple(name for name in names if name)
        self.before = before
        self.first = first if len(self.names) > 1 else 0
        self.timeline: Timeline | None = None
        self.session_id = new_session_id()
        self.started_at: datetime | None = None
        self._timer: Timer | None = None
        self._shown_step = -1
        self._keys_shown: tuple[bool, bool] = (False, False)  # (paused, waiting) in the footer
        self._done = False
        self.leading = Leading(self.names, self.app.settings.tap_keys)
        self._heart_since: float | None = None  # the strap board's clock at the start

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="run"):
            yield Plain(id="run-where", classes="dim")
            yield Plain(id="step-name")
            yield Static(id="step-roles")
            yield ProgressBar(id="run-progress", show_eta=False, show_percentage=False)
            yield Plain(id="say")
            with Horizontal(id="partners"):
                with Vertical(id="partner-left", classes="partner -p0"):
                    yield Static(id="left-name", classes="partner-name")
                    yield Plain(id="left-text")
                with Vertical(id="partner-right", classes="partner -p1"):
                    yield Static(id="right-name", classes="partner-name")
                    yield Plain(id="right-text")
            with Vertical(id="stage"):
                # the pacer and its words in the middle, the step's countdown just under them
                yield Pacer(still=self.app.reduced_motion, caption=True, id="pacer")
                yield Digits("", id="countdown")
                yield Static(id="step-left")
            yield Plain(id="breath-note", classes="dim")
            yield LeadLine(id="lead-line")
            yield Static(id="run-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.timeline = Timeline(
            self.exercise,
            self.names,
            clock=self.app.clock,
            first=self.first,
            ours=ours_breath(self.app.settings.ours),
        )
        self.started_at = self.app.now()
        self.timeline.start()
        self._fit(self.size.width, self.size.height)
        self.app.record(self.session(Ending.INTERRUPTED))
        self.tick()
        # a strap is paired: each heart, small (else nothing)
        self._heart_since = hearts.mount_on_run(
            self, self.names, lambda: hearts.breath_cycle(self.timeline)
        )

    def on_resize(self, event) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < NARROW_WIDTH, "-narrow")
        self.set_class(height < SHORT_HEIGHT, "-short")

    # -- the loop: events, drawing, the next timer --------------------------------------

    def tick(self) -> None:
        if self.timeline is None or self._done:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        timeline = self.timeline
        events = timeline.poll()
        self._sound(events)
        snapshot = timeline.snapshot()
        if snapshot.step_index != self._shown_step:
            self._shown_step = snapshot.step_index
            self.leading.enter(snapshot)
            self._draw_step(snapshot)
            if any(e.kind is EventKind.STEP for e in events):
                # the new step is drawn first; the save (on its own thread) just after
                self.call_after_refresh(self.app.record, self.session(Ending.INTERRUPTED))
        self._draw_moment(snapshot)
        if snapshot.finished or any(e.kind is EventKind.END for e in events):
            self._finish(snapshot.ending or Ending.COMPLETED)
            return
        self._timer = self.set_timer(self._next_delay(snapshot), self.tick)

    def _next_delay(self, snapshot: Snapshot) -> float:
        assert self.timeline is not None
        if snapshot.paused:
            return 3600.0  # nothing moves; a key press calls tick() again
        delays = []
        if (event_in := self.timeline.next_event_in()) is not None:
            delays.append(event_in)
        if (second_in := self.timeline.next_second_in()) is not None:
            delays.append(second_in)  # the countdown shows whole seconds
        return max(0.001, min(delays, default=3600.0))

    def _sound(self, events: list[Event]) -> None:
        from coreg.sound import with_parts

        assert self.timeline is not None
        last_phase = max(
            (i for i, e in enumerate(events) if e.kind is EventKind.PHASE), default=None
        )
        group = [
            (event.cue, event.text, event.phase.seconds if event.phase is not None else None)
            for index, event in enumerate(events)
            if event.cue is not None and (event.kind is not EventKind.PHASE or index == last_phase)
        ]
        starts = [e for e in events if e.kind is EventKind.STEP]
        if starts and self._speak_parts():
            parts = self.timeline.steps[starts[-1].step_index].spoken_parts
            group = with_parts(group, parts, self.timeline.next_event_in())
        for cue, text, seconds in group:
            self.app.cues.play(cue, text, seconds)

    def _speak_parts(self) -> bool:
        """Each partner's part read aloud after their name: a setting, with the voice style."""
        return self.app.settings.speak_parts and str(self.app.cues.style) == "voice"

    def _draw_step(self, snapshot: Snapshot) -> None:
        step = snapshot.step
        total = len(self.timeline.steps) if self.timeline else 0
        where = f"{self.exercise.title} · step {step.index + 1} of {total}"
        if step.rounds > 1:
            where += f" · round {step.round} of {step.rounds}"
        self.query_one("#run-where", Plain).set_text(where)
        self.query_one("#step-name", Plain).set_text(step.name)
        self.query_one("#step-roles", Static).update(roles_line(step.roles))
        self.query_one("#step-roles").display = bool(step.roles)
        self.query_one("#say", Plain).set_text(step.say)
        self.query_one("#say").display = bool(step.say)
        left, right = step.left, step.right
        partners = self.query_one("#partners")
        solo = len(self.names) < 2
        if not left and not right:
            partners.display = False
        elif left == right or solo:
            partners.display = True
            both = Content("Both of you") if not solo else person(self.names[0], 0)
            self._partner("left", both, left or right)
            self.query_one("#partner-right").display = False
        else:
            partners.display = True
            self._partner("left", person(self.names[0], 0), left)
            self._partner("right", person(self.names[1], 1), right)
        note = step.breath.note if step.breath else None
        self.query_one("#breath-note", Plain).set_text(note or "")
        self.query_one("#breath-note").display = bool(note)
        self.query_one("#pacer").display = step.breath is not None
        self.set_class(step.breath is not None, "-breath")
        self.set_class(step.seconds is None, "-waiting")
        progress = self.query_one("#run-progress", ProgressBar)
        progress.update(total=max(1, total), progress=step.index)

    def _partner(self, side: str, name: Content, text: str) -> None:
        box = self.query_one(f"#partner-{side}")
        box.display = bool(text)
        self.query_one(f"#{side}-name", Static).update(name)
        self.query_one(f"#{side}-text", Plain).set_text(text)

    def _draw_moment(self, snapshot: Snapshot) -> None:
        remaining = snapshot.step_remaining
        clock = format_clock(remaining) if remaining is not None else ""
        digits = self.query_one("#countdown", Digits)
        if digits.value != clock:
            digits.update(clock)
        left = f"{clock} left in this step" if clock else ""
        left_widget = self.query_one("#step-left", Static)
        if str(left_widget.content) != left:
            left_widget.update(left)
        self.query_one(Pacer).set_caption(left)
        self.set_class(snapshot.paused, "-paused")
        keys = (snapshot.paused, snapshot.waiting)
        if keys != self._keys_shown:
            # the footer is rebuilt when its keys change: after this frame, never before it
            self._keys_shown = keys
            self.call_after_refresh(self.refresh_bindings)
        status = ""
        if snapshot.paused:
            status = "Paused. Press space to go on."
        elif snapshot.waiting:
            status = "Take your time. Press Enter when you are both ready."
        status_widget = self.query_one("#run-status", Static)
        if str(status_widget.content) != status:
            status_widget.update(status)
        words = "" if snapshot.finished else self.leading.line(snapshot.elapsed)
        self.query_one(LeadLine).show(words)
        pacer = self.query_one(Pacer)
        breath = snapshot.step.breath
        if (
            breath is not None
            and snapshot.phase is not None
            and not snapshot.paused
            and self.timeline is not None
        ):
            pacer.follow(breath, self.leading.reader(self.timeline), self.app.clock)
        else:
            pacer.stop()

    def on_key(self, event: events.Key) -> None:
        """A partner's tap key on a lead-and-follow step: the pacer turns at once."""
        person, timeline = self.leading.person_of(event.character), self.timeline
        if self.leading.current is None or timeline is None or person is None:
            return
        event.stop()
        if not (timeline.paused or timeline.finished):
            active = timeline.elapsed()
            sound = self.leading.tap(person, active)
            self.query_one(Pacer).frame()  # draw the turn now, not at the next timer
            if sound is not None:
                self.app.cues.play(*sound)
            self.query_one(LeadLine).show(self.leading.line(active))

    # -- what the partners can do -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now: Pause or Resume, and Ready on a step
        that waits for the couple."""
        timeline = self.timeline
        if timeline is None:
            return action not in ("resume", "ready")
        if action == "pause":
            return not timeline.paused
        if action == "resume":
            return timeline.paused
        if action == "ready":
            return not timeline.paused and timeline.snapshot().waiting
        return True

    def action_pause(self) -> None:
        self._toggle_pause()

    def action_resume(self) -> None:
        self._toggle_pause()

    def action_ready(self) -> None:
        self.action_next()

    def _toggle_pause(self) -> None:
        if self.timeline and not self.timeline.finished:
            self.timeline.toggle_pause()
            self.tick()

    def action_next(self) -> None:
        if self.timeline and not self.timeline.finished:
            self.timeline.next()
            self.tick()

    def action_back(self) -> None:
        if self.timeline and not self.timeline.finished:
            self.timeline.back()
            self.tick()

    def action_end(self) -> None:
        if self.timeline is None or self.timeline.finished:
            return
        was_paused = self.timeline.paused
        if not was_paused:
            self.timeline.pause()
            self.tick()

        def answered(end: bool | None) -> None:
            if self.timeline is None:
                return
            if end:
                self.timeline.end_early()
            elif not was_paused:
                self.timeline.resume()
            self.tick()

        self.app.push_screen(
            ConfirmModal("End this exercise now? What you did so far is kept.", "End", "Go on"),
            answered,
        )

    # -- the record -------------------------------------------------------------------

    def session(self, ending: Ending) -> Session:
        assert self.timeline is not None and self.started_at is not None
        outcome = self.timeline.outcome()
        session = exercise_session(
            self.exercise,
            self.names,
            self.before,
            session_id=self.session_id,
            started_at=self.started_at,
            ended_at=self.app.now(),
            ending=ending,
            steps_completed=outcome.steps_completed,
            steps_skipped=outcome.steps_skipped,
            seconds=outcome.seconds,
            started_by=self.started_by,
            in_step=self.leading.results(),
            details={
                "paused_seconds": round(outcome.paused_seconds, 1),
                "actions": [f"{a.kind.value}@{a.at:.0f}s" for a in outcome.actions],
            },
        )
        together = self.timeline if self._done else None  # a finished run: its breathing steps
        return hearts.with_hearts(self.app, session, self._heart_since, together)

    @property
    def started_by(self) -> str:
        """Who took the first part, when the partners' parts differ ("" otherwise)."""
        if len(self.names) < 2 or not self.exercise.parts_differ:
            return ""
        return self.names[self.first]

    def _finish(self, ending: Ending) -> None:
        self._done = True
        self.leading.leave()
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(self.session(ending))

    def checkpoint_session(self) -> Session | None:
        """What was done so far, for the app's checkpoint (the exercise goes on)."""
        if self.timeline is None or self._done:
            return None
        return self.session(Ending.INTERRUPTED)

    def interrupted_session(self) -> Session | None:
        """Called by the app when someone quits mid-exercise: what was done so far."""
        if self.timeline is None or self._done:
            return None
        self.timeline.interrupt()
        self._done = True
        return self.session(Ending.INTERRUPTED)
