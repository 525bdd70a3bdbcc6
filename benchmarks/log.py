"""How fast the session log is at a lifetime of use.

    python benchmarks/log.py [--sizes 1000,10000,50000] [--repeat 5]

For each size, a log of that many sessions is built in a temporary folder and, in a fresh
process (so memory is measured per size), timed:

* json.load   plain ``json.load`` of the file: the floor any reader pays
* record      ``record`` of a new session: cold (a fresh SessionLog, so it reads the file
              first) and warm (a SessionLog that has been used, as in the app)
* upsert      ``record`` of the same session again (the app does this at every step change)
* recent 20   ``recent(20)`` cold and warm
* stats       ``stats()`` cold and warm
* peak RSS    the most memory held by a process that uses one log as the app does
              (list, stats, record twice, list and stats again)
* processes   whole processes, side by side: ``coreg history --db LOG`` (the installed
              command) against a fresh ``python -c "json.load(...)"`` of the same file, the
              floor any reader pays, start-up included; taken in turns, best of ``--repeat``,
              with Python's bytecode cache in use as after an install

Times are the best of ``--repeat`` runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
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

GOALS_AT = 10_000
RECORD_GOAL_MS = 100.0
FLOOR_FACTOR = 3.0
HISTORY_FACTOR = 1.5  # `coreg history` against json.load, as whole processes
MEMORY_GOAL_MB = 100.0


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
    """A log of ``size`` sessions, about two a day, written the way coreg writes it."""
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


def timed(func, repeat: int) -> float:
    """The best of ``repeat`` calls, in milliseconds (the least disturbed by other work)."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        runs.append((time.perf_counter() - t0) * 1000)
    return min(runs)


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Every figure for one log; runs in its own process."""
    rng = random.Random(2)
    now = datetime(2040, 1, 1, tzinfo=ZONE)

    def load() -> None:
        with open(path, encoding="utf-8") as f:
            json.load(f)

    def record_cold() -> None:
        SessionLog(path).record(make_session(rng, now))

    warm = SessionLog(path)
    warm.recent(1)
    again = make_session(rng, now)

    figures = {
        "bytes": path.stat().st_size,
        "json_load": timed(load, repeat),
        "record_cold": timed(record_cold, repeat),
        "record_warm": timed(lambda: warm.record(make_session(rng, now)), repeat),
        "upsert_warm": timed(lambda: warm.record(again), repeat),
        "recent_cold": timed(lambda: SessionLog(path).recent(20), repeat),
        "recent_warm": timed(lambda: warm.recent(20), repeat),
        "stats_cold": timed(lambda: SessionLog(path).stats(now=now), repeat),
        "stats_warm": timed(lambda: warm.stats(now=now), repeat),
    }
    return figures


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
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def history_command() -> list[str]:
    """The installed ``coreg`` next to this Python, else ``python -m coreg``."""
    script = Path(sys.executable).with_name("coreg")
    found = str(script) if script.exists() else shutil.which("coreg")
    return [found] if found else [sys.executable, "-m", "coreg"]


def measure_processes(path: Path, repeat: int) -> dict[str, float]:
    """``coreg history`` and a plain ``json.load`` of the same file, each a fresh process,
    taken in turns so that both meet the same load on the machine; best of ``repeat``."""
    floor = [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1], 'rb'))"]
    commands = {
        "json_process": [*floor, str(path)],
        "history_process": [*history_command(), "history", "--db", str(path)],
    }
    # As installed: Python's bytecode cache in use (pip writes it at install time), even where
    # PYTHONDONTWRITEBYTECODE is set for development. The first round only warms up.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    best = dict.fromkeys(commands, float("inf"))
    for round_ in range(max(repeat, 3) + 1):
        for name, command in commands.items():
            t0 = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            if round_:
                best[name] = min(best[name], (time.perf_counter() - t0) * 1000)
    return best


def run_size(size: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.json"
        build(path, size)
        figures = {}
        for mode in ("--one", "--memory"):
            out = subprocess.run(
                [sys.executable, __file__, mode, str(path), "--repeat", str(repeat)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            figures.update(json.loads(out))
        figures.update(measure_processes(path, repeat))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--memory", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one), args.repeat)))
        return
    if args.memory:
        print(json.dumps(measure_memory(Path(args.memory))))
        return

    columns = [
        ("json_load", "json.load"),
        ("record_cold", "record cold"),
        ("record_warm", "record warm"),
        ("upsert_warm", "upsert warm"),
        ("recent_cold", "recent20 cold"),
        ("recent_warm", "recent20 warm"),
        ("stats_cold", "stats cold"),
        ("stats_warm", "stats warm"),
        ("json_process", "json proc"),
        ("history_process", "history proc"),
    ]
    print(f"best of {args.repeat} runs, milliseconds; peak RSS of an app-like process\n")
    print(
        f"{'sessions':>9} {'file MB':>8} " + " ".join(f"{t:>13}" for _, t in columns) + "  peak MB"
    )
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        r = results[size] = run_size(size, args.repeat)
        cells = " ".join(f"{r[key]:>13.1f}" for key, _ in columns)
        print(f"{size:>9} {r['bytes'] / 1e6:>8.1f} {cells} {r['peak_mb']:>8.0f}")

    if GOALS_AT in results:
        r = results[GOALS_AT]
        floor = r["json_load"]
        checks = [
            (f"record (warm) under {RECORD_GOAL_MS:.0f} ms", r["record_warm"] < RECORD_GOAL_MS),
            (f"upsert (warm) under {RECORD_GOAL_MS:.0f} ms", r["upsert_warm"] < RECORD_GOAL_MS),
            (f"record (cold) under {RECORD_GOAL_MS:.0f} ms", r["record_cold"] < RECORD_GOAL_MS),
            (
                f"recent 20 (cold) under {FLOOR_FACTOR:g}x json.load",
                r["recent_cold"] < FLOOR_FACTOR * floor,
            ),
            (
                f"stats (cold) under {FLOOR_FACTOR:g}x json.load",
                r["stats_cold"] < FLOOR_FACTOR * floor,
            ),
            (f"peak memory under {MEMORY_GOAL_MB:.0f} MB", r["peak_mb"] < MEMORY_GOAL_MB),
            (
                f"`coreg history` at most {HISTORY_FACTOR:g}x json.load, as processes "
                f"({r['history_process']:.0f} ms against {r['json_process']:.0f} ms: "
                f"{r['history_process'] / r['json_process']:.2f}x)",
                r["history_process"] <= HISTORY_FACTOR * r["json_process"],
            ),
        ]
        print(f"\ngoals at {GOALS_AT:,} sessions:")
        for text, ok in checks:
            print(f"  {'ok  ' if ok else 'MISS'} {text}")


if __name__ == "__main__":
    main()
