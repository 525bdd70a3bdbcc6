"""Pilot tests of tap to lead: scripted taps on a fake clock, for both roles and the fallback."""

from __future__ import annotations

from coreg.settings import Settings
from coreg.tui.screens.after import AfterScreen
from coreg.tui.screens.run import RunScreen
from coreg.tui.widgets.pacer import Pacer
from tests.app_helpers import FakeClock, make_app, settle

SIZE = (100, 32)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def advance(pilot, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    if isinstance(pilot.app.screen, RunScreen):
        pilot.app.screen.tick()
    await pilot.pause()


async def to_the_lead_step(pilot, app, clock: FakeClock, first: str = "Alex") -> RunScreen:
    app.start_exercise("lead-and-follow", first)
    await pilot.pause()
    await pilot.press("enter")  # no check-in
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RunScreen)
    await advance(pilot, clock, 60)  # past "Settle in" and "Find the pace"
    assert text_of(screen, "#step-name") == "Lead and follow"
    return screen


async def script(pilot, clock: FakeClock, taps: list[tuple[float, str]], now: float) -> float:
    """Press each key at its second into the step (``now``: the second it is at)."""
    for at, key in taps:
        await advance(pilot, clock, at - now)
        await pilot.press(key)
        now = at
    return now


ALEX_LEADS = [
    (1.0, "a"), (1.2, "l"), (5.0, "a"), (5.3, "l"),
    (11.0, "a"), (11.9, "l"), (15.0, "a"), (15.1, "l"),
    (21.0, "a"), (21.2, "l"),
]  # fmt: skip


async def test_the_leader_taps_the_pacer_follows_and_the_summary_tells_the_truth(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_lead_step(pilot, app, clock)
        assert text_of(screen, "#lead-line") == (
            "Alex: tap a · Sam: tap l as each breath turns. "
            "Until Alex taps, the pacer keeps its own pace."
        )
        pacer = screen.query_one(Pacer)
        app.cues.played.clear()
        await advance(pilot, clock, 0.5)
        assert pacer.label == "Breathe in  5"  # the pattern, 0.5 s in
        await advance(pilot, clock, 0.5)
        assert pacer.label == "Breathe in  4"
        await pilot.press("a")  # Alex breathes in: a whole in-breath of his from now
        assert pacer.label == "Breathe in  5"
        assert "The pacer follows Alex." in text_of(screen, "#lead-line")
        await advance(pilot, clock, 3.0)  # 4 s into the step, 3 s into Alex's in-breath
        await pilot.press("a")  # out already: the pacer turns at once
        assert pacer.label.startswith("Breathe out")
        # the rest of the script; Sam follows with l
        now = await script(pilot, clock, ALEX_LEADS[2:], 4.0)
        # the step is quiet (cue: quiet): neither the pattern nor the taps sound a breath
        assert not {"in", "out"} & {cue for cue, _ in app.cues.played}
        await advance(pilot, clock, 60 - now)  # round 2: Sam leads now
        assert text_of(screen, "#lead-line").splitlines() == [
            "Sam: tap l · Alex: tap a as each breath turns. "
            "Until Sam taps, the pacer keeps its own pace.",
            "Sam followed Alex within half a second on 2 of 3 breaths, typically 0.2 s after.",
        ]
        await pilot.press("e", "y")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        summary = text_of(app.screen, "#after-summary")
        assert "Sam followed Alex within half a second on 2 of 3 breaths" in summary
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(app)
        kept = app.session_log.recent()[0].in_step
        assert [(c.leader, c.follower, c.breaths, c.in_step) for c in kept] == [
            ("Alex", "Sam", 3, 2)
        ]


async def test_when_sam_leads_sams_key_leads_and_alexs_only_follows(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_lead_step(pilot, app, clock, first="Sam")
        pacer = screen.query_one(Pacer)
        # Alex, the follower, taps ahead of Sam: the pacer does not follow Alex
        await script(pilot, clock, [(2.0, "a"), (4.0, "a")], 0.0)
        assert "Until Sam taps" in text_of(screen, "#lead-line")
        assert pacer.label == "Breathe in  1"  # the pattern: 4 s into in 5
        now = await script(pilot, clock, [(6.0, "l"), (6.1, "a"), (10.0, "l"), (16.0, "l")], 4.0)
        assert "The pacer follows Sam." in text_of(screen, "#lead-line")
        await advance(pilot, clock, 60 - now)
        await pilot.press("e", "y")
        await pilot.pause()
        summary = text_of(app.screen, "#after-summary")
        # Sam's in-breaths at 6 and 16; Alex answered the first 0.1 s after, not the second
        assert "Alex followed Sam within half a second on 1 of 2 breaths, typically 0.1 s" in (
            summary
        )


async def test_no_taps_for_a_while_and_the_pacer_keeps_its_own_pace(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_lead_step(pilot, app, clock)
        pacer = screen.query_one(Pacer)
        await script(pilot, clock, [(1.0, "a")], 0.0)
        await advance(pilot, clock, 10.0)  # 11 s: Alex's rhythm, carried on
        assert "The pacer follows Alex." in text_of(screen, "#lead-line")
        # Alex's in-breaths would come at 1, 11, 21: the first after 15 s of silence is at 21,
        # where the pattern takes over with an in-breath of its own
        await advance(pilot, clock, 14.0)  # 25 s
        assert text_of(screen, "#lead-line") == (
            "Alex: tap a · Sam: tap l. No taps for a while: the pacer keeps its own pace."
        )
        assert pacer.label == "Breathe in  1"  # resonance-5 from 21: 4 s into in 5
        await pilot.press("a")
        assert "The pacer follows Alex." in text_of(screen, "#lead-line")


async def test_the_keys_are_the_couples_own(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    app.settings.tap_keys = ["z", "m"]
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_lead_step(pilot, app, clock)
        assert text_of(screen, "#lead-line").startswith("Alex: tap z · Sam: tap m")
        await pilot.press("a")  # not a tap key now
        assert "Until Alex taps" in text_of(screen, "#lead-line")
        await pilot.press("z")
        assert "The pacer follows Alex." in text_of(screen, "#lead-line")


def test_tap_keys_in_the_settings_file_are_checked(tmp_path):
    from coreg.settings import load_settings

    for bad in (["a"], ["a", "A"], ["n", "l"], ["ab", "l"], ["\x1b", "l"], "al", [1, 2]):
        path = tmp_path / "s.json"
        path.write_text(__import__("json").dumps({"tap_keys": bad, "name_a": "Alex"}))
        settings, message = load_settings(path)
        assert settings.tap_keys == ["a", "l"] and "tap_keys" in (message or "")
    assert Settings().tap_keys == ["a", "l"]


def test_a_step_that_sounds_its_breaths_sounds_the_leaders_turns():
    from coreg.library import PATTERNS, Exercise, Step, StepCue
    from coreg.timing import Timeline
    from coreg.tui.lead import Leading

    step = Step("Lead", 60, say="x", breath=PATTERNS["resonance-5"], lead="b", cue=StepCue.NORMAL)
    clock = FakeClock()
    timeline = Timeline(Exercise("t", "T", "s", (step,)), ("Alex", "Sam"), clock=clock)
    timeline.start()
    leading = Leading(("Alex", "Sam"), ["a", "l"])
    leading.enter(timeline.snapshot())
    assert leading.person_of("L") == 1 and leading.person_of("x") is None
    assert leading.tap(0, 1.0) is None  # Alex follows here: no sound
    assert leading.tap(1, 1.0) == ("in", "Breathe in", 5.0)
    assert leading.tap(1, 1.2) is None  # a bounce
    assert leading.tap(1, 5.0) == ("out", "Breathe out", 5.0)
    leading.leave()
    assert leading.results()[0].breaths == 1


async def test_taps_while_paused_are_not_counted(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_lead_step(pilot, app, clock)
        await pilot.press("space", "a", "l", "a")
        assert screen.leading.current.turns == [] and screen.leading.current.follows == []
        await pilot.press("space", "a")
        assert len(screen.leading.current.turns) == 1
