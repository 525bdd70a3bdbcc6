"""``coreg history --stats``: the numbers, as text for a person or as JSON.

Totals, weeks, each partner's change, time per exercise (breaks by kind and pattern) and what
helps: per exercise, each partner's average change and the sessions it is taken from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from coreg.log import Stats


def _count(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def stats_json(stats: Stats) -> dict[str, Any]:
    def when(moment: Any) -> str | None:
        return moment.isoformat() if moment is not None else None

    return {
        "sessions": stats.sessions,
        "minutes": round(stats.minutes, 1),
        "streak_days": stats.streak_days,
        "endings": {ending.value: n for ending, n in stats.endings.items()},
        "first_at": when(stats.first_at),
        "last_at": when(stats.last_at),
        "overlong_pauses": stats.overlong_pauses,
        "avg_change": stats.avg_change,
        "per_week": [
            {"week_start": w.week_start.isoformat(), "sessions": w.sessions, "minutes": w.minutes}
            for w in stats.per_week
        ],
        "per_exercise": [
            {
                "exercise_id": e.exercise_id,
                "title": e.title,
                "sessions": e.sessions,
                "minutes": round(e.minutes, 1),
                "avg_change": e.avg_change,
            }
            for e in stats.per_exercise
        ],
        "helped": [
            {
                "exercise_id": e.exercise_id,
                "title": e.title,
                "helped": round(e.helped, 2) if e.helped is not None else None,
                "partners": {
                    name: {
                        "avg_change": round(change, 2) if change is not None else None,
                        "sessions": e.paired.get(name, 0),
                    }
                    for name, change in e.avg_change.items()
                },
            }
            for e in stats.helped
        ],
    }


def _change_text(change: float | None) -> str:
    if change is None:
        return "no before-and-after yet"
    if abs(change) < 0.05:
        return "about the same after"
    direction = "calmer" if change > 0 else "more distressed"
    return f"{abs(change):.1f} {direction} after, on average"


def print_stats(stats: Stats, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    from coreg.log import length_text

    if not stats.sessions:
        console.print("No sessions yet. The numbers appear here after your first exercise.")
        return
    streak = f"{stats.streak_days} day" + ("" if stats.streak_days == 1 else "s")
    console.print(
        f"{_count(stats.sessions)}, {length_text(stats.minutes * 60)} practised. "
        f"Days in a row: {streak}."
    )
    if stats.avg_change:
        console.print("\nDistress before − after (0 to 10; more is calmer):")
        for name, change in stats.avg_change.items():
            console.print(Text(f"  {name}: {_change_text(change)}"))

    console.print(f"\nThe last {len(stats.per_week)} weeks:")
    peak = max((w.sessions for w in stats.per_week), default=0) or 1
    for week in stats.per_week:
        bar = "█" * round(12 * week.sessions / peak)
        label = f"  {week.week_start.day:>2} {week.week_start:%b}  {bar:<12} {week.sessions:>3}"
        minutes = f"  {length_text(week.minutes * 60)}" if week.sessions else ""
        console.print(label + minutes)

    table = Table(box=None, pad_edge=False, header_style="bold", title_justify="left")
    for title in ("exercise", "sessions", "time"):
        table.add_column(title, justify="right" if title in ("sessions", "time") else "left")
    for item in stats.per_exercise:
        table.add_row(
            Text(item.title or item.exercise_id),
            str(item.sessions),
            length_text(item.minutes * 60),
        )
    console.print()
    console.print(table)
    _print_helped(console, stats)
    if stats.overlong_pauses:
        console.print(
            f"\n{_count(stats.overlong_pauses)} of pausing ran past a day; a break works "
            "best when you come back to talk well before that."
        )


def _print_helped(console: Console, stats: Stats) -> None:
    """Per exercise, each partner's average change and sessions: what helped most first."""
    from rich.table import Table
    from rich.text import Text

    console.print(
        "\nWhat helps you (distress before − after, × sessions with both; more is calmer):"
    )
    if not stats.helped:
        console.print("  Check in before and after a session to see this.")
        return
    names = list(dict.fromkeys(name for item in stats.helped for name in item.avg_change))
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("exercise")
    for name in names:
        table.add_column(Text(name), justify="right", no_wrap=True)
    for item in stats.helped:
        cells = []
        for name in names:
            change, count = item.avg_change.get(name), item.paired.get(name, 0)
            cells.append(Text("–" if change is None else f"{change:+.1f} ×{count}"))
        table.add_row(Text(item.title or item.exercise_id), *cells)
    console.print(table)
