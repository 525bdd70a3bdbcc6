"""The plain table `coreg history` prints: widths in terminal columns, cut only on a terminal."""

from __future__ import annotations

import io

from coreg.commands import table
from coreg.commands.table import cell_len, cut, print_table, table_width


class Terminal(io.StringIO):
    def __init__(self, columns: int) -> None:
        super().__init__()
        self.columns = columns

    def isatty(self) -> bool:
        return True


def test_wide_characters_take_two_columns_and_cuts_end_in_an_ellipsis():
    assert cell_len("Alex") == 4 and cell_len("美咲") == 4 and cell_len("e\u0301") == 1
    assert cut("Heartbeat Connection", 10) == "Heartbeat…"
    assert cut("美咲と一緒", 5) == "美咲…"
    assert cut("short", 10) == "short"


def test_piped_output_is_whole_and_plain():
    out = io.StringIO()
    print_table(
        ("id", "exercise", "after"), [("ab", "A long title", "Alex 7 → 3")], shrink=1, out=out
    )
    lines = out.getvalue().splitlines()
    assert lines == ["id  exercise      after", "ab  A long title  Alex 7 → 3"]
    assert table_width(("id", "exercise"), [("ab", "A long title")], shrink=1) == 2 + 2 + 8


def test_on_a_narrow_terminal_one_column_gives_way(monkeypatch):
    out = Terminal(24)
    monkeypatch.setattr(table, "terminal_width", lambda out=None: out.columns)
    monkeypatch.setenv("NO_COLOR", "1")
    print_table(
        ("id", "exercise", "after"), [("ab", "A long title", "Alex 7 → 3")], shrink=1, out=out
    )
    assert out.getvalue().splitlines()[1] == "ab  A long…   Alex 7 → 3"
