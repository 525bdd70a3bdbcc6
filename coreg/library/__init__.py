"""Exercises: the format (frozen dataclasses), the positioned YAML reader, the loader that
turns one file into an exercise or says exactly what is wrong, finding the built-in and the
user's files, and the JSON Schema (``exercise.schema.json``) editors use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:  # the names below, for type checkers
    from coreg.library.card import *
    from coreg.library.catalog import *
    from coreg.library.exercise import *
    from coreg.library.loader import *
    from coreg.library.problem import *

# each module -> the public names it defines (imported on first use)
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "card": "Card",
        "catalog": (
            "ALIASES authoring_guide builtin_dir exercise_files Library load_cards load_library"
        ),
        "exercise": (
            "Audience Breath Choice Cue Exercise fill format_clock format_duration "
            "MAX_BREATHS_PER_MINUTE MAX_PHASE_SECONDS MIN_PHASE_SECONDS ours_breath OURS "
            "parse_duration PATTERN_TITLES PATTERNS Phase "
            "PhaseKind reflow Repeat Roles Step StepCue until_next_second"
        ),
        "loader": "load_exercise parse_exercise",
        "problem": "ExerciseError Problem",
    },
)
