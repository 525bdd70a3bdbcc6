"""What every command shares: the error a person can fix, the log's path, the cue option.

It sits below both ``cli.py`` and the command modules, so neither has to import the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

CUE_CHOICES = ("bell", "tone", "voice", "off")


class UserError(Exception):
    """A problem the person can fix; shown as one calm line, never a traceback."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def db_path(args: argparse.Namespace) -> Path:
    """The session log named by ``--db``, else ``COREG_DB``, else the platform's data folder."""
    from coreg.paths import default_db_path

    given = getattr(args, "db", None)
    return Path(given).expanduser() if given else default_db_path()


def add_cues_option(parser: argparse.ArgumentParser) -> None:
    import argparse

    parser.add_argument(
        "--cues",
        choices=CUE_CHOICES,
        default=argparse.SUPPRESS,
        help="how cues sound this time: bell, tone, voice or off (default: your settings)",
    )


def add_replay_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--replay",
        metavar="FILE",
        type=Path,
        default=None,
        help="heart straps played back from a file (JSON Lines: t, partner, bpm, rr), "
        "as live straps would",
    )
    parser.add_argument(
        "--record",
        metavar="FILE",
        type=Path,
        default=None,
        help="keep every heart-strap reading in FILE, to play back later with --replay",
    )
