"""Tap to lead: from a leader's key press to the pacer frame that shows it, and the CPU meanwhile.

    python benchmarks/tap.py [--taps 60] [--every 1.5] [--size 80x24] [--in-process]

``coreg run lead-and-follow`` in a pseudo-terminal: skip the check-in, go on to the first
lead-and-follow step, then press the leader's key every ``--every`` seconds (the follower's
0.2 s after), switching keys when the roles swap. Each press of the leader's is timed from the
moment its byte is written to the moment the terminal receives the new phase word (in or out)
it starts. Presses that start the phase already shown are not timed, until ``--taps`` were.
The process's CPU time over the whole tapping is reported as a share of one core.
Goals: at most 30 ms at the maximum; CPU under 5% of one core. ``--in-process`` also times the
app alone (headless, no terminal), to tell its own share from the machine's.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pty_terminal import Terminal, environment, phase_words

LATE_GOAL, CPU_GOAL = 0.030, 0.05
WORDS = {"in": phase_words("Breathe in"), "out": phase_words("Breathe out")}
ROUND_TWO = re.compile(rb"round 2 of 2")
WHEN: list[float] = []  # seconds into the tapping of each timed press


def setup(folder: Path) -> None:
    config = folder / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text('{"name_a": "Alex", "name_b": "Sam"}')


def last_word(seen: bytes) -> str | None:
    """The phase word drawn last in ``seen``."""
    found = [(m.end(), word) for word, pattern in WORDS.items() for m in pattern.finditer(seen)]
    return max(found)[1] if found else None


def tap(taps: int, every: float, folder: Path, size: tuple[int, int]) -> tuple[list[float], float]:
    """Seconds from each timed press to its frame, and the share of a core used."""
    argv = [sys.executable, "-m", "coreg", "run", "lead-and-follow", "--first", "Alex"]
    terminal = Terminal([*argv, "--cues", "off"], environment(folder, size), size)
    times: list[float] = []
    try:
        terminal.wait_for(b"how are you")
        terminal.send(b"\r")  # skip the check-in
        seen = terminal.drain(1.0)
        terminal.send(b"n")
        seen += terminal.drain(0.5)
        terminal.send(b"n")  # on to "Lead and follow", round 1: Alex leads
        seen += terminal.drain(1.5)
        keys, expected, recent = (b"a", b"l"), "in", seen[-20000:]
        cpu_before, wall_before = terminal.cpu_seconds(), time.perf_counter()
        for _ in range(taps * 3):
            if len(times) >= taps:
                break
            shown = last_word(recent)  # what the pacer shows as the key goes down
            sent = time.perf_counter()
            terminal.send(keys[0])
            seen = b""
            if expected != shown:
                while time.perf_counter() < sent + 1.0:
                    seen += terminal.read(0.005)
                    if ROUND_TWO.search(seen):
                        break  # the step changed under the press: not a frame of the tap
                    if WORDS[expected].search(seen):
                        times.append(time.perf_counter() - sent)
                        WHEN.append(sent - wall_before)
                        break
            expected = "out" if expected == "in" else "in"
            seen += terminal.drain(max(0.0, sent + 0.2 - time.perf_counter()))
            terminal.send(keys[1])  # the follower taps along
            seen += terminal.drain(max(0.0, sent + every - time.perf_counter()))
            recent = (recent + seen)[-20000:]
            if ROUND_TWO.search(seen) and keys[0] == b"a":
                keys, expected = (b"l", b"a"), "in"  # Sam leads now, from an in-breath
        wall = time.perf_counter() - wall_before
        return times, (terminal.cpu_seconds() - cpu_before) / wall
    finally:
        terminal.close()


def in_process(taps: int, every: float, size: tuple[int, int]) -> list[float]:
    """The app's own share: the real app headless on the real clock, each press (Textual's
    pilot) timed to the rendered frame holding its new phase word; no terminal, no pipe."""
    import asyncio

    from headless import measured_app

    from coreg.tui.screens.run import RunScreen

    app, writes = measured_app(time.perf_counter)
    presses: list[tuple[float, str]] = []

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            app.start_exercise("lead-and-follow", "Alex")
            await pilot.pause()
            await pilot.press("enter", "n", "n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RunScreen)
            for _ in range(taps):
                run = screen.leading.current
                if run is None or run.leader != 0:
                    break
                shown = run.beat(screen.timeline.elapsed()).phase.kind.value
                expected = "in" if not run.turns or run.turns[-1].kind.value == "out" else "out"
                sent = time.perf_counter()
                await pilot.press("a")
                if expected != shown:
                    presses.append((sent, expected))
                await asyncio.sleep(0.2)
                await pilot.press("l")
                await asyncio.sleep(max(0.0, sent + every - time.perf_counter()))
            await pilot.press("e", "y")
            await pilot.pause()

    asyncio.run(run())
    took = []
    for sent, word in presses:
        drawn = next(
            (t for t, data in writes if t >= sent and WORDS[word].search(data.encode())), None
        )
        if drawn is not None:
            took.append(drawn - sent)
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taps", type=int, default=60)
    parser.add_argument("--every", type=float, default=1.5)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--in-process", action="store_true", help="also the app's own share")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="coreg-bench-") as name:
        folder = Path(name)
        setup(folder)
        times, cpu = tap(args.taps, args.every, folder, (width, height))
    if not times:
        print("No press was seen on screen.")
        return 1
    ok = max(times) <= LATE_GOAL and cpu < CPU_GOAL
    print(f"From a leader's press to the pacer's frame ({len(times)} presses, {args.size})")
    print(f"  median   {statistics.median(times) * 1000:6.1f} ms")
    print(f"  minimum  {min(times) * 1000:6.1f} ms")
    verdict = "ok" if max(times) <= LATE_GOAL else "OVER"
    print(f"  maximum  {max(times) * 1000:6.1f} ms   goal ≤ 30 ms ({verdict})")
    slowest = max(range(len(times)), key=times.__getitem__)
    print(f"  (the slowest {WHEN[slowest]:.1f} s into the tapping)")
    verdict = "ok" if cpu < CPU_GOAL else "OVER"
    print(f"CPU while tapping: {cpu * 100:.1f} % of one core   goal < 5 % ({verdict})")
    if args.in_process:
        own = in_process(min(args.taps, 38), args.every, (width, height))
        print(f"\nThe app's own share, headless ({len(own)} presses, {args.size}, no terminal)")
        print(f"  median   {statistics.median(own) * 1000:6.1f} ms")
        print(f"  minimum  {min(own) * 1000:6.1f} ms")
        print(f"  maximum  {max(own) * 1000:6.1f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
