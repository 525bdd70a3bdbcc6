"""History: what you did, when, and whether it helped; stats and a chart over the weeks.

The table has the focus: Up and Down move the highlighted row, Enter opens it, ``d`` deletes
it. Every time is in the viewer's zone (``app.zone``; None is this machine's own).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from coreg.log import (
    HistoryCells,
    Session,
    Stats,
    detail_lines,
    history_cells,
    in_step_lines,
    in_step_weeks,
    length_text,
    when_text,
)
from coreg.tui.guard import DismissOnce
from coreg.tui.screens.modals import ConfirmModal
from coreg.tui.widgets.charts import distress_chart, weeks_chart
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.people import MARKS, place, rich_person
from coreg.tui.widgets.sessions_table import layout
from coreg.tui.widgets.text import Plain, line

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

# Below this height the charts and the table of what helps leave the room to the table (the
# w key shows them); below this width the two charts stand one over the other.
SHORT_HEIGHT, NARROW_WIDTH = 36, 90
HELPED_ROWS = 5
STATS_WIDTH = (
    76  # the stats window's width, as in app.tcss  # on the screen itself; the w key shows them all
)


def change_lines(stats: Stats) -> Text:
    """Each partner's average change in distress, before − after."""
    text = Text()
    for name, change in stats.avg_change.items():
        if change is None:
            continue
        word = "eased by" if change > 0 else "rose by" if change < 0 else "stayed level"
        amount = f" {abs(change):.1f}" if change else ""
        if text:
            text.append("\n")  # one partner a line: on a narrow terminal none is split
        text.append(f"{name}: ", style="bold")
        text.append(f"distress {word}{amount} on average")
    return text


def partner_looks(app):
    """Each partner's mark and colour in the charts, the same as on the run screen."""

    def look(name: str, number: int) -> tuple[str, Style]:
        index = place(app.settings.names, name, number)
        return MARKS[index % 2], rich_person(app, index)

    return look


def shown(cells: HistoryCells) -> HistoryCells:
    """Outside text (titles, names) as visible signs, before it is measured and drawn."""
    return HistoryCells(*(line(value) for value in cells))


def helped_table(stats: Stats, width: int, limit: int | None = None) -> Group | Text:
    """Per exercise, each partner's average change and sessions, what helped most first;
    ``width`` cells wide at most (the exercise's title gives way)."""
    if not stats.helped:
        return Text("Check in before and after to see what helps you.", style="dim")
    names = list(dict.fromkeys(n for item in stats.helped for n in item.avg_change))
    table = Table(box=None, pad_edge=False, header_style="bold")
    title_width = max(10, min(30, width - 11 * len(names) - 2))
    table.add_column("exercise", no_wrap=True, overflow="ellipsis", max_width=title_width)
    for name in names:
        table.add_column(Text(name), justify="right", no_wrap=True, min_width=8, max_width=9)
    for item in stats.helped[:limit]:
        cells = []
        for name in names:
            change, count = item.avg_change.get(name), item.paired.get(name, 0)
            cells.append(Text("–" if change is None else f"{change:+.1f} ×{count}"))
        table.add_row(Text(item.title or item.exercise_id), *cells)
    heading = Text("What helps you", style="bold")
    heading.append(" · distress before − after (more is calmer) × sessions", style="dim")
    return Group(heading, table)


class SessionModal(DismissOnce, ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close", id="detail-close", tooltip="Close")]

    def __init__(self, session: Session, lines: list[str]) -> None:
        super().__init__()
        self.session = session
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="detail-box"):
            yield Plain("\n".join(self.lines), id="detail-text", classes="question")
            yield Label("esc or Enter closes", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class StatsModal(DismissOnce, ModalScreen[None]):
    """The charts and what helps, whatever the size of the terminal."""

    CSS_PATH = "pages.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    BINDINGS = [Binding("escape,enter,w", "close", "Close", id="stats-close", tooltip="Close")]

    def __init__(self, stats: Stats, in_step: list[str] | None = None) -> None:
        super().__init__()
        self.stats = stats
        self.in_step = in_step or []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="stats-box"):
            width = min(STATS_WIDTH, self.app.size.width * 9 // 10) - 6
            yield Static(helped_table(self.stats, width), id="stats-helped")
            yield Static(change_lines(self.stats), id="stats-changes")
            yield Static(
                distress_chart(self.stats, looks=partner_looks(self.app)), id="stats-distress"
            )
            yield Static(weeks_chart(self.stats), id="stats-weeks")
            if self.in_step:
                heading = Text.assemble(
                    ("Breathing in step", "bold"),
                    (" · breaths within half a second, week by week", "dim"),
                    "\n" + "\n".join(self.in_step),
                )
                yield Static(heading, id="stats-in-step")
            yield Label("esc, Enter or w closes", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class HistoryScreen(Screen):
    CSS_PATH = "pages.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="history-back", tooltip="Home"),
        # priority: before the table's own Enter, so that the footer shows it
        Binding(
            "enter", "open", "Details", id="history-open", tooltip="This session", priority=True
        ),
        Binding("d,delete", "delete", "Delete", id="history-delete", tooltip="Delete this one"),
        Binding("w", "helped", "What helps", id="history-helped", tooltip="Charts, per exercise"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[Session] = []
        self.stats: Stats | None = None
        self.in_step: list[str] = []  # how close you were, per pair of roles, week by week
        self._width = 0

    @property
    def zone(self) -> tzinfo | None:
        return getattr(self.app, "zone", None)

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Static("History", classes="screen-title")
            yield Static("Reading your log…", id="history-stats")
            with Horizontal(id="history-charts"):
                yield Static(id="history-weeks")
                yield Static(id="history-distress")
            yield Static(id="history-changes")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        if event.size.width != self._width and self.sessions:
            self.fill_table()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        zone = self.zone
        sessions = self.app.session_log.recent(500)
        # With no zone given, stats read this machine's clock and zone, as the CLI does.
        now = self.app.now() if zone is not None else None
        stats = self.app.session_log.stats(now=now, zone=zone)
        weeks = in_step_weeks(sessions, self.app.now(), zone=zone)
        self.in_step = in_step_lines(weeks)
        self.app.call_from_thread(self.show, sessions, stats)

    def fill_table(self) -> None:
        """The rows, shaped for the width there is; the highlighted session stays highlighted."""
        table = self.query_one(DataTable)
        keep = self.selected()
        now = self.app.now()
        self._width = self.size.width
        width = self.size.width - 4  # the screen's padding
        cells = [shown(history_cells(s, now, self.zone)) for s in self.sessions]
        shape = layout(cells, width)
        table.clear(columns=True)
        table.cell_padding = shape.padding
        for header, column_width in zip(shape.headers, shape.widths, strict=True):
            table.add_column(header, width=column_width)
        for session, row in zip(self.sessions, shape.rows, strict=True):
            table.add_row(*row, key=session.id, height=shape.height)
        ids = [s.id for s in self.sessions]
        if keep is not None and keep.id in ids:
            table.move_cursor(row=ids.index(keep.id), animate=False)

    def show(self, sessions: list[Session], stats: Stats) -> None:
        old = self.selected()
        index = self.query_one(DataTable).cursor_row
        self.sessions, self.stats = sessions, stats
        self.fill_table()
        if old is not None and old.id not in {s.id for s in sessions} and sessions:  # deleted
            self.query_one(DataTable).move_cursor(row=min(index, len(sessions) - 1))
        if not sessions:
            self.query_one("#history-stats", Static).update(
                "Nothing here yet. Your sessions will show up here, on this machine only."
            )
            return
        streak = f" · {stats.streak_days} days in a row" if stats.streak_days > 1 else ""
        self.query_one("#history-stats", Static).update(
            Text(
                f"{stats.sessions} session{'s' if stats.sessions != 1 else ''} · "
                f"{length_text(stats.minutes * 60)} practised"
                f"{streak} · w: what helps"
            )
        )
        self.query_one("#history-weeks", Static).update(weeks_chart(stats))
        self.query_one("#history-distress", Static).update(
            distress_chart(stats, looks=partner_looks(self.app))
        )
        changes = self.query_one("#history-changes", Static)
        changes.update(helped_table(stats, self.size.width - 4, HELPED_ROWS))

    def selected(self) -> Session | None:
        """The session of the highlighted row."""
        table = self.query_one(DataTable)
        if not self.sessions or not table.row_count:
            return None
        row = table.cursor_row
        if not 0 <= row < len(self.sessions):
            return None
        key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return next((s for s in self.sessions if s.id == key), None)

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        session = self.selected()
        if session is not None:
            lines = detail_lines(session, self.app.now(), self.zone)
            self.app.push_screen(SessionModal(session, lines))

    def action_helped(self) -> None:
        if self.stats is not None:
            self.app.push_screen(StatsModal(self.stats, self.in_step))

    def action_delete(self) -> None:
        session = self.selected()
        if session is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(session.id)

        when = when_text(session.started_at, self.app.now(), self.zone)
        self.app.push_screen(
            ConfirmModal(
                f"Delete {session.exercise_title}, {when}? This can't be undone.",
                "Delete",
                "Keep it",
            ),
            answered,
        )

    @work(thread=True, group="history")
    def delete(self, session_id: str) -> None:
        self.app.session_log.delete(session_id)
        self.app.call_from_thread(self.load)
