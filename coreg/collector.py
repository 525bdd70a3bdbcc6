"""The garbage collector rests while many small objects are made that all stay alive.

Reading a log of 50,000 sessions, or a library of 2,000 exercises from its cache, builds
hundreds of thousands of small objects and frees almost none: each collection meanwhile walks
them all again for nothing (a third of the time of a large read).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_collection() -> Iterator[None]:
    """Pause the garbage collector while making many small objects that all stay alive (it
    stays off afterwards if it was off before)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
