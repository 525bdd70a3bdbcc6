"""A plain table for the terminal, without Rich: ``coreg history`` prints one in a fraction of
the time it takes to import Rich, on a log it has to read whole.

Columns are padded to the widest cell (wide characters count two), two spaces apart. On a
terminal narrower than the table, one column (the exercise's name) is shortened with ``…``;
when piped, nothing is cut. Bold and dim only on a terminal, and never with ``NO_COLOR``.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO

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
    from coreg.commands.output import VisibleStream, raw
    from coreg.safetext import visible

    out = out or sys.stdout
    terminal = out.isatty()
    # Outside text is made visible here, before the widths are measured; the lines then go to
    # the real stream, so that the table's own bold and dim reach the terminal as styles (a
    # stream that shows control characters would print them as signs).
    headers = [visible(cell) for cell in headers]
    rows = [[visible(cell) for cell in row] for row in rows]
    styled = terminal and not os.environ.get("NO_COLOR")
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
                text = f"\x1b[{'1' if bold else '2'}m{text}\x1b[0m"
            parts.append(text)
        return GAP.join(parts).rstrip()

    lines = [line(headers, bold=True), *(line(row) for row in rows)]
    VisibleStream(raw(out), show=False).write("\n".join(lines) + "\n")
