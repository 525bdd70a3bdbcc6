"""The breath pacer: a band that widens on the in-breath, rests on a hold, narrows on the out.

It redraws only when what it shows changes (a half-cell of the band, the phase word, the
seconds), so a 4-second in-breath over 40 cells is about 20 redraws, not 80 frames. With
``still`` (reduced motion) it shows the whole pattern as a still bar, the current phase lit.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from coreg.exercise import Breath, Phase, PhaseKind

FULL, LEFT_HALF, RIGHT_HALF = "█", "▌", "▐"


class Pacer(Widget):
    """Draws a breath level (0..1) as a centred band, with the phase word and seconds."""

    DEFAULT_CSS = """
    Pacer {
        height: 5;
        width: 1fr;
        content-align: center middle;
        color: $accent;
    }
    Pacer.-hold { color: $secondary; }
    Pacer.-out { color: $primary; }
    Pacer.-still { height: 3; }
    """

    def __init__(self, *, still: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.still = still
        self._breath: Breath | None = None
        self._phase_index: int | None = None
        self._level = 0.0
        self._word = ""
        self._seconds = 0
        self._key: tuple | None = None
        self.redraws = 0  # how often it actually redrew: the benchmark reads it
        self.set_class(still, "-still")

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
        width = max(1, self.size.width - 4)
        steps = 0 if self.still else round(max(0.0, min(1.0, level)) * width)
        key = (id(breath), phase_index, steps, seconds, width)
        if key == self._key:
            return False
        self._key = key
        self._breath, self._phase_index, self._level = breath, phase_index, level
        self._word, self._seconds = phase.kind.word, seconds
        kind = phase.kind
        self.set_class(kind in (PhaseKind.IN, PhaseKind.TOP_UP), "-in")
        self.set_class(kind is PhaseKind.HOLD, "-hold")
        self.set_class(kind is PhaseKind.OUT, "-out")
        self.redraws += 1
        self.refresh(layout=False)
        return True

    def render(self) -> Text:
        if self._breath is None:
            return Text("")
        width = max(1, self.size.width - 4)
        label = Text.assemble((self._word, "bold"), f"  {self._seconds}")
        label.align("center", width)
        if self.still:
            return Text("\n").join([self._still_bar(width), label])
        # Half-cell resolution: the band grows from the centre, one half-cell each side.
        halves = round(max(0.0, min(1.0, self._level)) * width)
        full, half = divmod(halves, 2)
        band = RIGHT_HALF * half + FULL * (full * 2) + LEFT_HALF * half
        if not band:
            band = "·"
        row = Text(band)
        row.align("center", width)
        rows = [row, row, row] if self.size.height >= 5 else [row]
        return Text("\n").join([*rows, label])

    def _still_bar(self, width: int) -> Text:
        """Every phase as a segment, sized by its length; the current one lit."""
        assert self._breath is not None
        total = self._breath.cycle_seconds
        bar = Text()
        for index, phase in enumerate(self._breath.phases):
            cells = max(3, round(width * phase.seconds / total) - 1)
            word = phase.kind.value[:cells].center(cells)
            style = "reverse bold" if index == self._phase_index else "dim"
            bar.append(word, style=style)
            bar.append(" ")
        bar.align("center", width)
        return bar
