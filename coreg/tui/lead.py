"""Tap to lead on the run screen: which key is whose, the step's taps, and what to say.

The arithmetic is :class:`coreg.timing.InStep`; this keeps one per lead-and-follow step the
screen shows, turns key presses into taps at the session's active second, and words the line
under the pacer. What the partners did is kept as :class:`coreg.log.Closeness`, step by step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coreg.library import Cue, StepCue
from coreg.log import Closeness, closeness_text
from coreg.timing import Beat, InStep, Snapshot, Timeline
from coreg.tui.widgets.text import Plain


def key_name(key: str) -> str:
    """How a tap key is shown and said: ``a``, ``space``."""
    return {" ": "space"}.get(key, key)


class Leading:
    """The lead-and-follow steps of one run: the current one, and how close you were."""

    def __init__(self, names: Sequence[str], keys: Sequence[str]) -> None:
        self.names = tuple(names)
        self.keys = tuple(key.lower() for key in keys)
        self.current: InStep | None = None
        self.done: list[Closeness] = []
        self.last_words = ""  # how close the partners were on the step just left

    def person_of(self, character: str | None) -> int | None:
        """Whose key this is (0 or 1), or None."""
        if not character or len(self.names) < 2:
            return None
        lowered = character.lower()
        return self.keys.index(lowered) if lowered in self.keys else None

    # -- steps --------------------------------------------------------------------------

    def enter(self, snapshot: Snapshot) -> None:
        """A new step is shown: close the one before, open this one if it is led."""
        self.leave()
        step = snapshot.step
        if step.lead is not None and step.breath is not None and len(self.names) > 1:
            start = snapshot.elapsed - snapshot.step_elapsed
            self.current = InStep(step, start, step.lead, 1 - step.lead)

    def leave(self) -> str | None:
        """The led step is over: keep how close the partners were, if anyone tapped."""
        run, self.current = self.current, None
        if run is None or not (run.turns or run.follows):
            return None
        result = run.closeness(self.names)
        self.done.append(result)
        self.last_words = closeness_text(result)
        return self.last_words

    def results(self) -> tuple[Closeness, ...]:
        """Every led step so far, the one running now included."""
        run = self.current
        if run is not None and (run.turns or run.follows):
            return (*self.done, run.closeness(self.names))
        return tuple(self.done)

    def tap(self, person: int, active: float) -> tuple[Cue, str, float] | None:
        """A partner's press at an active second; the sound of the turn it made, if the step
        sounds its breaths."""
        run = self.current
        turn = run.tap(person, active) if run is not None else None
        if run is None or turn is None or run.step.cue not in (StepCue.NORMAL, StepCue.HALFWAY):
            return None
        return turn.kind.cue, turn.kind.word, run.beat(active).phase_remaining

    # -- the pacer and the words ------------------------------------------------------

    def reader(self, timeline: Timeline) -> Callable[[float], Beat | Snapshot]:
        """What the pacer reads at a clock reading: on a led step the leader's rhythm at that
        active second, on any other the timeline itself."""
        run = self.current
        if run is None:
            return timeline.snapshot

        def read(now: float) -> Beat:
            return run.beat(timeline.elapsed(now))

        return read

    def line(self, active: float) -> str:
        """The words under the pacer: on a led step whose key is which and whom the pacer
        follows, then how close you were on the led step before (if any)."""
        run = self.current
        if run is None:
            return self.last_words
        leader, follower = self.names[run.leader], self.names[run.follower]
        keys = (
            f"{leader}: tap {key_name(self.keys[run.leader])} · "
            f"{follower}: tap {key_name(self.keys[run.follower])}"
        )
        if run.leading(active):
            now = f"{keys}. The pacer follows {leader}."
        elif run.turns:
            now = f"{keys}. No taps for a while: the pacer keeps its own pace."
        else:
            now = f"{keys} as each breath turns. Until {leader} taps, the pacer keeps its own pace."
        return f"{now}\n{self.last_words}" if self.last_words else now


class LeadLine(Plain):
    """The line under the pacer: whose key is which, whom the pacer follows, and after a led
    step, how close you were. Hidden when there is nothing to say; redrawn only on a change."""

    _shown: str | None = None

    def show(self, words: str) -> None:
        if words != self._shown:
            self._shown = words
            self.set_text(words)
            self.display = bool(words)
