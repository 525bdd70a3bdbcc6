"""The session log: what a session is, the :class:`SessionLog` facade the app and the commands
use, the file it keeps (atomic, locked, plain TinyDB JSON), rows <-> sessions, the numbers
(stats) and how a session reads in a table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:  # the names below, for type checkers
    from coreg.log.exchange import *
    from coreg.log.facts import *
    from coreg.log.file import *
    from coreg.log.kinds import *
    from coreg.log.present import *
    from coreg.log.regular import *
    from coreg.log.rows import *
    from coreg.log.session import *
    from coreg.log.stats import *
    from coreg.log.store import *

# each module -> the public names it defines (imported on first use)
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "file": "DamagedFile write_atomic",
        "regular": "kind_of NotRegularFile open_regular",
        "present": (
            "break_facts checkin_text closeness_text detail_lines ending_text heart_text "
            "history_cells history_row in_step_lines "
            "HistoryCells length_text when_text zone_text"
        ),
        "rows": "FORMAT heart_of session_to_row",
        "exchange": "export_json MAX_IMPORT too_big_message",
        "kinds": "Ending Kind new_session_id State",
        "session": "CheckIn Closeness exercise_session Heart Partner Session with_after",
        "facts": "counts fact_of group_of is_overlong_pause pattern_name",
        "stats": "compute_stats ExerciseStats in_step_weeks PairWeek Stats",
        "store": "ImportResult LogError SessionLog",
    },
)
