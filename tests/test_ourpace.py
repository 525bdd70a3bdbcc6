"""Your shared pace: the paces, the proposal by hand, and the whole flow with scripted ratings."""

from __future__ import annotations

import json

import pytest

from coreg.library import MAX_PHASE_SECONDS, MIN_PHASE_SECONDS
from coreg.timing import PACES, Rating, pace_breath, pace_exercise, propose
from coreg.tui.screens.ourpace import SharedPaceScreen
from tests.app_helpers import FakeClock, make_app, settle

E, F, H = Rating.EASY, Rating.FINE, Rating.HARD


def test_the_paces_go_from_six_and_a_half_to_four_and_a_half_a_minute_each():
    exercise = pace_exercise()
    assert PACES == (6.5, 6.0, 5.5, 5.0, 4.5)
    assert [step.seconds for step in exercise.steps] == [60.0] * 5
    assert [pace_breath(p).label for p in PACES] == [
        "in 3.7 · out 5.5",
        "in 4 · out 6",
        "in 4.4 · out 6.5",
        "in 4.8 · out 7.2",
        "in 5.3 · out 8",
    ]
    for pace in PACES:
        breath = pace_breath(pace)
        assert all(MIN_PHASE_SECONDS <= p.seconds <= MAX_PHASE_SECONDS for p in breath.phases)
        assert breath.breaths_per_minute == pytest.approx(pace, abs=0.05)


def test_the_best_rated_pace_neither_found_hard():
    ratings = {6.5: [F, E], 6.0: [E, E], 5.5: [E, E], 5.0: [E, H], 4.5: [H, H]}
    # 6.0 and 5.5 tie at easy/easy: the slower is proposed; 5.0 was hard for one of you
    proposal = propose(ratings)
    assert proposal is not None and proposal.per_minute == 5.5
    assert proposal.lengths == [4.4, 6.5]
    assert proposal.text == "Your shared pace: in 4.4 · out 6.5, about 5.5 breaths a minute."


def test_a_pace_not_rated_counts_as_fine_and_nothing_rated_proposes_nothing():
    assert propose({6.5: [None, E], 6.0: [F, F]}).per_minute == 6.5  # fine + easy > fine + fine
    assert propose({pace: [None, None] for pace in PACES}) is None
    assert propose({6.5: [H, E], 6.0: [E, H]}) is None


async def test_the_whole_flow_with_scripted_ratings_keeps_your_pace(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")  # from home
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SharedPaceScreen)
        assert "not a measurement" in str(screen.query_one("#pace-where").render())
        await pilot.press("enter")
        # Alex: 1 2 3; Sam: 8 9 0 — pace by pace
        script = [("2", "9"), ("1", "8"), ("1", "9"), ("3", "8"), ("1", "0")]
        for number, (alex, sam) in enumerate(script):
            assert screen.pace == PACES[number]
            await pilot.press(alex, sam)
            assert "Alex: " in str(screen.query_one("#pace-rated").render())
            clock.advance(60)
            screen.tick()
            await pilot.pause()
        assert screen.finished
        # 6.0 easy/easy is the only pair of easies; 5.0 and 4.5 were hard for one
        assert screen.proposal is not None and screen.proposal.per_minute == 6.0
        words = str(screen.query_one("#pace-where").render())
        assert "Your shared pace: in 4 · out 6, about 6 breaths a minute." in words
        await pilot.press("y")
        await pilot.pause()
        await settle(app)
        assert app.settings.ours == [4.0, 6.0]
        saved = json.loads((tmp_path / "settings.json").read_text("utf-8"))
        assert saved["ours"] == [4.0, 6.0]
        assert not isinstance(app.screen, SharedPaceScreen)


async def test_leaving_keeps_nothing(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_shared_pace()
        await pilot.pause()
        await pilot.press("enter", "1", "8", "n")
        assert app.screen.pace == 6.0
        await pilot.press("escape")
        await pilot.pause()
        assert app.settings.ours == []


async def test_ours_breathes_in_an_exercise_and_in_the_pause(tmp_path):
    from coreg.tui.screens.pause import PauseScreen

    app = make_app(tmp_path, start="pause", pause_pattern="ours")
    app.settings.ours = [4.2, 6.3]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        assert "Your shared pace (in 4.2 · out 6.3)" in str(
            app.screen.query_one("#pause-pattern-name").render()
        )


def test_the_settings_keep_only_a_safe_pace(tmp_path):
    from coreg.settings import load_settings

    for bad in ([0.5, 6], [4, 11], [2, 2], "4,6", [4]):
        path = tmp_path / "s.json"
        path.write_text(json.dumps({"ours": bad, "name_a": "Alex"}))
        settings, message = load_settings(path)
        assert settings.ours == [] and "ours" in (message or "")
    path.write_text(json.dumps({"ours": [4.4, 6.5]}))
    assert load_settings(path)[0].ours == [4.4, 6.5]
