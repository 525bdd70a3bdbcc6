"""Hard exits keep time: the real coreg in a pseudo-terminal, sent SIGTERM or SIGHUP (a closed
window) mid-break and mid-exercise; the log holds the time up to that moment and the terminal
is given back. A SIGKILL loses no more than one checkpoint's worth."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from benchmarks.pty_terminal import Terminal, environment, phase_words
from coreg.tui.guard import CHECKPOINT_SECONDS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and ptys")

PAUSE = [sys.executable, "-m", "coreg", "pause", "--minutes", "1", "--short-ok"]
RUN = [sys.executable, "-m", "coreg", "run", "heartbeat", "--first", "Alex"]


STARTED: list[Terminal] = []


@pytest.fixture(autouse=True)
def no_coreg_left_behind():
    """Whatever a test did, or however it failed, no coreg it started outlives it."""
    yield
    while STARTED:
        process = STARTED.pop().process
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def start(tmp_path: Path, argv: list[str]) -> Terminal:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "settings.json").write_text('{"name_a": "Alex", "name_b": "Sam"}')
    terminal = Terminal(argv, environment(tmp_path))
    STARTED.append(terminal)
    if argv is RUN:
        terminal.wait_for(b"Before you start", 30)
        # a distress number for one partner, the rest skipped: this start is a session to keep
        # (a start of under 10 seconds with nothing typed is not)
        terminal.send(b"6")
        time.sleep(0.3)
        terminal.send(b"\r")
        terminal.wait_for(b"step 1 of", 30)
    else:
        terminal.wait_for(phase_words("Breathe in", "Breathe out"), 30)
    return terminal


def sessions(tmp_path: Path) -> list[dict]:
    data = json.loads((tmp_path / "log.json").read_text())
    return list(data["sessions"].values())


def finish(terminal: Terminal, close_window: bool) -> bytes:
    seen = b""
    if close_window:
        os.close(terminal.master)
    deadline = time.monotonic() + 20
    while terminal.process.poll() is None and time.monotonic() < deadline:
        if not close_window:
            seen += terminal.read(0.1)
        else:
            time.sleep(0.05)
    if terminal.process.poll() is None:
        terminal.process.kill()
        pytest.fail("coreg did not leave after the signal")
    if not close_window:
        seen += terminal.read(0.2)
        os.close(terminal.master)
    return seen


@pytest.mark.parametrize("argv", [PAUSE, RUN], ids=["break", "exercise"])
@pytest.mark.parametrize(
    "how", ["SIGTERM", "SIGHUP", "SIGINT", "closed window", "closed window, no SIGHUP"]
)
def test_a_hard_exit_records_the_time_and_restores_the_terminal(tmp_path, argv, how):
    terminal = start(tmp_path, argv)
    terminal.drain(2.5)
    sent = time.monotonic()
    if how.startswith("closed window"):
        os.close(terminal.master)
        terminal.master = os.open("/dev/null", os.O_RDONLY)  # so finish() has one to close
        if how == "closed window":
            os.killpg(terminal.process.pid, signal.SIGHUP)
        # else: a terminal coreg does not control sends none; coreg must see that it has gone
    else:
        terminal.process.send_signal(getattr(signal, how))
    out = finish(terminal, close_window=False)
    assert time.monotonic() - sent < 20
    if not how.startswith("closed window"):
        assert terminal.process.returncode == 128 + getattr(signal, how)
    (session,) = sessions(tmp_path)
    assert session["ending"] == "interrupted"
    assert session["seconds"] >= 2.0  # the time up to the signal, not the first moment
    if not how.startswith("closed window"):
        assert out.rfind(b"\x1b[?1049l") > out.rfind(b"\x1b[?1049h")  # main screen again
        assert out.rfind(b"\x1b[?25h") > out.rfind(b"\x1b[?25l")  # cursor shown


def test_a_kill_loses_at_most_one_checkpoint(tmp_path):
    terminal = start(tmp_path, PAUSE)
    terminal.drain(CHECKPOINT_SECONDS + 1.5)
    os.killpg(terminal.process.pid, signal.SIGKILL)
    terminal.process.wait(10)
    os.close(terminal.master)
    (session,) = sessions(tmp_path)
    assert session["seconds"] >= CHECKPOINT_SECONDS - 0.5
