"""The real app, headless, with every frame it would send to the terminal kept: shared by the
benchmarks that time a change to the frame that shows it. It starts as ``coreg`` starts it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def measured_app(clock: Callable[[], float], **options: Any) -> tuple[Any, list[tuple[float, str]]]:
    """The app for Alex and Sam (cues off) with its log and settings in a fresh folder, and the
    list that each frame it draws joins, rendered as text and stamped by ``clock``.
    ``options`` go to the app as they are (a library, say)."""
    from textual._compositor import CompositorUpdate

    from coreg.log import SessionLog
    from coreg.settings import Settings
    from coreg.tui import hold_start
    from coreg.tui.app import CoregApp

    writes: list[tuple[float, str]] = []

    class MeasuredApp(CoregApp):
        def _display(self, screen, renderable) -> None:
            if isinstance(renderable, CompositorUpdate):
                writes.append((clock(), renderable.render_segments(self.console)))
            super()._display(screen, renderable)

    folder = Path(tempfile.mkdtemp(prefix="coreg-bench-"))
    # as `coreg` starts its app (commands/app.py): no collection until the first frame, and
    # what start-up built is then frozen, never walked by the collector again
    hold_start()
    app = MeasuredApp(
        log=SessionLog(folder / "log.json"),
        settings=Settings(name_a="Alex", name_b="Sam", cues="off"),
        settings_path=folder / "settings.json",
        cue_style="off",
        collector_paused=True,
        **options,
    )
    return app, writes
