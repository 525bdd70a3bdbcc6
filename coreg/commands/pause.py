"""``coreg pause``: a full-screen breath pacer at once, with a time-out countdown."""

from __future__ import annotations

import argparse


def register(subparsers, parents) -> None:
    from coreg.commands.shared import add_cues_option, add_replay_option

    parser = subparsers.add_parser(
        "pause",
        parents=parents,
        help="the breath timer for pausing a conflict",
        description=(
            "A breath pacer at once, and a time-out: 20 minutes by default, with the time to "
            "come back and a line to say before you leave. --minutes 0 is a plain breath "
            "timer with no time-out."
        ),
    )
    parser.add_argument(
        "--minutes",
        metavar="N",
        type=_minutes,
        default=20.0,
        help="length of the time-out (default 20, at least 20; 0: just breathe, no time-out)",
    )
    parser.add_argument(
        "--short-ok",
        action="store_true",
        help="allow a time-out shorter than 20 minutes",
    )
    parser.add_argument(
        "--pattern",
        metavar="NAME",
        default="extended-exhale",
        help="the breath to start with: extended-exhale (in 4, out 6; the default), box, "
        "4-7-8, resonance (in and out 5.5), resonance-5 (six breaths a minute), cyclic-sigh "
        "(keys 1 to 6 in the pause pick them in this order) or ours (the shared pace you "
        "found in the app)",
    )
    add_cues_option(parser)
    add_replay_option(parser)
    parser.set_defaults(func=run)


def _minutes(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of minutes (try 20, or 0 for no time-out)"
        ) from None


def run(args: argparse.Namespace) -> int:
    from coreg.commands.shared import UserError
    from coreg.pause import PauseOptionError, check_options

    try:
        options = check_options(args.minutes, args.pattern, short_ok=args.short_ok)
    except PauseOptionError as error:
        raise UserError(str(error)) from None
    from coreg.commands.app import launch

    return launch(args, start="pause", pause_minutes=options.minutes, pause_pattern=options.pattern)
