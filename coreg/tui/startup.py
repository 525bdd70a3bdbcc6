"""Start-up: the first frame first, and everything else just after it.

:class:`StartUp` is mixed into :class:`~coreg.tui.app.CoregApp`:

* ``launch`` pauses the garbage collector while the app starts, and has threads take turns
  often, so the first frame reaches the terminal at once (:mod:`coreg.tui.firstframe`); after
  the first frame what start-up built is frozen, never walked again, and both are as usual;
* the first frame shows the built-in exercises (from the cache, see
  :mod:`coreg.library.cache`); the user's own folders are read after it, off the interface's
  thread, and :class:`LibraryLoaded` brings them to the screens that show exercises: their
  cards first (2,000 files list in a fifth of the time), then the whole exercises;
* a thread about to read the whole log first lets the frames already drawn reach the
  terminal (:meth:`StartUp.let_frames_out`): parsing a large log holds the interpreter's lock,
  and the thread that writes to the terminal needs it too.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from coreg.tui.firstframe import release_start
from coreg.tui.styles import read_the_rest

if TYPE_CHECKING:
    from coreg.library import Library

FRAMES_OUT_SECONDS = 0.5  # the longest a thread waits for the terminal to take the frames


class LibraryLoaded(Message):
    """The exercises, the user's own too, read off the interface's thread: first their cards
    (``whole`` False), enough to list them and read in a fraction of the time, then the whole
    exercises. ``as_listed``: the cards the whole library lists exactly as they were."""

    def __init__(
        self, library: Library, whole: bool = True, as_listed: Library | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.whole = whole
        self.as_listed = as_listed


def lists_alike(one: Library, other: Library) -> bool:
    """The two list the same exercises (whole or as cards) and the same broken files."""
    from coreg.library import Card

    def listed(library: Library) -> tuple[dict, list]:
        cards = {
            key: value if isinstance(value, Card) else Card.of(value)
            for key, value in library.exercises.items()
        }
        return cards, [error.problems for error in library.broken]

    return listed(one) == listed(other)


class StartUp:
    """A mixin for the app (before ``App`` in the bases); the app sets ``_library`` (None, or a
    library given whole), ``_library_whole`` and ``_collector_paused`` in its ``__init__``."""

    _library: Library | None
    _library_whole: bool
    _collector_paused: bool

    @property
    def library(self) -> Library:
        """Every exercise, the built-ins and the user's own. If the load begun after the first
        frame has not brought them yet, they are loaded now (from the cache: milliseconds)."""
        if not self._library_whole:
            from coreg.library import load_library

            self._take_library(load_library())
        assert self._library is not None
        return self._library

    @property
    def library_so_far(self) -> Library:
        """What a screen can show without waiting: every exercise once loaded, the built-ins
        until then. The user's folders are read after the first frame, off this thread, and
        :class:`LibraryLoaded` brings them (screens with ``library_changed()`` are told)."""
        if self._library is None:
            from coreg.library import load_library

            self._library = load_library(user_dirs=())
        return self._library

    def first_frame_drawn(self) -> None:
        """Called once, just after the first frame: start-up's hold ends, and the user's own
        exercises are read if a screen is showing the built-ins meanwhile."""
        if self._collector_paused:
            self._collector_paused = False
            release_start()
        if self._library is not None and not self._library_whole:
            self.load_library()

    def let_frames_out(self) -> None:
        """On a worker thread: wait until the frames queued for the terminal are written
        (at most ``FRAMES_OUT_SECONDS``). Without a terminal (tests), at once."""
        app: Any = self
        writer = getattr(getattr(app, "_driver", None), "_writer_thread", None)
        queue = getattr(writer, "_queue", None)  # Textual's output thread and its queue
        if queue is None or not hasattr(queue, "qsize"):
            return
        deadline = time.monotonic() + FRAMES_OUT_SECONDS
        while queue.qsize() and time.monotonic() < deadline:
            time.sleep(0.005)

    @work(thread=True, group="library", exclusive=True)
    def load_library(self) -> None:
        """The cards first (the list fills at once), then the whole exercises (to start one);
        post_message is thread-safe and never waits."""
        from coreg.library import load_cards, load_library

        app: Any = self
        cards = load_cards()
        app.post_message(LibraryLoaded(cards, whole=False))
        library = load_library()
        same = lists_alike(cards, library)
        app.post_message(LibraryLoaded(library, as_listed=cards if same else None))

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        if not message.whole:  # the list shows them now: every other screen's rules next
            app: Any = self  # (read while the cards were read, they would wait for each other)
            app.call_after_refresh(read_the_rest, app)
        if self._library_whole:
            return  # loaded meanwhile, on the interface's thread
        if message.as_listed is not None and message.as_listed is self._library:
            self._library, self._library_whole = message.library, True  # shown already
        else:
            self._take_library(message.library, message.whole)

    def _take_library(self, library: Library, whole: bool = True) -> None:
        """The library from now on; the screens that show exercises are told, and broken files
        reported, unless it lists exactly what is shown already."""
        shown, self._library, self._library_whole = self._library, library, whole
        if shown is not None and lists_alike(shown, library):
            return
        if shown is not None:
            app: Any = self
            for screen in app.screen_stack:
                changed = getattr(screen, "library_changed", None)
                if changed is not None:
                    changed()
        self.report_broken(library)

    def report_broken(self, library: Library) -> None:
        """One warning for the exercise files that could not be loaded, naming the first."""
        if library.broken:
            count = len(library.broken)
            first = library.broken[0].problems[0]
            app: Any = self
            app.notify(
                f"{count} exercise file{'s' if count > 1 else ''} could not be loaded. "
                f"First: {first}",
                severity="warning",
                timeout=15,
            )
