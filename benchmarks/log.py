"""How fast the session log is at a lifetime of use.

    python benchmarks/log.py [--sizes 1000,10000,50000] [--repeat 7] [--quick]

For each size, a log of that many sessions is built in a temporary folder, laid out as coreg
keeps it (the newest rows in the log file, older ones in earlier files beside it), and, in a
fresh process (so memory is measured per size), timed:

* save        the save the app really makes: a fresh SessionLog opened read-only (the count and
              the recent sessions, as the app's home does), then ``record`` of a new session
* save warm   ``record`` of another new session on that same log
* upsert      ``record`` of the same session again (the app does this at every step change)
* recent 20   ``recent(20)`` on a fresh log
* stats       ``stats()`` on a fresh log (every session, the earlier files included)
* peak RSS    the most memory held by a process that uses one log as the app does
              (list, stats, record twice, list and stats again)
* processes   whole processes, side by side: ``coreg history --db LOG`` (the installed command)
              against a fresh ``python -c "json.load(...)"`` of every file the log is made of,
              the floor any reader of those sessions pays, start-up included; taken in turns,
              with Python's bytecode cache in use as after an install
* import      ``coreg import`` of an export of that many sessions into an empty log, as a
              process: its time and its peak memory

Each figure is printed as median, min and max over ``--repeat`` runs, in milliseconds
(``--quick``: three runs, and 50,000 sessions only, to stay under a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from coreg.log import (
    FORMAT,
    CheckIn,
    Ending,
    Kind,
    Partner,
    Session,
    SessionLog,
    State,
    new_session_id,
    session_to_row,
)
from coreg.log import file as storage

EXERCISES = [
    ("heartbeat", "Heartbeat Connection", 5, 420),
    ("repair-ritual", "Repair Ritual", 7, 900),
    ("kiss-and-hug", "6-Second Kiss & 30-Second Hug", 2, 40),
    ("box-breathing", "Box breathing", 3, 300),
    ("pause", "Pause", 1, 1200),
]
ZONE = timezone(timedelta(hours=1))

SAVE_GOAL_AT, SAVE_GOAL_MS = 50_000, 50.0
IMPORT_GOAL_MB = 150.0
HISTORY_GOAL_AT, HISTORY_FACTOR = 10_000, 1.5  # `coreg history` against json.load, as processes


def make_session(rng: random.Random, when: datetime) -> Session:
    exercise_id, title, steps, seconds = rng.choice(EXERCISES)
    ending = rng.choices(list(Ending), weights=(8, 1, 1))[0]
    done = steps if ending is Ending.COMPLETED else rng.randrange(steps)
    spent = seconds * (done / steps) if steps else seconds

    def checkin() -> CheckIn:
        return CheckIn(rng.randint(0, 10), rng.choice([*State, None]))

    partners = (
        Partner("Alex", checkin(), checkin()),
        Partner("Sam", checkin(), checkin() if rng.random() < 0.8 else CheckIn()),
    )
    return Session(
        id=new_session_id(),
        exercise_id=exercise_id,
        exercise_title=title,
        started_at=when,
        ended_at=when + timedelta(seconds=spent),
        ending=ending,
        steps_completed=done,
        steps_total=steps,
        seconds=spent,
        partners=partners,
        kind=Kind.PAUSE if exercise_id == "pause" else Kind.EXERCISE,
        note=rng.choice(["", "", "we laughed at the end", "hard day, better now"]),
        app_version="0.1.0",
    )


def build(path: Path, size: int, seed: int = 1) -> None:
    """A log of ``size`` sessions, about two a day, written the way coreg writes it (one save
    then moves its older rows to earlier files, as a long-used log has them)."""
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, 8, tzinfo=ZONE)
    docs = {
        str(n): storage.dump_document(
            session_to_row(make_session(rng, start + timedelta(hours=11.5 * n)))
        )
        for n in range(1, size + 1)
    }
    meta = {"1": storage.dump_document({"format": FORMAT})}
    storage.write_atomic(path, storage.render_tables({"meta": meta, "sessions": docs}))
    with SessionLog(path) as log:
        log.record(log.recent(1)[0])


def log_files(path: Path) -> list[Path]:
    """The log file and its earlier files (coreg.log.archive)."""
    earlier = path.with_name(f"{path.stem}.earlier")
    return [path, *sorted(earlier.glob("[0-9]*.json"))] if earlier.is_dir() else [path]


def spread(runs: list[float]) -> tuple[float, float, float]:
    return statistics.median(runs), min(runs), max(runs)


def timed(func, repeat: int, before=None) -> tuple[float, float, float]:
    """Median, min and max of ``repeat`` calls, in milliseconds (``before`` runs untimed)."""
    runs = []
    for _ in range(repeat):
        arg = before() if before else None
        t0 = time.perf_counter()
        func(arg) if before else func()
        runs.append((time.perf_counter() - t0) * 1000)
    return spread(runs)


def measure(path: Path, repeat: int) -> dict[str, tuple[float, float, float]]:
    """Every figure for one log; runs in its own process."""
    rng = random.Random(2)
    now = datetime(2040, 1, 1, tzinfo=ZONE)

    def read_only_open() -> SessionLog:
        log = SessionLog(path)
        log.count()
        log.recent(20)
        return log

    warm = read_only_open()
    warm.record(make_session(rng, now))
    again = make_session(rng, now)
    return {
        "save": timed(lambda log: log.record(make_session(rng, now)), repeat, read_only_open),
        "save_warm": timed(lambda: warm.record(make_session(rng, now)), repeat),
        "upsert": timed(lambda: warm.record(again), repeat),
        "recent": timed(lambda: SessionLog(path).recent(20), repeat),
        "stats": timed(lambda: SessionLog(path).stats(now=now), repeat),
    }


def measure_memory(path: Path) -> dict[str, float]:
    """Peak memory of a process using one log the way the app does: open, list, stats, record."""
    rng = random.Random(3)
    log = SessionLog(path)
    log.recent(20)
    log.stats()
    session = make_session(rng, datetime(2040, 1, 1, tzinfo=ZONE))
    log.record(session)
    log.record(session)
    log.recent(20)
    log.stats()
    return {"peak_mb": peak_mb()}


def peak_mb() -> float:
    """This process's peak memory. Linux's ``ru_maxrss`` counts the parent's memory at the fork
    too (the builder of a 50,000-session log is large), so the high-water mark of this process's
    own memory is read where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def history_command() -> list[str]:
    """The installed ``coreg`` next to this Python, else ``python -m coreg``."""
    script = Path(sys.executable).with_name("coreg")
    found = str(script) if script.exists() else shutil.which("coreg")
    return [found] if found else [sys.executable, "-m", "coreg"]


def measure_processes(path: Path, repeat: int) -> dict[str, tuple[float, float, float]]:
    """``coreg history`` and a plain ``json.load`` of the log's files, each a fresh process,
    taken in turns so that both meet the same load on the machine."""
    files = [str(f) for f in log_files(path)]
    floor = "import json, sys\nfor name in sys.argv[1:]: json.load(open(name, 'rb'))"
    commands = {
        "json_process": [sys.executable, "-c", floor, *files],
        "history_process": [*history_command(), "history", "--db", str(path)],
    }
    # As installed: Python's bytecode cache in use (pip writes it at install time), even where
    # PYTHONDONTWRITEBYTECODE is set for development. The first round only warms up.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat + 1):
        for name, command in commands.items():
            t0 = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            if round_:
                runs[name].append((time.perf_counter() - t0) * 1000)
    return {name: spread(r) for name, r in runs.items()}


MEASURE_CHILD = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
took = (time.perf_counter() - t0) * 1000
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def measure_import(path: Path, repeat: int) -> dict[str, tuple[float, float, float]]:
    """``coreg import`` of an export of the whole log into an empty log: time and peak MB."""
    folder = path.parent
    export = folder / "export.json"
    with SessionLog(path) as log:
        export.write_text(log.export("json"), encoding="utf-8")
    times, peaks = [], []
    for n in range(max(1, repeat // 2)):
        target = folder / f"import-{n}" / "log.json"
        command = [*history_command(), "import", "--db", str(target), str(export)]
        out = subprocess.run(
            [sys.executable, "-c", MEASURE_CHILD, *command],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        times.append(float(out[0]))
        peaks.append(float(out[1]))
        with SessionLog(target) as log, SessionLog(path) as source:
            assert log.count() == source.count(), "the import lost sessions"
    return {"import": spread(times), "import_mb": spread(peaks)}


def run_size(size: int, repeat: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.json"
        build(path, size)
        files = log_files(path)
        figures: dict[str, object] = {"bytes": sum(f.stat().st_size for f in files)}
        figures["files"] = len(files)
        for mode in ("--one", "--memory"):
            out = subprocess.run(
                [sys.executable, __file__, mode, str(path), "--repeat", str(repeat)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            figures.update(json.loads(out))
        figures.update(measure_processes(path, repeat))
        figures.update(measure_import(path, repeat))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="three runs at 50,000 sessions")
    parser.add_argument("--one", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--memory", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one), args.repeat)))
        return
    if args.memory:
        print(json.dumps(measure_memory(Path(args.memory))))
        return

    sizes = [50_000] if args.quick else [int(n) for n in args.sizes.split(",")]
    repeat = 3 if args.quick else args.repeat
    rows = [
        ("save", "save after a read-only open"),
        ("save_warm", "save, warm"),
        ("upsert", "save the same session again"),
        ("recent", "recent 20, fresh"),
        ("stats", "stats, fresh"),
        ("json_process", "json.load of the files (process)"),
        ("history_process", "coreg history (process)"),
        ("import", "coreg import (process)"),
        ("import_mb", "coreg import peak memory, MB"),
    ]
    results = {}
    for size in sizes:
        r = results[size] = run_size(size, repeat)
        print(
            f"\n{size:,} sessions, {r['bytes'] / 1e6:.1f} MB in {r['files']} files "
            f"(median, min, max of {repeat}; ms unless said)"
        )
        for key, label in rows:
            med, low, high = r[key]
            print(f"  {label:<36} {med:>9.1f} {low:>9.1f} {high:>9.1f}")
        print(f"  {'peak memory of an app-like process, MB':<36} {r['peak_mb']:>9.0f}")

    print("\ngoals:")
    for size, r in results.items():
        checks = []
        if size == SAVE_GOAL_AT:
            checks.append(
                (
                    f"save at {size:,} at most {SAVE_GOAL_MS:.0f} ms (median {r['save'][0]:.1f})",
                    r["save"][0] <= SAVE_GOAL_MS,
                )
            )
            checks.append(
                (
                    f"import of {size:,} at most {IMPORT_GOAL_MB:.0f} MB "
                    f"(max {r['import_mb'][2]:.0f})",
                    r["import_mb"][2] <= IMPORT_GOAL_MB,
                )
            )
        if size == HISTORY_GOAL_AT:
            ratio = r["history_process"][0] / r["json_process"][0]
            checks.append(
                (
                    f"`coreg history` at {size:,} at most {HISTORY_FACTOR:g}x json.load, "
                    f"as processes ({ratio:.2f}x)",
                    ratio <= HISTORY_FACTOR,
                )
            )
        for text, ok in checks:
            print(f"  {'ok  ' if ok else 'MISS'} {text}")


if __name__ == "__main__":
    main()
