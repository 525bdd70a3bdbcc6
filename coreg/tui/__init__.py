"""The app: Textual screens and widgets over the core packages. Nothing below imports it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

# Textual writes a changed screen at most TEXTUAL_FPS times a second (60 unless set): at 60, a
# partner's tap could wait two frame periods, 34 ms, to be seen on the pacer. At 120 it waits
# half as long. Only changed screens are written, and the pacer changes at most ten times a
# second, so the CPU a breath step costs stays the same. Set before Textual is first imported
# (coreg.tui comes before any Textual import in coreg); a value in the environment wins.
os.environ.setdefault("TEXTUAL_FPS", "120")

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp
    from coreg.tui.firstframe import hold_start, release_start

__all__, __getattr__ = lazy_exports(
    __name__, {"app": "CoregApp", "firstframe": "hold_start release_start"}
)
