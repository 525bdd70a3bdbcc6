"""What the log tells a person when a file is busy, damaged or moved aside: worded once, here."""

from __future__ import annotations

from pathlib import Path

from coreg.log.file import DamagedFile
from coreg.log.rows import FORMAT


def busy(path: Path, waited: float) -> str:
    return (
        f"The session log at {path} is busy: another coreg has been saving to it "
        f"for {waited:.0f} seconds. Close the other coreg and try again."
    )


def cannot_move(path: Path, reason: str, error: OSError) -> str:
    return (
        f"The session log at {path} cannot be read ({reason}), and coreg "
        f"could not move it aside ({error.strerror}). Move it somewhere safe and try again."
    )


def started_afresh(where: Path, aside: Path, damage: DamagedFile) -> str:
    if damage.newer is not None:
        return (
            f"The session log at {where} was written by a newer coreg (log format "
            f"{damage.newer}; this one reads format {FORMAT}). It was moved to {aside}, "
            "so nothing in it is lost, and a new log was started. After updating coreg, "
            f"`coreg import {aside}` brings those sessions back."
        )
    return (
        f"The session log at {where} could not be read: {damage.reason}. It was "
        f"moved to {aside}, so nothing in it is lost, and a new log was started."
    )


def earlier_moved(aside: Path, reason: str) -> str:
    return (
        f"A file of earlier sessions could not be read: {reason}. It was moved to "
        f"{aside.absolute()}, so nothing in it is lost; the other sessions are all here."
    )


def earlier_unopened(path: Path, why: str) -> str:
    return (
        f"A file of earlier sessions could not be opened ({path.absolute()}: {why}). It is left "
        "as it is, and its sessions are not shown until it can be opened."
    )
