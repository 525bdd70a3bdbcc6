"""Write the synthetic replay files the repository ships (docs/replays/), for demos and tests.

    python benchmarks/make_replays.py

The model is simple and the files say they are synthetic: one reading a second per partner,

    rate(t) = level(t) + swing/2 · sin(2π t / breath) + noise

where ``level`` moves in straight lines between a few set points, ``breath`` is the breath cycle
in seconds, and the noise is uniform (±``noise``) from a seeded generator. Each reading carries
one RR interval, 60000 / rate ms. No real person's heart is in them.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "replays"


def level(t: float, points: list[tuple[float, float]]) -> float:
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in itertools.pairwise(points):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def readings(name, seconds, points, breath, swing, noise, seed, lag=0.0):
    rng = random.Random(seed)
    for t in range(seconds):
        rate = level(t - lag, points) + swing / 2 * math.sin(2 * math.pi * (t - lag) / breath)
        rate += rng.uniform(-noise, noise)
        yield {"t": float(t), "partner": name, "bpm": round(rate), "rr": [round(60000 / rate, 1)]}


def write(name: str, about: str, streams) -> None:
    rows = sorted((r for stream in streams for r in stream), key=lambda r: (r["t"], r["partner"]))
    lines = [f"# SYNTHETIC heart-strap readings, made by benchmarks/make_replays.py: {about}"]
    lines += [json.dumps(r, separators=(",", ":")) for r in rows]
    (OUT / name).write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write(
        "pause-flooding.jsonl",
        "one partner (Alex) flooded at about 112 for two minutes, settling to 78 over eight.",
        [readings("Alex", 600, [(0, 112), (120, 110), (600, 78)], 10, 4, 1.5, 1)],
    )
    write(
        "breathing-together.jsonl",
        "two partners breathing at 6 a minute for six minutes; Sam's rate follows Alex's by 2 s.",
        [
            readings("Alex", 360, [(0, 84), (360, 70)], 10, 8, 1.0, 2),
            readings("Sam", 360, [(0, 80), (360, 68)], 10, 6, 1.0, 3, lag=2.0),
        ],
    )


if __name__ == "__main__":
    main()
