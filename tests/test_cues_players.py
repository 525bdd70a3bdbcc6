"""Cues through real processes: fake players first on PATH log their arguments and the time.

Waits are on real subprocesses, so they are short and bounded; nothing here sleeps to test
timing logic that a fake clock can prove (see test_cues.py for those).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import time
from itertools import groupby
from pathlib import Path

import pytest

from coreg.cli import main
from coreg.commands import cues as cues_command
from coreg.commands.shared import UserError
from coreg.library import Cue, load_library
from coreg.sound import WORDS, Style, cues, make_player, runner
from coreg.timing import Timeline

LOG_LINE = r"""#!/bin/sh
PATH=/usr/bin:/bin
line="$(date +%s.%N)	$$	${0##*/}"
for a in "$@"; do line="$line	$a"; done
printf '%s\n' "$line" >> "LOG"
"""
HANG = 'sleep 30 &\necho $! >> "KIDS"\nwait\n'


class Record:
    def __init__(self, line: str) -> None:
        when, pid, self.name, *self.args = line.rstrip("\n").split("\t")
        self.time, self.pid = float(when), int(pid)


class FakePlayers:
    """Small shell scripts named like real players, in a folder put first on PATH."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bin = tmp_path / "fake-bin"
        self.bin.mkdir()
        self.log = tmp_path / "players.log"
        self.kids = tmp_path / "children.log"
        monkeypatch.setenv("PATH", f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}")

    def add(self, name: str, then: str = "") -> None:
        script = self.bin / name
        text = LOG_LINE + then
        script.write_text(
            text.replace('"LOG"', f'"{self.log}"').replace('"KIDS"', f'"{self.kids}"')
        )
        script.chmod(0o755)

    def records(self) -> list[Record]:
        if not self.log.exists():
            return []
        return [Record(line) for line in self.log.read_text().splitlines()]

    def wait_for(self, count: int, within: float = 3.0) -> list[Record]:
        deadline = time.monotonic() + within
        while len(records := self.records()) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(records) >= count, f"expected {count} player runs, saw {len(records)}"
        return records

    def children(self) -> list[int]:
        return [int(p) for p in self.kids.read_text().split()] if self.kids.exists() else []


@pytest.fixture
def fakes(tmp_path, monkeypatch):
    return FakePlayers(tmp_path, monkeypatch)


def alive(pid: int) -> bool:
    """Running (a zombie whose parent has not reaped it yet counts as gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] not in ("Z", "X")


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def linux_player(style, **kw):
    kw.setdefault("probe", lambda: frozenset({"pulse"}))
    return make_player(style, lambda: None, platform="linux", **kw)


# --------------------------------------------------------------------------------------------


def test_voice_is_spoken_by_the_first_speech_program_on_path(fakes):
    fakes.add("espeak-ng")
    fakes.add("espeak")
    player = linux_player("voice")
    assert player.message == "Cues: voice, spoken by espeak-ng."
    player.play(Cue.IN, "Breathe in")
    (record,) = fakes.wait_for(1)
    player.close()
    assert record.name == "espeak-ng"
    assert record.args == ["-s", "175", "-z", "Breathe in"]


def test_tones_are_played_from_generated_wav_files(fakes):
    fakes.add("paplay")
    player = linux_player("tone")
    player.play(Cue.OUT)
    (record,) = fakes.wait_for(1)
    player.close()
    assert record.name == "paplay"
    wav = Path(record.args[-1])
    assert wav.suffix == ".wav"
    from coreg.sound import render

    assert wav.read_bytes() == render([Cue.OUT])


def test_a_hanging_player_does_not_delay_the_next_cue_and_is_killed(fakes):
    fakes.add("espeak-ng", then=HANG)
    player = linux_player("voice", timeout=1.0)
    player.play(Cue.IN, "Breathe in")
    first = fakes.wait_for(1)[0]

    asked = time.time()
    started = time.monotonic()
    player.play(Cue.OUT, "Breathe out")
    assert time.monotonic() - started < 0.05  # play() returns at once
    second = fakes.wait_for(2)[1]
    assert second.args[-1] == "Breathe out"
    assert second.time - asked < 0.5  # not held up until the first one's timeout

    # The older one was stopped by the newer cue; the newer one by its timeout.
    assert gone_within([first.pid], 2.0)
    assert gone_within([second.pid, *fakes.children()], 3.0)
    player.close()


def test_close_stops_a_player_that_is_still_running(fakes):
    fakes.add("paplay", then=HANG)
    player = linux_player("tone")  # the usual 4 s timeout: close must not wait for it
    player.play(Cue.END)
    record = fakes.wait_for(1)[0]
    fakes_children = []
    deadline = time.monotonic() + 2
    while not (fakes_children := fakes.children()) and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    player.close()
    assert time.monotonic() - started < 1.5
    assert not Path(f"/proc/{record.pid}").exists()  # killed and reaped: no zombie left
    assert gone_within(fakes_children, 2.0)


def test_a_step_and_its_first_in_breath_are_spoken_as_one(fakes):
    fakes.add("espeak-ng")
    player = linux_player("voice")
    player.play(Cue.STEP, "Hand on heart")
    player.play(Cue.IN, "Breathe in")
    fakes.wait_for(1)
    # No sleep to prove nothing more comes: the runner speaks in order, so a marker played
    # now is heard next; a separate "Breathe in" would have come before it.
    player.play(Cue.END, "marker")
    records = fakes.wait_for(2)
    player.close()
    assert [r.args[-1] for r in records] == ["Hand on heart. Breathe in", "marker"]


def test_no_text_reaches_a_shell(fakes, tmp_path, monkeypatch):
    fakes.add("espeak-ng")
    monkeypatch.chdir(tmp_path)
    calls = []
    real_popen = subprocess.Popen

    def spy(argv, **kwargs):
        calls.append((argv, kwargs))
        return real_popen(argv, **kwargs)

    monkeypatch.setattr(runner.subprocess, "Popen", spy)
    player = linux_player("voice")
    sneaky = "$(touch pwned-a); `touch pwned-b` | touch pwned-c > pwned-d & 'x\" $HOME"
    player.play(Cue.STEP, sneaky)
    fakes.wait_for(1)
    time.sleep(0.05)
    player.play(Cue.STEP, "-w /tmp/coreg-pwned.wav")
    records = fakes.wait_for(2)
    player.close()

    assert records[0].args[-1] == sneaky  # one argument, word for word
    assert not list(tmp_path.glob("pwned-*"))
    assert records[1].args[-1] == " -w /tmp/coreg-pwned.wav"  # a word, not an option
    assert len(calls) == 2  # the spy saw both starts
    for argv, kwargs in calls:
        assert isinstance(argv, list) and not kwargs.get("shell")
        assert kwargs["start_new_session"] is True
        assert kwargs["stdin"] == kwargs["stdout"] == kwargs["stderr"] == subprocess.DEVNULL


def test_a_player_that_fails_hands_over_to_the_next_and_says_so(fakes):
    fakes.add("espeak-ng", then="exit 1\n")
    fakes.add("paplay")
    changes = []
    player = linux_player("voice", on_change=changes.append)
    player.play(Cue.IN, "Breathe in")
    fakes.wait_for(1)
    deadline = time.monotonic() + 2
    while not player._runner.failed and time.monotonic() < deadline:  # the exit is seen
        time.sleep(0.01)
    player.play(Cue.OUT, "Breathe out")
    records = fakes.wait_for(2)
    player.close()
    assert [r.name for r in records] == ["espeak-ng", "paplay"]
    assert player.style is Style.TONE
    assert changes == [
        "Cues: espeak-ng could not play a sound, so coreg plays soft tones with paplay instead."
    ]


def test_fallback_goes_voice_then_tone_then_bell_on_a_real_path(fakes, monkeypatch):
    monkeypatch.setenv("PATH", str(fakes.bin))  # only the fakes: no real espeak-ng
    fakes.add("aplay")
    has_card = lambda: frozenset({"alsa"})  # noqa: E731
    assert linux_player("voice", probe=has_card).program == "aplay"
    (fakes.bin / "aplay").unlink()
    assert linux_player("voice", probe=has_card).style is Style.BELL
    fakes.add("spd-say")
    assert linux_player("voice", probe=has_card).program == "spd-say"


def test_the_words_spoken_match_a_real_exercise_run_on_a_fake_clock(fakes, monkeypatch):
    """Cyclic sighing from start to end: every cue the timeline names is heard, in order."""
    monkeypatch.setattr(cues, "GATHER_SECONDS", 0.02)
    fakes.add("espeak-ng")
    exercise = load_library(user_dirs=[]).get("cyclic-sighing")
    now = [0.0]
    timeline = Timeline(exercise, ["Alex", "Sam"], clock=lambda: now[0])
    player = linux_player("voice")
    timeline.start()
    expected: list[str] = []
    top_ups = 0
    while not timeline.finished:
        for _at, group in groupby(timeline.poll(now[0]), key=lambda e: e.at):
            events = [e for e in group if e.cue is not None]
            if not events:
                continue
            for event in events:
                player.play(event.cue, event.text, event.phase.seconds if event.phase else None)
            words = ["In" if e.text == "A little more in" else e.text for e in events]
            top_ups += words.count("In")
            expected.append(". ".join(words))
            fakes.wait_for(len(expected))
        now[0] += 0.25
    player.close()

    spoken = [r.args[-1] for r in fakes.records()]
    assert spoken == expected
    assert spoken[:5] == [
        "Settle in",
        "Cyclic sighing. Breathe in",
        "In",  # the one-second top-up: "A little more in" would outlast it
        "Breathe out",
        "Breathe in",
    ]
    assert spoken[-2:] == ["Rest", "Well done"]
    assert spoken.count("In") == top_ups == 30  # thirty breaths in five minutes
    assert "Breathe in. Thirty seconds left" in spoken


# --------------------------------------------------------------------------------------------
# coreg cues


def test_coreg_cues_plays_every_cue_with_its_name(fakes, monkeypatch):
    fakes.add("espeak-ng")
    monkeypatch.setenv("PULSE_SERVER", "tcp:127.0.0.1")  # a sign that sound can play
    out = io.StringIO()
    played = []

    def sleep(_seconds):  # wait for this cue to be heard instead of a fixed gap
        played.append(fakes.wait_for(len(played) + 1)[-1].args[-1])

    code = cues_command.run(argparse.Namespace(cues="voice"), out=out, sleep=sleep)
    assert code == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "Cues: voice, spoken by espeak-ng."
    labels = ("in-breath", "out-breath", "hold", "new step", "halfway", "last seconds")
    for label in (*labels, "change of roles"):
        assert any(line.strip().startswith(label) for line in lines)
    samples = {Cue.STEP: cues_command.SAMPLE_STEP, Cue.ROLES: cues_command.SAMPLE_ROLES}
    assert played == [{**WORDS, **samples}[cue] for cue in Cue]


def test_coreg_cues_with_no_sound_device_says_so_and_rings(fakes, monkeypatch):
    fakes.add("espeak-ng")
    monkeypatch.setattr(cues, "find_outputs", lambda *a, **k: frozenset())
    out = io.StringIO()
    code = cues_command.run(
        argparse.Namespace(cues="voice"), out=out, sleep=lambda s: time.sleep(0.05)
    )
    assert code == 0
    text = out.getvalue()
    assert text.startswith(
        "Cues: no sound device was found, so coreg rings the terminal bell instead.\n"
    )
    assert text.count("\a") >= len(Cue)
    assert not fakes.records()


def test_coreg_cues_reads_the_style_from_the_environment(monkeypatch):
    monkeypatch.setenv("COREG_CUES", "off")
    out = io.StringIO()
    assert cues_command.run(argparse.Namespace(cues=None), out=out) == 0
    assert out.getvalue().startswith("Cues: off.")
    monkeypatch.setenv("COREG_CUES", "loud")
    with pytest.raises(UserError, match="bell, tone, voice or off"):
        cues_command.run(argparse.Namespace(cues=None), out=out)


def test_a_wrong_style_is_a_calm_message_not_a_traceback(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["cues", "--cues", "beep"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        "coreg: 'beep' is not a cue style: choose bell, tone, voice or off\n"
    )
