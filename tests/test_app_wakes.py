"""The app on its own: nothing ticked by hand, and a save that fails is said out loud."""

from __future__ import annotations

import asyncio

from coreg.library import PATTERNS, Exercise, Library, Step
from coreg.log import Ending, LogError
from coreg.tui.screens.after import AfterScreen
from coreg.tui.screens.home import HomeScreen
from coreg.tui.screens.run import RunScreen
from tests.app_helpers import make_app, settle
from tests.helpers_store import make_session

SPEED = 3.0  # the exercise's clock runs three times as fast as the event loop's
SHORT = Exercise(
    id="short",
    title="Short",
    summary="Two steps, six seconds",
    steps=(
        Step("Breathe together", 3, say="In and out", breath=PATTERNS["box"]),
        Step("Look at each other", 3, say="Just look"),
    ),
)


async def test_the_run_screen_wakes_itself_to_the_end_and_the_log(tmp_path, monkeypatch):
    """No tick() by hand: the screen's own timers carry a short exercise to its end.

    The clock is the event loop's, sped up, so the screen can only get there by setting its
    own next redraw at the right moment; were that delay an hour, it would never arrive.
    """
    loop = asyncio.get_running_loop()
    zero = loop.time()
    app = make_app(
        tmp_path,
        clock=lambda: 1000.0 + (loop.time() - zero) * SPEED,
        library=Library(exercises={SHORT.id: SHORT}),
    )
    woke = 0
    tick = RunScreen.tick

    def counted(screen: RunScreen) -> None:  # counts the screen's own calls; the test makes none
        nonlocal woke
        woke += 1
        tick(screen)

    monkeypatch.setattr(RunScreen, "tick", counted)
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_exercise("short")
        await pilot.pause()
        await pilot.press("enter")  # skip the check-in; the run starts (on a busy machine it
        # may even be over by the time the test looks, so nothing here depends on timing)
        # 6 s of exercise is 2 s here; the wide margin is for a busy machine (it only costs time
        # when the screen never wakes, which is the failure this test is for)
        deadline = loop.time() + 30
        while isinstance(app.screen, RunScreen) and loop.time() < deadline:
            await asyncio.sleep(0.02)
        assert isinstance(app.screen, AfterScreen), "the run screen never woke to finish"
        assert woke >= 2  # on mount, then at least once from a timer it set itself
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("enter", "enter")  # no after check-in, no note
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    (session,) = app.session_log.recent()
    assert session.ending is Ending.COMPLETED
    assert session.steps_completed == session.steps_total == 2
    played = [cue for cue, _ in app.cues.played]
    assert "end" in played


async def test_a_save_that_fails_is_shown_to_the_couple(tmp_path):
    app = make_app(tmp_path)

    def refuse(session):
        raise LogError("coreg could not save the session log (disk full).")

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.session_log.record = refuse
        app.record(make_session(1))
        await settle(app)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("This session could not be saved:") and "disk full" in m for m in messages
        ), messages
        (shown,) = [n for n in app._notifications if "could not be saved" in n.message]
        assert shown.severity == "error"
