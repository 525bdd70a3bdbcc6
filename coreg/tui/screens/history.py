"""History: what you did, when, and whether it helped; stats and a chart over the weeks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from coreg.library import format_duration
from coreg.log import Session, Stats, checkin_text, history_row, when_text
from coreg.tui.screens.modals import ConfirmModal
from coreg.tui.widgets.charts import distress_chart, weeks_chart
from coreg.tui.widgets.text import Plain

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

SHORT_HEIGHT, NARROW_WIDTH = 24, 90
COLUMNS = ("When", "Exercise", "Length", "Ended", "Before → after")


def change_lines(stats: Stats) -> Text:
    """Each partner's average change in distress, before − after."""
    text = Text()
    for name, change in stats.avg_change.items():
        if change is None:
            continue
        word = "eased by" if change > 0 else "rose by" if change < 0 else "stayed level"
        amount = f" {abs(change):.1f}" if change else ""
        text.append(f"{name}: ", style="bold")
        text.append(f"distress {word}{amount} on average   ")
    return text


class SessionModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close", id="detail-close", tooltip="Close")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        lines = [
            s.exercise_title,
            f"{when_text(s.started_at)} to {s.ended_at.astimezone():%H:%M}",
            f"{format_duration(s.seconds)} practised, {s.ending.label}, "
            f"{s.steps_completed} of {s.steps_total} steps",
        ]
        for partner in s.partners:
            line = checkin_text(partner)
            states = [c.state.label for c in (partner.before, partner.after) if c.state]
            if states:
                line += f" ({' → '.join(states)})"
            lines.append(line)
        if s.note:
            lines.append(f"Note: {s.note}")
        with Vertical(classes="dialog"):
            yield Plain("\n".join(lines), classes="question")

    def action_close(self) -> None:
        self.dismiss(None)


class HistoryScreen(Screen):
    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="history-back", tooltip="Home"),
        Binding("enter", "open", "Details", id="history-open", tooltip="This session"),
        Binding("d,delete", "delete", "Delete", id="history-delete", tooltip="Delete one"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[Session] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history"):
            yield Static("History", classes="screen-title")
            yield Static("Reading your log…", id="history-stats")
            with Horizontal(id="history-charts"):
                yield Static(id="history-weeks")
                yield Static(id="history-distress")
            yield Static(id="history-changes")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        sessions = self.app.session_log.recent(500)
        stats = self.app.session_log.stats(now=self.app.now())
        self.app.call_from_thread(self.show, sessions, stats)

    def show(self, sessions: list[Session], stats: Stats) -> None:
        self.sessions = sessions
        now = self.app.now()
        table = self.query_one(DataTable)
        table.clear(columns=True)  # the columns are sized for these rows, header included
        table.add_columns(*COLUMNS)
        for session in sessions:
            table.add_row(*(Text(cell) for cell in history_row(session, now)), key=session.id)
        if not sessions:
            self.query_one("#history-stats", Static).update(
                "Nothing here yet. Your sessions will show up here, on this machine only."
            )
            return
        streak = f" · {stats.streak_days} days in a row" if stats.streak_days > 1 else ""
        self.query_one("#history-stats", Static).update(
            Text(
                f"{stats.sessions} session{'s' if stats.sessions != 1 else ''} · "
                f"{format_duration(stats.minutes * 60)} practised"
                f"{streak}"
            )
        )
        self.query_one("#history-weeks", Static).update(weeks_chart(stats))
        self.query_one("#history-distress", Static).update(distress_chart(stats))
        self.query_one("#history-changes", Static).update(change_lines(stats))

    def selected(self) -> Session | None:
        table = self.query_one(DataTable)
        if not self.sessions or table.cursor_row is None:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((s for s in self.sessions if s.id == key), None)

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        session = self.selected()
        if session is not None:
            self.app.push_screen(SessionModal(session))

    def action_delete(self) -> None:
        session = self.selected()
        if session is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(session.id)

        self.app.push_screen(
            ConfirmModal(
                f"Delete {session.exercise_title}, {when_text(session.started_at)}? "
                "This can't be undone.",
                "Delete",
                "Keep it",
            ),
            answered,
        )

    @work(thread=True, group="history")
    def delete(self, session_id: str) -> None:
        self.app.session_log.delete(session_id)
        self.app.call_from_thread(self.load)
