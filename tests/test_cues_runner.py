"""Player programs without processes: the runner and the fallbacks on stand-ins for the system.

``ProgramRunner`` is given a fake ``Popen``, ``killpg`` and clock: no program starts, no signal
reaches a real process, and a player's timeout passes when the test moves the clock. The
runner's thread is real, so a test waits (with a deadline) for what it is waiting for, never
sleeps to prove that nothing happened: a later cue is the marker, since the runner reaps what
has ended before it starts the next sound. (tests/test_cues_players.py does the same through
real programs; tests/test_cues_fallback.py has the fallbacks from one player to the next.)
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coreg.library import Cue
from coreg.sound import Style, runner, tones
from coreg.sound.players import Found, programs
from coreg.sound.runner import ProgramRunner

TERM, KILL = signal.SIGTERM, signal.SIGKILL


def found(name: str) -> Found:
    (program,) = (
        p for s in (Style.TONE, Style.VOICE) for p in programs(s, "linux") if p.name == name
    )
    return Found(program, f"/fake/bin/{name}")


class FakeChild:
    """A player that never runs: it ends when the test says, or of the signals it obeys."""

    def __init__(self, system: FakeSystem, argv: list[str], kwargs: dict, pid: int) -> None:
        self.system, self.argv, self.kwargs, self.pid = system, argv, kwargs, pid
        self.returncode: int | None = None
        self.signals: list[int] = []
        self.waits: list[float | None] = []
        self.dies_of = set(system.dies_of)
        self.vanished = False

    @property
    def said(self) -> str:
        return self.argv[-1]

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self.waits.append(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(self.argv, timeout or 0)
        return self.returncode

    def exit(self, code: int) -> None:
        self.returncode = code


class FakeSystem:
    """``popen``, ``killpg`` and ``clock`` for a runner, shared with its thread."""

    FIRST_PID = 10**9  # past any real pid: a real killpg reached by mistake finds nobody

    def __init__(self) -> None:
        self.now = 100.0
        self.children: list[FakeChild] = []
        self.events: list[tuple[str, int, int]] = []  # ("start", pid, 0), ("signal", pid, sig)
        self.dies_of = {TERM, KILL}
        self.refuse: OSError | None = None
        self.gate = threading.Event()  # cleared: popen waits, so later cues queue up
        self.gate.set()
        self.entered = threading.Event()
        self._changed = threading.Condition()

    def clock(self) -> float:
        return self.now

    def popen(self, argv: list[str], **kwargs: object) -> FakeChild:
        refuse = self.refuse
        self.entered.set()
        assert self.gate.wait(5), "the test never opened the gate"
        if refuse is not None:
            raise refuse
        with self._changed:
            child = FakeChild(self, argv, kwargs, self.FIRST_PID + len(self.children))
            self.children.append(child)
            self.events.append(("start", child.pid, 0))
            self._changed.notify_all()
        return child

    def killpg(self, pid: int, sig: int) -> None:
        with self._changed:
            child = next((c for c in self.children if c.pid == pid), None)
            if child is None or child.returncode is not None or child.vanished:
                raise ProcessLookupError(pid)
            child.signals.append(sig)
            self.events.append(("signal", pid, sig))
            if sig in child.dies_of:
                child.returncode = -sig
            self._changed.notify_all()

    def until(self, ready: Callable[[], bool], within: float = 5.0) -> None:
        """Wait for ``ready()``: woken by the runner's thread, or checked every 10 ms."""
        deadline = time.monotonic() + within  # a bound on the wait, not a time under test
        with self._changed:
            while not ready():
                left = deadline - time.monotonic()
                assert left > 0, "it never happened"
                self._changed.wait(min(left, 0.01))

    def started(self, count: int) -> list[FakeChild]:
        self.until(lambda: len(self.children) >= count)
        return self.children


@pytest.fixture
def system() -> FakeSystem:
    return FakeSystem()


@pytest.fixture
def make_runner(system: FakeSystem) -> Iterator[Callable[..., ProgramRunner]]:
    made: list[ProgramRunner] = []

    def make(name: str = "espeak-ng", timeout: float = 4.0) -> ProgramRunner:
        made.append(
            ProgramRunner(
                found(name), timeout, popen=system.popen, killpg=system.killpg, clock=system.clock
            )
        )
        return made[-1]

    yield make
    for each in made:
        each.close()


def hold_and_queue(system: FakeSystem, run: ProgramRunner, first: tuple, *queued: tuple) -> None:
    """Start ``first`` but keep the runner inside popen until every ``queued`` cue is waiting."""
    system.gate.clear()
    system.entered.clear()
    run.submit(*first)
    assert system.entered.wait(5)
    for item in queued:
        run.submit(*item)
    system.gate.set()


# --------------------------------------------------------------------------------------------
# Starting a player


def test_a_cue_is_spoken_by_the_program_with_its_arguments_and_no_shell(system, make_runner):
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "Breathe in", 4.0)
    (child,) = system.started(1)
    assert child.argv == ["/fake/bin/espeak-ng", "-s", "175", "-z", "Breathe in"]
    assert child.kwargs == {
        "stdin": subprocess.DEVNULL,  # nothing it prints reaches the screen
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "start_new_session": True,  # its own group: stopping it stops what it started
    }


def test_words_that_look_like_an_option_are_still_said_as_words(system, make_runner):
    run = make_runner("spd-say")
    run.submit(Cue.STEP, "-w /tmp/x.wav")
    (child,) = system.started(1)
    assert child.argv == ["/fake/bin/spd-say", "-w", " -w /tmp/x.wav"]


def test_a_tone_is_played_from_a_file_of_exactly_that_tone(system, make_runner):
    run = make_runner("aplay")
    run.submit(Cue.OUT)
    (child,) = system.started(1)
    assert child.argv[:2] == ["/fake/bin/aplay", "-q"]
    assert Path(child.said).read_bytes() == tones.render([Cue.OUT])


def test_cues_asked_for_together_are_one_sound_of_at_most_four(system, make_runner):
    run = make_runner("espeak-ng")
    hold_and_queue(
        system,
        run,
        (Cue.END, "marker"),
        (Cue.STEP, "Hand on heart", None),
        (Cue.IN, "Breathe in", None),
        (Cue.HALFWAY, "Halfway", None),
        (Cue.LAST, "Last seconds", None),
        (Cue.OUT, "Breathe out", None),
    )
    said = [child.said for child in system.started(3)]
    assert said == [
        "marker",
        "Hand on heart. Breathe in. Halfway. Last seconds",
        "Breathe out",
    ]


def test_tones_asked_for_together_are_one_file(system, make_runner):
    run = make_runner("paplay")
    hold_and_queue(system, run, (Cue.END,), (Cue.STEP,), (Cue.IN,))
    together = Path(system.started(2)[1].said)
    assert together.read_bytes() == tones.render([Cue.STEP, Cue.IN])
    assert together != Path(system.children[0].said)


def test_a_lone_cue_is_not_held_back_waiting_for_company(system, make_runner):
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "Breathe in")
    assert system.started(1)[0].said == "Breathe in"  # within the wait, with nothing after it


# --------------------------------------------------------------------------------------------
# Stopping a player


def test_a_newer_cue_stops_the_older_one_before_it_sounds(system, make_runner):
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "Breathe in")
    first = system.started(1)[0]
    run.submit(Cue.OUT, "Breathe out")
    second = system.started(2)[1]
    assert first.signals == [TERM]
    assert system.events.index(("signal", first.pid, TERM)) < system.events.index(
        ("start", second.pid, 0)
    )  # never two voices at once
    assert second.signals == []


def test_an_old_player_that_ignores_the_stop_is_killed_a_second_later(system, make_runner):
    system.dies_of = {KILL}
    run = make_runner("espeak-ng", timeout=4.0)
    run.submit(Cue.IN, "one")
    a = system.started(1)[0]
    run.submit(Cue.OUT, "two")  # a: stopped at 100.0
    b = system.started(2)[1]
    system.now = 100.9
    run.submit(Cue.IN, "three")
    c = system.started(3)[2]
    assert a.signals == [TERM]  # not yet: a second has not passed
    assert b.signals == [TERM]
    system.now = 101.0
    run.submit(Cue.OUT, "four")
    system.started(4)
    assert a.signals == [TERM, KILL]
    assert b.signals == [TERM]  # its second runs to 101.9
    assert c.signals == [TERM]


def test_a_player_still_running_at_its_timeout_is_killed_with_no_cue_after_it(system, make_runner):
    run = make_runner("paplay", timeout=4.0)
    run.submit(Cue.END)  # the last cue of an exercise: nothing else will wake the runner
    (child,) = system.started(1)
    system.now = 104.0
    system.until(lambda: child.signals == [KILL])
    assert not run.failed  # coreg ended it: that is not the player failing


def test_a_player_is_not_killed_before_its_timeout(system, make_runner):
    run = make_runner("paplay", timeout=4.0)
    run.submit(Cue.END)
    (child,) = system.started(1)
    system.now = 103.99
    run.submit(Cue.IN)  # the runner reaps (no kill yet), then stops it for the newer cue
    system.started(2)
    assert child.signals == [TERM]


def test_a_player_that_cannot_be_killed_is_killed_again_each_second(system, make_runner):
    run = make_runner("espeak-ng", timeout=4.0)
    system.dies_of = set()  # stuck in the kernel, say: every signal is lost
    run.submit(Cue.IN, "stuck")
    stuck = system.started(1)[0]
    system.now = 104.0
    system.until(lambda: stuck.signals == [KILL])
    system.dies_of = {TERM, KILL}
    system.now = 104.5
    run.submit(Cue.OUT, "next")  # the stuck one was already stopped: no second signal yet
    nxt = system.started(2)[1]
    assert stuck.signals == [KILL]
    system.now = 105.0
    run.submit(Cue.IN, "after")
    system.started(3)
    assert stuck.signals == [KILL, KILL]
    assert nxt.signals == [TERM]
    assert not run.failed


# --------------------------------------------------------------------------------------------
# Failing: the player cannot play, so the cue player falls back


def test_a_player_that_exits_with_an_error_is_marked_failed(system, make_runner):
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "Breathe in")
    system.started(1)[0].exit(1)
    run.submit(Cue.OUT, "marker")  # the runner reaps before it starts the next sound
    system.started(2)
    assert run.failed


def test_a_player_that_ends_well_is_not_failed(system, make_runner):
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "Breathe in")
    system.started(1)[0].exit(0)
    run.submit(Cue.OUT, "marker")
    system.started(2)
    assert not run.failed


def test_a_player_stopped_by_a_newer_cue_is_not_failed_by_its_exit_code(system, make_runner):
    system.dies_of = set()
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "Breathe in")
    first = system.started(1)[0]
    run.submit(Cue.OUT, "Breathe out")
    system.started(2)
    first.exit(143)  # a shell wrapper's way of saying "terminated"
    run.submit(Cue.IN, "marker")
    system.started(3)
    assert not run.failed


def test_a_program_that_cannot_start_is_marked_failed(system, make_runner):
    run = make_runner("espeak-ng")
    system.refuse = FileNotFoundError("/fake/bin/espeak-ng")  # uninstalled mid-session
    run.submit(Cue.IN, "Breathe in")
    assert system.entered.wait(5)
    system.refuse = None
    run.submit(Cue.OUT, "marker")
    assert [c.said for c in system.started(1)] == ["marker"]
    assert run.failed


def test_a_tone_that_cannot_be_written_is_marked_failed(system, make_runner, monkeypatch):
    def full(group):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runner, "tone_file", full)
    run = make_runner("paplay")
    run.submit(Cue.IN)
    system.until(lambda: run.failed)
    assert system.children == []


# --------------------------------------------------------------------------------------------
# Closing: nothing is left running


def test_close_kills_and_reaps_every_player_still_running(system, make_runner):
    system.dies_of = {KILL}
    run = make_runner("espeak-ng")
    before = set(threading.enumerate())
    run.submit(Cue.IN, "one")
    (thread,) = (t for t in threading.enumerate() if t not in before and t.name == "coreg-cues")
    system.started(1)
    run.submit(Cue.OUT, "two")
    a, b = system.started(2)
    run.close()
    assert a.signals == [TERM, KILL] and b.signals == [KILL]
    assert a.returncode is not None and b.returncode is not None
    assert a.waits and b.waits  # reaped: no zombie left behind
    assert not thread.is_alive()
    assert thread.daemon  # a runner never keeps coreg from exiting


def test_close_never_hangs_on_a_player_that_will_not_die(system, make_runner):
    system.dies_of = set()
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "stuck")
    (stuck,) = system.started(1)
    run.close()
    assert stuck.signals == [KILL]
    (waited,) = stuck.waits
    assert waited is not None and 0 < waited <= 0.5


def test_close_does_not_mind_a_player_whose_group_is_already_gone(system, make_runner):
    run = make_runner("espeak-ng")
    run.submit(Cue.IN, "short")
    (child,) = system.started(1)
    child.vanished = True  # its group ended between two looks: killpg finds nobody
    run.close()  # no exception: close carries on and waits for it a moment
    assert child.signals == [] and child.waits


def test_without_a_popen_the_runner_starts_programs_with_subprocess(system, monkeypatch):
    monkeypatch.setattr(runner.subprocess, "Popen", system.popen)  # as a spy would, at run time
    run = ProgramRunner(found("paplay"), 4.0, killpg=system.killpg, clock=system.clock)
    try:
        run.submit(Cue.IN)
        assert system.started(1)[0].argv[0] == "/fake/bin/paplay"
    finally:
        run.close()


def test_closing_a_runner_that_never_played_is_fine(make_runner):
    make_runner("paplay").close()


# --------------------------------------------------------------------------------------------
# Tone files


def test_the_tone_folder_is_made_again_if_removed_and_removed_at_exit(monkeypatch):
    at_exit: list[tuple] = []
    monkeypatch.setattr(runner, "_tone_dir", None)
    monkeypatch.setattr(runner.atexit, "register", lambda fn, *args: at_exit.append((fn, args)))
    first = runner.tone_file([Cue.IN])
    ((fn, args),) = at_exit
    fn(*args)  # what happens at exit
    assert not first.parent.exists()
    fn(*args)  # and again, already gone: no error at exit
    again = runner.tone_file([Cue.IN])  # a cleaner removed it mid-session
    assert again.read_bytes() == tones.render([Cue.IN])
    assert again.parent != first.parent and len(at_exit) == 2
    at_exit[1][0](*at_exit[1][1])


def test_each_group_of_cues_has_its_own_tone_file():
    files = {runner.tone_file(group) for group in ([Cue.STEP], [Cue.IN], [Cue.STEP, Cue.IN])}
    assert len(files) == 3
    assert all(f.parent == next(iter(files)).parent for f in files)
