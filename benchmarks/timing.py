"""How late do the timeline's events fire on a real clock, with the other core busy?

Runs a real-clock :class:`coreg.timing.Timeline` over an exercise with short phases (about one
event every half second, with step changes, halfway and last-seconds cues among them) the way the
app does: after each firing, poll the timeline, then set one timer for exactly
``timeline.next_event_in()`` — no polling loop. A busy-loop subprocess keeps another core busy
meanwhile. For every event it records the lateness (the moment it was seen minus the moment it
was scheduled) and prints the median, 99th percentile and maximum in milliseconds, and the drift
between the first and the last event.

Two timer flavours: a plain asyncio ``loop.call_later`` (no Textual), and Textual's
``App.set_timer`` in a headless app (what the app uses; asyncio underneath).

    python benchmarks/timing.py [--seconds 60] [--timer asyncio|textual|both] [--no-busy]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coreg.library import Breath, Exercise, Phase, PhaseKind, Step, StepCue
from coreg.timing import Event, EventKind, Timeline

# Half-second phases: shorter than the loader allows (1 s) so that events come about twice a
# second; the timeline does not care. Step lengths are chosen so that step changes fall in the
# middle of a phase as well as on a boundary.
SHORT = Breath(
    (
        Phase(PhaseKind.IN, 0.5),
        Phase(PhaseKind.TOP_UP, 0.25),
        Phase(PhaseKind.HOLD, 0.25),
        Phase(PhaseKind.OUT, 0.75),
    ),
    name="bench",
)
STEP_SECONDS = (45.0, 9.875, 10.125, 15.0)


def bench_exercise(seconds: float) -> Exercise:
    steps: list[Step] = []
    total = 0.0
    while total < seconds:
        length = min(STEP_SECONDS[len(steps) % len(STEP_SECONDS)], seconds - total)
        length = max(length, 1.0)
        steps.append(Step(f"Step {len(steps) + 1}", length, breath=SHORT, cue=StepCue.HALFWAY))
        total += length
    return Exercise("bench", "Timing benchmark", "short phases", steps=tuple(steps))


@dataclass
class Run:
    timer: str
    lateness: list[float] = field(default_factory=list)  # seconds, one per event
    events: list[Event] = field(default_factory=list)
    early_wakeups: int = 0  # timer fired before its event was due: re-armed for the rest
    worst: tuple[float, str, float] = (0.0, "", 0.0)  # (lateness, kind, scheduled at)


class Driver:
    """The app's loop in miniature: poll on each firing, then one timer for the next event."""

    def __init__(self, run: Run, exercise: Exercise, arm) -> None:
        self.run = run
        self.arm = arm  # arm(delay, callback): set one timer
        self.timeline = Timeline(exercise, ("Alex", "Sam"))
        self.done = asyncio.Event()

    def start(self) -> None:
        self.timeline.start()
        self.timeline.poll()  # the first step's events: seen at once, not through a timer
        self.arm(self.timeline.next_event_in(), self.fire)

    def fire(self) -> None:
        reading = time.monotonic()
        events = self.timeline.poll(reading)
        if not events:
            self.run.early_wakeups += 1
        seen = reading - self.timeline.started_at  # no pauses in this run
        for event in events:
            self.run.lateness.append(seen - event.at)
            self.run.events.append(event)
            self.run.worst = max(self.run.worst, (seen - event.at, event.kind.value, event.at))
        delay = self.timeline.next_event_in()
        if delay is None:
            self.done.set()
        else:
            self.arm(delay, self.fire)


async def with_asyncio(exercise: Exercise) -> Run:
    run = Run("asyncio call_later")
    loop = asyncio.get_running_loop()
    driver = Driver(run, exercise, lambda delay, callback: loop.call_later(delay, callback))
    driver.start()
    await driver.done.wait()
    return run


async def with_textual(exercise: Exercise) -> Run:
    from textual.app import App

    run = Run("textual set_timer")

    class TimingApp(App[None]):
        def on_mount(self) -> None:
            self.driver = Driver(run, exercise, lambda delay, cb: self.set_timer(delay, cb))
            self.driver.start()
            self.run_worker(self.wait_for_end())

        async def wait_for_end(self) -> None:
            await self.driver.done.wait()
            self.exit()

    await TimingApp().run_async(headless=True, size=(80, 24))
    return run


def report(run: Run, exercise: Exercise) -> None:
    ms = sorted(x * 1000 for x in run.lateness)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    first, last = run.events[0], run.events[-1]
    # Drift: does lateness grow over the session? Compare the first and the last tenth (medians,
    # so that one unlucky wake-up does not pass for a trend), and check that the last event was
    # scheduled exactly where the plan puts it.
    tenth = max(1, len(run.lateness) // 10)
    drift = (
        statistics.median(run.lateness[-tenth:]) - statistics.median(run.lateness[:tenth])
    ) * 1000
    schedule_error = (last.at - exercise.total_seconds) * 1000
    kinds = {kind: sum(1 for e in run.events if e.kind is kind) for kind in EventKind}
    span = last.at - first.at
    print(f"{run.timer}:")
    print(
        f"  events {len(ms)} over {span:.1f} s (one every {span / max(1, len(ms) - 1):.2f} s): "
        + ", ".join(f"{k.value} {n}" for k, n in kinds.items())
    )
    print(
        f"  lateness ms: median {statistics.median(ms):.3f}  p99 {p99:.3f}  max {ms[-1]:.3f}"
        f"  min {ms[0]:.3f}"
    )
    over = ", ".join(f"> {limit} ms: {sum(1 for x in ms if x > limit)}" for limit in (5, 10, 20))
    print(f"  events late by {over}")
    print(
        f"  drift: END scheduled at {last.at:.6f} s for a plan of {exercise.total_seconds:.6f} s "
        f"({schedule_error:+.6f} ms); lateness of the last tenth minus the first tenth "
        f"(medians): {drift:+.3f} ms"
    )
    late, kind, at = run.worst
    print(f"  worst: {kind} event scheduled at {at:.3f} s, seen {late * 1000:.3f} ms late")
    print(f"  early wake-ups re-armed: {run.early_wakeups}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="session length (default 60)")
    parser.add_argument("--timer", choices=("asyncio", "textual", "both"), default="both")
    parser.add_argument("--no-busy", action="store_true", help="leave the other core idle")
    args = parser.parse_args(argv)
    exercise = bench_exercise(args.seconds)
    busy = None
    if not args.no_busy:
        busy = subprocess.Popen(
            [sys.executable, "-c", "while True: pass"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        print(
            f"{exercise.step_count} steps, {exercise.total_seconds:.0f} s per run; "
            f"other core {f'busy (pid {busy.pid})' if busy else 'idle'}; "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
            f"python {sys.version.split()[0]}"
        )
        flavours = ("asyncio", "textual") if args.timer == "both" else (args.timer,)
        for flavour in flavours:
            gc.collect()
            runner = with_asyncio if flavour == "asyncio" else with_textual
            report(asyncio.run(runner(exercise)), exercise)
    finally:
        if busy is not None:
            busy.terminate()
            busy.wait()


if __name__ == "__main__":
    main()
