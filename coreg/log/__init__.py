"""The session log: what a session is, the :class:`SessionLog` facade the app and the commands
use, the file it keeps (atomic, locked, plain TinyDB JSON), rows <-> sessions, the numbers
(stats) and how a session reads in a table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:  # the names below, for type checkers
    from coreg.log.file import *
    from coreg.log.present import *
    from coreg.log.rows import *
    from coreg.log.session import *
    from coreg.log.stats import *
    from coreg.log.store import *

# each module -> the public names it defines (imported on first use)
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "file": "DamagedFile write_atomic",
        "present": "checkin_text ending_text history_row when_text",
        "rows": "export_json FORMAT session_to_row",
        "session": (
            "CheckIn Ending exercise_session Kind new_session_id Partner Session State with_after"
        ),
        "stats": "compute_stats fact_of is_overlong_pause Stats",
        "store": "ImportResult LogError SessionLog",
    },
)
