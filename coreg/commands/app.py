"""The app: plain ``coreg`` opens it; ``coreg run ID`` goes straight into one exercise."""

from __future__ import annotations

import argparse

from coreg.commands.shared import add_cues_option


def register(subparsers, parents) -> None:
    p = subparsers.add_parser("run", parents=parents, help="start one exercise straight away")
    p.add_argument("id", metavar="ID", help="an exercise id (see 'coreg list')")
    add_cues_option(p)
    p.set_defaults(func=run_exercise)


def run_app(args: argparse.Namespace) -> int:
    return launch(args)


def run_exercise(args: argparse.Namespace) -> int:
    from coreg.commands.library import find_exercise
    from coreg.library import load_library

    library = load_library()
    find_exercise(library, args.id)  # a clear message, before any screen opens
    return launch(args, start="run", exercise_id=args.id, library=library)


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
    from coreg.commands.shared import db_path
    from coreg.settings import load_settings
    from coreg.tui import CoregApp

    settings, settings_notice = load_settings()
    app = CoregApp(
        log=db_path(args),
        settings=settings,
        notices=[settings_notice] if settings_notice else [],
        start=start,
        exercise_id=exercise_id,
        pause_minutes=pause_minutes,
        pause_pattern=pause_pattern,
        cue_style=getattr(args, "cues", None),
        library=library,
    )
    app.run()
    return app.return_code or 0
