"""Commands about the session log: ``coreg history``, ``export``, ``import``, ``delete``.

Top-level imports stay light (``coreg pause`` must start fast): the log, Rich and the
formatting helpers are imported inside the functions that use them.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from coreg.log import SessionLog


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
    from coreg.commands.output import console

    return console(width=160)


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


# ------------------------------------------------------------------------------ history


@_log_errors
def run_history(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError

    if args.limit < 1:
        raise UserError("--limit needs a number of sessions, 1 or more")
    from coreg.collector import no_collection

    # The whole log is read and nothing becomes garbage: the collector would only walk every
    # row again and again (a third of the time at 10,000 sessions).
    with no_collection():
        return _history(args)


def _history(args: argparse.Namespace) -> int:
    from coreg.commands.output import print_json

    log = _open_log(args)
    if args.stats:
        from coreg.commands.stats import print_stats, stats_json

        stats = log.stats(now=stats_now())
        if args.json:
            print_json(stats_json(stats))
        else:
            print_stats(stats, _console())
        return 0
    sessions = log.recent(args.limit)
    if args.json:
        print_json([_session_json(s) for s in sessions])
        return 0
    if not sessions:
        print("No sessions yet. They appear here after your first exercise or pause.")
        return 0
    _print_table(sessions)
    total = log.count()
    if total > len(sessions):
        from coreg.commands.output import wrapped_for

        more = f"The {len(sessions)} most recent of {total} sessions. "
        print(wrapped_for(sys.stdout, more + "`coreg history --limit N` shows more."))
    if log.unreadable:
        print(
            f"{_sessions(log.unreadable)} in the log could not be read; "
            "they are kept in the file as they are."
        )
    return 0


def _session_json(session: Any) -> dict[str, Any]:
    from coreg.log import is_overlong_pause, session_to_row

    row = session_to_row(session)
    row["flags"] = ["pause-over-24h"] if is_overlong_pause(session) else []
    return row


def _print_table(sessions: list[Any]) -> None:
    """One line a session, plain (no Rich: it would cost more than the rest of the command).

    On a narrow terminal the ending is said in a word, then the exercise's name is shortened,
    then the ending goes: each partner's before → after stays whole.
    """
    from coreg.commands.table import cut, print_table, table_width, terminal_width
    from coreg.log import history_cells

    cells = [(s.id[:8], history_cells(s)) for s in sessions]
    full = ("id", "when", "exercise", "length", "ended", "before → after")
    shapes: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = [
        (full, [(i, c.when, c.exercise, c.length, c.ended, c.change) for i, c in cells]),
        (full, [(i, c.when, c.exercise, c.length, c.ended_short, c.change) for i, c in cells]),
        (full[:4] + full[5:], [(i, c.when, c.exercise, c.length, c.change) for i, c in cells]),
    ]
    room = terminal_width()
    fitting = [s for s in shapes if room is None or table_width(*s, shrink=2) <= room]
    if fitting:
        print_table(*fitting[0], shrink=2, dim=0)
        return
    for session_id, c in cells:  # too narrow for any table: a few lines a session
        print(cut(f"{session_id}  {c.when}  {c.exercise}", room or 80))
        print(f"  {c.length}, {c.ended_short}")
        for part in c.change.split(" · "):
            print(f"  {part}")


# ------------------------------------------------------------------------------ export / import


@_log_errors
def run_export(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError

    log = _open_log(args)
    text = log.export(args.format)
    if log.unreadable:  # a backup that leaves sessions out says so
        print(
            f"coreg: {_sessions(log.unreadable)} in the log could not be read and "
            f"{'is' if log.unreadable == 1 else 'are'} not in this export; "
            f"{'it stays' if log.unreadable == 1 else 'they stay'} in {log.path} as "
            f"{'it is' if log.unreadable == 1 else 'they are'}.",
            file=sys.stderr,
        )
    if not args.output or args.output in ("-", "/dev/stdout"):
        sys.stdout.write(text)  # the screen: control characters shown, never obeyed
        return 0
    from coreg.log import write_atomic

    target = Path(args.output).expanduser()
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name, like {target / 'coreg.json'}")
    try:
        write_atomic(target, text)
    except OSError as error:
        raise UserError(
            f"could not write {target}: {error.strerror or error}. coreg writes exports to "
            "regular files only (`-o -` writes to the screen or a pipe).",
            code=1,
        ) from None
    count = log.count() - log.unreadable
    print(f"Exported {_sessions(count)} to {target}.", file=sys.stderr)
    return 0


@_log_errors
def run_import(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError
    from coreg.log import MAX_IMPORT, too_big_message

    source = "standard input" if args.file == "-" else args.file
    try:
        data = _read_import(args.file, MAX_IMPORT + 1)
    except FileNotFoundError:
        raise UserError(f"{args.file}: there is no such file") from None
    except IsADirectoryError:
        raise UserError(f"{args.file} is a folder; give the file `coreg export` wrote") from None
    except OSError as error:
        raise UserError(
            f"could not read {args.file}: {error.strerror or error}. "
            "(`coreg import - < FILE` reads from a pipe.)"
        ) from None
    if len(data) > MAX_IMPORT:  # refused after reading no more than the limit
        raise UserError(too_big_message(_size_of(args.file, len(data))))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            f"{source} is not a coreg export (it is not text). Nothing was imported."
        ) from None
    del data  # a long export: hold its text once, not twice
    log = _open_log(args)
    result = log.import_(text, *_earlier_files(args.file))
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


def _earlier_files(name: str) -> list[str]:
    """The earlier files beside another computer's log file (``log.earlier/*.json``), whose
    sessions belong to it; none for an export or standard input."""
    from coreg.log import MAX_IMPORT

    folder = Path(name).with_name(f"{Path(name).stem}.earlier")
    if name == "-" or not folder.is_dir():
        return []
    texts = []
    for file in sorted(folder.glob("[0-9][0-9][0-9][0-9][0-9][0-9].json")):
        try:
            texts.append(_read_import(str(file), MAX_IMPORT).decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # a damaged earlier file: its log's own coreg sets it aside
    return texts


def _read_import(name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file (or of standard input): a FIFO never blocks."""
    if name == "-":
        return sys.stdin.buffer.read(limit)
    from coreg.log import open_regular

    with os.fdopen(open_regular(Path(name)), "rb") as handle:
        return handle.read(limit)


def _size_of(name: str, read: int) -> int:
    try:
        return os.stat(name).st_size if name != "-" else read
    except OSError:
        return read


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
