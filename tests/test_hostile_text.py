"""Text from outside never reaches a terminal raw: every control character, C1 byte, bidi override
and lone surrogate is shown as a visible sign (or, as JSON, an escape), on every output path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coreg.cli import main
from coreg.commands.output import VisibleStream
from coreg.log import Partner, SessionLog
from coreg.safetext import is_safe, json_text, removed, visible
from tests.helpers_store import make_session

HOSTILE = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;pwned\x07",  # rename the window
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # an OSC-8 link
    "\x9b31m\x9d0;c1\x9c",  # the same in C1
    "a\rOVERWRITE",
    "\x00\x07\x08\x7f",
    "\u202eevil\u202c \u2066iso\u2069",
    "line\u2028sep",
    "[bold]x[/bold] [@click=app.quit]q[/]",
]
# What a terminal may act on, in text that went out (\n and \t are layout, and allowed).
LEAK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
SGR = re.compile("\x1b\\[[0-9;]*m")


def run(*argv: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    return done.value.code


def assert_clean(text: str) -> None:
    found = LEAK.search(text)
    assert found is None, f"raw {found.group()!r} in {text!r}"


# -------------------------------------------------------------------------------- the rule


@given(st.text())
def test_visible_leaves_nothing_a_terminal_obeys(text):
    shown = visible(text)
    assert is_safe(shown)
    assert visible(shown) == shown  # showing twice changes nothing more
    assert is_safe(removed(text).replace("\ufffd", ""))
    shown.encode("utf-8")  # always encodable


@given(st.text())
def test_json_text_is_safe_and_means_the_same(text):
    dumped = json_text(json.dumps({"t": text}, ensure_ascii=False))
    assert_clean(dumped)
    assert json.loads(dumped) == {"t": text}


def test_the_signs_are_readable():
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("\x9b\u202e") == "⟨U+009B⟩⟨U+202E⟩"
    assert visible("one\ntwo\tx\r", newlines=True, tabs=True) == "one\ntwo\tx␍"


def test_the_stream_never_raises_on_an_encoding_it_lacks():
    import io

    raw = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    stream = VisibleStream(raw)
    stream.write("Alex → Sam \x1b[2J\ud800\n")
    raw.flush()
    assert b"\x1b" not in raw.buffer.getvalue()


# -------------------------------------------------------------------------------- the CLI


def hostile_log(path, texts):
    """A log whose sessions carry ``texts`` in every field a person sees (written as an older
    coreg or a hand might: the file is the data, the display must cope)."""
    log = SessionLog(path)
    for n, text in enumerate(texts):
        session = make_session(
            n,
            exercise_title=f"T{text}",
            exercise_id=f"x{text}",
            note=text,
            partners=(Partner(f"A{text}"), Partner(f"B{text}")),
        )
        log.record(session)
    return log


CLI_PATHS = [
    ("history",),
    ("history", "--json"),
    ("history", "--stats"),
    ("history", "--stats", "--json"),
    ("export",),
    ("export", "--format", "csv"),
    ("export", "-o", "-", "--format", "csv"),
]


@pytest.mark.parametrize("argv", CLI_PATHS, ids=" ".join)
def test_no_cli_path_lets_a_hostile_session_through(tmp_path, capsys, argv):
    db = tmp_path / "log.json"
    hostile_log(db, HOSTILE)
    before = db.read_bytes()
    assert run(*argv, "--db", str(db)) == 0
    out, err = capsys.readouterr()
    assert_clean(out)
    assert_clean(err)
    assert db.read_bytes() == before  # showing changed nothing stored
    if "--json" in argv or argv == ("export",):
        json.loads(out)  # and JSON is still JSON


def test_delete_names_a_hostile_session_visibly(tmp_path, capsys):
    db = tmp_path / "log.json"
    hostile_log(db, ["\x1b]0;pwned\x07"])
    assert run("delete", make_session(0).id, "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert_clean(out)
    assert "␛]0;pwned␇" in out


def test_an_error_message_shows_what_was_typed_visibly(tmp_path, capsys):
    assert run("show", "\x1b[2Jnope") != 0
    assert_clean(capsys.readouterr().err)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=3))
def test_random_text_through_every_log_path(tmp_path_factory, capsys, texts):
    texts = [t for t in texts if not re.search("[\ud800-\udfff]", t)] or ["x"]
    db = tmp_path_factory.mktemp("log") / "log.json"
    hostile_log(db, texts)
    for argv in CLI_PATHS:
        assert run(*argv, "--db", str(db)) == 0
        out, err = capsys.readouterr()
        assert_clean(out)
        assert_clean(err)


def write_exercise(folder, title):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.yaml"
    body = {
        "id": "hostile",
        "title": title,
        "summary": f"sum {title}",
        "for": "couple",
        "steps": [{"name": f"step {title}", "duration": "10s", "say": f"say {title}"}],
    }
    path.write_text(json.dumps(body), "utf-8")  # JSON is YAML; escapes keep every character
    return path


@pytest.mark.parametrize("text", HOSTILE)
def test_list_show_and_validate_show_a_hostile_exercise_visibly(tmp_path, capsys, text):
    folder = tmp_path / "config" / "exercises"
    path = write_exercise(folder, f"Evil {text}")
    for argv in (("list",), ("list", "--json"), ("show", "hostile"), ("validate", str(path))):
        code = run(*argv)
        out, err = capsys.readouterr()
        assert_clean(out)
        assert_clean(err)
        assert code in (0, 1)


def test_bytes_written_by_a_real_process_hold_no_control_byte(tmp_path):
    """Assert on the bytes themselves: a real coreg, its output piped."""
    db = tmp_path / "log.json"
    hostile_log(db, HOSTILE)
    env = {"COREG_DB": str(db), "COREG_CONFIG_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"}
    runs = [["history"], ["history", "--stats"], ["export", "--format", "csv"]]
    for n, argv in enumerate([*runs, ["history"]]):
        if n == len(runs):  # a terminal that takes only ASCII: replaced, never a traceback
            env["PYTHONIOENCODING"] = "ascii"
        done = subprocess.run(
            [sys.executable, "-m", "coreg", *argv], capture_output=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        for stream in (done.stdout, done.stderr):
            assert re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", stream) is None
            assert_clean(stream.decode("utf-8"))


def test_a_terminal_gets_coregs_colours_and_nothing_else(tmp_path, capsys, monkeypatch):
    from coreg.commands import output

    db = tmp_path / "log.json"
    hostile_log(db, HOSTILE)
    made = output.console

    def coloured(stderr=False, width=None):
        console = made(stderr=stderr, width=width)
        console._force_terminal = True
        return console

    monkeypatch.setattr(output, "console", coloured)
    assert run("history", "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert_clean(SGR.sub("", out))


# -------------------------------------------------------------------------------- CSV


def test_csv_neutralises_tab_and_cr_and_quotes_a_bare_cr(tmp_path):
    import csv
    import io

    log = SessionLog(tmp_path / "log.json")
    log.record(replace(make_session(0), note="\t=1+1", exercise_title="\r=cmd|' /C calc'!A0"))
    log.record(replace(make_session(1), note="a\rb"))
    text = log.export("csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 2  # a bare CR did not start a row
    assert rows[0]["note"] == "'\t=1+1"
    assert rows[0]["exercise_title"].startswith("'\r")
    assert rows[1]["note"] == "a\rb"


# -------------------------------------------------------------------------------- the app's paths


@given(st.text())
def test_every_app_text_path_shows_random_text_safely(text):
    from rich.segment import Segment
    from textual.color import Color

    from coreg.tui.widgets.text import ControlFilter, line, plain

    assert_clean(plain(text).plain)
    assert is_safe(line(text))
    (out,) = ControlFilter().apply([Segment(text)], Color(0, 0, 0))
    assert is_safe(out.text.replace("\ufffd", ""))


@settings(max_examples=60, deadline=None)
@given(st.text(), st.text())
def test_the_rich_console_shows_random_text_in_a_table_safely(a, b):
    import io

    from rich.table import Table
    from rich.text import Text

    from coreg.commands.output import console

    made = console(width=60)
    made.file = io.StringIO()
    table = Table()
    table.add_row(Text(a, style="bold"), b)
    made.print(table, Text.assemble((a, "red"), b), a)
    assert_clean(made.file.getvalue())


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(min_size=1, max_size=20).filter(lambda t: not re.search("[\ud800-\udfff]", t)))
def test_random_text_in_an_exercise_file_through_list_show_and_validate(
    tmp_path_factory, capsys, monkeypatch, text
):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COREG_CONFIG_DIR", str(home))
    path = write_exercise(home / "exercises", text)
    for argv in (("list",), ("list", "--json"), ("show", "hostile"), ("validate", str(path))):
        run(*argv)
        out, err = capsys.readouterr()
        assert_clean(out)
        assert_clean(err)
