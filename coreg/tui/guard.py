"""What keeps the app standing: outside text never obeyed, hard exits that keep the time, and
keys that arrive faster than a screen can change.

:class:`GuardedApp` is mixed into :class:`~coreg.tui.app.CoregApp`:

* every line drawn passes :class:`~coreg.tui.widgets.text.ControlFilter`, every notification
  :func:`coreg.safetext.visible`;
* SIGTERM, SIGHUP (a closed window) and a SIGINT sent by ``kill`` take the same path as ctrl+q:
  what the screen in progress has done is saved, and Textual restores the terminal (main screen,
  cursor) as it leaves;
* a terminal that has gone without a SIGHUP (coreg on a terminal it does not control) is
  found within ``HANGUP_SECONDS`` and taken as one;
* every ``CHECKPOINT_SECONDS`` the exercise or break in progress is saved as it stands, so even
  a SIGKILL loses at most that much time;
* the command palette is one that survives PageUp before its list is laid out.

:class:`DismissOnce` is for screens that may be dismissed by two keys in one read.
"""

from __future__ import annotations

import asyncio
import select
import signal
import sys
from collections.abc import Callable
from typing import Any

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette

CHECKPOINT_SECONDS = 10.0
HANGUP_SECONDS = 1.0
SIGHUP = getattr(signal, "SIGHUP", 1)
HARD_EXITS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class GuardedApp:
    """A mixin for the app (put it before ``App`` in the bases)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from coreg.tui.widgets.text import ControlFilter

        # Textual keeps its output filters in a list with no public way to add one.
        self._filters.append(ControlFilter())  # type: ignore[attr-defined]
        self._hard_exit_signal: int | None = None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain, visible text: it may hold paths, names or file text."""
        from coreg.safetext import visible

        super().notify(  # type: ignore[misc]
            visible(message, newlines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # -- hard exits and checkpoints ------------------------------------------------------

    def start_guards(self) -> None:
        """Called once mounted: signal handlers (a real terminal only) and the checkpoints."""
        app: Any = self
        app.set_interval(CHECKPOINT_SECONDS, self.checkpoint, name="checkpoint")
        if app.is_headless or not HARD_EXITS:
            return
        hangup = _hangup_check()
        if hangup is not None:  # a window closed with no SIGHUP sent: the same path as one

            def watch() -> None:
                if hangup():
                    self._on_hard_exit(SIGHUP)

            app.set_interval(HANGUP_SECONDS, watch, name="hangup")
        loop = asyncio.get_running_loop()
        for number in HARD_EXITS:
            try:
                loop.add_signal_handler(number, self._on_hard_exit, number)
            except (NotImplementedError, RuntimeError, ValueError):
                return  # not the main thread, or a platform without them: ctrl+q still saves

    def _on_hard_exit(self, number: int) -> None:
        if self._hard_exit_signal is not None:
            return
        self._hard_exit_signal = number
        app: Any = self
        app.call_next(self._quit_after_signal, number)

    async def _quit_after_signal(self, number: int) -> None:
        app: Any = self
        await app.action_quit()  # saves what is in progress, then leaves
        app.exit(return_code=128 + number)  # what a shell expects after a signal

    def checkpoint(self) -> None:
        """Save the exercise or break in progress as it stands now (it stays in progress)."""
        app: Any = self
        for screen in reversed(app.screen_stack):
            current = getattr(screen, "checkpoint_session", None)
            if current is None:
                continue
            session = current()
            if session is not None:
                app.record(session)
            return

    # -- keys ----------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        app: Any = self
        if app.use_command_palette and not CommandPalette.is_open(app):
            app.push_screen(SteadyCommandPalette(id="--command-palette"))


class SteadyCommandPalette(CommandPalette):
    """Textual 8.2.8's OptionList raises KeyError on PageUp/PageDown when its lines are not laid
    out yet (ctrl+p then PageUp within ~50 ms): ``_move_page`` reads ``_index_to_line`` before
    the first layout. Until the list has lines, a page key does nothing."""

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            from textual.command import CommandList

            found = self.query(CommandList)
            if not found:  # not composed yet (Textual would raise NoMatches)
                return
            commands = found.first()
            highlighted = commands.highlighted or 0
            try:
                ready = highlighted in commands._index_to_line
            except (KeyError, IndexError):
                ready = False
            if not ready:
                return
        super()._action_command_list(action)


class DismissOnce:
    """A screen mixin: a second dismiss (two Enters in one read) is ignored instead of popping
    another screen or raising ScreenStackError."""

    _dismissed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        screen: Any = self
        if self._dismissed or not screen.is_active:
            return AwaitComplete(asyncio.sleep(0))
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc]


def _hangup_check() -> Callable[[], bool] | None:
    """A check that the terminal has gone (its window closed) although no SIGHUP came, as when
    coreg runs on a terminal it does not control; None where it cannot be told.

    Without it, the interface would read an input that is always ready and always empty, at
    full speed, until killed."""
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        poller = select.poll()
        poller.register(fd, select.POLLIN)
    except (AttributeError, OSError, ValueError):
        return None
    gone = select.POLLHUP | select.POLLERR | select.POLLNVAL

    def check() -> bool:
        return any(events & gone for _, events in poller.poll(0))

    return check
