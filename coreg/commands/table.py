"""A plain table for the terminal, without Rich: ``coreg history`` and ``coreg list`` print one
in a fraction of the time it takes to import Rich (Rich took over a second for 2,000 rows).

Columns are padded to the widest cell (wide characters count two), two spaces apart. On a
terminal narrower than the table, one column (the exercise's name) is shortened with ``…``;
when piped, nothing is cut. Bold and dim only on a terminal, and never with ``NO_COLOR``.
Every cell is shown as visible text (:func:`coreg.safetext.visible`); only the table's own
bold and dim reach the terminal as codes.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO, cast

from coreg.safetext import visible

GAP = "  "
MIN_SHRINK = 8


def cell_len(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a wide character, none for a combining one."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def cut(text: str, width: int) -> str:
    """``text`` in ``width`` columns at most, ending in ``…`` when it was cut."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + "…"


def terminal_width(out: TextIO | None = None) -> int | None:
    """Columns of the terminal ``out`` writes to; None when it is not a terminal."""
    out = out or sys.stdout
    if not out.isatty():
        return None
    try:
        return os.get_terminal_size(out.fileno()).columns
    except (OSError, ValueError):
        return None


def table_width(headers: Sequence[str], rows: Sequence[Sequence[str]], shrink: int | None) -> int:
    """Columns the table takes with column ``shrink`` at its narrowest (``MIN_SHRINK``)."""
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if shrink is not None:
        widths[shrink] = min(widths[shrink], MIN_SHRINK)
    return sum(widths) + len(GAP) * (len(widths) - 1)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    shrink: int | None = None,
    dim: int | None = None,
    out: TextIO | None = None,
) -> None:
    """Print ``rows`` under ``headers``; column ``shrink`` gives way on a narrow terminal and
    column ``dim`` is shown dim."""
    out = out or sys.stdout
    styled = is_styled(out)
    headers = [visible(cell) for cell in headers]
    rows = [[visible(cell) for cell in row] for row in rows]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    room = terminal_width(out)
    if room is not None and shrink is not None:
        total = sum(widths) + len(GAP) * (len(widths) - 1)
        if total > room:
            widths[shrink] = max(MIN_SHRINK, widths[shrink] - (total - room))

    def line(cells: Sequence[str], bold: bool = False) -> str:
        parts = []
        last = len(cells) - 1
        for i, cell in enumerate(cells):
            text = cut(cell, widths[i]) if i == shrink else cell
            if i != last:
                text += " " * (widths[i] - cell_len(text))
            if styled and (bold or i == dim):
                text = sgr(text, "bold" if bold else "dim")
            parts.append(text)
        return GAP.join(parts).rstrip()

    lines = [line(headers, bold=True), *(line(row) for row in rows)]
    _codes_pass(out).write("\n".join(lines) + "\n")


def is_styled(out: TextIO) -> bool:
    """Bold and dim for ``out``: on a terminal, unless ``NO_COLOR`` is set."""
    return out.isatty() and not os.environ.get("NO_COLOR")


def sgr(text: str, style: str) -> str:
    return f"\x1b[{'1' if style == 'bold' else '2'}m{text}\x1b[0m"


def print_line(text: str, style: str = "", out: TextIO | None = None) -> None:
    """One line of outside text, shown visibly, bold or dim on a terminal."""
    out = out or sys.stdout
    text = visible(text, newlines=True)
    if style and is_styled(out):
        text = "\n".join(sgr(part, style) if part else part for part in text.split("\n"))
    _codes_pass(out).write(text + "\n")


def _codes_pass(out: TextIO) -> TextIO:
    """The stream under ``out`` (``commands.output`` shows every control character it is
    given, the table's own codes too): the text written is already visible."""
    from coreg.commands.output import VisibleStream, raw

    if isinstance(out, VisibleStream):
        return cast("TextIO", VisibleStream(raw(out), show=False))
    return out
