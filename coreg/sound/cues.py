"""What a cue sounds like, and which player this machine has: bell, tone or voice.

Partners often follow an exercise with their eyes closed, so every cue the timeline names
must be heard, and the in-breath, the out-breath and a new step must sound different.

- **bell**: the terminal bell in patterns (one ring in, two out, three for a new step).
- **tone**: soft tones made by :mod:`coreg.sound.tones`, played by ``paplay``/``pw-play``/``aplay``
  (Linux) or ``afplay`` (macOS).
- **voice**: words spoken by ``espeak-ng``/``espeak``/``spd-say`` (Linux) or ``say`` (macOS).

Players are found on ``PATH`` and started without a shell, on a thread of their own, so the
caller never waits: :meth:`CuePlayer.play` returns at once. A player that hangs is killed
after a short timeout; a newer cue silences an older one. Exit codes are not trusted to say
whether sound can play (``espeak-ng`` exits 0 with no device), so a sound server or device
is looked for first. No Textual here.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Mapping

from coreg.library import Cue
from coreg.sound.players import (
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
from coreg.sound.runner import GATHER_SECONDS, ProgramRunner, tone_file
from coreg.sound.words import spoken_text

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


#: When each ring of a bell pattern sounds, in seconds from the cue. Counted by ear:
#: one ring in, two slow out, two quick hold, three for a new step, three slow at the end,
#: two pairs when the partners trade roles.
BELL_PATTERNS: dict[Cue, tuple[float, ...]] = {
    Cue.IN: (0.0,),
    Cue.OUT: (0.0, 0.6),
    Cue.HOLD: (0.0, 0.15),
    Cue.STEP: (0.0, 0.3, 0.6),
    Cue.HALFWAY: (0.0, 0.35, 0.7, 1.05),
    Cue.LAST: (0.0, 0.15, 0.3, 0.45),
    Cue.END: (0.0, 1.0, 2.0),
    Cue.ROLES: (0.0, 0.15, 0.75, 0.9),  # two quick, a rest, two quick: "your turn, my turn"
}
BELL_GAP = 0.6  # between two patterns that were asked for at the same moment

TONE_TIMEOUT = 4.0  # a tone lasts under 2.5 s; a player still running after this is killed
VOICE_TIMEOUT = 8.0


Schedule = Callable[[float, Callable[[], None]], object]
Runner = Callable[[Found, float], ProgramRunner]  # a player program and its timeout


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
    """Plays cues in one style. :meth:`play` returns at once and never raises.

    ``runner(found, timeout)`` makes what plays through a program (a test passes a stand-in).
    """

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
        runner: Runner = ProgramRunner,
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
        self._make_runner = runner
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

    def _next_runner(self) -> ProgramRunner | None:
        if not self._chain:
            return None
        found = self._chain[0]
        timeout = self._timeout
        if timeout is None:
            timeout = VOICE_TIMEOUT if found.program.style is Style.VOICE else TONE_TIMEOUT
        return self._make_runner(found, timeout)

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
    runner: Runner = ProgramRunner,
) -> CuePlayer:
    """A player for ``style``, with fallbacks worked out and :attr:`CuePlayer.message` set.

    ``bell`` rings once; ``schedule(delay, fn)`` runs ``fn`` later for the second and third
    rings of a pattern (default: a timer thread; an app passes ``app.set_timer``).
    ``probe`` returns the sound outputs found (default: :func:`find_outputs`).
    ``on_change(message)`` is told if a player fails during the session and coreg falls back.
    ``runner`` makes what plays through a program (a test passes a stand-in).
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
        runner=runner,
    )
