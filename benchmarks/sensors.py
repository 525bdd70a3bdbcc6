"""What a heart strap costs: reading a packet, the log's first and last minute, and how two
hearts moved together (the one piece that runs on the UI thread as an exercise ends).

    python benchmarks/sensors.py [--repeat 7] [--readings 30]

* packet        parse_measurement of a 16-bit packet with four RR intervals, per packet.
* minutes       HeartBoard.heart over 30 minutes of one reading a second with two RR each
                (what every checkpoint of a session computes, per partner).
* latency       the app headless, on the real clock, a breath step running: a reading added on
                another thread (as a strap's arrives) until the heart line holds its number,
                for ``--readings`` readings a fifth of a second apart. Goal: under 50 ms.
* together      the windowed cross-correlation with 100 surrogates over 10 and 30 minutes
                (the app looks at the last 10 minutes at most: it runs as an exercise ends).

The readings are synthetic (a slow wander plus a breath-paced swing), made here with a fixed
seed. Each line prints median, min and max of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import time

from coreg.sensors import HeartBoard, parse_measurement, together

PACKET = bytes.fromhex("17 41 00 c0 03 d0 03 b0 03 c0 03")


def series(seconds: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    level, out = 70.0, []
    for t in range(seconds):
        level += rng.uniform(-0.5, 0.5)
        out.append(level + 4 * math.sin(2 * math.pi * t / 10))
    return out


def timed(func, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return runs


def show(name: str, runs: list[float], per: int = 1, unit: str = "ms") -> None:
    scale = 1e6 if unit == "µs" else 1e3
    values = [r / per * scale for r in runs]
    print(
        f"{name:<28} median {statistics.median(values):8.2f} {unit}   "
        f"min {min(values):8.2f}   max {max(values):8.2f}"
    )


async def latency(readings: int) -> list[float]:
    """Seconds from a reading added on a strap's thread to the heart line showing it."""
    import sys
    import tempfile
    import threading
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from coreg.log import SessionLog
    from coreg.settings import Settings
    from coreg.tui import CoregApp
    from coreg.tui.widgets.heart import HeartLine
    from tests.app_helpers import QuietPlayer, goto_breath_step

    class Clock:  # the real clock, which goto_breath_step can move on
        offset = 0.0

        def __call__(self) -> float:
            return time.monotonic() + self.offset

        def advance(self, seconds: float) -> None:
            self.offset += seconds

    clock = Clock()
    board = HeartBoard(["Alex", "Sam"], clock)
    with tempfile.TemporaryDirectory() as folder:
        app = CoregApp(
            log=SessionLog(Path(folder) / "log.json"),
            settings=Settings(name_a="Alex", name_b="Sam"),
            settings_path=Path(folder) / "settings.json",
            clock=clock,
            cue_player=QuietPlayer(),
            hearts=board,
        )
        delays = []
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await goto_breath_step(pilot, clock, "box-breathing", 0)
            line = screen.query_one(HeartLine)
            for n in range(readings):
                bpm = 60 + n % 40
                sent = time.perf_counter()
                threading.Thread(
                    target=board.add, args=("Alex", parse_measurement(bytes([6, bpm])))
                ).start()
                while f"Alex ♥ {bpm} " not in str(line.render()) + " ":
                    await asyncio.sleep(0.0005)
                delays.append(time.perf_counter() - sent)
                await asyncio.sleep(0.2)
        app.session_log.close()
    return delays


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--readings", type=int, default=30)
    given = parser.parse_args()
    repeat = given.repeat
    show("latency (reading to line)", asyncio.run(latency(given.readings)))

    show(
        "packet (per packet)",
        timed(lambda: [parse_measurement(PACKET) for _ in range(10_000)], repeat),
        10_000,
        "µs",
    )

    clock_now = [0.0]
    board = HeartBoard(["Alex"], lambda: clock_now[0])
    for t, bpm in enumerate(series(1800, 1)):
        rr = round(60_000 / bpm * 1024 / 1000)
        board.add(
            "Alex", parse_measurement(bytes([0x16, round(bpm)]) + rr.to_bytes(2, "little") * 2), t
        )
    show("minutes (30 min, one partner)", timed(lambda: board.heart("Alex", 0), repeat))

    for minutes in (10, 30):
        a, b = series(minutes * 60, 2), series(minutes * 60, 3)
        show(f"together ({minutes} min)", timed(lambda a=a, b=b: together(a, b), repeat))


if __name__ == "__main__":
    main()
