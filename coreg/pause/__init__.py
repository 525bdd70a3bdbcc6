"""The break for pausing a conflict: its options and words, the :class:`Break` that runs
against an injected clock, and the pulse count that tells flooding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:  # the names below, for type checkers
    from coreg.pause.breaks import *
    from coreg.pause.options import *
    from coreg.pause.pulse import *

# each module -> the public names it defines (imported on first use)
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "breaks": "Break BreakState pattern_breath",
        "options": (
            "back_at BREATH_ONLY_PROMPT check_options clock_words EXTEND_MINUTES "
            "minutes_words next_prompt_in pattern_names PauseOptionError PauseOptions prompt_at "
            "PROMPTS return_time say_line SOON_PROMPT"
        ),
        "pulse": (
            "assess_pulse FLOODING_BPM is_flooding OVER_RESTING_BPM parse_beats "
            "PULSE_SECONDS PulseCount PulseError PulseReading"
        ),
    },
)
