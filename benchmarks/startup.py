"""What start-up costs beside its floor: ``coreg --version``, and a library of 2,000 files.

    python benchmarks/startup.py [--repeat 7] [--files 2000] [--quick]

* version       ``coreg --version`` (the installed command) against ``python -c pass``, whole
                processes, alternated. Goal: at most 3×.
* 2,000 files   a folder of ``--files`` exercise files of the user's own (the built-ins, copied
                under other names), against the built-ins only:
                - ``coreg list``, its table read through a pipe, whole processes;
                - ``coreg`` to the whole home screen drawn (as in benchmarks/app.py), and to the
                  user's first exercise shown in the list (they are read after the first frame).
                The first round of each (files never read before: no cache yet) is shown apart;
                the others read through the exercise cache. Goal: at most 2× the built-ins only.

Median, min and max of ``--repeat`` runs. ``--quick`` (3 runs) stays under a minute.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app import HOME_SCREEN, write_settings
from pty_terminal import environment, first_frame_times, load_line, ratio_line, spread

VERSION_GOAL = 3.0
LIBRARY_GOAL = 2.0
USER_TITLE = "A user exercise"  # sorts first among the couple exercises


def coreg_command() -> str:
    """The installed ``coreg`` beside this Python: what a person runs."""
    found = Path(sys.executable).parent / "coreg"
    return str(found) if found.exists() else shutil.which("coreg") or "coreg"


def process_times(
    programs: list[tuple[str, list[str], dict[str, str] | None]], repeat: int
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Wall time of whole processes (output to a pipe), alternated; the first round is kept
    apart (caches cold) and not counted."""
    times: dict[str, list[float]] = {name: [] for name, _, _ in programs}
    first: dict[str, float] = {}
    for run in range(repeat + 1):
        for name, argv, env in programs:
            started = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=False)
            took = time.perf_counter() - started
            if run:
                times[name].append(took)
            else:
                first[name] = took
    return times, first


def user_files(folder: Path, count: int) -> Path:
    """``count`` exercise files of the user's own: the built-ins again, each under a new name
    and title."""
    from coreg.library import builtin_dir

    built_in = sorted(builtin_dir().glob("*.yaml"))
    config = folder / "config"
    exercises = config / "exercises"
    exercises.mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        text = built_in[(n - 1) % len(built_in)].read_text("utf-8")
        text = re.sub(r"^title: .*$", f"title: {USER_TITLE} {n:04d}", text, count=1, flags=re.M)
        path = exercises / f"user-exercise-{n:04d}.yaml"
        path.write_text(text, "utf-8")
        # written a minute ago, as a person's files were (coreg does not keep a file in its
        # cache within two seconds of a change: it may change again unseen)
        os.utime(path, (time.time() - 60, time.time() - 60))
    return config


def version(repeat: int) -> bool:
    times, _ = process_times(
        [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ("coreg --version", [coreg_command(), "--version"], None),
        ],
        repeat,
    )
    print(f"coreg --version, whole processes ({repeat} runs)")
    print(f"  python -c pass                     {spread(times['python -c pass'])} ms")
    print(f"  coreg --version                    {spread(times['coreg --version'])} ms")
    ok = ratio_line(
        "coreg --version / python -c pass",
        times["coreg --version"],
        times["python -c pass"],
        VERSION_GOAL,
    )
    print(f"  ({load_line()})")
    return ok


def library(repeat: int, count: int, folder: Path) -> bool:
    plain = folder / "plain"
    many = folder / "many"
    write_settings(plain)
    write_settings(many)
    user_files(many, count)
    envs = {"built-ins only": environment(plain), f"{count:,} files": environment(many)}
    ok = True

    times, first = process_times(
        [(name, [coreg_command(), "list"], env) for name, env in envs.items()], repeat
    )
    print(f"\ncoreg list, whole processes, output to a pipe ({repeat} runs)")
    for name in envs:
        print(
            f"  {name:<34} {spread(times[name])} ms   (first, no cache: {first[name] * 1000:.0f})"
        )
    names = list(envs)
    ok &= ratio_line(f"{names[1]} / {names[0]}", times[names[1]], times[names[0]], LIBRARY_GOAL)

    coreg = [sys.executable, "-m", "coreg"]
    listed = (*HOME_SCREEN, f"{USER_TITLE} 0001".encode())
    times = first_frame_times(
        [
            ("built-ins only", coreg, HOME_SCREEN),
            ("home", coreg, HOME_SCREEN),
            ("listed", coreg, listed),
        ],
        repeat,
        {"built-ins only": envs[names[0]], "home": envs[names[1]], "listed": envs[names[1]]},
    )
    print(f"\ncoreg to the whole home screen, 80×24 ({repeat} runs)")
    print(f"  built-ins only                     {spread(times['built-ins only'])} ms")
    print(f"  {names[1]}: home drawn{'':<17}{spread(times['home'])} ms")
    print(f"  {names[1]}: their first one listed {spread(times['listed'])} ms")
    ok &= ratio_line(
        "home drawn / built-ins only", times["home"], times["built-ins only"], LIBRARY_GOAL
    )
    ok &= ratio_line(
        "first one listed / built-ins only", times["listed"], times["built-ins only"], LIBRARY_GOAL
    )
    print(f"  ({load_line()})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=None, help="runs of each (7; --quick: 3)")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="a rough look in under a minute")
    args = parser.parse_args()
    if args.repeat is None:
        args.repeat = 3 if args.quick else 7
    ok = version(args.repeat * 3)
    with tempfile.TemporaryDirectory(prefix="coreg-bench-") as name:
        ok &= library(args.repeat, args.files, Path(name))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
