"""How fast ``coreg pause`` shows its pacer, and how true the pacer's period is.

    python benchmarks/pause.py [--repeat 7] [--seconds 60] [--pattern extended-exhale]

Both are read from the screen, the way a person sees them: each program runs in a
pseudo-terminal of 80×24 and its output is read as it arrives.

* first frame   from starting the process to the first output that holds the pacer's
                words ("Breathe in"), for ``coreg pause`` and, side by side, for a minimal
                Textual app that shows the same words in a Static. Median of ``--repeat``
                runs each, alternated so both see the same machine. Goal: at most 1.3×.
* period        ``coreg pause`` runs for ``--seconds``; every moment the screen turns from
                another phase to "Breathe in" is a new breath. The period is the time from
                the first such moment to the last, divided by the breaths between them,
                against the pattern's cycle. Goal: within 1%. The CPU the process used
                over that time is shown too.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pty_terminal import Terminal, environment, first_frame_times, phase_words

from coreg.library import PATTERNS

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Breathe in")

Minimal().run()
"""

FIRST_FRAME_GOAL = 1.3
PERIOD_GOAL = 0.01
CPU_GOAL = 0.05
PHASE_WORDS = phase_words("Breathe in", "Breathe out", "A little more in", "Hold")
BREATHE_IN = phase_words("Breathe in")
TOP_UP = phase_words("A little more in")
SIZES = ((80, 24), (200, 60))
CTRL_Q = b"\x11"


def coreg_pause(pattern: str) -> list[str]:
    return [sys.executable, "-m", "coreg", "pause", "--cues", "off", "--pattern", pattern]


def first_frames(repeat: int, pattern: str, folder: Path) -> tuple[list[float], list[float]]:
    script = folder / "minimal.py"
    script.write_text(MINIMAL_APP)
    times = first_frame_times(
        [("pause", coreg_pause(pattern)), ("minimal", [sys.executable, str(script)])],
        BREATHE_IN,
        repeat,
        environment(folder),
    )
    return times["pause"], times["minimal"]


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
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pattern", default="extended-exhale", choices=list(PATTERNS))
    args = parser.parse_args()
    cycle = PATTERNS[args.pattern].cycle_seconds
    ok = True
    with tempfile.TemporaryDirectory(prefix="coreg-bench-") as name:
        folder = Path(name)
        ours, minimal = first_frames(args.repeat, args.pattern, folder)
        ours_ms, minimal_ms = statistics.median(ours) * 1000, statistics.median(minimal) * 1000
        ratio = ours_ms / minimal_ms
        ok &= ratio <= FIRST_FRAME_GOAL
        print(f"First pacer frame (median of {args.repeat}, 80×24 pseudo-terminal)")
        print(f"  coreg pause          {ours_ms:7.0f} ms   (min {min(ours) * 1000:.0f})")
        print(f"  minimal Textual app  {minimal_ms:7.0f} ms   (min {min(minimal) * 1000:.0f})")
        verdict = "ok" if ratio <= FIRST_FRAME_GOAL else "OVER"
        print(f"  ratio                {ratio:7.2f} ×   goal ≤ {FIRST_FRAME_GOAL} × ({verdict})")

        for size in SIZES:
            onsets, cpu = period(args.seconds, args.pattern, folder, size)
            ok &= report_period(onsets, cpu, cycle, args, size)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
