"""Two small charts for the history screen, drawn with block characters.

Practice over the weeks: a bar for each week, three rows high. Distress before and after:
for each partner, a row of bars for "before" above a row for "after", one bar per session,
so a lower second row means the practice helped. The partners' rows line up by session: a
session one of them did not check in for is a gap in their row.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text

from coreg.log import Stats

EIGHTHS = " ▁▂▃▄▅▆▇█"


def _column(value: float, top: float, rows: int) -> list[str]:
    """One bar, top row first, in eighths of a cell."""
    eighths = 0 if top <= 0 else round(value / top * rows * 8)
    if value > 0:
        eighths = max(1, eighths)
    cells = []
    for row in range(rows - 1, -1, -1):
        filled = max(0, min(8, eighths - row * 8))
        cells.append(EIGHTHS[filled])
    return cells


def weeks_chart(stats: Stats, rows: int = 3) -> Text:
    counts = [week.sessions for week in stats.per_week]
    top = max(counts, default=0)
    columns = [_column(count, top, rows) for count in counts]
    text = Text()
    text.append(f"Practice, the last {len(counts)} weeks", style="bold")
    text.append(f"   (most in a week: {top})\n" if top else "\n", style="dim")
    for row in range(rows):
        for column in columns:
            text.append(column[row] * 2 + " ")
        text.append("\n")
    if stats.per_week:
        first = stats.per_week[0].week_start
        left = f"{first.day} {first:%b}"
        right = "this week"
        gap = max(1, len(columns) * 3 - len(left) - len(right) - 1)
        text.append(left + " " * gap + right, style="dim")
    return text


def _spark(value: int | None) -> str:
    """0 → ▁ … 10 → █; a missing check-in is a gap."""
    return " " if value is None else EIGHTHS[1 + round(value / 10 * 7)]


def distress_chart(
    stats: Stats, limit: int = 16, looks: Callable[[str, int], tuple[str, Style]] | None = None
) -> Text:
    """Each partner's distress before and after, one column a session. ``looks(name, n)``
    gives a partner's mark and style (their own colour); without it, names in bold."""
    rows = stats.recent_rows[-limit:]
    text = Text()
    text.append("Distress, before and after", style="bold")
    text.append("\n0 calm ▁ … █ 10 the worst; one column a session, oldest first\n", style="dim")
    names = [
        name for name in stats.partners if any(row.values[name] != (None, None) for row in rows)
    ]
    if not names:
        text.append("Check in before and after a session to see this.", style="dim")
        return text
    width = max(len(name) for name in names) + (2 if looks else 0)
    for number, name in enumerate(names):
        pairs = [row.values[name] for row in rows]
        mark, style = looks(name, number) if looks else ("", Style(bold=True))
        label = f"{mark} {name}" if mark else name
        text.append(f"{label:<{width}}", style=style)
        text.append("  before ", style="bold")
        text.append("".join(_spark(before) for before, _ in pairs))
        text.append("\n" + " " * width + "  after  ", style="bold")
        text.append("".join(_spark(after) for _, after in pairs))
        text.append("\n")
    return text
