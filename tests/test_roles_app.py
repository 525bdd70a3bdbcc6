"""Pilot tests for roles: who starts, who is practising, role headings, skipped steps, and the
parts read aloud."""

from __future__ import annotations

from coreg.log import history_row
from coreg.tui.screens.after import AfterScreen
from coreg.tui.screens.checkin import CheckInScreen
from coreg.tui.screens.history import HistoryScreen
from coreg.tui.screens.partners import ForWhomModal, WhoStartsModal
from coreg.tui.screens.run import RunScreen
from tests.app_helpers import FIXED_NOW, FakeClock, make_app, settle

SIZE = (100, 32)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def advance(pilot, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    if isinstance(pilot.app.screen, RunScreen):
        pilot.app.screen.tick()
    await pilot.pause()


async def end_early(pilot) -> None:
    await pilot.press("e", "y")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AfterScreen)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await settle(pilot.app)


async def test_who_starts_is_asked_and_alternates_by_default(tmp_path):
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        starters = []
        for _ in range(3):
            app.start_exercise("lead-and-follow")
            await pilot.pause()
            modal = app.screen
            assert isinstance(modal, WhoStartsModal)
            assert "Who starts? 1 ◆ Alex · 2 ● Sam" in text_of(modal, ".question")
            starters.append(modal.names[modal.default])
            await pilot.press("enter")  # the marked one
            await pilot.pause()
            assert isinstance(app.screen, CheckInScreen)
            await pilot.press("6", "enter")  # a check-in: this start is a session to keep
            await pilot.pause()
            await end_early(pilot)
        assert starters == ["Alex", "Sam", "Alex"]
        assert [s.started_by for s in app.session_log.all()] == starters


async def test_a_number_picks_who_starts_and_the_first_part_is_theirs(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.start_exercise("lead-and-follow")
        await pilot.pause()
        await pilot.press("2", "enter")  # Sam starts; no check-in
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        await advance(pilot, clock, 60)  # past "Settle in" and "Find the pace"
        assert text_of(screen, "#step-name") == "Lead and follow"
        assert text_of(screen, "#step-roles") == "● Sam leads · ◆ Alex follows"
        assert "Keep that slow pace" in text_of(screen, "#right-text")  # Sam, on the right
        await advance(pilot, clock, 60)
        assert text_of(screen, "#step-roles") == "◆ Alex leads · ● Sam follows"
        await end_early(pilot)
        assert app.session_log.recent()[0].started_by == "Sam"


async def test_first_skips_the_question(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.start_exercise("repair-ritual", "sam")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")  # to "Say the words": Sam reaches out
        await pilot.pause()
        assert text_of(app.screen, "#step-roles") == "● Sam reaches out · ◆ Alex listens"


async def test_a_solo_exercise_is_for_one_person_and_logs_one(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.start_exercise("self-soothing")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ForWhomModal)
        assert "Both of us" not in str(modal.query(".option").results().__next__().render())
        await pilot.press("2")  # Sam
        await pilot.pause()
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen) and checkin.names == ("Sam",)
        await pilot.press("4", "enter")
        await pilot.pause()
        run = app.screen
        assert isinstance(run, RunScreen) and run.names == ("Sam",)
        assert not run.query_one("#partners").display  # one text for one person, no "–"
        await end_early(pilot)
        (session,) = app.session_log.all()
        assert [p.name for p in session.partners] == ["Sam"]
        assert session.partners[0].before.distress == 4
        assert history_row(session, FIXED_NOW)[4] == "Sam 4 → –"  # nobody absent shown


async def test_an_either_exercise_offers_both_of_us_and_someone_else(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.start_exercise("box-breathing")
        await pilot.pause()
        labels = [str(o.render()) for o in app.screen.query(".option")]
        assert labels == ["1  ◆ Alex", "2  ● Sam", "3  Both of us", "4  Someone else"]
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"Kim", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen) and app.screen.names == ("Kim",)
        assert app.settings.names == ("Alex", "Sam")  # the couple's names stay


async def test_skipped_steps_are_counted_apart_and_shown(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "n", "n")  # three timed steps skipped
        await pilot.pause()
        for _ in range(4):  # the other timed steps run to their end
            await advance(pilot, clock, 200)
        assert text_of(app.screen, "#step-name") == "One word"
        await pilot.press("n")  # an untimed step is done when they go on
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(app)
        (session,) = app.session_log.all()
        assert (session.steps_completed, session.steps_skipped, session.steps_total) == (5, 3, 8)
        assert history_row(session, FIXED_NOW)[3] == "finished, 3 of 8 steps skipped"
        app.push_screen(HistoryScreen())
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "finished, 3 of 8 steps skipped" in text_of(app.screen, ".question")


async def test_with_the_voice_each_part_is_read_after_its_partner_when_it_fits(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    app.cues.style = "voice"
    async with app.run_test(size=SIZE) as pilot:
        app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await advance(pilot, clock, 30)  # "Hand on heart": 20 s, no breath cue to run over
        said = [text for _, text in app.cues.played]
        assert "Alex holds Sam's heart now, Sam rests. Alex: Rest your hand" in said[-1]
        assert said[-1].endswith(
            "Sam: Lay your hand over Alex's hand. Close your eyes if you like."
        )
        await advance(pilot, clock, 20)  # "Breathe together": the in-breath comes at once
        said = [text for _, text in app.cues.played]
        assert not any("Alex: Feel" in text for text in said)
        app.settings.speak_parts = False
        await pilot.press("b")  # back to "Hand on heart": roles unchanged, so no role cue
        await pilot.pause()
        assert app.cues.played[-1] == ("step", "Hand on heart")


async def test_the_time_out_opens_the_pause_with_the_length_picked(tmp_path):
    from coreg.tui.screens.pause import PauseScreen

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.start_exercise("time-out")
        await pilot.pause()
        await pilot.press("2")  # 30 minutes
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        assert app.screen.options.minutes == 30


async def test_a_format_1_log_shows_in_history(tmp_path):
    import json

    from tests.test_roles import V1_ROW

    (tmp_path / "log.json").write_text(
        json.dumps({"meta": {"1": {"format": 1}}, "sessions": {"1": V1_ROW}})
    )
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(app)
        app.push_screen(HistoryScreen())
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        detail = text_of(app.screen, ".question")
        assert "Eyes and Hands" in detail and "finished, 5 of 5 steps done" in detail
        assert "Alex 6 → –" in detail
