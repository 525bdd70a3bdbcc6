"""The breath pacer: a band that widens on the in-breath, rests on a hold, narrows on the out.

The pacer animates itself. A screen hands it a way to read the breath at a clock reading
(:meth:`Pacer.follow`); the pacer draws, works out when the picture will next change (the band
gains or loses a cell on each side, the seconds tick, the phase turns) and sets one timer for
exactly then. No frame loop: a 4-second in-breath is about 30 redraws, a hold one a second.
With ``still`` (reduced motion) it shows the whole pattern as a still bar, the current phase lit,
and changes only with the phase and its seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from coreg.library import Breath, Phase, PhaseKind, until_next_second

FULL = "█"
MAX_STEPS = 32  # the band grows by one cell on each side per step, up to this many steps
MIN_WAIT = 1 / 60


class BreathReading(Protocol):
    """What a pacer needs to know at one moment (a timeline Snapshot fits)."""

    @property
    def phase(self) -> Phase | None: ...
    @property
    def phase_index(self) -> int | None: ...
    @property
    def breath_level(self) -> float: ...
    @property
    def breath_rate(self) -> float: ...
    @property
    def phase_remaining(self) -> float: ...


class Pacer(Widget):
    """Draws a breath level (0..1) as a centred band, with the phase word and seconds."""

    DEFAULT_CSS = """
    Pacer {
        height: 5;
        width: 1fr;
        color: $accent;
    }
    Pacer.-hold { color: $success; }
    Pacer.-out { color: $primary-lighten-2; }
    Pacer.-still { height: 3; }
    """

    def __init__(self, *, still: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.still = still
        self._breath: Breath | None = None
        self._phase_index: int | None = None
        self._steps = 0
        self._word = ""
        self._seconds = 0
        self._key: tuple | None = None
        self._read: Callable[[float], BreathReading] | None = None
        self._clock: Callable[[], float] | None = None
        self._timer: Timer | None = None
        self.redraws = 0  # how often it actually redrew (the tests count it)
        self.set_class(still, "-still")

    # -- following a breath -------------------------------------------------------------

    def follow(
        self, breath: Breath, read: Callable[[float], BreathReading], clock: Callable[[], float]
    ) -> None:
        """Animate ``breath``, reading it with ``read(clock())`` until :meth:`stop`."""
        self._breath, self._read, self._clock = breath, read, clock
        self.frame()

    def stop(self) -> None:
        """Hold the picture as it is (paused, hidden, or no breath on this step)."""
        self._read = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def frame(self) -> None:
        """Draw the breath as it is now, and set a timer for the next visible change."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._read is None or self._clock is None or self._breath is None:
            return
        now = self._clock()
        reading = self._read(now)
        if reading.phase is None:
            return
        self.show(
            self._breath,
            reading.phase,
            reading.phase_index or 0,
            reading.breath_level,
            reading.phase_remaining,
        )
        wait = self.next_change_in(
            reading.breath_level, reading.breath_rate, reading.phase_remaining
        )
        self._timer = self.set_timer(wait, self.frame)

    def next_change_in(self, level: float, rate: float, phase_remaining: float) -> float:
        """Seconds until the picture changes: a band step, the seconds shown, or the phase."""
        waits = [phase_remaining, until_next_second(phase_remaining)]
        steps = self._step_count()
        if rate and not self.still:
            position = level * steps
            target = (round(position) + (0.5 if rate > 0 else -0.5)) / steps
            waits.append((target - level) / rate)
        return max(MIN_WAIT, min(w for w in waits if w > 0) if any(w > 0 for w in waits) else 1.0)

    def _step_count(self) -> int:
        return max(1, min(MAX_STEPS, (self.size.width - 4) // 2))

    # -- drawing ------------------------------------------------------------------------

    def show(
        self,
        breath: Breath,
        phase: Phase,
        phase_index: int,
        level: float,
        seconds_left: float,
    ) -> bool:
        """Update what is shown; returns True when it changed (and so redrew)."""
        seconds = max(1, int(-(-seconds_left // 1)))
        steps = 0 if self.still else round(max(0.0, min(1.0, level)) * self._step_count())
        key = (id(breath), phase_index, steps, seconds, self.size.width)
        if key == self._key:
            return False
        self._key = key
        self._breath, self._phase_index, self._steps = breath, phase_index, steps
        self._word, self._seconds = phase.kind.word, seconds
        kind = phase.kind
        self.set_class(kind in (PhaseKind.IN, PhaseKind.TOP_UP), "-in")
        self.set_class(kind is PhaseKind.HOLD, "-hold")
        self.set_class(kind is PhaseKind.OUT, "-out")
        self.redraws += 1
        self.refresh(layout=False)
        return True

    def render(self) -> Text:
        if self._breath is None or not self._word:
            return Text("")
        width = max(1, self.size.width)
        label = Text.assemble((self._word, "bold"), f"  {self._seconds}")
        label.align("center", width)
        if self.still:
            return Text("\n").join([self._still_bar(width), label])
        row = Text(FULL * (2 * self._steps) if self._steps else "·")
        row.align("center", width)
        rows = [row] * max(1, min(3, self.size.height - 2))
        return Text("\n").join([*rows, label])

    def _still_bar(self, width: int) -> Text:
        """Every phase as a segment, sized by its length; the current one lit."""
        assert self._breath is not None
        total = self._breath.cycle_seconds
        usable = min(width - 4, 64)
        bar = Text()
        for index, phase in enumerate(self._breath.phases):
            cells = max(4, round(usable * phase.seconds / total) - 1)
            word = phase.kind.value[:cells].center(cells)
            style = "reverse bold" if index == self._phase_index else ""
            bar.append(word, style=style)
            bar.append(" ")
        bar.align("center", width)
        return bar
