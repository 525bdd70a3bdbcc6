"""The history table's shape for a width: each row's before → after always whole.

Columns give way in this order: the exercise's title is shortened, the ending is said in a
word, the ending goes, and at last each row takes two lines (when over the exercise, length
over the ending, one partner a line). Pure functions of the cells and a width; no Textual.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text

from coreg.log import HistoryCells

PAD = 2  # a DataTable cell's padding, left and right
MIN_TITLE = 10  # a title shorter than this is no longer worth a column of its own


class Layout(NamedTuple):
    headers: tuple[str, ...]
    widths: tuple[int, ...]
    rows: list[tuple[Text, ...]]
    height: int  # lines a row takes
    padding: int = 1  # the table's cell padding, each side


def fit(text: str, width: int) -> Text:
    """``text`` on one line, cut with ``…`` when it is wider than ``width`` cells."""
    line = Text(text, no_wrap=True, overflow="ellipsis")
    if cell_len(text) > width:
        line.truncate(width, overflow="ellipsis")
    return line


def _widest(values: list[str], header: str) -> int:
    return max([cell_len(header), *(cell_len(v) for line in values for v in line.split("\n"))])


def layout(cells: list[HistoryCells], width: int) -> Layout:
    """The columns and rows of a history table ``width`` cells wide (its scrollbar included)."""
    avail = width - 2  # the vertical scrollbar
    when = _widest([c.when for c in cells], "When")
    length = _widest([c.length for c in cells], "Length")
    change = _widest([c.change for c in cells], "Before → after")
    title = _widest([c.exercise for c in cells], "Exercise")
    for ended_of in (lambda c: c.ended, lambda c: c.ended_short, None):
        fixed = when + length + change + 4 * PAD
        ended = 0
        if ended_of is not None:
            ended = _widest([ended_of(c) for c in cells], "Ended")
            fixed += ended + PAD
        room = avail - fixed - PAD
        if room >= min(MIN_TITLE, title):
            room = min(room, title)
            headers: tuple[str, ...] = ("When", "Exercise", "Length")
            widths: tuple[int, ...] = (when, room, length)
            rows: list[tuple[Text, ...]] = []
            for c in cells:
                row = [Text(c.when), fit(c.exercise, room), Text(c.length)]
                if ended_of is not None:
                    row.append(Text(ended_of(c)))
                rows.append((*row, Text(c.change)))
            if ended_of is not None:
                headers += ("Ended",)
                widths += (ended,)
            return Layout((*headers, "Before → after"), (*widths, change), rows, 1)
    return stacked(cells, avail)


def stacked(cells: list[HistoryCells], avail: int) -> Layout:
    """Two lines a row: when over the exercise, length over the ending, a partner a line.

    Cells have no padding here (``padding`` 0); one space after each column parts them.
    """
    changes = [c.change.replace(" · ", "\n").replace(", ", "\n") for c in cells]
    change = _widest(changes, "Before→after")
    length = _widest([c.length for c in cells] + [c.ended_short for c in cells], "Length")
    first = max(8, avail - change - length - 2)
    height = max([2, *(v.count("\n") + 1 for v in changes)])
    rows: list[tuple[Text, ...]] = [
        (
            Text.assemble(fit(c.when, first), "\n", fit(c.exercise, first)),
            Text(f"{c.length}\n{c.ended_short}"),
            Text(text),
        )
        for c, text in zip(cells, changes, strict=True)
    ]
    heading = "When · exercise" if len("When · exercise") <= first else "When"  # never cut
    headers = (heading, "Length", "Before→after")
    return Layout(headers, (first + 1, length + 1, change), rows, height, padding=0)
