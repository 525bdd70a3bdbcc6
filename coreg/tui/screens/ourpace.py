"""Your shared pace: five slow paces with the pacer, each rated by both of you with one key,
then one pace proposed and, if you like, kept as your own pattern (``breath: ours``).

The arithmetic lives in :mod:`coreg.timing.ourpace`; this screen runs its paces on a timeline,
takes the ratings, and saves the proposal in the settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer

from coreg.library import format_clock
from coreg.timing import PACES, Proposal, Rating, Timeline, pace_exercise, propose
from coreg.tui.guard import DismissOnce
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.pacer import Pacer
from coreg.tui.widgets.text import Plain

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

# one key for each rating, at each partner's side of the keyboard
RATING_KEYS = (
    {"1": Rating.EASY, "2": Rating.FINE, "3": Rating.HARD},
    {"8": Rating.EASY, "9": Rating.FINE, "0": Rating.HARD},
)

ABOUT = (
    "Five slow paces, a minute each, from about 6.5 breaths a minute down to 4.5. Breathe "
    "with the pacer; while each pace runs, each of you says with one key how it feels. "
    "Then coreg proposes one pace you can both keep. This is guidance for your practice, "
    "not a measurement: take what feels right. Press Enter to begin."
)


class SharedPaceScreen(DismissOnce, Screen[None]):
    CSS_PATH = "flow.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("enter", "begin", "Begin", id="pace-begin", tooltip="Start the first pace"),
        Binding("n", "next", "Next pace", id="pace-next", tooltip="Go on to the next pace"),
        Binding("y", "keep", "Keep it", id="pace-keep", tooltip="Keep it as your own pattern"),
        Binding("escape", "leave", "Back", id="pace-back", tooltip="Home, nothing kept"),
    ]

    def __init__(self) -> None:
        super().__init__()
        names = [name for name in self.app.settings.names if name]
        self.names = tuple(names) if len(names) == 2 else ("Left", "Right")
        self.timeline: Timeline | None = None
        self.ratings: dict[float, list[Rating | None]] = {pace: [None, None] for pace in PACES}
        self.proposal: Proposal | None = None
        self.finished = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="pace-box"):
            yield Plain("Your shared pace", classes="screen-title")
            yield Plain(ABOUT, id="pace-where")
            yield Pacer(still=self.app.reduced_motion, caption=True, id="pacer")
            yield Plain(self._keys_text(), id="pace-keys", classes="dim")
            yield Plain("", id="pace-rated")
        yield KeysFooter()

    def _keys_text(self) -> str:
        left, right = self.names
        return f"{left}: 1 easy · 2 fine · 3 hard      {right}: 8 easy · 9 fine · 0 hard"

    # -- running the paces ------------------------------------------------------------

    @property
    def pace(self) -> float | None:
        """The pace running now (breaths a minute), or None before and after."""
        if self.timeline is None or self.finished:
            return None
        return PACES[self.timeline.snapshot().step_index]

    def action_begin(self) -> None:
        if self.timeline is not None:
            return
        self.timeline = Timeline(pace_exercise(), self.names, clock=self.app.clock)
        self.timeline.start()
        self.tick()
        self.refresh_bindings()

    def action_next(self) -> None:
        if self.timeline is not None and not self.finished:
            self.timeline.next()
            self.tick()

    def tick(self) -> None:
        timeline = self.timeline
        if timeline is None or self.finished:
            return
        if self._timer is not None:
            self._timer.stop()
        events_due = timeline.poll()
        for event in events_due:
            if event.cue is not None:
                seconds = event.phase.seconds if event.phase is not None else None
                self.app.cues.play(event.cue, event.text, seconds)
        snapshot = timeline.snapshot()
        if snapshot.finished:
            self._propose()
            return
        step = snapshot.step
        left = format_clock(snapshot.step_remaining or 0)
        where = f"Pace {step.index + 1} of {len(PACES)} · {step.name.lower()} · {left} left"
        self.query_one("#pace-where", Plain).set_text(f"{where}\n{step.say}")
        self.query_one(Pacer).set_caption(step.breath.label if step.breath else "")
        if step.breath is not None:
            self.query_one(Pacer).follow(step.breath, timeline.snapshot, self.app.clock)
        self._show_ratings()
        delays = [timeline.next_event_in(), timeline.next_second_in()]
        wait = min((d for d in delays if d is not None), default=1.0)
        self._timer = self.set_timer(max(0.001, wait), self.tick)

    def on_key(self, event: events.Key) -> None:
        """A rating: one key each, for the pace running now."""
        pace = self.pace
        for person, keys in enumerate(RATING_KEYS):
            if pace is not None and event.character in keys:
                event.stop()
                self.ratings[pace][person] = keys[event.character]
                self._show_ratings()

    def _show_ratings(self) -> None:
        pace = self.pace
        if pace is None:
            return
        said = [
            f"{name}: {rating.word if rating is not None else 'not yet'}"
            for name, rating in zip(self.names, self.ratings[pace], strict=True)
        ]
        self.query_one("#pace-rated", Plain).set_text(
            "How does this pace feel?  " + " · ".join(said)
        )

    # -- the proposal -----------------------------------------------------------------

    def _propose(self) -> None:
        self.finished = True
        self.query_one(Pacer).stop()
        self.query_one(Pacer).display = False
        self.query_one("#pace-keys").display = False
        self.proposal = propose(self.ratings)
        rated = " ".join(
            f"{pace:g}: "
            + (
                " / ".join(r.word if r is not None else "–" for r in given)
                if any(r is not None for r in given)
                else "not rated"
            )
            + "."
            for pace, given in self.ratings.items()
        )
        if self.proposal is None:
            words = (
                "No pace felt easy enough for both of you today, and that is useful to know. "
                "Nothing is changed; try again another day. Press Escape to go back."
            )
        else:
            words = (
                f"{self.proposal.text} Press y to keep it as your own pattern: 'ours', for "
                "coreg pause --pattern ours and any exercise that breathes 'ours'. Or press "
                "Escape to leave things as they are."
            )
        self.query_one("#pace-where", Plain).set_text(words)
        self.query_one("#pace-rated", Plain).set_text(f"What you said, pace by pace: {rated}")
        self.refresh_bindings()

    def action_keep(self) -> None:
        if self.proposal is None:
            return
        self.app.settings.ours = self.proposal.lengths
        self.app.save_settings()
        self.app.notify(f"Kept. {self.proposal.text}", timeout=6)
        self.dismiss(None)

    def action_leave(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.query_one(Pacer).stop()
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Begin before the paces, Next while they run, Keep once one is proposed."""
        if action == "begin":
            return self.timeline is None
        if action == "next":
            return self.timeline is not None and not self.finished
        if action == "keep":
            return self.proposal is not None
        return True
