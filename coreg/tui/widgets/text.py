"""Text from files and people is shown as text: never parsed as markup, never run, never obeyed.

Two layers, one rule (:mod:`coreg.safetext`):

* :func:`plain` and :class:`Plain` show outside text with its control characters made visible
  (``␛``) and its markup literal;
* :class:`ControlFilter` is a last line of defence on every line the app draws: anything a
  widget let through (an input's value, a table cell, the palette) is removed there before it
  reaches the terminal. Those characters take no width, so no line moves.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter
from textual.widgets import Static

from coreg.safetext import is_safe, removed, visible


def plain(text: str) -> Content:
    """``[bold]`` and ``[@click=app.quit]`` stay literal; ``\\x1b`` shows as ``␛``."""
    return Content(visible(text, newlines=True))


def line(text: str) -> str:
    """Outside text for one line (a table cell, an option, a palette entry): visible signs."""
    return visible(text)


class Plain(Static):
    """A Static whose content is always plain, visible text."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(plain(text), id=id, classes=classes, markup=False)

    def set_text(self, text: str) -> None:
        self.update(plain(text))


class ControlFilter(LineFilter):
    """Removes control characters (and replaces lone surrogates) in every drawn line."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(is_safe(segment.text) for segment in segments):
            return segments
        return [
            Segment(removed(text), style, control)
            if control is None
            else Segment(text, style, control)
            for text, style, control in segments
        ]
