"""The breath pacer: an orb that fills like a tide on the in-breath, holds with a glowing rim,
and empties on the out-breath, with the phase and its seconds in letters you can read across
a room.

It fills the room it has. From about 80×24 up it draws the orb (:mod:`coreg.tui.widgets.orb`)
and three-row letters (:mod:`coreg.tui.widgets.bigtext`); in a small space a band that widens
over a track, and one line of words. With ``still`` (reduced motion) it shows the whole pattern
as a still bar, the current phase lit, and changes only with the phase and its seconds.

The pacer animates itself. A screen hands it a way to read the breath at a clock reading
(:meth:`Pacer.follow`); the pacer draws, works out when the picture will next change (the tide
reaches the next shade, the seconds tick, the phase turns) and sets one timer for exactly then.
No frame loop, and only the rows that changed are repainted: a rising tide is one row.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from coreg.library import Breath, Phase, PhaseKind, until_next_second
from coreg.tui.widgets.bigtext import HEIGHT as BIG_HEIGHT
from coreg.tui.widgets.bigtext import big_rows
from coreg.tui.widgets.orb import Palette
from coreg.tui.widgets.pacer_layout import Layout, plan_layout

MIN_WAIT = 1 / 60
MAX_CHANGES_PER_SECOND = 10  # a calm tide: smooth to the eye, cheap for the machine
MAX_BAND_STEPS = 32


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
    """Draws a breath level (0..1) as an orb or a band, with the phase word and its seconds."""

    COMPONENT_CLASSES = {
        "pacer--rim",
        "pacer--glass",
        "pacer--tide",
        "pacer--track",
        "pacer--caption",
        "pacer--glow",
        "pacer--in",
        "pacer--hold",
        "pacer--out",
    }

    DEFAULT_CSS = """
    Pacer {
        height: 1fr;
        min-height: 2;
        width: 1fr;
    }
    Pacer > .pacer--in { color: $accent; }
    Pacer > .pacer--hold { color: $success; }
    Pacer > .pacer--out { color: $primary-lighten-2; }
    Pacer > .pacer--rim { color: $foreground 55%; }
    Pacer > .pacer--glass { color: $foreground 20%; }
    Pacer > .pacer--tide { color: $primary; }
    Pacer > .pacer--track { color: $foreground 30%; }
    Pacer > .pacer--caption { color: $text-muted; }
    Pacer > .pacer--glow { color: $success; }
    """

    def __init__(self, *, still: bool = False, caption: bool = False, id: str | None = None):
        super().__init__(id=id)
        self.still = still
        self.captioned = caption  # keep a line under the words for :meth:`set_caption`
        self._caption = ""
        self._breath: Breath | None = None
        self._phase_index: int | None = None
        self._kind: PhaseKind | None = None
        self._level = 0.0  # as drawn: rounded to the steps the picture can show
        self._word = ""
        self._seconds = 0
        self._key: tuple | None = None
        self._layout: tuple[tuple[int, int, str], Layout] | None = None
        self._palette: Palette | None = None
        self._read: Callable[[float], BreathReading] | None = None
        self._clock: Callable[[], float] | None = None
        self._timer: Timer | None = None
        self.redraws = 0  # how often the picture actually changed (the tests count it)
        self.set_class(still, "-still")

    @property
    def label(self) -> str:
        """The words shown now: "Breathe in  4"."""
        return f"{self._word}  {self._seconds}" if self._word else ""

    @property
    def caption(self) -> str:
        return self._caption

    def set_caption(self, text: str) -> None:
        """The line under the words ("3:58 left in this step"), repainted only if it changed."""
        if text == self._caption:
            return
        self._caption = text
        layout = self._current_layout()
        if layout.caption_top >= 0:
            self.refresh(Region(0, layout.caption_top, self.size.width, 1))

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
        reading = self._read(self._clock())
        if reading.phase is None:
            return
        level, rate, left = reading.breath_level, reading.breath_rate, reading.phase_remaining
        # a leader's rhythm brings its own breath (its lengths change with the taps)
        self._breath = getattr(reading, "breath", None) or self._breath
        self.show(self._breath, reading.phase, reading.phase_index or 0, level, left, rate)
        self._timer = self.set_timer(self.next_change_in(level, rate, left), self.frame)

    def next_change_in(self, level: float, rate: float, phase_remaining: float) -> float:
        """Seconds until the picture changes: a tide or band step, the seconds, or the phase."""
        waits = [phase_remaining, until_next_second(phase_remaining)]
        steps = self._steps(rate)
        if rate and steps:
            position = level * steps
            target = (round(position) + (0.5 if rate > 0 else -0.5)) / steps
            waits.append((target - level) / rate)
        due = [w for w in waits if w > 0]
        return max(MIN_WAIT, min(due) if due else 1.0)

    def _steps(self, rate: float) -> int:
        """How many levels of fullness the picture can show now (0: it does not move)."""
        if self.still:
            return 0
        layout = self._current_layout()
        if layout.orb is None:
            return max(1, min(MAX_BAND_STEPS, (self.size.width - 4) // 2))
        finest = 2 * layout.orb.diameter  # half a pixel
        if not rate:
            return finest
        return max(8, min(finest, math.ceil(MAX_CHANGES_PER_SECOND / abs(rate))))

    # -- what is shown ------------------------------------------------------------------

    def show(
        self,
        breath: Breath,
        phase: Phase,
        phase_index: int,
        level: float,
        seconds_left: float,
        rate: float = 0.0,
    ) -> bool:
        """Update what is shown; returns True when the picture changed (and so repainted)."""
        seconds = max(1, int(-(-seconds_left // 1)))
        steps = self._steps(rate)
        drawn = round(max(0.0, min(1.0, level)) * steps) / steps if steps else 0.0
        whole = (id(breath), phase_index, self.size)
        if self._key is not None and self._key == (whole, drawn, seconds):
            return False
        before = self._key
        self._key = (whole, drawn, seconds)
        old_level, old_seconds, old_kind = self._level, self._seconds, self._kind
        self._breath, self._phase_index, self._kind = breath, phase_index, phase.kind
        self._level, self._word, self._seconds = drawn, phase.kind.word, seconds
        self.redraws += 1
        if before is None or before[0][2] != whole[2]:  # the first picture, or a new size
            self.refresh()
        else:
            new_phase = before[0] != whole
            self._repaint(old_level, new_phase or old_seconds != seconds, old_kind)
        return True

    def _repaint(self, old_level: float, words: bool, old_kind: PhaseKind | None) -> None:
        """Repaint only the rows that changed: the tide's surface, the band, the words, and
        the whole orb only when its rim starts or stops glowing (a hold)."""
        layout = self._current_layout()
        width = self.size.width
        glow_changed = (old_kind is PhaseKind.HOLD) != (self._kind is PhaseKind.HOLD)
        if glow_changed or self.still:
            self.refresh(Region(0, layout.art_top, width, layout.art_rows))
        elif layout.orb is not None and old_level != self._level:
            orb = layout.orb
            rows = orb.surface_rows(orb.surface(old_level), orb.surface(self._level))
            if rows:
                self.refresh(Region(0, layout.art_top + rows.start, width, len(rows)))
        elif layout.orb is None and old_level != self._level:
            self.refresh(Region(0, layout.art_top, width, layout.art_rows))
        if words:
            height = BIG_HEIGHT if layout.big else 1
            self.refresh(Region(0, layout.words_top, width, height))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # a new theme: read the colours again (a new phase's class changes only the words)
        self._palette = None

    def _warm_up(self) -> None:
        """Draw the orb's full and empty rows, with and without the glow, a few at a time
        while nothing else is happening, so the first hold and the first out-breath find them
        ready instead of drawing every row at the moment the phase turns."""
        layout = self._current_layout()
        orb, palette = layout.orb, self._palette
        if orb is None or palette is None:
            return
        pending = [
            (row, tide, glow)
            for glow in (True, False)
            for tide in (0.0, orb.diameter)
            for row in range(orb.rows)
        ]

        def some() -> None:
            if self._palette is not palette or self._current_layout().orb != orb:
                return  # the size or the theme changed: that drawing would be wasted
            for row, tide, glow in pending[:12]:
                orb.line(row, tide, palette, glow)
            del pending[:12]
            if pending:
                self.set_timer(0.02, some)

        self.set_timer(0.05, some)

    # -- layout -------------------------------------------------------------------------

    def _current_layout(self) -> Layout:
        width, height = self.size.width, self.size.height
        cache_key = (width, height, self._word)
        if self._layout is None or self._layout[0] != cache_key:
            self._layout = (
                cache_key,
                plan_layout(width, height, self._word, self._caption, self.captioned, self.still),
            )
        return self._layout[1]

    # -- drawing ------------------------------------------------------------------------

    def render(self) -> Text:
        """The words, for whoever reads the pacer as text."""
        return Text(self.label)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self._breath is None or not self._word:
            return Strip.blank(width, base)
        layout = self._current_layout()
        art = y - layout.art_top
        if 0 <= art < layout.art_rows:
            strip = self._art_line(layout, art, width)
        elif layout.words_top <= y < layout.words_top + (BIG_HEIGHT if layout.big else 1):
            strip = self._words_line(layout, y - layout.words_top, width)
        elif y == layout.caption_top:
            strip = self._centred(self._caption, self._part("caption"), width)
        else:
            strip = Strip.blank(width)
        return strip.apply_style(base)

    def _art_line(self, layout: Layout, row: int, width: int) -> Strip:
        if self.still:
            return self._still_line(width)
        if layout.orb is not None:
            glow = self._kind is PhaseKind.HOLD
            tide = layout.orb.surface(self._level)
            return layout.orb.line(row, tide, self._colours(), glow)
        return self._band_line(width)

    def _colours(self) -> Palette:
        if self._palette is None:
            back = self.background_colors[1]
            parts = ("rim", "glow", "glass", "tide")
            ansi = back.ansi is not None or any(self._written(p).ansi is not None for p in parts)
            if self.app.no_color or ansi:
                # no colour, or the terminal's own colours (an ANSI theme): nothing to blend
                self._palette = Palette.glyphs_only()
            else:
                self._palette = Palette(back.rgb, *(self._solid(part).rgb for part in parts))
                self._warm_up()
        return self._palette

    def _band_line(self, width: int) -> Strip:
        """A band that widens over a track, so even an empty hold shows where it stands."""
        steps = max(1, min(MAX_BAND_STEPS, (width - 4) // 2))
        band = 2 * round(self._level * steps)
        track = 2 * steps
        side = (track - band) // 2
        # in a hold the track glows: waiting, not empty
        holding = self._kind is PhaseKind.HOLD
        track_style = self._part("glow" if holding else "track")
        tide_style = self._part("tide")
        segments = [
            Segment(" " * ((width - track) // 2)),
            Segment("─" * side, track_style),
            Segment("█" * band, tide_style),
            Segment("─" * (track - band - side), track_style),
        ]
        return Strip(segments).extend_cell_length(width)

    def _still_line(self, width: int) -> Strip:
        """Every phase as a segment, sized by its length; the current one lit."""
        assert self._breath is not None
        total = self._breath.cycle_seconds
        usable = min(width - 4, 64)
        bar: list[Segment] = []
        for index, phase in enumerate(self._breath.phases):
            cells = max(4, round(usable * phase.seconds / total) - 1)
            lit = self._words_style() + Style(reverse=True) if index == self._phase_index else None
            bar += [Segment(phase.kind.value[:cells].center(cells), lit), Segment(" ")]
        length = sum(len(s.text) for s in bar)
        return Strip([Segment(" " * max(0, (width - length) // 2)), *bar]).crop_extend(
            0, width, None
        )

    def _words_line(self, layout: Layout, row: int, width: int) -> Strip:
        text = big_rows(self.label)[row] if layout.big else self.label
        return self._centred(text, self._words_style(), width)

    def _words_style(self) -> Style:
        """The phase's own colour: warm for in, green for a hold, cool for out."""
        kind = self._kind
        part = "hold" if kind is PhaseKind.HOLD else "out" if kind is PhaseKind.OUT else "in"
        return self._part(part, bold=True)

    def _part(self, part: str, bold: bool = False) -> Style:
        return Style(color=self._solid(part).rich_color, bold=bold)

    def _written(self, part: str) -> Color:
        """A part's colour as the stylesheet gives it (``pacer--rim`` …)."""
        return self.get_component_styles(f"pacer--{part}").color

    def _solid(self, part: str) -> Color:
        """A part's colour made solid over what is behind the pacer (a colour with
        transparency would otherwise fade on light themes)."""
        return self.background_colors[1] + self._written(part)

    @staticmethod
    def _centred(text: str, style: Style, width: int) -> Strip:
        left = max(0, (width - len(text)) // 2)
        return Strip([Segment(" " * left), Segment(text, style)]).crop_extend(0, width, None)
