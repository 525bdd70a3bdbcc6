"""The plain table `coreg history` prints: widths in terminal columns, cut only on a terminal."""

from __future__ import annotations

import io
import re

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


def test_on_a_terminal_bold_and_dim_reach_it_as_styles_and_outside_text_as_signs(monkeypatch):
    """Behind coreg's visible stdout (``output.install``) the table's own styles still work,
    and a control character in a cell is shown as a sign, counted in the widths."""
    from coreg.commands.output import VisibleStream

    terminal = Terminal(80)
    monkeypatch.setattr(table, "terminal_width", lambda out=None: 80)
    monkeypatch.delenv("NO_COLOR", raising=False)
    print_table(("id", "exercise"), [("ab", "Evil\x1b[2J")], dim=0, out=VisibleStream(terminal))
    written = terminal.getvalue()
    assert "\x1b[1mid" in written and "\x1b[2mab" in written  # real styles, not "␛[1m"
    assert "\x1b[2J" not in written and "Evil␛[2J" in written
    header, row = (re.sub(r"\x1b\[[0-9]*m", "", line) for line in written.splitlines())
    assert header.index("exercise") == row.index("Evil")


def test_an_error_on_a_terminal_breaks_between_words_and_into_a_pipe_stays_whole(monkeypatch):
    from coreg.commands.output import wrapped_for
    from coreg.pause import PauseOptionError, check_options

    try:
        check_options(1)
    except PauseOptionError as error:
        message = f"coreg: {error}"
    assert "a break of 1 minute is shorter" in message  # one minute, not "1 minutes"
    monkeypatch.setattr(table, "terminal_width", lambda out=None: 80)
    lines = wrapped_for(Terminal(80), message).splitlines()
    assert len(lines) > 1 and all(len(line) < 80 for line in lines)
    assert " ".join(lines) == message  # every word whole, in order
    monkeypatch.setattr(table, "terminal_width", lambda out=None: None)
    assert wrapped_for(io.StringIO(), message) == message


def test_each_command_is_parsed_by_the_module_that_registers_it():
    """``coreg pause …`` builds the pause's parser alone: the map from command to module must
    hold every command, or a command would be parsed by a parser that does not know it."""
    from coreg.cli import COMMAND_MODULES, MODULE_OF, build_parser

    def commands(parser) -> set[str]:
        (sub,) = [a for a in parser._actions if a.dest == "command"]
        return set(sub.choices)

    assert set(MODULE_OF) == commands(build_parser())
    for module in COMMAND_MODULES:
        alone = commands(build_parser((module,)))
        assert alone == {name for name, owner in MODULE_OF.items() if owner == module}


def test_a_command_parsed_alone_reads_what_the_whole_parser_reads():
    from coreg.cli import MODULE_OF, build_parser

    for argv in (
        ["pause", "--minutes", "25", "--pattern", "box", "--cues", "off"],
        ["history", "--stats"],
        ["run", "heartbeat", "--first", "Sam"],
        ["list", "--json"],
        ["sensors", "scan"],
    ):
        whole = vars(build_parser().parse_args(argv))
        alone = vars(build_parser((MODULE_OF[argv[0]],)).parse_args(argv))
        assert alone == whole
