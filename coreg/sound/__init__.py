"""Cues you can hear with your eyes closed: what each cue says and rings, which player this
machine has (bell, tone or voice), the tones made here, and the runner that plays them off
the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:  # the names below, for type checkers
    from coreg.sound.cues import *
    from coreg.sound.players import *
    from coreg.sound.runner import *
    from coreg.sound.tones import *
    from coreg.sound.words import *

# each module -> the public names it defines (imported on first use)
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "cues": "BELL_PATTERNS CuePlayer make_player",
        "players": "default_style describe_players find_outputs parse_style SPEECH_RATE Style",
        "runner": "tone_file",
        "tones": "render",
        "words": "group_words LABELS SHORT_WORDS speech_seconds spoken_text with_parts WORDS",
    },
)
