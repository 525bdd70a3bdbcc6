"""How the app feels: start-up, CPU while a breath step runs, and how late changes are drawn.

    python benchmarks/app.py [--repeat 7] [--cpu-seconds 30] [--late-seconds 60] [--quick]

* start-up      from starting ``coreg`` to the whole home screen drawn (title, filter, the
                list, the chosen exercise's details and the footer of keys: every part must
                have appeared), in an 80×24 pseudo-terminal, with an empty log and with a log of
                50,000 sessions, side by side with a minimal Textual app that draws one label.
                ``--repeat`` runs each, alternated; median, min and max. Goal: at most 1.3× the
                minimal app.
* exit, memory  ctrl+q on the whole home screen to the process gone, and the app's memory at
                home, with an empty log and with 50,000 sessions, beside the minimal app.
                Goals: exit at most 100 ms more than the minimal app's; 80 MB at home.
* CPU           ``coreg run heartbeat`` in a pseudo-terminal of 80×24 and of 200×60: skip the
                check-in, go to the breath step, then the process's CPU time over
                ``--cpu-seconds``. Goal: under 5% of a core at both sizes.
* lateness      the app itself, headless (frames rendered, not sent), on the real clock, running
                a 60-second exercise with a step change every 6 s and a breath phase change
                every 1.5 s. Each change is timed from its scheduled moment to the moment the
                frame holding it is rendered. Goal: under 30 ms at the maximum.

``--quick`` (3 runs, 4 s of CPU, 12 s of lateness at 80×24 only) stays under a minute.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pty_terminal import (
    Terminal,
    big_log,
    environment,
    first_frame_times,
    load_line,
    phase_words,
    ratio_line,
    spread,
)

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("Heartbeat Connection")

Minimal().run()
"""
# Every part of home: the title, the filter line, the list, the chosen exercise's facts, and
# the footer's first key and its right end. The first frame counts only once all are drawn.
HOME_SCREEN = (
    b"calm down together",
    b"Showing everything",
    b"Heartbeat Connection",
    "For the two of you · ".encode(),
    b"Start",
    b"palette",
)
MINIMAL_SCREEN = (b"Heartbeat Connection",)
BREATHING = phase_words("Breathe in", "Breathe out")
SIZES = ((80, 24), (200, 60))
START_GOAL, CPU_GOAL, LATE_GOAL = 1.3, 0.05, 0.030
EXIT_EXTRA_MS, HOME_MB = 100.0, 80.0


def write_settings(folder: Path) -> None:
    config = folder / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text('{"name_a": "Alex", "name_b": "Sam"}')


def start_up(repeat: int, folder: Path) -> dict[str, list[float]]:
    """Start-up to the whole home screen, with an empty log and with 50,000 sessions."""
    script = folder / "minimal.py"
    script.write_text(MINIMAL_APP)
    empty = environment(folder)
    full = {**empty, "COREG_DB": str(big_log(folder))}
    coreg = [sys.executable, "-m", "coreg"]
    return first_frame_times(
        [
            ("minimal", [sys.executable, str(script)], MINIMAL_SCREEN),
            ("empty", coreg, HOME_SCREEN),
            ("50,000", coreg, HOME_SCREEN),
        ],
        repeat,
        {"minimal": empty, "empty": empty, "50,000": full},
    )


def report_start_up(times: dict[str, list[float]], repeat: int) -> bool:
    print(f"Start-up to the whole home screen, footer included ({repeat} runs, 80×24)")
    print(f"  minimal Textual app (one label)    {spread(times['minimal'])} ms")
    print(f"  coreg, empty log                   {spread(times['empty'])} ms")
    print(f"  coreg, 50,000 sessions             {spread(times['50,000'])} ms")
    ok = ratio_line("empty log / minimal", times["empty"], times["minimal"], START_GOAL)
    ok &= ratio_line("50,000 sessions / minimal", times["50,000"], times["minimal"], START_GOAL)
    print(f"  ({load_line()})")
    return ok


def exit_and_memory(repeat: int, folder: Path) -> dict[str, list[float]]:
    """From ctrl+q to the process gone, once the whole first screen is drawn and has settled
    for a second (the app's memory read then, at home); minimal app, empty log, 50,000."""
    script = folder / "minimal.py"
    empty = environment(folder)
    full = {**empty, "COREG_DB": str(big_log(folder))}
    coreg = [sys.executable, "-m", "coreg"]
    cases = [
        ("minimal", [sys.executable, str(script)], MINIMAL_SCREEN, empty),
        ("empty", coreg, HOME_SCREEN, empty),
        ("50,000", coreg, HOME_SCREEN, full),
    ]
    found: dict[str, list[float]] = {}
    for run in range(repeat + 1):
        for name, argv, markers, env in cases:
            terminal = Terminal(argv, env)
            try:
                terminal.wait_for_all(markers)
                terminal.drain(1.0)
                status = Path(f"/proc/{terminal.process.pid}/status").read_text()
                rss = (
                    next(
                        int(line.split()[1])
                        for line in status.splitlines()
                        if line.startswith("VmRSS:")
                    )
                    / 1024
                )
                t0 = time.perf_counter()
                terminal.send(b"\x11")  # ctrl+q
                while terminal.process.poll() is None and time.perf_counter() - t0 < 10:
                    terminal.read(0.005)
                took = time.perf_counter() - t0
            finally:
                terminal.close()
            if run:
                found.setdefault(name, []).append(took)
                found.setdefault(f"{name} MB", []).append(rss)
    return found


def report_exit_and_memory(found: dict[str, list[float]], repeat: int) -> bool:
    print(f"\nctrl+q to the process gone, and memory at home ({repeat} runs, 80×24)")
    for name, label in (
        ("minimal", "minimal Textual app"),
        ("empty", "coreg, empty log"),
        ("50,000", "coreg, 50,000 sessions"),
    ):
        print(
            f"  {label:<34} {spread(found[name])} ms   "
            f"{statistics.median(found[name + ' MB']):5.0f} MB"
        )
    extra = (statistics.median(found["50,000"]) - statistics.median(found["minimal"])) * 1000
    memory = statistics.median(found["50,000 MB"])
    ok_exit, ok_memory = extra <= EXIT_EXTRA_MS, memory <= HOME_MB
    print(
        f"  50,000 sessions: exit {extra:+.0f} ms on the minimal app   "
        f"goal ≤ +{EXIT_EXTRA_MS:g} ms "
        f"({'ok' if ok_exit else 'OVER'})"
    )
    print(
        f"  50,000 sessions: memory at home {memory:.0f} MB   goal ≤ {HOME_MB:g} MB "
        f"({'ok' if ok_memory else 'OVER'})"
    )
    print(f"  ({load_line()})")
    return ok_exit and ok_memory


def cpu_while_breathing(
    seconds: float, folder: Path, size: tuple[int, int] = (80, 24)
) -> tuple[float, float]:
    """Share of one core used over ``seconds`` of a breath step, and the wall time measured."""
    terminal = Terminal(
        # a couple exercise with --first: no question comes before the check-in
        [sys.executable, "-m", "coreg", "run", "heartbeat", "--first", "Alex", "--cues", "off"],
        environment(folder, size),
        size,
    )
    try:
        terminal.wait_for(b"how are you")
        terminal.send(b"\r")  # skip the check-in
        for _ in range(10):  # on to the first step with a pacer
            if BREATHING.search(terminal.drain(1.5)):
                break
            terminal.send(b"n")
        terminal.drain(1.0)
        cpu_before, wall_before = terminal.cpu_seconds(), time.perf_counter()
        terminal.drain(seconds)
        wall = time.perf_counter() - wall_before
        return (terminal.cpu_seconds() - cpu_before) / wall, wall
    finally:
        terminal.close()


def lateness(seconds: float, size: tuple[int, int] = (80, 24)) -> list[tuple[str, float]]:
    """(what, seconds late) for each step and phase change, drawn by the real app, headless."""
    from headless import measured_app

    from coreg.library import Breath as BreathPattern
    from coreg.library import Exercise, Library, Phase, PhaseKind, Step
    from coreg.tui.screens.run import RunScreen

    breath = BreathPattern((Phase(PhaseKind.IN, 1.5), Phase(PhaseKind.OUT, 1.5)))
    steps = int(seconds // 6)
    exercise = Exercise(
        id="bench",
        title="Bench",
        summary="A change every second and a half.",
        steps=tuple(
            Step(name=f"Part {n:02d}", seconds=6, say="Breathe.", breath=breath)
            for n in range(1, steps + 1)
        ),
    )
    app, writes = measured_app(time.monotonic, library=Library(exercises={"bench": exercise}))
    scheduled: list[tuple[str, float]] = []

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            app.start_exercise("bench")
            await pilot.pause()
            await pilot.press("enter")  # skip the check-in
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RunScreen)
            start = screen.timeline.started_at
            for step in screen.timeline.steps:
                for span in step.phase_spans():
                    kind = "step" if span.start == 0 else "phase"
                    word = step.name if kind == "step" else span.phase.kind.word
                    at = start + 6 * step.index + span.start
                    scheduled.append((word, at))
            while isinstance(app.screen, RunScreen):
                await asyncio.sleep(0.25)

    asyncio.run(run())
    results = []
    for word, at in scheduled[1:]:  # the very first is drawn with the screen itself
        marker = phase_words(word)  # a phase word may be drawn in large letters
        drawn = next(
            (t for t, data in writes if t >= at - 0.002 and marker.search(data.encode())), None
        )
        if drawn is not None:
            results.append(("step" if word.startswith("Part") else "phase", drawn - at))
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=None, help="runs of each (7; --quick: 3)")
    parser.add_argument("--cpu-seconds", type=float, default=30.0)
    parser.add_argument("--late-seconds", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="a rough look in under a minute")
    args = parser.parse_args()
    if args.repeat is None:
        args.repeat = 3 if args.quick else 7
    if args.quick:
        args.cpu_seconds, args.late_seconds = 4.0, 12.0
    ok = True
    with tempfile.TemporaryDirectory(prefix="coreg-bench-") as name:
        folder = Path(name)
        write_settings(folder)
        ok &= report_start_up(start_up(args.repeat, folder), args.repeat)
        ok &= report_exit_and_memory(exit_and_memory(args.repeat, folder), args.repeat)

        for size in SIZES:
            cpu, wall = cpu_while_breathing(args.cpu_seconds, folder, size)
            ok &= cpu < CPU_GOAL
            verdict = "ok" if cpu < CPU_GOAL else "OVER"
            where = f"{size[0]}×{size[1]}"
            print(f"\nCPU while a breath step runs ({wall:.0f} s, heartbeat, {where})")
            print(f"  {cpu * 100:.1f} % of one core   goal < {CPU_GOAL * 100:g} % ({verdict})")

    for size in SIZES[:1] if args.quick else SIZES:
        late = lateness(args.late_seconds, size)
        values = [seconds for _, seconds in late]
        steps = [seconds for kind, seconds in late if kind == "step"]
        ok &= bool(values) and max(values) < LATE_GOAL
        verdict = "ok" if values and max(values) < LATE_GOAL else "OVER"
        where = f"{size[0]}×{size[1]}"
        print(
            f"\nFrom a change's moment to its frame ({args.late_seconds:g} s, real clock, {where})"
        )
        phases = len(values) - len(steps)
        print(f"  changes drawn        {len(values)} ({len(steps)} steps, {phases} phases)")
        print(f"  median               {statistics.median(values) * 1000:7.1f} ms")
        print(f"  min                  {min(values) * 1000:7.1f} ms")
        print(f"  99th percentile      {percentile(values, 0.99) * 1000:7.1f} ms")
        print(f"  maximum              {max(values) * 1000:7.1f} ms   goal < 30 ms ({verdict})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
