"""The app: plain ``coreg`` opens it; ``coreg run ID`` goes straight into one exercise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def register(subparsers, parents) -> None:
    from coreg.commands.shared import add_cues_option, add_replay_option

    p = subparsers.add_parser("run", parents=parents, help="start one exercise straight away")
    p.add_argument("id", metavar="ID", help="an exercise id (see 'coreg list')")
    p.add_argument(
        "--first",
        metavar="NAME",
        help="who takes the first part (leads, speaks, …), without being asked",
    )
    add_cues_option(p)
    add_replay_option(p)
    p.set_defaults(func=run_exercise)


def run_app(args: argparse.Namespace) -> int:
    return launch(args)


def run_exercise(args: argparse.Namespace) -> int:
    from coreg.commands.library import find_exercise
    from coreg.commands.shared import UserError
    from coreg.library import load_library
    from coreg.settings import load_settings

    library = load_library()
    exercise = find_exercise(library, args.id)  # a clear message, before any screen opens
    if args.first:
        names = [name for name in load_settings()[0].names if name]
        if names and args.first.casefold() not in (name.casefold() for name in names):
            raise UserError(
                f"--first {args.first!r} is not one of your names: use {' or '.join(names)}."
            )
        if not exercise.parts_differ:
            args.first = None  # nobody starts: the partners' parts are the same throughout
    return launch(args, start="run", exercise_id=exercise.id, library=library)


def launch(
    args: argparse.Namespace,
    *,
    start: str = "home",
    exercise_id: str | None = None,
    pause_minutes: float = 20,
    pause_pattern: str = "extended-exhale",
    library=None,
) -> int:
    """Build the core objects and run the app until the couple leaves it."""
    # until the first frame: no collection, and threads take turns often (tui/firstframe.py)
    from coreg.tui import hold_start, release_start

    hold_start()
    from coreg.commands.shared import db_path
    from coreg.settings import load_settings
    from coreg.tui import CoregApp

    settings, settings_notice = load_settings()
    replay = getattr(args, "replay", None)
    straps = replayed_straps(replay) if replay is not None else paired_straps_of(settings)
    app = CoregApp(
        log=db_path(args),
        settings=settings,
        notices=[settings_notice] if settings_notice else [],
        start=start,
        exercise_id=exercise_id,
        first=getattr(args, "first", None),
        pause_minutes=pause_minutes,
        pause_pattern=pause_pattern,
        cue_style=getattr(args, "cues", None),
        library=library,
        collector_paused=True,
        hearts=straps.board if straps is not None else None,
    )
    recorder = start_recording(getattr(args, "record", None), straps)
    if straps is not None:
        straps.start()  # after the recorder: it keeps the first reading too
    try:
        app.run()
    finally:
        release_start()  # if the app ended before its first frame
        if straps is not None:
            straps.stop()
        if recorder is not None:
            recorder.close()
            if recorder.problem:
                print(f"coreg: {recorder.problem}", file=sys.stderr)
    return app.return_code or 0


def start_recording(path, straps):
    """``--record FILE``: every reading kept in FILE; UserError when there is nothing to
    record or the file can't be written."""
    if path is None:
        return None
    from coreg.commands.shared import UserError
    from coreg.sensors import Recorder, SensorError

    if straps is None:
        raise UserError(
            "Nothing to record: no strap is paired, or the sensors extra is not installed "
            "('coreg sensors' says which)."
        )
    try:
        recorder = Recorder(path, straps.board.clock)
    except SensorError as error:
        raise UserError(str(error)) from None
    straps.board.record = recorder
    return recorder


def replayed_straps(path):
    """Straps played back from ``path`` (not started yet); UserError if it is unusable."""
    from coreg.commands.shared import UserError
    from coreg.sensors import HeartBoard, SensorError, Straps, replay_straps

    board = HeartBoard([])
    try:
        names, pairs, factory = replay_straps(path, board.clock)
    except SensorError as error:
        raise UserError(str(error)) from None
    board = HeartBoard(names, board.clock)
    return Straps(pairs, board, factory)


def paired_straps_of(settings):
    """The paired heart straps, to connect on their own thread once started; None when no
    strap is paired or the sensors extra is not installed (then nothing about straps is shown
    or imported)."""
    if not settings.straps:
        return None
    from coreg.sensors import HeartBoard, Straps, bleak_installed, paired_straps

    pairs = paired_straps(settings)
    if not pairs or not bleak_installed():
        return None
    return Straps(pairs, HeartBoard(list(pairs)))
