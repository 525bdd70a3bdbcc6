"""The log never loses a session: not to a kill at any moment, not to two coregs at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from coreg.log import SessionLog, archive
from tests.helpers_store import make_session, tinydb_rows

ROOT = Path(__file__).resolve().parent.parent

# Records sessions in a loop: a new one, then the same one again with one more step done (as
# the app does at each step change), so the file both grows and shrinks. Prints each id (with
# its steps) once record() returned.
RECORDER = textwrap.dedent(
    """
    import sys
    from dataclasses import replace
    from coreg.log.store import SessionLog
    from tests.helpers_store import make_session

    if len(sys.argv) > 4:  # small earlier files: kills land in the middle of moves too
        import coreg.log.archive as archive
        archive.ROLL_AT, archive.SEGMENT = int(sys.argv[4]), int(sys.argv[4]) // 2
    log = SessionLog(sys.argv[1])
    start, count = int(sys.argv[2]), int(sys.argv[3])
    print("ready", flush=True)
    for n in range(start, start + count):
        session = make_session(n, steps_completed=0)
        for steps in range(3):  # a long note, then none: the file grows and shrinks
            log.record(replace(session, steps_completed=steps, note="." * 500 * (steps == 0)))
            print(session.id, steps, flush=True)
    """
)


def _recorder(path: Path, start: int, count: int, roll_at: int = 0) -> subprocess.Popen[str]:
    extra = [str(roll_at)] if roll_at else []
    return subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(path), str(start), str(count), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _reported(output: str) -> dict[str, int]:
    """The sessions whose record() returned: each id with the most steps reported."""
    done: dict[str, int] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and line.endswith(parts[1]):
            done[parts[0]] = max(done.get(parts[0], -1), int(parts[1]))
    return done


@pytest.mark.parametrize("roll_at", [0, 40], ids=["one-file", "moving-to-earlier-files"])
def test_killing_a_recorder_at_random_moments_loses_no_session(tmp_path, monkeypatch, roll_at):
    path = tmp_path / "log.json"
    if roll_at:
        monkeypatch.setattr(archive, "ROLL_AT", roll_at)
        monkeypatch.setattr(archive, "SEGMENT", roll_at // 2)
    prefill = SessionLog(path)
    for n in range(1_000_000, 1_000_000 + 300):  # a bigger file: each write takes longer
        prefill.record(make_session(n))
    rng = random.Random(4)
    promised: dict[str, int] = {}
    kills = 0
    for round_ in range(10):
        child = _recorder(path, round_ * 10_000, 5_000, roll_at)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        first = child.stdout.readline()  # one save done, however slow the machine is today
        time.sleep(rng.uniform(0.0, 0.2))  # then a kill at a random moment of what follows
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate()
        output = first + output
        kills += child.returncode == -signal.SIGKILL
        promised.update(_reported(output))

        log = SessionLog(path)  # opens, and is not damaged
        log.open()
        assert log.notice is None, log.notice
        for session_id, steps in promised.items():
            stored = log.get(session_id)
            assert stored is not None, f"round {round_}: lost {session_id}"
            assert stored.steps_completed >= steps
    assert kills == 10 and len(promised) >= 10
    earlier = sorted(path.with_name("log.earlier").glob("[0-9]*.json"))
    assert bool(earlier) == bool(roll_at)
    every = tinydb_rows(path) + [row for file in earlier for row in tinydb_rows(file)]
    assert len({row["id"] for row in every}) >= 300 + len(promised)
    log = SessionLog(path)  # each session once, though a kill may have cut a move short
    assert len(log.all()) == len({row["id"] for row in every}) and log.unreadable == 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 1  # a killed writer's temp file is cleared by the next one


def test_two_processes_recording_at_once_keep_every_session(tmp_path):
    path = tmp_path / "log.json"
    SessionLog(path).record(make_session(999_999))
    children = [_recorder(path, 0, 40), _recorder(path, 100_000, 40)]
    outputs = [child.communicate()[0] for child in children]
    assert [child.returncode for child in children] == [0, 0]
    ids = {session_id for output in outputs for session_id in _reported(output)}
    assert len(ids) == 80
    stored = {doc["id"] for doc in tinydb_rows(path)}
    assert stored == ids | {make_session(999_999).id}
    log = SessionLog(path)
    assert all(log.get(i).steps_completed == 2 for i in ids)
