"""The app: Textual screens and widgets over the core packages. Nothing below imports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

__all__, __getattr__ = lazy_exports(__name__, {"app": "CoregApp"})
