"""The coreg app: home, the guided flow for two, history, settings, about, and the pause.

The app holds the core objects built by ``cli.py`` (the session log, the settings, the clock)
and walks a couple through one exercise: choices → names → before → the steps → after.
Saving happens in a worker thread, so the pacer never stutters while the log is written.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from coreg.library import Cue, Exercise
from coreg.settings import Settings, save_settings
from coreg.tui.guard import GuardedApp
from coreg.tui.startup import StartUp
from coreg.tui.styles import first_sheets, read_the_rest

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from coreg.library import Library
    from coreg.log import Session, SessionLog
    from coreg.sensors import HeartBoard
    from coreg.sound import CuePlayer


def local_now() -> datetime:
    return datetime.now().astimezone()


class CoregApp(GuardedApp, StartUp, App[None]):
    """Two partners at one laptop, calming down together."""

    class SaveFailed(Message):
        """The saving thread could not write the log."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    TITLE = "coreg"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave coreg", priority=True),
        Binding(
            "ctrl+c",
            "quit",
            "Quit",
            id="quit-ctrl-c",
            show=False,
            priority=True,
            tooltip="Leave coreg",
        ),
    ]

    def __init__(
        self,
        *,
        log: SessionLog | Path,
        settings: Settings,
        settings_path: Path | None = None,
        notices: Iterable[str] = (),
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = local_now,
        start: str = "home",
        exercise_id: str | None = None,
        first: str | None = None,
        pause_minutes: float = 20,
        pause_pattern: str = "extended-exhale",
        cue_style: str | None = None,
        library: Library | None = None,
        cue_player: CuePlayer | None = None,
        zone: tzinfo | None = None,
        collector_paused: bool = False,
        hearts: HeartBoard | None = None,
    ) -> None:
        # the first frame waits for the shared rules and the first screen's own (tui/styles.py)
        super().__init__(css_path=first_sheets(start))
        self.hearts = hearts  # heart straps, when one is paired and the sensors extra is here
        # The log may come as a path: it is opened (and coreg.log.store imported) on first use,
        # on the saving thread, so the first frame never waits for it.
        # (not ``self._log``: that name is Textual's own App._log)
        self._session_log: SessionLog | None = None if isinstance(log, (str, Path)) else log
        self.log_path = Path(log) if isinstance(log, (str, Path)) else log.path
        self._log_lock = threading.Lock()
        self.settings = settings
        self.settings_path = settings_path
        self.clock = clock
        self.now = now
        self.zone = zone  # the viewer's zone for history; None: this machine's own
        self.start_with = start
        self.start_exercise_id = exercise_id
        self.start_first = first  # `coreg run ID --first NAME`: who starts, without asking
        self.pause_minutes = pause_minutes
        self.pause_pattern = pause_pattern
        self._notices = list(notices)
        self._cue_style = cue_style
        self._library = library
        self._library_whole = library is not None  # False: the built-ins only, so far
        self._cues = cue_player
        self._saver: ThreadPoolExecutor | None = None
        self._mounted_once = False
        self._collector_paused = collector_paused  # by ``launch``, for start-up: resumed here
        if settings.keymap:
            self.set_keymap(settings.keymap)
        if settings.theme in self.available_themes:
            self.theme = settings.theme

    # -- the core objects, built when first needed -----------------------------------------

    @property
    def session_log(self) -> SessionLog:
        with self._log_lock:
            if self._session_log is None:
                from coreg.log import SessionLog

                self._session_log = SessionLog(self.log_path)
            return self._session_log

    @property
    def reduced_motion(self) -> bool:
        return self.settings.reduced_motion or self.animation_level == "none"

    @property
    def cues(self) -> CuePlayer:
        if self._cues is None:
            self._cues = self._make_player(self._cue_style or self.settings.cues)
        return self._cues

    def _make_player(self, style: str) -> CuePlayer:
        from coreg.sound import make_player

        mute = set()
        if self.settings.mute_halfway:
            mute.add(Cue.HALFWAY)
        if self.settings.mute_last:
            mute.add(Cue.LAST)
        try:
            player = make_player(
                style,
                self.bell,
                mute=frozenset(mute),
                schedule=lambda delay, fn: self.set_timer(delay, fn),
                on_change=self._cues_changed,
            )
        except ValueError:
            player = make_player("bell", self.bell, mute=frozenset(mute))
        chosen = player.requested.value != "bell" or player.style != player.requested
        if chosen and player.requested.value not in self.settings.cue_notice_shown:
            self.settings.cue_notice_shown.append(player.requested.value)
            self.save_settings()
            self.notify(player.message, title="Cues", timeout=6)
        return player

    def _cues_changed(self, message: str) -> None:
        """The cue player fell back to another style (it may say so from another thread)."""
        self.call_later(self.notify, message)

    def change_cues(self, style: str) -> None:
        """Use another cue style from now on (settings screen)."""
        if self._cues is not None:
            self._cues.close()
        self._cues = None
        self._cue_style = None
        self.settings.cues = style
        self.save_settings()
        _ = self.cues

    def on_coreg_app_save_failed(self, message: SaveFailed) -> None:
        self.notify(
            f"This session could not be saved: {message.reason}", severity="error", timeout=10
        )

    def save_settings(self) -> bool:
        """Write the settings file; False (and a warning on screen) when it could not be."""
        try:
            save_settings(self.settings, self.settings_path)
        except OSError as error:
            self.notify(f"Settings could not be saved: {error.strerror}", severity="warning")
            return False
        return True

    def record(self, session: Session) -> None:
        """Save a session on the saving thread; the screen keeps drawing meanwhile.

        One thread takes the saves in order, so a later state of a session never lands
        before an earlier one.
        """
        if self._saver is None:  # the first save comes after the first frame: so does this
            from concurrent.futures import ThreadPoolExecutor

            self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coreg-save")
        self._saver.submit(self._record_now, session)

    def _record_now(self, session: Session) -> None:
        from coreg.log import LogError

        self.let_frames_out()  # the first save opens the log: the screen reaches the terminal first
        try:
            self.session_log.record(session)
        except (LogError, OSError) as error:
            # post_message is thread-safe and never waits: call_from_thread here would deadlock
            # against action_quit, which waits on this thread from the event loop.
            self.post_message(self.SaveFailed(str(error)))

    async def saved(self) -> None:
        """Wait until every save asked for so far is on disk (tests and quitting use it)."""
        if self._saver is not None:
            await asyncio.wrap_future(self._saver.submit(lambda: None))

    # -- start-up -----------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The first screen is the base of the stack: home, or the pause for ``coreg pause``."""
        if self.start_with == "pause":
            return self._pause_screen()
        from coreg.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self._mounted_once = True
        self.call_after_refresh(self.first_frame_drawn)
        if self.start_with != "pause" and self._library_whole:
            # every other screen's rules (with the user's exercises to read first, once the
            # list shows them: see StartUp.on_library_loaded)
            self.call_after_refresh(read_the_rest, self)
        self.start_guards()
        for message in self._notices:
            self.notify(message, severity="warning", timeout=12)
        if self.start_with == "pause":
            return
        if self._library_whole:  # given whole (``coreg run``): broken files are said at once
            self.report_broken(self.library)
        self.call_after_refresh(self.check_log)
        if self.start_with == "run" and self.start_exercise_id:
            self.start_exercise(self.start_exercise_id, self.start_first)

    @work(thread=True, group="log")
    def check_log(self) -> None:
        """Open the log early (off the interface's thread) so a damaged file is reported."""
        self.let_frames_out()
        try:
            self.session_log.count()
        except Exception as error:  # a log that can't be read at all must not stop practice
            if not self.is_running:
                return
            self.call_from_thread(
                self.notify, f"Your history can't be read: {error}", severity="error", timeout=15
            )
            return
        if self.session_log.notice:
            if not self.is_running:
                return
            self.call_from_thread(
                self.notify, self.session_log.notice, severity="warning", timeout=20
            )

    def _pause_screen(self) -> Screen:
        from coreg.tui.screens.pause import PauseScreen

        return PauseScreen(minutes=self.pause_minutes, pattern=self.pause_pattern)

    # -- the guided flow ----------------------------------------------------------------

    def start_exercise(self, exercise_id: str, first: str | None = None) -> None:
        exercise = self.library.get(exercise_id)
        if exercise is None:
            self.notify(f"There is no exercise called {exercise_id!r}.", severity="error")
            return
        self.run_flow(exercise, first)

    @work(exclusive=True, group="flow")
    async def run_flow(self, exercise: Exercise, first_name: str | None = None) -> None:
        """choices → who practises → who starts → before → the steps → after (``tui/flow.py``).
        ``first_name`` (``--first``) answers "who starts". Started by ``coreg run ID``, the app
        ends with the flow, however it ends (done, or Esc on a question)."""
        from coreg.tui.flow import guided_flow

        await guided_flow(self, exercise, first_name)
        if self.start_with == "run":  # `coreg run ID`: the shell again, once it is over
            await self.action_quit()

    # -- screens reached from anywhere --------------------------------------------------

    def action_history(self) -> None:
        from coreg.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def action_about(self) -> None:
        from coreg.tui.screens.about import AboutScreen

        self.push_screen(AboutScreen())

    def action_settings(self) -> None:
        from coreg.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_shared_pace(self) -> None:
        from coreg.tui.screens.ourpace import SharedPaceScreen

        self.push_screen(SharedPaceScreen())

    def action_pause_timer(self) -> None:
        from coreg.tui.screens.pause import PauseScreen

        if any(isinstance(screen, PauseScreen) for screen in self.screen_stack):
            self.notify("The breath timer is already open.", timeout=3)
        else:
            self.push_screen(self._pause_screen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from coreg.safetext import visible

        if self.start_with != "pause" or len(self.screen_stack) > 1:
            for exercise in self.library.sorted():
                yield SystemCommand(
                    f"Start: {visible(exercise.title)}",
                    visible(exercise.summary),
                    partial(self.start_exercise, exercise.id),
                )
        yield SystemCommand(
            "Pause a fight", "A breath timer and a time-out", self.action_pause_timer
        )
        yield SystemCommand(
            "Find your shared pace", "Slow paces, rated by both of you", self.action_shared_pace
        )
        yield SystemCommand("History", "What you did, and whether it helped", self.action_history)
        yield SystemCommand("Settings", "Names, cues, theme, motion", self.action_settings)
        yield SystemCommand("About coreg", "What it is, and what it isn't", self.action_about)
        # Of Textual's own commands only the theme picker: the rest (maximize, screenshot, its
        # keys panel) speak to developers, not to a couple.
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)
        yield SystemCommand("Keys", "Every key on this screen", partial(self.show_keys, screen))
        yield SystemCommand("Quit", "Leave coreg (what you did is saved)", self.action_quit)

    def show_keys(self, screen: Screen) -> None:
        from coreg.tui.screens.keys import KeysModal, key_lines

        self.push_screen(KeysModal(key_lines(screen)))

    # -- leaving: nothing done is lost --------------------------------------------------

    async def action_quit(self) -> None:
        if self._saver is not None:
            self._saver.shutdown(wait=True)  # what was already asked for lands first
            self._saver = None
        self._save_interrupted()
        if self._cues is not None:
            self._cues.close()
        self.exit()

    def on_unmount(self) -> None:
        """The app is gone: let the saves asked for land, then let go of the log file."""
        if self._saver is not None:
            self._saver.shutdown(wait=True)
            self._saver = None
        with self._log_lock:
            if self._session_log is not None:
                self._session_log.close()

    def _save_interrupted(self) -> None:
        """Record, synchronously, what the screens in progress have done so far."""
        for screen in reversed(self.screen_stack):
            unfinished = getattr(screen, "interrupted_session", None)
            if unfinished is None:
                continue
            session = unfinished()
            if session is not None:
                try:
                    self.session_log.record(session)
                except Exception as error:  # the last chance to save: say so, never crash
                    self.exit(message=f"coreg could not save this session: {error}")
                return

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked from the palette or the settings."""
        if self._mounted_once and self.settings.theme != theme:
            self.settings.theme = theme
            self.save_settings()
