"""A program in a pseudo-terminal, its output read as it arrives: shared by the benchmarks."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from fcntl import ioctl
from pathlib import Path

CTRL_Q = b"\x11"


class Terminal:
    """A program in a pseudo-terminal (80×24 unless told); its output read with timestamps."""

    def __init__(
        self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)
    ) -> None:
        master, slave = pty.openpty()
        ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 65536)
        except OSError:
            return b""

    def wait_for(self, needle: bytes | re.Pattern[bytes], timeout: float = 20.0) -> float:
        """Seconds from the start until ``needle`` (bytes, or a pattern) appears in the output."""
        pattern = needle if isinstance(needle, re.Pattern) else re.compile(re.escape(needle))
        seen = b""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            chunk = self.read(0.05)
            seen = seen[-4096:] + chunk
            if pattern.search(seen):
                return time.perf_counter() - self.started
        raise TimeoutError(f"{needle!r} never appeared")

    def wait_for_all(
        self, markers: Sequence[bytes | re.Pattern[bytes]], timeout: float = 20.0
    ) -> float:
        """Seconds from the start until every one of ``markers`` has appeared in the output
        (each anywhere, in any order): the whole screen, not only its first part."""
        patterns = [m if isinstance(m, re.Pattern) else re.compile(re.escape(m)) for m in markers]
        seen = bytearray()
        searched_to = [0] * len(patterns)
        missing = set(range(len(patterns)))
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            seen += self.read(0.02)
            for index in list(missing):
                # a marker may straddle two reads: look again from a little before
                start = max(0, searched_to[index] - 512)
                if patterns[index].search(seen, start):
                    missing.discard(index)
                searched_to[index] = len(seen)
            if not missing:
                return time.perf_counter() - self.started
        raise TimeoutError(f"{[markers[i] for i in sorted(missing)]!r} never appeared")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        """Quit with ctrl+q, reading the output meanwhile as a terminal does (a program whose
        output nobody reads blocks on its next write); then SIGTERM, then SIGKILL."""
        for action in (lambda: os.write(self.master, CTRL_Q), self._term, self._kill):
            with contextlib.suppress(OSError):
                action()
            deadline = time.perf_counter() + 5
            while self.process.poll() is None and time.perf_counter() < deadline:
                self.read(0.05)
            if self.process.poll() is not None:
                break
        self.process.wait(timeout=5)
        os.close(self.master)

    def _term(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)

    def _kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def drain(self, seconds: float) -> bytes:
        """Read (and so keep the program drawing) for ``seconds``."""
        seen = b""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            seen += self.read(0.05)
        return seen


def phase_words(*words: str) -> re.Pattern[bytes]:
    """A pattern that finds any of the pacer's phase words on screen, written plainly or in
    its large three-row letters (their middle row is unique to each word)."""
    from coreg.tui.widgets.bigtext import big_rows

    shapes = []
    for word in words:
        shapes += [word.encode(), big_rows(word)[1].encode()]
    return re.compile(b"|".join(re.escape(shape) for shape in shapes))


def environment(folder: Path, size: tuple[int, int] = (80, 24)) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        COREG_DB=str(folder / "log.json"),
        COREG_CONFIG_DIR=str(folder / "config"),
        COREG_DATA_DIR=str(folder / "data"),
        COREG_CACHE_DIR=str(folder / "cache"),
        COLUMNS=str(size[0]),
        LINES=str(size[1]),
    )
    env.pop("TEXTUAL_THEME", None)
    # Measure what a person has: Python writes its bytecode caches (this machine's shell
    # turns that off, which would make every run compile coreg afresh).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def first_frame_times(
    programs: Sequence[tuple[str, list[str], Sequence[bytes | re.Pattern[bytes]]]],
    repeat: int,
    env: dict[str, str] | dict[str, dict[str, str]],
    size: tuple[int, int] = (80, 24),
) -> dict[str, list[float]]:
    """Seconds from start until every marker of a program shows, for each (name, argv,
    markers), alternated so all see the same machine; the first round warms the bytecode
    caches (and coreg's exercise cache) and is not counted. ``env`` is one environment for
    all, or one per name."""
    times: dict[str, list[float]] = {name: [] for name, _, _ in programs}
    for run in range(repeat + 1):
        for name, argv, markers in programs:
            own = env[name] if isinstance(env.get(name), dict) else env
            terminal = Terminal(argv, own, size)  # type: ignore[arg-type]
            try:
                took = terminal.wait_for_all(markers)
            finally:
                terminal.close()
            if run:
                times[name].append(took)
    return times


def spread(values: Sequence[float], unit: float = 1000.0) -> str:
    """``median 123  min 110  max 150`` (milliseconds unless told)."""
    return (
        f"median {statistics.median(values) * unit:6.0f}  "
        f"min {min(values) * unit:5.0f}  max {max(values) * unit:5.0f}"
    )


def ratio_line(label: str, ours: Sequence[float], base: Sequence[float], goal: float) -> bool:
    """Print the ratio of the medians against ``goal``; True when it is met."""
    ratio = statistics.median(ours) / statistics.median(base)
    verdict = "ok" if ratio <= goal else "OVER"
    print(f"  {label:<34} {ratio:5.2f} ×   goal ≤ {goal:g} × ({verdict})")
    return ratio <= goal


def load_line() -> str:
    """The machine's load when a figure was taken: other work makes every figure noisier."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def big_log(folder: Path, sessions: int = 50_000) -> Path:
    """A session log of ``sessions`` sessions, built as benchmarks/log.py builds its logs."""
    from log import build  # benchmarks/log.py: the log's own format and helpers

    path = folder / f"log-{sessions}.json"
    if not path.exists():
        build(path, sessions)
    return path
