"""Until the first frame: the collector rests and threads take turns often.

Start-up builds a great many objects that live as long as the app (modules, styles, widgets)
and frees few: a collection would walk them all for nothing, and one full collection cost more
than the app's own first layout. And the first frame reaches the terminal through Textual's
writer thread: with the interpreter's usual five milliseconds between turns, the frame waits
behind the start-up work queued after it. ``launch`` calls :func:`hold_start` before anything
of Textual is imported (so this module imports none of it); the app calls
:func:`release_start` once its first frame is drawn.
"""

from __future__ import annotations

import gc
import sys

START_SWITCH_SECONDS = 0.0005  # how often threads take turns until the first frame is drawn

_usual: list[float] = []  # while held: the interval the threads went back to afterwards


def hold_start() -> None:
    """Before the app is built: the collector rests and threads take turns often, until
    :func:`release_start` (the app calls it once its first frame is drawn)."""
    if not _usual:
        _usual.append(sys.getswitchinterval())
        sys.setswitchinterval(START_SWITCH_SECONDS)
    gc.disable()


def release_start() -> None:
    """The collector works again, past what start-up built, and threads take turns as usual.
    Safe to call twice (the app after its first frame, ``launch`` when the app has ended)."""
    if _usual:
        sys.setswitchinterval(_usual.pop())
        gc.freeze()
        gc.enable()
