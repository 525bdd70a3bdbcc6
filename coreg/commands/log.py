"""Commands about the session log: ``coreg history``, ``export``, ``import``, ``delete``.

Top-level imports stay light (``coreg pause`` must start fast): the log, Rich and the
formatting helpers are imported inside the functions that use them.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from coreg.log import SessionLog, Stats


def register(subparsers, parents) -> None:
    p = subparsers.add_parser(
        "history", parents=parents, help="recent sessions: when, what, how long, how it helped"
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--stats", action="store_true", help="totals, weeks, streak and changes")
    p.set_defaults(func=run_history)

    p = subparsers.add_parser("export", parents=parents, help="every session, as JSON or CSV")
    p.add_argument("--format", choices=("json", "csv"), default="json", help="default: json")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    p.set_defaults(func=run_export)

    p = subparsers.add_parser(
        "import", parents=parents, help="add sessions from an export (a backup, another laptop)"
    )
    p.add_argument("file", metavar="FILE", help="a file written by `coreg export` (- for stdin)")
    p.set_defaults(func=run_import)

    p = subparsers.add_parser("delete", parents=parents, help="delete one session, or all of them")
    p.add_argument("id", nargs="?", metavar="ID", help="the session's id (its first characters do)")
    p.add_argument("--all", action="store_true", help="delete every session (asks first)")
    p.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    p.set_defaults(func=run_delete)


# ------------------------------------------------------------------------------ shared helpers


def _log_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A LogError becomes one calm line for the person, never a traceback.

    Every log the command opened (``_open_log``) is closed when it returns, however it ends.
    """

    @functools.wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        from coreg.commands.shared import UserError
        from coreg.log import LogError

        with contextlib.ExitStack() as opened:
            args.opened_logs = opened
            try:
                return func(args)
            except LogError as error:
                raise UserError(str(error), code=1) from None

    return wrapper


def _open_log(args: argparse.Namespace) -> SessionLog:
    """The log named by --db / COREG_DB / the data folder, read, with any notice shown.

    It is closed when the command returns (see ``_log_errors``).
    """
    from coreg.commands.shared import db_path
    from coreg.log import SessionLog

    log = args.opened_logs.enter_context(SessionLog(db_path(args)))
    log.open()
    if log.notice:
        print(f"coreg: {log.notice}", file=sys.stderr)
    return log


def stats_now() -> datetime | None:
    """The moment the stats are "as of": ``None`` is this computer's clock and zone.

    Tests replace it with a fixed moment, so a week boundary never depends on when they run.
    """
    return None


def _console() -> Console:
    """Rich output; when piped, wide enough that a table's rows stay on one line each."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160
    return console


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


# ------------------------------------------------------------------------------ history


@_log_errors
def run_history(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError

    if args.limit < 1:
        raise UserError("--limit needs a number of sessions, 1 or more")
    log = _open_log(args)
    if args.stats:
        stats = log.stats(now=stats_now())
        if args.json:
            print(json.dumps(_stats_json(stats), indent=2, ensure_ascii=False))
        else:
            _print_stats(stats)
        return 0
    sessions = log.recent(args.limit)
    if args.json:
        print(json.dumps([_session_json(s) for s in sessions], indent=2, ensure_ascii=False))
        return 0
    console = _console()
    if not sessions:
        console.print("No sessions yet. They appear here after your first exercise or pause.")
        return 0
    _print_table(console, sessions)
    total = log.count()
    if total > len(sessions):
        console.print(
            f"The {len(sessions)} most recent of {total} sessions. "
            "`coreg history --limit N` shows more."
        )
    if log.unreadable:
        console.print(
            f"{_sessions(log.unreadable)} in the log could not be read; "
            "they are kept in the file as they are."
        )
    return 0


def _session_json(session: Any) -> dict[str, Any]:
    from coreg.log import is_overlong_pause, session_to_row

    row = session_to_row(session)
    row["flags"] = ["pause-over-24h"] if is_overlong_pause(session) else []
    return row


def _print_table(console: Console, sessions: list[Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    from coreg.log import history_row

    table = Table(box=None, pad_edge=False, header_style="bold")
    for title in ("id", "when", "exercise", "length", "ended", "before → after"):
        table.add_column(title, no_wrap=title in ("id", "when", "length"))
    for session in sessions:
        cells = history_row(session)
        table.add_row(Text(session.id[:8], style="dim"), *(Text(cell) for cell in cells))
    console.print(table)


def _stats_json(stats: Stats) -> dict[str, Any]:
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
    }


def _change_text(change: float | None) -> str:
    if change is None:
        return "no before-and-after yet"
    if abs(change) < 0.05:
        return "about the same after"
    direction = "calmer" if change > 0 else "more distressed"
    return f"{abs(change):.1f} {direction} after, on average"


def _print_stats(stats: Stats) -> None:
    from rich.table import Table
    from rich.text import Text

    from coreg.library import format_duration

    console = _console()
    if not stats.sessions:
        console.print("No sessions yet. The numbers appear here after your first exercise.")
        return
    streak = f"{stats.streak_days} day" + ("" if stats.streak_days == 1 else "s")
    console.print(
        f"{_sessions(stats.sessions)}, {format_duration(round(stats.minutes) * 60)} practised. "
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
        minutes = f"  {format_duration(round(week.minutes) * 60)}" if week.sessions else ""
        console.print(label + minutes)

    table = Table(box=None, pad_edge=False, header_style="bold", title_justify="left")
    for title in ("exercise", "sessions", "time", "change (before − after)"):
        table.add_column(title, justify="right" if title in ("sessions", "time") else "left")
    for item in stats.per_exercise:
        changes = " · ".join(
            f"{name} {change:+.1f}" if change is not None else f"{name} –"
            for name, change in item.avg_change.items()
        )
        table.add_row(
            Text(item.title or item.exercise_id),
            str(item.sessions),
            format_duration(round(item.minutes) * 60),
            Text(changes),
        )
    console.print()
    console.print(table)
    if stats.overlong_pauses:
        console.print(
            f"\n{_sessions(stats.overlong_pauses)} of pausing ran past a day; a break works "
            "best when you come back to talk well before that."
        )


# ------------------------------------------------------------------------------ export / import


@_log_errors
def run_export(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError

    log = _open_log(args)
    text = log.export(args.format)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    from coreg.log import write_atomic

    target = Path(args.output).expanduser()
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name, like {target / 'coreg.json'}")
    try:
        write_atomic(target, text)
    except OSError as error:
        raise UserError(f"could not write {target}: {error.strerror or error}", code=1) from None
    count = log.count() - log.unreadable
    print(f"Exported {_sessions(count)} to {target}.", file=sys.stderr)
    return 0


@_log_errors
def run_import(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError

    source = "standard input" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except FileNotFoundError:
        raise UserError(f"{args.file}: there is no such file") from None
    except IsADirectoryError:
        raise UserError(f"{args.file} is a folder; give the file `coreg export` wrote") from None
    except OSError as error:
        raise UserError(f"could not read {args.file}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            f"{source} is not a coreg export (it is not text). Nothing was imported."
        ) from None
    log = _open_log(args)
    result = log.import_(text)
    if result.added and result.skipped:
        message = f"Imported {_sessions(result.added)}; {result.skipped} were already in the log."
    elif result.added:
        message = f"Imported {_sessions(result.added)}."
    elif result.skipped:
        message = f"Nothing new: all {_sessions(result.skipped)} were already in the log."
    else:
        message = "That export holds no sessions; nothing was imported."
    print(message)
    return 0


# ------------------------------------------------------------------------------ delete


@_log_errors
def run_delete(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError

    if args.all == bool(args.id):
        raise UserError("give the id of one session, or --all (`coreg history` shows the ids)")
    log = _open_log(args)
    if args.all:
        return _delete_all(log, args.yes)
    session = log.get(args.id)
    if session is None and len(args.id.strip()) < 4:
        raise UserError(
            "give at least the first 4 characters of the id (`coreg history` shows them)"
        )
    if session is None:
        raise UserError(f"no session has the id {args.id!r}; `coreg history` shows the ids")
    from coreg.log import when_text

    log.delete(session.id)
    print(f"Deleted the session of {when_text(session.started_at)} ({session.exercise_title}).")
    return 0


def _delete_all(log: SessionLog, yes: bool) -> int:
    from coreg.commands.shared import UserError

    count = log.count()
    if not count:
        print("The log is already empty.")
        return 0
    if not yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UserError(
                f"this would delete all {_sessions(count)}; with no terminal to ask in, "
                "add --yes to confirm"
            )
        print("This cannot be undone (`coreg export -o FILE` keeps a copy first).")
        answer = input(f"Delete all {_sessions(count)}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    deleted = log.delete_all()
    print(f"Deleted all {_sessions(deleted)}.")
    return 0
