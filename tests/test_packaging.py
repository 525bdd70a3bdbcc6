"""The package as a user gets it: the wheel holds every built-in exercise and the schema,
the version lives in one place, and the core never imports Textual."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import coreg
from tests.helpers_process import python_prints

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("coreg-*.whl")
    return zipfile.ZipFile(built)


def test_every_builtin_exercise_is_inside_the_wheel(wheel):
    names = set(wheel.namelist())
    sources = sorted(p.name for p in (ROOT / "exercises").iterdir() if p.is_file())
    assert sources
    missing = [name for name in sources if f"coreg/exercises/{name}" not in names]
    assert missing == []


def test_the_schema_the_stylesheet_and_the_guide_ship_in_the_wheel(wheel):
    names = set(wheel.namelist())
    assert "coreg/library/exercise.schema.json" in names
    sheets = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "coreg" / "tui").rglob("*.tcss"))
    assert "coreg/tui/app.tcss" in sheets and "coreg/tui/screens/pause.tcss" in sheets
    assert [sheet for sheet in sheets if sheet not in names] == []
    assert "coreg/docs/authoring.md" in names


def test_the_wheel_declares_the_console_script(wheel):
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "coreg = coreg.cli:main" in wheel.read(entry_points).decode()


def test_the_version_comes_from_the_package_metadata():
    from importlib.metadata import version

    assert coreg.__version__ == version("coreg")
    result = subprocess.run(
        [sys.executable, "-m", "coreg", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"coreg {coreg.__version__}"


def test_the_command_line_imports_no_textual_for_list():
    code = (
        "import sys\nfrom coreg.cli import build_parser\nbuild_parser()\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    assert python_prints(code) == "False"


def test_ci_runs_exactly_the_readmes_test_command_and_the_quick_start_keeps_its_two():

    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme[readme.index("## Quick start") : readme.index("## Using it together")]
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert "python -m pip install . && coreg" in commands
    test_command = "python -m pip install '.[test]' && python -m pytest"
    assert test_command in commands
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert test_command in ci
