"""Each partner keeps a colour and a mark of their own in the check-ins and the history charts,
the same as on the run screen; without colour, the marks alone tell them apart."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.color import Color

from coreg.log import SessionLog
from coreg.tui.widgets.charts import distress_chart
from coreg.tui.widgets.checkin import CheckInPanel
from coreg.tui.widgets.people import MARKS, place
from tests.app_helpers import FIXED_NOW, begin, make_app
from tests.helpers_store import make_session


def styled_spans(text: Text, word: str) -> list:
    plain = text.plain
    at = plain.index(word)
    return [s.style for s in text.spans if s.start <= at < s.end]


def colour_of(app, variable: str):
    values = app.get_css_variables()
    return (Color.parse(values["background"]) + Color.parse(values[variable])).rich_color


def test_a_name_keeps_its_place_in_the_couple():
    assert place(("Alex", "Sam"), "sam", 0) == 1
    assert place(("Alex", "Sam"), "Robin", 0) == 0  # not saved: the place it was given


async def test_the_check_in_shows_each_partner_in_their_own_colour_and_mark(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await begin(pilot, "heartbeat")
        panel = app.screen.query_one(CheckInPanel)
        alex, sam = panel._row(0, "Alex"), panel._row(1, "Sam")
        assert alex.plain.startswith(f"{MARKS[0]} Alex") and sam.plain.startswith(f"{MARKS[1]} Sam")
        alex_style = styled_spans(alex, "Alex")[0]
        sam_style = styled_spans(sam, "Sam")[0]
        assert alex_style.color == colour_of(app, "text-primary")
        assert sam_style.color == colour_of(app, "text-success")
        assert alex_style.color != sam_style.color


async def test_without_colour_the_marks_tell_the_partners_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await begin(pilot, "heartbeat")
        panel = app.screen.query_one(CheckInPanel)
        assert panel._row(0, "Alex").plain.startswith("◆ Alex")
        assert panel._row(1, "Sam").plain.startswith("● Sam")


async def test_the_distress_chart_marks_and_colours_each_partner(tmp_path):
    log = SessionLog(tmp_path / "log.json")
    log.record(make_session(0, started_at=FIXED_NOW - timedelta(days=1)))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)):
        from coreg.tui.screens.history import partner_looks

        chart = distress_chart(log.stats(now=FIXED_NOW), looks=partner_looks(app))
        assert f"{MARKS[0]} Alex" in chart.plain and f"{MARKS[1]} Sam" in chart.plain
        assert styled_spans(chart, "Alex")[0].color == colour_of(app, "text-primary")
        assert styled_spans(chart, "Sam")[0].color == colour_of(app, "text-success")
