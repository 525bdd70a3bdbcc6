"""Building the app for pilot and snapshot tests: a fake clock, a fixed 'now', a quiet player."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from coreg.log import SessionLog
from coreg.settings import Settings
from coreg.tui.app import CoregApp

FIXED_NOW = datetime(2026, 11, 23, 21, 20, tzinfo=timezone(timedelta(hours=1)))


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class QuietPlayer:
    """Stands in for the cue player: records what would have sounded."""

    requested = style = "off"
    message = "Cues: off."

    def __init__(self) -> None:
        self.played: list[tuple[str, str | None]] = []

    def play(self, cue, text=None, seconds=None) -> None:
        self.played.append((str(cue), text))

    def close(self) -> None:
        pass


def make_app(
    tmp_path: Path,
    *,
    names: tuple[str, str] = ("Alex", "Sam"),
    clock: FakeClock | None = None,
    keymap: dict[str, str] | None = None,
    **options,
) -> CoregApp:
    settings = Settings(name_a=names[0], name_b=names[1], keymap=keymap or {})
    return CoregApp(
        log=SessionLog(tmp_path / "log.json"),
        settings=settings,
        settings_path=tmp_path / "settings.json",
        clock=clock or FakeClock(),
        now=lambda: FIXED_NOW,
        cue_player=QuietPlayer(),
        **{"zone": FIXED_NOW.tzinfo, **options},
    )


async def settle(app: CoregApp) -> None:
    """Wait for saves and background loads; not for the flow, which waits on the couple."""
    await app.saved()
    pending = [w for w in app.workers if w.group != "flow"]
    if pending:  # an empty list would mean every worker to Textual, the flow's too
        await app.workers.wait_for_complete(pending)


async def begin(pilot, exercise_id: str, first: str | None = "Alex", both: bool = True) -> None:
    """Start an exercise as a couple answers its first questions: for whom ("both of us", or
    the first name alone), and who starts (``first``, as ``coreg run --first`` does)."""
    from coreg.tui.screens.partners import ForWhomModal

    pilot.app.start_exercise(exercise_id, first)
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, ForWhomModal):
        names = pilot.app.settings.names
        wanted = names if both else names[:1]
        values = [value for _, value in screen.options]
        await pilot.press(str(values.index(wanted) + 1 if wanted in values else 1))
        await pilot.pause()


async def goto_breath_step(pilot, clock: FakeClock, exercise_id: str, into: float):
    """Start ``exercise_id`` for both, skip the check-in, go on to its first breathing step,
    and let ``into`` seconds of it pass on the fake clock. Returns the run screen."""
    await begin(pilot, exercise_id)
    await pilot.press("enter")  # skip the check-in
    await pilot.pause()
    screen = pilot.app.screen
    while screen.timeline.snapshot().step.breath is None:
        await pilot.press("n")
    clock.advance(into)
    screen.tick()
    await pilot.pause()
    return screen
