"""``coreg list``, ``coreg validate`` and ``coreg show`` as a person uses them."""

from __future__ import annotations

import json
import re

import pytest

from coreg.cli import main

MINIMAL_EXERCISE = "title: {title}\nsummary: S\nsteps: [{{name: N, say: x, duration: 6}}]\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_list_shows_the_whole_library(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "Heartbeat" in out and "heartbeat" in out and "self-soothing" in out
    assert "built-in" in out


def test_list_json_has_the_promised_fields(capsys):
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 12
    for row in rows:
        assert {"id", "title", "summary", "seconds", "for", "source_path"} <= set(row)
    hug = next(r for r in rows if r["id"] == "kiss-and-hug")
    assert hug["seconds"] >= 36


def test_list_reports_broken_user_files_after_the_table(capsys, monkeypatch, tmp_path):
    (tmp_path / "broken.yaml").write_text("title: T\nsummary: S\nsteps:\n  - name: N\n    sey: x\n")
    monkeypatch.setenv("COREG_EXERCISES", str(tmp_path))
    code, out, _ = run(capsys, "list")
    assert code == 0  # the rest still loaded
    assert out.index("heartbeat") < out.index("could not be loaded")
    assert f"{tmp_path / 'broken.yaml'}:5:5: unknown key 'sey'" in out


def test_validate_prints_ok_per_good_file(capsys, tmp_path):
    (tmp_path / "ours.yaml").write_text("title: Ours\nsummary: S\nsteps: [{name: N, say: x}]\n")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 0
    assert f"{tmp_path / 'ours.yaml'}: ok" in out


def test_validate_exits_1_with_every_problem(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("title: T\nsummary: S\nsteps:\n  - name: N\n    duration: 1:30\n    sey: x\n")
    code, out, _ = run(capsys, "validate", str(path), str(tmp_path / "missing.yaml"))
    assert code == 1
    assert f"{path}:5:15:" in out and f"{path}:6:5:" in out
    assert "missing.yaml:1:1: there is no such file" in out


def test_validate_shows_markup_in_files_as_text(capsys, tmp_path):
    path = tmp_path / "markup.yaml"
    path.write_text("title: '[bold]x[/bold]'\nsummary: S\nsteps: [{name: N, say: x}]\n")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and "[bold]x[/bold]" in out


def test_show_reads_an_exercise_with_names(capsys):
    code, out, _ = run(capsys, "show", "heartbeat", "--names", "Alex", "Sam")
    assert code == 0
    assert "Heartbeat Connection" in out and "Alex" in out and "Sam" in out
    assert "{a}" not in out and "{b}" not in out


def test_show_an_unknown_id_suggests_one(capsys):
    code, _, err = run(capsys, "show", "heartbaet")
    assert code == 2
    assert "did you mean 'heartbeat'" in err.lower()


def test_validate_never_breaks_a_long_path_into_a_pipe(capsys, tmp_path):
    folder = tmp_path / ("a-folder-with-a-long-name-" * 4)
    folder.mkdir()
    (folder / "broken.yaml").write_text("title: T\nsummary: S\nsteps: [{name: N, sey: x}]\n")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    assert f"{folder / 'broken.yaml'}:3:" in out  # one line, as an editor reads it


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def screen_lines(out: str) -> list[str]:
    return ANSI.sub("", out).splitlines()


def test_list_fits_80_columns_one_line_a_row_and_explains_the_plus(capsys, monkeypatch, tmp_path):
    long = "A Longer Title Than Any Built-In"  # cut a little to fit: still a table
    (tmp_path / "long.yaml").write_text(MINIMAL_EXERCISE.format(title=long))
    monkeypatch.setenv("COREG_EXERCISES", str(tmp_path))
    monkeypatch.setattr("coreg.commands.table.terminal_width", lambda out=None: 80)
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = screen_lines(out)
    table = lines[: lines.index("")]
    assert all(len(line) <= 80 for line in table)
    assert all(line == line.rstrip() for line in lines)
    assert any(line.startswith("Breathe Through Conflict  ") for line in table)  # whole
    assert any(line.startswith("A Longer Title") and "…" in line for line in table)
    assert len(table) == 1 + len(json.loads(run(capsys, "list", "--json")[1]))  # one line each
    assert "+ after a length: some steps wait until you are ready." in lines


def test_show_fits_80_columns_with_no_trailing_spaces(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # a terminal, to Rich
    monkeypatch.setenv("COLUMNS", "80")
    for exercise in ("heartbeat", "attuned-listening", "repair-ritual", "grounding"):
        code, out, _ = run(capsys, "show", exercise, "--names", "Alex", "Sam")
        assert code == 0
        lines = screen_lines(out)
        assert all(len(line) <= 80 for line in lines), exercise
        assert all(line == line.rstrip() for line in lines), exercise


def test_show_lists_each_round_once_as_the_app_runs_it(capsys):
    _, out, _ = run(capsys, "show", "mirror", "--names", "Alex", "Sam")
    lines = screen_lines(out)
    assert "These steps" not in out
    assert lines.count("Round 1 of 2") == 1 and lines.count("Round 2 of 2, parts swapped") == 1
    first, second = lines.index("Round 1 of 2"), lines.index("Round 2 of 2, parts swapped")
    assert "Alex talks · Sam listens" in lines[first + 2]
    assert "Sam talks · Alex listens" in lines[second + 2]


def test_show_uses_the_saved_names(capsys, monkeypatch, tmp_path):
    from coreg.settings import Settings, save_settings

    monkeypatch.setenv("COREG_CONFIG_DIR", str(tmp_path))
    from coreg.paths import settings_path

    save_settings(Settings(name_a="Robin", name_b="Kim"), settings_path())
    code, out, _ = run(capsys, "show", "heartbeat")
    assert code == 0
    assert "Robin holds Kim's heart · Kim rests" in out
    assert "A: " not in out and "B: " not in out


def test_list_on_a_narrow_terminal_gives_each_exercise_two_lines(capsys, monkeypatch):
    monkeypatch.setattr("coreg.commands.table.terminal_width", lambda out=None: 50)
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = screen_lines(out)
    at = lines.index("Heartbeat Connection")
    assert lines[at + 1].startswith("  heartbeat · 6m 10s + · for 2 · built-in")
