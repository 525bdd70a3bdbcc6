"""Only regular files are read and written: a FIFO or a device is refused with a message (never
opened in a way that blocks, never replaced by a file), and a symlinked log is written through its
link, so the link survives.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

FILE_MODE = 0o600


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: coreg reads and writes only files."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, f"it is {kind_of(mode)}, not a regular file", str(path))


def kind_of(mode: int) -> str:
    for test, words in (
        (stat.S_ISFIFO, "a FIFO (a named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return words
    return "not a file"


def regular_target(path: Path) -> Path:
    """The file to write in place of ``path``: the path itself, or, for a symlink, the file it
    points to (so the link survives). NotRegularFile if that is there and is not a file."""
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    return target


def open_regular(path: Path, flags: int = os.O_RDONLY, mode: int = FILE_MODE) -> int:
    """``os.open`` that never blocks on a FIFO and refuses anything but a regular file."""
    nonblock = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs to block on
    extra = nonblock | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags | extra, mode)
    try:
        found = os.fstat(fd).st_mode
        if not stat.S_ISREG(found):
            raise NotRegularFile(path, found)
        if nonblock:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd
