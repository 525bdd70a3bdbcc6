"""Snapshots of each screen a couple sees, on a frozen clock. Review the SVGs by eye.

Update with ``python -m pytest tests/test_snapshots.py --snapshot-update`` after a change you
have looked at; ``snapshot_report.html`` shows the differences when one fails.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from coreg.log import CheckIn, Ending, Kind, Partner, Session, State
from coreg.tui.screens.run import RunScreen
from tests.app_helpers import FIXED_NOW, FakeClock, begin, goto_breath_step, make_app, settle

SIZE = (80, 24)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def sample_sessions() -> list[Session]:
    sessions = []
    rows = [
        ("heartbeat", "Heartbeat Connection", 0, 370, Ending.COMPLETED, (7, 3), (5, 2)),
        ("repair-ritual", "Repair Ritual", 1, 410, Ending.COMPLETED, (8, 4), (6, 3)),
        ("kiss-and-hug", "Six-Second Kiss and Hug", 2, 56, Ending.COMPLETED, (3, 1), (2, 1)),
        ("resonance", "Resonance Breathing", 9, 200, Ending.ENDED_EARLY, (6, 4), (None, None)),
        ("heartbeat", "Heartbeat Connection", 16, 370, Ending.COMPLETED, (5, 2), (4, 2)),
        ("time-out", "Time-Out", 30, 1290, Ending.INTERRUPTED, (9, 5), (7, 4)),
    ]
    for index, (eid, title, days, seconds, ending, alex, sam) in enumerate(rows):
        start = FIXED_NOW - timedelta(days=days, hours=1)
        sessions.append(
            Session(
                id=f"sample{index:02d}",
                exercise_id=eid,
                exercise_title=title,
                started_at=start,
                ended_at=start + timedelta(seconds=seconds),
                ending=ending,
                steps_completed=5,
                steps_total=5 if ending is Ending.COMPLETED else 8,
                seconds=seconds,
                partners=(
                    Partner("Alex", CheckIn(alex[0], State.ACTIVATED), CheckIn(alex[1])),
                    Partner("Sam", CheckIn(sam[0], State.SHUT_DOWN), CheckIn(sam[1], State.SAFE)),
                ),
            )
        )
    return sessions


async def footer_in(pilot) -> None:
    """The footer is mounted just after the first frame; wait for it."""
    await pilot.pause()
    await pilot.pause()


def test_home(snap_compare, home):
    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=footer_in)


def test_home_small(snap_compare, home):
    assert snap_compare(make_app(home), terminal_size=(50, 16), run_before=footer_in)


def test_before_check_in(snap_compare, home):
    async def before(pilot):
        pilot.app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        await pilot.press("7")

    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=before)


def test_two_partner_step(snap_compare, home):
    clock = FakeClock()

    async def before(pilot):
        pilot.app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        await pilot.press("7", "a", "5", "d", "n")
        clock.advance(12.4)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


# The run screen: three layouts (roomy, standard, compact) × what a couple sees on the way.
SIZES = {"roomy": (120, 40), "standard": (80, 24), "compact": (50, 16)}
MOMENTS = {  # box breathing: in 4 · hold 4 · out 4 · hold 4
    "in": ("box-breathing", 2.0, ()),
    "hold": ("box-breathing", 5.5, ()),
    "out": ("box-breathing", 10.0, ()),
    "hold-empty": ("box-breathing", 13.0, ()),
    "paused": ("box-breathing", 2.0, ("space",)),
}


@pytest.mark.parametrize("layout", SIZES)
@pytest.mark.parametrize("moment", MOMENTS)
def test_breath_step(snap_compare, home, layout, moment):
    clock = FakeClock()
    exercise, into, keys = MOMENTS[moment]

    async def before(pilot):
        await goto_breath_step(pilot, clock, exercise, into)
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(pilot.app.screen, RunScreen)

    app = make_app(home, clock=clock)
    assert snap_compare(app, terminal_size=SIZES[layout], run_before=before)


@pytest.mark.parametrize("layout", SIZES)
def test_a_step_that_waits(snap_compare, home, layout):
    async def before(pilot):
        await begin(pilot, "repair-ritual")
        await pilot.press("enter")  # skip the check-in
        await pilot.pause()
        screen = pilot.app.screen
        while not screen.timeline.snapshot().waiting:
            await pilot.press("n")
        await pilot.pause()

    assert snap_compare(make_app(home), terminal_size=SIZES[layout], run_before=before)


def test_breath_step_for_two_partners_small(snap_compare, home):
    clock = FakeClock()

    async def before(pilot):
        await goto_breath_step(pilot, clock, "heartbeat", 2.0)

    assert snap_compare(make_app(home, clock=clock), terminal_size=(50, 16), run_before=before)


def test_breath_step_without_colour(snap_compare, home, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")  # read when the app is made
    clock = FakeClock()

    async def before(pilot):
        await goto_breath_step(pilot, clock, "box-breathing", 5.5)

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


def test_after_summary(snap_compare, home):
    clock = FakeClock()

    async def before(pilot):
        pilot.app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        await pilot.press("7", "a", "5", "d")
        clock.advance(200)
        pilot.app.screen.tick()
        await pilot.press("e", "y")
        await pilot.pause()
        await pilot.press("3", "s", "2", "s")
        await pilot.pause()

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


def app_with(home, sessions):
    """The app over a log that already holds ``sessions``."""
    app = make_app(home)
    for session in sessions:
        app.session_log.record(session)
    return app


async def open_history(pilot) -> None:
    pilot.app.action_history()
    await settle(pilot.app)
    await pilot.pause()


def test_history_with_data(snap_compare, home):
    app = app_with(home, sample_sessions())

    async def before(pilot):
        await open_history(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)


def full_history() -> list[Session]:
    """Every column filled: two partners, one alone, a missing check-in, breaks with a pulse."""
    sessions = sample_sessions()
    start = FIXED_NOW - timedelta(days=3, hours=2)
    breaks = [
        ("Time-out: Longer out-breath", 20, 10, 1500, Ending.ENDED_EARLY, 112, True),
        ("Breath timer: Box breathing", 0, 0, 240, Ending.COMPLETED, 84, False),
    ]
    for index, (title, planned, extended, seconds, ending, pulse, flooded) in enumerate(breaks):
        when = start - timedelta(days=index * 5)
        sessions.append(
            Session(
                id=f"break{index:02d}",
                exercise_id="pause",
                exercise_title=title,
                started_at=when,
                ended_at=when + timedelta(seconds=seconds),
                ending=ending,
                steps_completed=0,
                steps_total=1,
                seconds=seconds,
                kind=Kind.PAUSE,
                details={
                    "planned_minutes": planned,
                    "extended_minutes": extended,
                    "pattern": "extended-exhale" if planned else "box",
                    "pulse_bpm": pulse,
                    "pulse_flooded": flooded,
                },
            )
        )
    alone = FIXED_NOW - timedelta(days=1, hours=3)
    sessions.append(
        Session(
            id="solo00",
            exercise_id="self-soothing",
            exercise_title="Solo self-soothing",
            started_at=alone,
            ended_at=alone + timedelta(seconds=45),
            ending=Ending.ENDED_EARLY,
            steps_completed=1,
            steps_total=3,
            seconds=45,
            partners=(Partner("Alexandra", CheckIn(10, State.ACTIVATED), CheckIn(6)),),
        )
    )
    return sessions


@pytest.mark.parametrize("size", [(80, 24), (50, 16)])
def test_history_fits(snap_compare, home, size):
    app = app_with(home, full_history())

    async def before(pilot):
        await open_history(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


def test_history_break_detail(snap_compare, home):
    app = app_with(home, full_history())

    async def before(pilot):
        await open_history(pilot)
        while pilot.app.screen.selected().id != "break00":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_about(snap_compare, home, monkeypatch):
    # paths in the text are shown from the home folder, the same on every machine
    monkeypatch.setattr(
        "coreg.library.catalog.authoring_guide", lambda: home / "guide" / "authoring.md"
    )

    async def before(pilot):
        pilot.app.action_about()
        await pilot.pause()

    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=before)


def test_home_without_colour(snap_compare, home, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")  # read when the app is made
    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=footer_in)


def test_breath_step_still(snap_compare, home):
    """Reduced motion: the pattern as a still bar, the phase lit, and words."""
    clock = FakeClock()
    app = make_app(home, clock=clock)
    app.settings.reduced_motion = True

    async def before(pilot):
        await goto_breath_step(pilot, clock, "box-breathing", 5.5)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


async def goto_role_step(pilot, clock: FakeClock) -> None:
    """Lead and Follow, Sam leading: the heading names the roles, each name in its colour."""
    pilot.app.start_exercise("lead-and-follow", "Sam")
    await pilot.pause()
    await pilot.press("enter")  # skip the check-in
    clock.advance(60 + 12.4)
    pilot.app.screen.tick()
    await pilot.pause()


def test_role_step(snap_compare, home):
    clock = FakeClock()

    async def before(pilot):
        await goto_role_step(pilot, clock)

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


def test_role_step_without_colour(snap_compare, home, monkeypatch):
    """With NO_COLOR the partners stay apart by their place and their mark (◆ left, ● right)."""
    monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()

    async def before(pilot):
        await goto_role_step(pilot, clock)

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


def test_who_starts(snap_compare, home):
    async def before(pilot):
        pilot.app.start_exercise("repair-ritual")
        await pilot.pause()

    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=before)


async def tap_along(pilot, clock: FakeClock, taps: list[tuple[float, str]]) -> None:
    """Lead and Follow with Sam leading: Sam's taps (l) and Alex's (a), seconds into the step."""
    await goto_role_step(pilot, clock)
    now = 12.4
    for at, key in taps:
        clock.advance(at - now)
        pilot.app.screen.tick()
        await pilot.press(key)
        now = at
    await pilot.pause()


SAM_LEADS = [(13.0, "l"), (13.3, "a"), (17.0, "l"), (17.2, "a"), (23.0, "l"), (23.6, "a")]


def test_tap_to_lead_step(snap_compare, home):
    """The pacer follows Sam's taps; each partner's key is named under it."""
    clock = FakeClock()

    async def before(pilot):
        await tap_along(pilot, clock, [*SAM_LEADS, (25.0, "l")])
        clock.advance(1.2)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


def test_after_summary_says_how_close_you_were(snap_compare, home):
    clock = FakeClock()

    async def before(pilot):
        await tap_along(pilot, clock, [*SAM_LEADS, (27.0, "l"), (33.0, "l"), (33.4, "a")])
        await pilot.press("e", "y")
        await pilot.pause()
        await pilot.press("3", "s", "2", "s")
        await pilot.pause()

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


def test_shared_pace(snap_compare, home):
    """Your shared pace, the second pace running: Alex has said how it feels, Sam not yet."""
    clock = FakeClock()

    async def before(pilot):
        await pilot.press("o", "enter", "2", "9")
        clock.advance(62.5)
        pilot.app.screen.tick()
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(make_app(home, clock=clock), terminal_size=SIZE, run_before=before)


def test_settings_with_focus_and_a_saved_change(snap_compare, home):
    async def changed(pilot):
        await footer_in(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("end", "a")  # the first name, focused at once: "Alexa"
        await pilot.pause()

    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=changed)


def test_settings_pairing_heart_straps(snap_compare, home, monkeypatch):
    from coreg.tui.widgets import straps
    from coreg.tui.widgets.straps import StrapsPanel
    from tests.test_sensors_settings import FOUND

    monkeypatch.setattr(StrapsPanel, "scan", staticmethod(lambda seconds: FOUND))
    monkeypatch.setattr(straps, "bleak_installed", lambda: True)
    app = make_app(home)
    app.settings.straps = {"Alex": {"address": "11:22:33:44:55:66", "name": "Garmin HRM"}}

    async def found(pilot):
        await footer_in(pilot)
        await pilot.press("s")
        await pilot.pause()
        find = pilot.app.screen.query_one("#straps-find")
        find.focus()
        find.press()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.screen.query_one("#settings").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=found)


def test_tag_picker(snap_compare, home):
    async def picking(pilot):
        await footer_in(pilot)
        await pilot.press("t", "down")
        await pilot.pause()

    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=picking)


def test_keys_list_small(snap_compare, home):
    async def keys(pilot):
        await footer_in(pilot)
        pilot.app.show_keys(pilot.app.screen)
        await pilot.pause()

    assert snap_compare(make_app(home), terminal_size=(50, 16), run_before=keys)
