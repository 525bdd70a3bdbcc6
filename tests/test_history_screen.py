"""The history screen, as a couple uses it: the arrows pick the session Enter and d act on."""

from __future__ import annotations

from datetime import timedelta, timezone

from textual.widgets import DataTable

from coreg.log import CheckIn, Ending, Kind, Partner, Session
from coreg.tui.screens.history import HistoryScreen, SessionModal, StatsModal
from tests.app_helpers import FIXED_NOW, make_app, settle


def session(n: int, **changes) -> Session:
    start = FIXED_NOW - timedelta(days=n, hours=1)
    values = dict(
        id=f"s{n:02d}" + "0" * 29,
        exercise_id="heartbeat",
        exercise_title=f"Exercise {n}",
        started_at=start,
        ended_at=start + timedelta(minutes=6),
        ending=Ending.COMPLETED,
        steps_completed=5,
        steps_total=5,
        seconds=360.0,
        partners=(Partner("Alex", CheckIn(7), CheckIn(3)), Partner("Sam", CheckIn(5), CheckIn(2))),
    )
    values.update(changes)
    return Session(**values)


def a_break(n: int) -> Session:
    return session(
        n,
        exercise_id="pause",
        exercise_title="Time-out: Longer out-breath",
        kind=Kind.PAUSE,
        ending=Ending.ENDED_EARLY,
        seconds=25 * 60.0,
        steps_completed=0,
        steps_total=1,
        partners=(),
        details={
            "planned_minutes": 20,
            "pattern": "extended-exhale",
            "extended_minutes": 10,
            "pulse_bpm": 112,
            "pulse_flooded": True,
        },
    )


async def open_history(pilot) -> HistoryScreen:
    pilot.app.action_history()
    await settle(pilot.app)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def detail_text(app) -> str:
    assert isinstance(app.screen, SessionModal)
    return "\n".join(app.screen.lines)


async def test_the_table_has_the_focus_and_down_then_enter_opens_the_second(tmp_path):
    app = make_app(tmp_path)
    for n in range(3):
        app.session_log.record(session(n))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert isinstance(app.focused, DataTable)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "Exercise 1" in detail_text(app)  # the second, newest first
        await pilot.press("escape", "down", "up", "up", "enter")
        await pilot.pause()
        assert "Exercise 0" in detail_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen) and screen.selected().id == session(0).id


async def test_d_deletes_the_highlighted_session_and_keeps_the_others(tmp_path):
    app = make_app(tmp_path)
    for n in range(3):
        app.session_log.record(session(n))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down", "d", "y")
        await settle(app)
        await pilot.pause()
        left = [s.id for s in app.session_log.recent()]
        assert left == [session(0).id, session(2).id]
        assert screen.query_one(DataTable).row_count == 2
        assert screen.selected().id == session(2).id  # the row that took its place


async def test_a_breaks_detail_says_what_the_break_was_with_no_steps(tmp_path):
    app = make_app(tmp_path)
    app.session_log.record(a_break(0))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        row = [str(cell) for cell in screen.query_one(DataTable).get_row_at(0)]
        assert "25m of 20m" in row and "pulse 112, flooded" in row
        await pilot.press("enter")
        await pilot.pause()
        text = detail_text(app)
        assert "A time-out of 20m, extended by 10m: 25m taken, ended early." in text
        assert "Pulse: 112 a minute (flooding)" in text
        assert "Breathing: Longer out-breath" in text
        assert "steps" not in text


async def test_before_after_is_whole_at_80_and_rows_stack_at_50(tmp_path):
    app = make_app(tmp_path)
    long_names = (Partner("Alexandra", CheckIn(10), CheckIn(3)), Partner("Sam", CheckIn(5)))
    app.session_log.record(session(3, partners=long_names, ending=Ending.INTERRUPTED))
    app.session_log.record(a_break(1))
    app.session_log.record(session(0, exercise_title="A very long exercise title indeed"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        cells = [str(c) for r in range(table.row_count) for c in table.get_row_at(r)]
        assert "Alexandra 10 → 3 · Sam 5 → –" in cells
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= 80 - 4 - 2
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        cells = [str(c) for r in range(table.row_count) for c in table.get_row_at(r)]
        assert "Alexandra 10 → 3\nSam 5 → –" in cells
        assert any(c.startswith("today 20:20\nA very l") for c in cells)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= 50 - 4 - 2
        for column in table.columns.values():  # every heading whole, with room after it
            assert len(str(column.label)) < column.get_render_width(table), column.label


async def test_the_same_session_reads_the_same_in_table_and_detail_from_another_zone(tmp_path):
    new_york = timezone(timedelta(hours=-5))
    app = make_app(tmp_path, zone=new_york)
    app.session_log.record(session(2))  # 20:20 at +01:00, that is 14:20 in New York
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        row = [str(c) for c in screen.query_one(DataTable).get_row_at(0)]
        assert row[0] == "Sat 14:20"
        await pilot.press("enter")
        await pilot.pause()
        text = detail_text(app)
        assert "Sat 14:20 to 14:26" in text
        assert "recorded in UTC+01:00, where it began at 20:20" in text


async def test_w_shows_what_helps(tmp_path):
    app = make_app(tmp_path)
    app.session_log.record(session(0))
    eased_less = (Partner("Alex", CheckIn(5), CheckIn(4)),)
    app.session_log.record(session(1, exercise_id="box", exercise_title="Box", partners=eased_less))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, StatsModal)
        assert [e.title for e in app.screen.stats.helped] == ["Exercise 0", "Box"]


def test_no_heading_of_the_history_table_is_ever_cut_or_joined_to_the_next():
    from coreg.log import history_cells
    from coreg.tui.widgets.sessions_table import layout

    long_names = (Partner("Alexandra", CheckIn(10), CheckIn(3)), Partner("Sam", CheckIn(5)))
    sessions = [session(3, partners=long_names), a_break(1), session(0)]
    cells = [history_cells(s, FIXED_NOW) for s in sessions]
    for width in range(30, 121):
        shape = layout(cells, width)
        for heading, column_width in zip(shape.headers, shape.widths, strict=True):
            room = column_width - (0 if shape.padding else 1)  # stacked: one space parts them
            assert len(heading) <= room, (width, heading, column_width)
