"""Do the spoken cues fit inside the phases they announce?

Renders each spoken cue with ``espeak-ng -w`` at coreg's speaking rate, measures it with
``soxi -D``, and sets it beside the shortest phase it may announce. Then it runs every built-in
exercise on a fake clock and checks each utterance coreg would really speak (a step's name and
its first "Breathe in" are spoken as one, with a change of roles and each partner's part when
they fit) against the time until the next cue. The same check by coreg's own length guess runs
first and needs no espeak-ng: it exits 1 if any utterance would run over.

    python benchmarks/cues.py [--rate WPM]

Skips with a message when espeak-ng or soxi is missing (Debian: apt-get install espeak-ng sox).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from itertools import groupby
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coreg.library import MIN_PHASE_SECONDS, Cue
from coreg.sound import SHORT_WORDS, SPEECH_RATE, speech_seconds, spoken_text, words

# (what is said, the cue, the shortest phase it may announce, why that one)
FIXED = [
    ("Breathe in", Cue.IN, 2.5, "the cyclic sigh's in-breath"),
    ("Breathe in", Cue.IN, MIN_PHASE_SECONDS, "the shortest in-breath allowed"),
    ("A little more in", Cue.IN, 1.0, "the cyclic sigh's top-up"),
    ("Hold", Cue.HOLD, MIN_PHASE_SECONDS, "the shortest hold allowed"),
    ("Breathe out", Cue.OUT, 4.0, "box breathing's out-breath"),
    ("Breathe out", Cue.OUT, MIN_PHASE_SECONDS, "the shortest out-breath allowed"),
    ("Halfway", Cue.HALFWAY, 2.5, "a 2.5 s in-breath it may share"),
    ("Thirty seconds left", Cue.LAST, 2.5, "a 2.5 s in-breath it may share"),
    ("Ten seconds left", Cue.LAST, 2.5, "a 2.5 s in-breath it may share"),
    ("Rest your hand on your partner's heart", Cue.STEP, 6.0, "a long name; the kiss is 6 s"),
    ("Well done", Cue.END, float("inf"), "nothing follows"),
]


def measure(text: str, rate: int, folder: Path, cache: dict[str, float]) -> float:
    if text not in cache:
        wav = folder / f"{len(cache)}.wav"
        argv = ["espeak-ng", "-s", str(rate), "-z", "-w", str(wav), words.as_argument(text)]
        subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = subprocess.run(["soxi", "-D", str(wav)], check=True, capture_output=True, text=True)
        cache[text] = float(out.stdout)
    return cache[text]


def utterances(exercise, parts: bool = True) -> list[tuple[str, float]]:
    """What coreg would say through a whole run, and the seconds until the next cue.

    Built as the run screen builds it: the cues due together, the last breath phase among
    them, a change of roles, and (with ``parts``, the voice style's default) each partner's
    part after their name when it fits before the next cue (:func:`coreg.sound.with_parts`).
    """
    from coreg.sound import with_parts
    from coreg.timing import EventKind, Timeline

    now = [0.0]
    timeline = Timeline(exercise, ["Alex", "Sam"][: 1 if exercise.solo else 2], lambda: now[0])
    timeline.start()
    groups: list[tuple[float, str]] = []
    while not timeline.finished:
        events = timeline.poll()
        for at, same in groupby(events, key=lambda e: e.at):
            due = list(same)
            phases = [e for e in due if e.kind is EventKind.PHASE]
            said = [
                (e.cue, spoken_text(e.cue, e.text, e.phase.seconds if e.phase else None),
                 e.phase.seconds if e.phase else None)
                for e in due
                if e.cue is not None and (e.kind is not EventKind.PHASE or e is phases[-1])
            ]  # fmt: skip
            starts = [e for e in due if e.kind is EventKind.STEP]
            if said and starts and parts:
                spoken = timeline.steps[starts[-1].step_index].spoken_parts
                said = with_parts(said, spoken, timeline.next_event_in())
            if said:
                groups.append((at, words.group_words(said)))
        wait = timeline.next_event_in()
        if wait is None:
            now[0] += 30.0  # an untimed step: the partners take their time, then press a key
            timeline.next()
        else:
            now[0] += max(wait, 0.001)
    result = []
    for index, (at, text) in enumerate(groups):
        following = groups[index + 1][0] if index + 1 < len(groups) else float("inf")
        result.append((text, following - at))
    return result


def check_guesses() -> int:
    """Every utterance of every built-in against coreg's own length guess (no espeak-ng
    needed): speech never runs over the next cue. Returns how many would."""
    from coreg.library import load_library

    over = 0
    for exercise in load_library(user_dirs=[]).sorted():
        said = utterances(exercise)
        late = [(t, r) for t, r in said if speech_seconds(t) > r]
        over += len(late)
        parts = sum(1 for t, _ in said if "Alex: " in t)
        tightest = min(r - speech_seconds(t) for t, r in said)
        print(
            f"  {exercise.id:26} {len(said):4} spoken, {parts:2} with parts, "
            f"{'all fit' if not late else f'{len(late)} too long':12} "
            f"(least room left: {tightest:.2f} s)"
        )
        for text, room in late[:3]:
            print(f"      “{text}” ~{speech_seconds(text):.2f} s in {room:.2f} s")
    return over


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=SPEECH_RATE, help="words a minute")
    args = parser.parse_args()
    print("Every built-in exercise by coreg's length guess, parts read aloud where they fit:")
    over = check_guesses()
    print(f"\n{over or 'no'} utterance(s) would run over the next cue.\n")
    missing = [tool for tool in ("espeak-ng", "soxi") if shutil.which(tool) is None]
    if missing:
        tools = " and ".join(missing)
        print(f"measuring skipped: {tools} not installed (apt-get install espeak-ng sox)")
        return 1 if over else 0
    cache: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        print(f"espeak-ng at {args.rate} words a minute, no final pause (-z)\n")
        print(f"{'words':40} {'spoken':>7} {'guess':>6} {'phase':>6}  fits  coreg says")
        for text, cue, phase, why in FIXED:
            spoken = measure(text, args.rate, tmp, cache)
            said = spoken_text(cue, text, phase if phase != float("inf") else None)
            said_len = measure(said, args.rate, tmp, cache)
            fits = "yes" if spoken <= phase else "no"
            note = "" if said == text else f"“{said}” {said_len:.2f} s"
            print(
                f"{text:40} {spoken:6.2f}s {speech_seconds(text):5.2f}s {phase:5.1f}s  "
                f"{fits:4}  {note}   ({why})"
            )
        for cue, short in SHORT_WORDS.items():
            length = measure(short, args.rate, tmp, cache)
            print(f"  short form for {cue.value:5}: “{short}” {length:.2f} s")

        from coreg.library import load_library

        print("\nEvery built-in exercise, as coreg would speak it (time until the next cue):")
        worst_all: list[tuple[float, str, str, float, float]] = []
        for exercise in load_library(user_dirs=[]).sorted():
            said = utterances(exercise)
            late = []
            for text, room in said:
                length = measure(text, args.rate, tmp, cache)
                worst_all.append((length - room, exercise.id, text, length, room))
                if length > room:
                    late.append((text, length, room))
                    over += 1  # measured: this one really would run over
            tightest = min(room - measure(text, args.rate, tmp, cache) for text, room in said)
            status = "all fit" if not late else f"{len(late)} too long"
            print(
                f"  {exercise.id:26} {len(said):4} spoken cues, {status:12} "
                f"(least room left: {tightest:.2f} s)"
            )
            for text, length, room in late[:3]:
                print(f"      “{text}” {length:.2f} s in {room:.2f} s")
        worst_all.sort(reverse=True)
        print("\nThe five tightest:")
        for excess, exercise_id, text, length, room in worst_all[:5]:
            print(f"  {exercise_id:26} “{text}” {length:.2f} s in {room:.2f} s ({-excess:+.2f} s)")
        guesses = [(speech_seconds(t) - s, t) for t, s in cache.items()]
        low = min(guesses)
        print(
            "\ncoreg's length guess (0.2 s + 0.055 s a letter + 0.2 s a sentence break + 0.3 s a "
            "comma or colon) is at "
            f"most {-low[0]:.2f} s short of the real length (“{low[1]}”), "
            f"over {len(cache)} texts."
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
