"""Pilot tests: a couple walks through coreg with the keyboard, on a fake clock."""

from __future__ import annotations

from textual.widgets import Input

from coreg.log import Ending
from coreg.tui.screens.after import AfterScreen
from coreg.tui.screens.checkin import CheckInScreen
from coreg.tui.screens.history import HistoryScreen
from coreg.tui.screens.home import HomeScreen
from coreg.tui.screens.partners import PartnersScreen
from coreg.tui.screens.run import RunScreen
from tests.app_helpers import FakeClock, make_app, settle


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_exercise(pilot, exercise_id: str, first: str | None = "Alex") -> None:
    """Start an exercise; ``first`` answers "who starts" as ``--first`` does (None: ask)."""
    pilot.app.start_exercise(exercise_id, first)
    await pilot.pause()


async def advance(pilot, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, RunScreen):
        screen.tick()
    await pilot.pause()


async def test_home_lists_every_exercise_and_describes_the_one_under_the_cursor(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        listed = screen.query_one("#exercise-list").option_count
        assert listed >= len(app.library.exercises)
        assert screen.query_one("#detail-title").render()
        await pilot.press("f")  # for the two of you
        shown = [e.id for e in screen.visible_exercises()]
        assert "self-soothing" not in shown and "heartbeat" in shown
        await pilot.press("f")  # for one of you
        assert "heartbeat" not in [e.id for e in screen.visible_exercises()]


async def test_the_palette_offers_every_exercise(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Start: Heartbeat Connection" in titles
        assert {"History", "About coreg", "Settings", "Pause a fight"} <= set(titles)


async def test_names_are_asked_once_and_remembered(tmp_path):
    app = make_app(tmp_path, names=("", ""))
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        assert isinstance(app.screen, PartnersScreen)
        await pilot.press(*"Alex", "enter", *"Sam", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)  # --first Alex: nobody is asked who starts
        assert app.settings.names == ("Alex", "Sam")
        assert '"name_a": "Alex"' in (tmp_path / "settings.json").read_text()


async def test_check_in_takes_four_keys_and_the_step_shows_each_partner(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("7", "a", "5", "d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert [c.distress for c in screen.before] == [7, 5]
        await pilot.press("n")  # to the hand-on-heart step: two different instructions
        await pilot.pause()
        assert text_of(screen, "#left-name") == "◆ Alex"  # a mark each, and a colour each
        assert text_of(screen, "#right-name") == "● Sam"
        assert "Sam" in text_of(screen, "#left-text")
        assert "Alex" in text_of(screen, "#right-text")


async def test_pause_next_back_and_end_early(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("enter")  # skip the check-in with one key
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        await pilot.press("space")
        assert screen.has_class("-paused") and "Paused" in text_of(screen, "#run-status")
        await advance(pilot, clock, 600)  # paused time does not count
        assert screen.timeline.snapshot().step_index == 0
        await pilot.press("space", "n", "n")
        assert screen.timeline.snapshot().step_index == 2
        await pilot.press("b")
        assert screen.timeline.snapshot().step_index == 1
        await pilot.press("e")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        assert app.screen.session.ending is Ending.ENDED_EARLY


async def test_a_fake_clock_drives_a_whole_exercise_to_its_end_and_it_is_kept(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "kiss-and-hug")
        await pilot.press("enter")  # the hug length: keep 30 s
        await pilot.press("8", "a", "6", "a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        for _ in range(200):
            if not isinstance(app.screen, RunScreen):
                break
            if app.screen.timeline.snapshot().waiting:
                await pilot.press("enter")
            else:
                await advance(pilot, clock, 1)
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("3", "s", "2", "s")
        await pilot.press(*"felt close", "enter")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    (session,) = app.session_log.recent()
    assert session.ending is Ending.COMPLETED
    assert session.steps_completed == session.steps_total
    assert [(p.name, p.change) for p in session.partners] == [("Alex", 5), ("Sam", 4)]
    assert session.note == "felt close"
    played = [cue for cue, _ in app.cues.played]
    assert "step" in played and "end" in played


async def test_ctrl_c_mid_exercise_keeps_an_interrupted_session(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("6", "a", "4", "s")
        await advance(pilot, clock, 30)  # the first step runs to its end: done
        await advance(pilot, clock, 5)
        await pilot.press("n")  # the second is skipped
        await advance(pilot, clock, 5)
        await pilot.press("ctrl+c")
        await pilot.pause()
    (session,) = app.session_log.recent()
    assert session.ending is Ending.INTERRUPTED
    assert (session.steps_completed, session.steps_skipped) == (1, 1)
    assert session.seconds >= 40
    assert [p.before.distress for p in session.partners] == [6, 4]


async def test_quitting_in_the_after_check_in_keeps_what_was_typed(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("enter", "e", "y")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("2", "s")
        await pilot.press("ctrl+q")
        await pilot.pause()
    (session,) = app.session_log.recent()
    assert session.partners[0].after.distress == 2
    assert session.ending is Ending.ENDED_EARLY


async def test_a_terminal_resized_small_mid_session_still_works(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("enter", "n", "n")
        screen = app.screen
        await pilot.resize_terminal(50, 16)
        await advance(pilot, clock, 2)
        assert screen.has_class("-narrow") and screen.has_class("-short")
        # the step's time stays in sight: under the pacer's words on a breath step
        assert screen.query_one("#pacer").caption.endswith("left in this step")
        await pilot.resize_terminal(80, 24)
        await advance(pilot, clock, 1)
        assert not screen.has_class("-narrow")
        assert isinstance(app.screen, RunScreen)


async def test_history_shows_sessions_and_deletes_only_after_asking(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("enter")
        await advance(pilot, clock, 15)  # under 10 seconds with nothing typed is not kept
        await pilot.press("e", "y")
        await pilot.pause()
        await pilot.press("enter", "enter")  # skip the after check-in, then no note
        await settle(app)
        await pilot.press("h")
        await settle(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.query_one("#history-table").row_count == 1
        await pilot.press("d", "n")  # asked, and kept
        await settle(app)
        assert len(app.session_log.recent()) == 1
        await pilot.press("d", "y")
        await settle(app)
        await pilot.pause()
        assert app.session_log.recent() == []


async def test_keys_can_be_remapped_from_the_settings(tmp_path):
    app = make_app(tmp_path, keymap={"next": "j"})  # as saved in settings.json
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("enter", "j")
        assert app.screen.timeline.snapshot().step_index == 1


async def test_settings_persist_names_theme_hug_and_motion(tmp_path):
    import json

    from textual.widgets import Select, Switch

    from coreg.settings import load_settings
    from coreg.tui.screens.settings import SettingsScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        app.action_settings()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#set-name-b", Input).value = "Robin"
        screen.query_one("#set-theme", Select).value = "nord"
        screen.query_one("#set-hug", Select).value = 20.0
        screen.query_one("#set-still", Switch).value = True
        await pilot.pause()
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["name_b"] == "Robin" and saved["theme"] == "nord"
    settings, notice = load_settings(tmp_path / "settings.json")
    assert notice is None
    assert settings.hug_seconds == 20 and settings.reduced_motion
    assert settings.picked_choices("kiss-and-hug", ["hug"]) == {"hug": 20}


async def test_the_pacer_is_still_with_reduced_motion(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    app.settings.reduced_motion = True
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "box-breathing")
        await pilot.press("3", "enter")  # for both of us; no check-in
        while app.screen.timeline.snapshot().step.breath is None:
            await pilot.press("n")
        pacer = app.screen.query_one("#pacer")
        assert pacer.still
        before = pacer.redraws
        for _ in range(8):  # two seconds of an in-breath, in quarter seconds
            await advance(pilot, clock, 0.25)
        assert pacer.redraws - before <= 3  # only the seconds changed, not a moving band
        assert "Breathe in" in str(pacer.render())


async def test_quitting_in_the_before_check_in_keeps_what_was_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_exercise(pilot, "heartbeat")
        await pilot.press("7", "a")
        await pilot.press("ctrl+q")
        await pilot.pause()
    (session,) = app.session_log.recent()
    assert session.ending is Ending.INTERRUPTED and session.steps_completed == 0
    assert session.partners[0].before.distress == 7
    assert session.partners[0].before.state is not None
