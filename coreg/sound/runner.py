"""Running a player program off the UI thread: one sound at a time, never waited on.

Players start without a shell, in a session of their own, with every stream sent to DEVNULL,
so nothing they print reaches the screen. A newer cue silences an older one; a player still
running after its timeout is killed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from coreg.library import Cue
from coreg.sound.players import Found, Style
from coreg.sound.words import as_argument, group_words

GATHER_SECONDS = 0.03  # cues asked for this close together are played as one sound


_tone_dir: Path | None = None
_tone_lock = threading.Lock()


def tone_file(cues: Sequence[Cue]) -> Path:
    """The WAV for these cues played in a row, written once per run to a private temp folder."""
    global _tone_dir
    with _tone_lock:
        if _tone_dir is None or not _tone_dir.is_dir():
            _tone_dir = Path(tempfile.mkdtemp(prefix="coreg-tones-"))  # mode 0700
            atexit.register(shutil.rmtree, _tone_dir, True)
        path = _tone_dir / ("+".join(cue.value for cue in cues) + ".wav")
        if not path.exists():
            from coreg.sound.tones import render

            part = path.with_suffix(".part")
            part.write_bytes(render(cues))
            os.replace(part, path)
        return path


Popen = Callable[..., "subprocess.Popen[bytes]"]  # subprocess.Popen, or a test's stand-in
KillGroup = Callable[[int, int], None]  # os.killpg


class _Process:
    def __init__(self, popen: subprocess.Popen[bytes], deadline: float, killpg: KillGroup) -> None:
        self.popen = popen
        self.deadline = deadline
        self.stopped = False  # coreg ended it: its exit code says nothing about the player
        self._killpg = killpg

    def signal(self, sig: int) -> None:
        with contextlib.suppress(OSError):  # already gone
            self._killpg(self.popen.pid, sig)


_STOP = object()


class ProgramRunner:
    """Starts one player program at a time, on a thread of its own, and never waits for it.

    Cues asked for together (a new step and its first in-breath) become one sound; a newer
    sound silences an older one; a player still running after ``timeout`` is killed.

    ``popen`` (default ``subprocess.Popen``), ``killpg`` and ``clock`` are the operating
    system's; a test passes stand-ins.
    """

    def __init__(
        self,
        found: Found,
        timeout: float,
        gather: float | None = None,
        *,
        popen: Popen | None = None,
        killpg: KillGroup = os.killpg,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.found = found
        self.timeout = timeout
        self.gather = GATHER_SECONDS if gather is None else gather
        self._popen = subprocess.Popen if popen is None else popen  # looked up now, not at import
        self._killpg = killpg
        self._clock = clock
        self.failed = False  # the player exited with an error: fall back
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._running: list[_Process] = []
        self._thread: threading.Thread | None = None

    def submit(self, cue: Cue, text: str = "", seconds: float | None = None) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="coreg-cues", daemon=True)
            self._thread.start()
        self._queue.put((cue, text, seconds))

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=1.0)
        for process in list(self._running):
            process.signal(signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=0.2)  # reaped: no zombie left behind
        self._running.clear()

    def _loop(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=0.05 if self._running else None)
            except queue.Empty:
                item = None
            self._reap()
            if item is None:
                continue
            group = [item]
            while _STOP not in group and len(group) < 4:
                try:
                    group.append(self._queue.get(timeout=self.gather))
                except queue.Empty:
                    break
            if _STOP in group:
                return  # close() stops what still runs
            self._start(group)  # type: ignore[arg-type]

    def _reap(self) -> None:
        now = self._clock()
        for process in list(self._running):
            code = process.popen.poll()
            if code is not None:
                self._running.remove(process)
                if code > 0 and not process.stopped:
                    self.failed = True
            elif now >= process.deadline:
                process.signal(signal.SIGKILL)
                process.stopped = True
                process.deadline = now + 1.0

    def _start(self, group: list[tuple[Cue, str, float | None]]) -> None:
        now = self._clock()
        for process in self._running:  # the newer cue wins: an old one is out of date
            if not process.stopped:
                process.signal(signal.SIGTERM)
                process.stopped = True
                process.deadline = min(process.deadline, now + 1.0)
        program = self.found.program
        if program.style is Style.VOICE:
            last = as_argument(group_words(group))
        else:
            try:
                last = str(tone_file([cue for cue, _, _ in group]))
            except OSError:
                self.failed = True
                return
        argv = [self.found.path, *program.args, last]
        try:
            popen = self._popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            self.failed = True
            return
        self._running.append(_Process(popen, now + self.timeout, self._killpg))
