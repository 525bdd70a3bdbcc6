"""The lock between processes: one writer at a time on a log file, released if its holder dies."""

from __future__ import annotations

import os
import time
from pathlib import Path

from coreg.log.regular import open_regular
from coreg.paths import ensure_private_dir

LOCK_TIMEOUT = 15.0  # seconds a writer waits for another coreg before giving up


class LockTimeout(Exception):
    pass


class FileLock:
    """An exclusive lock on ``<path>.lock`` (flock on POSIX, msvcrt elsewhere).

    Released by the operating system if the holder dies, so a killed coreg never blocks the next.
    """

    def __init__(self, path: Path, timeout: float = LOCK_TIMEOUT) -> None:
        real = Path(os.path.realpath(path))  # a symlinked log is locked next to its target
        self.path = real.with_name(real.name + ".lock")
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        ensure_private_dir(self.path.parent)
        fd = open_regular(self.path, os.O_RDWR | os.O_CREAT)
        deadline = time.monotonic() + self.timeout
        try:
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise LockTimeout(str(self.path))
                time.sleep(0.005)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
