"""What a cue sounds like, and which player this machine has: bell, tone or voice.

Partners often follow an exercise with their eyes closed, so every cue the timeline names
must be heard, and the in-breath, the out-breath and a new step must sound different.

- **bell**: the terminal bell in patterns (one ring in, two out, three for a new step).
- **tone**: soft tones made by :mod:`coreg.tones`, played by ``paplay``/``pw-play``/``aplay``
  (Linux) or ``afplay`` (macOS).
- **voice**: words spoken by ``espeak-ng``/``espeak``/``spd-say`` (Linux) or ``say`` (macOS).

Players are found on ``PATH`` and started without a shell, on a thread of their own, so the
caller never waits: :meth:`CuePlayer.play` returns at once. A player that hangs is killed
after a short timeout; a newer cue silences an older one. Exit codes are not trusted to say
whether sound can play (``espeak-ng`` exits 0 with no device), so a sound server or device
is looked for first. No Textual here.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from coreg.exercise import Cue
from coreg.players import (
    SPEECH_RATE,
    STYLE_HELP,
    Found,
    Plan,
    Program,
    Style,
    default_style,
    describe_players,
    doing,
    find_outputs,
    parse_style,
    plan,
    programs,
)

__all__ = [  # the players' part is re-exported: callers think in cues
    "SPEECH_RATE",
    "STYLE_HELP",
    "CuePlayer",
    "Found",
    "Plan",
    "Program",
    "Style",
    "default_style",
    "describe_players",
    "find_outputs",
    "make_player",
    "parse_style",
    "plan",
    "programs",
    "spoken_text",
    "tone_file",
]


#: The words a voice says when the timeline gives none.
WORDS: dict[Cue, str] = {
    Cue.IN: "Breathe in",
    Cue.OUT: "Breathe out",
    Cue.HOLD: "Hold",
    Cue.STEP: "Next step",
    Cue.HALFWAY: "Halfway",
    Cue.LAST: "Thirty seconds left",
    Cue.END: "That's the end. Well done.",
}

#: Shorter words for a breath phase too short for the usual ones (a one-second top-up).
SHORT_WORDS: dict[Cue, str] = {Cue.IN: "In", Cue.OUT: "Out", Cue.HOLD: "Hold"}

#: Names a person reads for each cue (``coreg cues``, settings).
LABELS: dict[Cue, str] = {
    Cue.IN: "in-breath",
    Cue.OUT: "out-breath",
    Cue.HOLD: "hold",
    Cue.STEP: "new step",
    Cue.HALFWAY: "halfway",
    Cue.LAST: "last seconds",
    Cue.END: "the end",
}

#: When each ring of a bell pattern sounds, in seconds from the cue. Counted by ear:
#: one ring in, two slow out, two quick hold, three for a new step, three slow at the end.
BELL_PATTERNS: dict[Cue, tuple[float, ...]] = {
    Cue.IN: (0.0,),
    Cue.OUT: (0.0, 0.6),
    Cue.HOLD: (0.0, 0.15),
    Cue.STEP: (0.0, 0.3, 0.6),
    Cue.HALFWAY: (0.0, 0.35, 0.7, 1.05),
    Cue.LAST: (0.0, 0.15, 0.3, 0.45),
    Cue.END: (0.0, 1.0, 2.0),
}
BELL_GAP = 0.6  # between two patterns that were asked for at the same moment

GATHER_SECONDS = 0.03  # cues asked for this close together are played as one sound
TONE_TIMEOUT = 4.0  # a tone lasts under 2.5 s; a player still running after this is killed
VOICE_TIMEOUT = 8.0
MAX_SPOKEN_CHARS = 120


# --------------------------------------------------------------------------------------------
# Words and tone files


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def speech_seconds(text: str) -> float:
    """About how long a voice takes to say ``text`` at SPEECH_RATE, erring long.

    Fitted to espeak-ng 1.51 at 175 words a minute with ``-z`` (benchmarks/cues.py checks it):
    "In" 0.25 s, "Breathe in" 0.51 s, "Thirty seconds left" 1.21 s.
    """
    return 0.2 + 0.055 * len(text) + 0.2 * text.count(". ")  # a sentence ends: a short pause


def spoken_text(cue: Cue, text: str | None = None, seconds: float | None = None) -> str:
    """The words for a cue, on one line; shortened ("In") when they would outlast the phase."""
    words = " ".join(_CONTROL.sub(" ", text if text is not None else WORDS[cue]).split())
    words = words[:MAX_SPOKEN_CHARS] or WORDS[cue]
    if seconds is not None and cue in SHORT_WORDS and speech_seconds(words) > seconds:
        words = SHORT_WORDS[cue]
    return words


def _joined(texts: Sequence[str]) -> str:
    """'Swap hands', 'Breathe in' → 'Swap hands. Breathe in' (one utterance, no overlap)."""
    parts = [t if t.endswith((".", "!", "?")) else t + "." for t in texts[:-1]]
    return " ".join([*parts, texts[-1]])


def _group_words(group: Sequence[tuple[Cue, str, float | None]]) -> str:
    """Cues asked for together as one utterance; breath words shortened if it would outlast
    the shortest phase among them (a long step name, then "In")."""
    texts = [text for _, text, _ in group]
    room = min((seconds for _, _, seconds in group if seconds is not None), default=None)
    if room is not None and speech_seconds(_joined(texts)) > room:
        texts = [SHORT_WORDS.get(cue, text) for cue, text, _ in group]
    return _joined(texts)


def _as_argument(text: str) -> str:
    """Words that start with '-' would be read as an option: a leading space keeps them words."""
    return " " + text if text.startswith("-") else text


_tone_dir: Path | None = None
_tone_lock = threading.Lock()


def tone_file(cues: Sequence[Cue]) -> Path:
    """The WAV for these cues played in a row, written once per run to a private temp folder."""
    global _tone_dir
    with _tone_lock:
        if _tone_dir is None or not _tone_dir.is_dir():
            _tone_dir = Path(tempfile.mkdtemp(prefix="coreg-tones-"))  # mode 0700
            atexit.register(shutil.rmtree, _tone_dir, True)
        path = _tone_dir / ("+".join(cue.value for cue in cues) + ".wav")
        if not path.exists():
            from coreg.tones import render

            part = path.with_suffix(".part")
            part.write_bytes(render(cues))
            os.replace(part, path)
        return path


# --------------------------------------------------------------------------------------------
# Playing


class _Process:
    def __init__(self, popen: subprocess.Popen[bytes], deadline: float) -> None:
        self.popen = popen
        self.deadline = deadline
        self.stopped = False  # coreg ended it: its exit code says nothing about the player

    def signal(self, sig: int) -> None:
        with contextlib.suppress(OSError):
            os.killpg(self.popen.pid, sig)


_STOP = object()


class _Runner:
    """Starts one player program at a time, on a thread of its own, and never waits for it.

    Cues asked for together (a new step and its first in-breath) become one sound; a newer
    sound silences an older one; a player still running after ``timeout`` is killed.
    """

    def __init__(self, found: Found, timeout: float, gather: float | None = None) -> None:
        self.found = found
        self.timeout = timeout
        self.gather = GATHER_SECONDS if gather is None else gather
        self.failed = False  # the player exited with an error: fall back
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._running: list[_Process] = []
        self._thread: threading.Thread | None = None

    def submit(self, cue: Cue, text: str = "", seconds: float | None = None) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="coreg-cues", daemon=True)
            self._thread.start()
        self._queue.put((cue, text, seconds))

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=1.0)
        for process in list(self._running):
            process.signal(signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=0.2)  # reaped: no zombie left behind
        self._running.clear()

    def _loop(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=0.05 if self._running else None)
            except queue.Empty:
                item = None
            self._reap()
            if item is None:
                continue
            group = [item]
            while _STOP not in group and len(group) < 4:
                try:
                    group.append(self._queue.get(timeout=self.gather))
                except queue.Empty:
                    break
            if _STOP in group:
                return  # close() stops what still runs
            self._start(group)  # type: ignore[arg-type]

    def _reap(self) -> None:
        now = time.monotonic()
        for process in list(self._running):
            code = process.popen.poll()
            if code is not None:
                self._running.remove(process)
                if code > 0 and not process.stopped:
                    self.failed = True
            elif now >= process.deadline:
                process.signal(signal.SIGKILL)
                process.stopped = True
                process.deadline = now + 1.0

    def _start(self, group: list[tuple[Cue, str, float | None]]) -> None:
        now = time.monotonic()
        for process in self._running:  # the newer cue wins: an old one is out of date
            if not process.stopped:
                process.signal(signal.SIGTERM)
                process.stopped = True
                process.deadline = min(process.deadline, now + 1.0)
        program = self.found.program
        if program.style is Style.VOICE:
            last = _as_argument(_group_words(group))
        else:
            try:
                last = str(tone_file([cue for cue, _, _ in group]))
            except OSError:
                self.failed = True
                return
        argv = [self.found.path, *program.args, last]
        try:
            popen = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            self.failed = True
            return
        self._running.append(_Process(popen, now + self.timeout))


Schedule = Callable[[float, Callable[[], None]], object]


def _thread_schedule(delay: float, fn: Callable[[], None]) -> object:
    timer = threading.Timer(delay, fn)
    timer.daemon = True
    timer.start()
    return timer


def _cancel(handle: object) -> None:
    """Cancel a threading.Timer or stop a Textual timer."""
    for name in ("cancel", "stop"):
        method = getattr(handle, name, None)
        if callable(method):
            method()
            return


class CuePlayer:
    """Plays cues in one style. :meth:`play` returns at once and never raises."""

    def __init__(
        self,
        chosen: Plan,
        bell: Callable[[], None],
        *,
        mute: frozenset[Cue] = frozenset(),
        schedule: Schedule = _thread_schedule,
        on_change: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        timeout: float | None = None,
    ) -> None:
        self.requested: Style = chosen.requested
        self.style: Style = chosen.style
        self.message: str = chosen.message
        self.mute = frozenset(mute)
        self._chain = list(chosen.chain)
        self._bell = bell
        self._schedule = schedule
        self._on_change = on_change
        self._clock = clock
        self._timeout = timeout
        self._pending: list[object] = []
        self._last_ring_call = float("-inf")
        self._rings_until = float("-inf")
        self._closed = False
        self._runner = self._next_runner()

    @property
    def program(self) -> str | None:
        """The player program in use, or None for the bell (or when off)."""
        return self._runner.found.program.name if self._runner else None

    def play(self, cue: Cue, text: str | None = None, seconds: float | None = None) -> None:
        """Sound ``cue`` now. ``text`` is what a voice says; ``seconds`` is the length of the
        phase it announces (the words are shortened if they would outlast it)."""
        if self._closed or self.style is Style.OFF or cue in self.mute:
            return
        if self._runner is not None and self._runner.failed:
            self._fall_back()
        if self._runner is None:
            self._ring(cue)
        elif self.style is Style.VOICE:
            self._runner.submit(cue, spoken_text(cue, text, seconds), seconds)
        else:
            self._runner.submit(cue)

    def close(self) -> None:
        """Stop any rings still to come and any player still running."""
        self._closed = True
        for handle in self._pending:
            _cancel(handle)
        self._pending.clear()
        if self._runner is not None:
            self._runner.close()

    def _next_runner(self) -> _Runner | None:
        if not self._chain:
            return None
        found = self._chain[0]
        timeout = self._timeout
        if timeout is None:
            timeout = VOICE_TIMEOUT if found.program.style is Style.VOICE else TONE_TIMEOUT
        return _Runner(found, timeout)

    def _fall_back(self) -> None:
        assert self._runner is not None
        failed = self._runner.found.program.name
        self._runner.close()
        self._chain.pop(0)
        self._runner = self._next_runner()
        self.style = self._runner.found.program.style if self._runner else Style.BELL
        self.message = (
            f"Cues: {failed} could not play a sound, "
            f"so coreg {doing(self._runner.found if self._runner else None)} instead."
        )
        if self._on_change is not None:
            self._on_change(self.message)

    def _ring(self, cue: Cue) -> None:
        now = self._clock()
        if now - self._last_ring_call <= GATHER_SECONDS:  # asked for together: one after another
            start = max(now, self._rings_until + BELL_GAP)
        else:
            for handle in self._pending:
                _cancel(handle)
            self._pending.clear()
            start = now
        self._last_ring_call = now
        pattern = BELL_PATTERNS[cue]
        for offset in pattern:
            delay = start + offset - now
            if delay <= 0:
                self._bell()
            else:
                self._pending.append(self._schedule(delay, self._bell))
        self._rings_until = start + pattern[-1]


def make_player(
    style: str | Style,
    bell: Callable[[], None],
    *,
    mute: frozenset[Cue] = frozenset(),
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    probe: Callable[[], frozenset[str]] | None = None,
    schedule: Schedule = _thread_schedule,
    on_change: Callable[[str], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    timeout: float | None = None,
) -> CuePlayer:
    """A player for ``style``, with fallbacks worked out and :attr:`CuePlayer.message` set.

    ``bell`` rings once; ``schedule(delay, fn)`` runs ``fn`` later for the second and third
    rings of a pattern (default: a timer thread; an app passes ``app.set_timer``).
    ``probe`` returns the sound outputs found (default: :func:`find_outputs`).
    ``on_change(message)`` is told if a player fails during the session and coreg falls back.
    A ``style`` that is not a style raises ValueError.
    """
    requested = parse_style(style)
    outputs: frozenset[str] = frozenset()
    if requested in (Style.TONE, Style.VOICE):
        outputs = probe() if probe is not None else find_outputs(platform, env)
    chosen = plan(requested, which=which, platform=platform, outputs=outputs)
    return CuePlayer(
        chosen,
        bell,
        mute=mute,
        schedule=schedule,
        on_change=on_change,
        clock=clock,
        timeout=timeout,
    )
