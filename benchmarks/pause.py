"""How fast ``coreg pause`` shows its pacer, how steady it is at first, and how true its period is.

    python benchmarks/pause.py [--repeat 7] [--seconds 60] [--gap-seconds 6]
                               [--pattern extended-exhale] [--quick]

Everything is read from the screen, the way a person sees it: each program runs in a
pseudo-terminal of 80×24 and its output is read as it arrives.

* first frame   from starting the process to the whole pause screen drawn (the pacer's words,
                the time left and the footer of keys: every part must have appeared), for
                ``coreg pause`` with an empty log and with a log of 50,000 sessions, side by side
                with a minimal Textual app that shows the pacer's words in a Static.
                ``--repeat`` runs each, alternated; median, min and max. Goal: at most 1.25×.
* first gaps    the longest time between two frames in the first ``--gap-seconds`` after the
                whole screen is drawn (when the break is first saved, the log opened, the
                collector resumed), with 50,000 sessions against an empty log. Goal: at most
                1.3× the empty log.
* period        ``coreg pause`` runs for ``--seconds``; every moment the screen turns from
                another phase to "Breathe in" is a new breath. The period is the time from
                the first such moment to the last, divided by the breaths between them,
                against the pattern's cycle. Goal: within 1%. The CPU the process used
                over that time is shown too.

``--quick`` (3 runs, one early-gap run, 22 s of period at 80×24 only): about a minute.
"""

from __future__ import annotations

import argparse
import itertools
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

from coreg.library import PATTERNS

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Breathe in")

Minimal().run()
"""

FIRST_FRAME_GOAL = 1.25
GAP_GOAL = 1.3
PERIOD_GOAL = 0.01
CPU_GOAL = 0.05
PHASE_WORDS = phase_words("Breathe in", "Breathe out", "A little more in", "Hold")
BREATHE_IN = phase_words("Breathe in")
TOP_UP = phase_words("A little more in")
# Every part of the pause: the pacer's words, the time left, the footer's first key and its end.
PAUSE_SCREEN = (BREATHE_IN, b"left", b"Done", b"palette")
SIZES = ((80, 24), (200, 60))
CTRL_Q = b"\x11"


def coreg_pause(pattern: str) -> list[str]:
    return [sys.executable, "-m", "coreg", "pause", "--cues", "off", "--pattern", pattern]


def first_frames(repeat: int, pattern: str, folder: Path) -> dict[str, list[float]]:
    script = folder / "minimal.py"
    script.write_text(MINIMAL_APP)
    empty = environment(folder)
    return first_frame_times(
        [
            ("minimal", [sys.executable, str(script)], (BREATHE_IN,)),
            ("empty", coreg_pause(pattern), PAUSE_SCREEN),
            ("50,000", coreg_pause(pattern), PAUSE_SCREEN),
        ],
        repeat,
        {"minimal": empty, "empty": empty, "50,000": {**empty, "COREG_DB": str(big_log(folder))}},
    )


def longest_gap(seconds: float, pattern: str, env: dict[str, str]) -> float:
    """The longest time between two frames of ``coreg pause`` in its first ``seconds`` after
    the whole screen is drawn."""
    terminal = Terminal(coreg_pause(pattern), env)
    try:
        terminal.wait_for_all(PAUSE_SCREEN)
        last = time.perf_counter()
        end = last + seconds
        longest = 0.0
        while time.perf_counter() < end:
            if terminal.read(0.01):
                now = time.perf_counter()
                longest = max(longest, now - last)
                last = now
        return max(longest, time.perf_counter() - last)
    finally:
        terminal.close()


def first_gaps(runs: int, seconds: float, pattern: str, folder: Path) -> dict[str, list[float]]:
    empty = environment(folder)
    envs = {"empty": empty, "50,000": {**empty, "COREG_DB": str(big_log(folder))}}
    gaps: dict[str, list[float]] = {name: [] for name in envs}
    for _ in range(runs):  # alternated, so both see the same machine
        for name, env in envs.items():
            gaps[name].append(longest_gap(seconds, pattern, env))
    return gaps


def period(
    seconds: float, pattern: str, folder: Path, size: tuple[int, int] = (80, 24)
) -> tuple[list[float], float]:
    """The moments (from the start) each in-breath began on screen, and the CPU used."""
    terminal = Terminal(coreg_pause(pattern), environment(folder, size), size)
    onsets: list[float] = []
    last = b""
    inhale = BREATHE_IN
    try:
        terminal.wait_for(BREATHE_IN)
        cpu_before = terminal.cpu_seconds()
        wall_before = time.perf_counter()
        end = wall_before + seconds
        while time.perf_counter() < end:
            chunk = terminal.read(0.05)
            at = time.perf_counter()
            for match in PHASE_WORDS.finditer(chunk):
                word = match.group(0)
                breathing_in = bool(inhale.fullmatch(word))
                if breathing_in and last not in (b"in", b""):
                    onsets.append(at - wall_before)
                last = b"in" if breathing_in or TOP_UP.fullmatch(word) else b"other"
        cpu = (terminal.cpu_seconds() - cpu_before) / (time.perf_counter() - wall_before)
    finally:
        terminal.close()
    return onsets, cpu


def report_period(onsets, cpu, cycle, args, size) -> bool:
    where = f"{size[0]}×{size[1]}"
    print(f"\nPacer period over {args.seconds:g} s ({PATTERNS[args.pattern].title}, {where})")
    if len(onsets) < 2:
        print("  fewer than two in-breaths were seen: run longer")
        return False
    breaths = len(onsets) - 1
    measured = (onsets[-1] - onsets[0]) / breaths
    error = (measured - cycle) / cycle
    gaps = [b - a for a, b in itertools.pairwise(onsets)]
    verdict = "ok" if abs(error) <= PERIOD_GOAL else "OVER"
    cpu_verdict = "ok" if cpu < CPU_GOAL else "OVER"
    print(f"  pattern cycle        {cycle:7.3f} s")
    print(f"  measured             {measured:7.3f} s   over {breaths} breaths")
    print(f"  each breath          {min(gaps):.3f} … {max(gaps):.3f} s")
    print(f"  error                {error * 100:+7.2f} %   goal within ±1% ({verdict})")
    print(f"  CPU while pacing     {cpu * 100:7.1f} % of one core   goal < 5% ({cpu_verdict})")
    return abs(error) <= PERIOD_GOAL and cpu < CPU_GOAL


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=None, help="runs of each (7; --quick: 3)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--gap-seconds", type=float, default=6.0)
    parser.add_argument("--pattern", default="extended-exhale", choices=list(PATTERNS))
    parser.add_argument("--quick", action="store_true", help="a rough look in under a minute")
    args = parser.parse_args()
    if args.repeat is None:
        args.repeat = 3 if args.quick else 7
    if args.quick:
        args.seconds = 22.0  # two breaths and more of the slowest pattern
    cycle = PATTERNS[args.pattern].cycle_seconds
    ok = True
    with tempfile.TemporaryDirectory(prefix="coreg-bench-") as name:
        folder = Path(name)
        times = first_frames(args.repeat, args.pattern, folder)
        print(f"First whole pause screen, footer included ({args.repeat} runs, 80×24)")
        print(f"  minimal Textual app (one Static)   {spread(times['minimal'])} ms")
        print(f"  coreg pause, empty log             {spread(times['empty'])} ms")
        print(f"  coreg pause, 50,000 sessions       {spread(times['50,000'])} ms")
        ok &= ratio_line("empty log / minimal", times["empty"], times["minimal"], FIRST_FRAME_GOAL)
        ok &= ratio_line(
            "50,000 sessions / minimal", times["50,000"], times["minimal"], FIRST_FRAME_GOAL
        )
        print(f"  ({load_line()})")

        runs = 1 if args.quick else 3
        gaps = first_gaps(runs, args.gap_seconds, args.pattern, folder)
        print(f"\nLongest gap between frames, first {args.gap_seconds:g} s ({runs} runs each)")
        print(f"  empty log                          {spread(gaps['empty'])} ms")
        print(f"  50,000 sessions                    {spread(gaps['50,000'])} ms")
        ok &= ratio_line("50,000 sessions / empty log", gaps["50,000"], gaps["empty"], GAP_GOAL)
        print(f"  ({load_line()})")

        for size in SIZES[:1] if args.quick else SIZES:
            onsets, cpu = period(args.seconds, args.pattern, folder, size)
            ok &= report_period(onsets, cpu, cycle, args, size)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
