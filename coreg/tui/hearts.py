"""Heart straps on the run and pause screens: a line of each heart, and what the session
keeps of them. Nothing at all without a strap; the sensors package is imported only with one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coreg.log import Session
    from coreg.timing import Timeline


def breath_cycle(timeline: Timeline | None) -> float | None:
    """The breath cycle in seconds while a breath pacer runs (for the swing per breath)."""
    snapshot = timeline.snapshot() if timeline is not None else None
    if snapshot is None or not snapshot.pacing or snapshot.step.breath is None:
        return None
    return snapshot.step.breath.cycle_seconds


def mount_on_run(
    screen: Any, names: Sequence[str], cycle: Callable[[], float | None]
) -> float | None:
    """Each partner's heart under the step, when a strap is paired; the straps' clock now."""
    hearts = screen.app.hearts
    if hearts is None:
        return None
    from textual.containers import Vertical

    from coreg.tui.widgets.heart import HeartLine

    screen.query_one("#run", Vertical).mount(HeartLine(hearts, names, cycle=cycle), after="#say")
    return hearts.clock()


def with_hearts(
    app: Any, session: Session, since: float | None, timeline: Timeline | None
) -> Session:
    """The session with each heart's first and last minute, and, given the run's
    ``timeline``, how they moved together over its breathing steps."""
    if app.hearts is None:
        return session
    from coreg.sensors import with_hearts as add

    spans = timeline.breath_spans() if timeline is not None else []
    shift = app.hearts.clock() - app.clock()  # the run's clock to the straps' clock
    return add(session, app.hearts, since, [(a + shift, b + shift) for a, b in spans])


def mount_on_pause(screen: Any) -> None:
    """Each heart on the pause screen, watching for flooding: no counting needed."""
    app = screen.app
    if app.hearts is None:
        return
    from coreg.tui.widgets.heart import HeartLine

    def noticed(flooded: list[str], top: int | None) -> None:
        # the break's own row keeps what the strap said (saved with the break's next save)
        if screen.pause is not None:
            screen.pause.strap_flooded, screen.pause.strap_top_bpm = flooded, top

    line = HeartLine(
        app.hearts,
        resting=app.settings.resting_pulse,
        watch_flooding=True,
        noticed=noticed,
    )
    screen.mount(line, after="#pause-pulse-line")


def still_flooding(screen: Any) -> str:
    """Kind words suggesting more time, when a strap says a heart is still flooded."""
    if screen.app.hearts is None:
        return ""
    from coreg.tui.widgets.heart import HeartLine, still_flooding_words

    flooded = [name for line in screen.query(HeartLine) for name in line.flooded]
    return still_flooding_words(flooded) if flooded else ""
