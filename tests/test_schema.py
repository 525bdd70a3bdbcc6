"""The JSON Schema shipped for editors agrees with the loader.

Every built-in validates against the schema. Every file the loader rejects for its structure,
the schema rejects too, except the differences listed in docs/exercise-schema.md (a schema can't
see YAML positions, duplicate keys or sums across a pattern); this test keeps that list honest.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from coreg.library import ExerciseError, builtin_dir, exercise_files, parse_exercise

SCHEMA = json.loads(
    resources.files("coreg").joinpath("library/exercise.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
STEP = "steps:\n  - name: N\n    say: x\n"

# (file text, True when the schema rejects it too; False when it is a documented difference)
REJECTED = [
    ("summary: S\n" + STEP, True),
    ("title: T\n" + STEP, True),
    ("title: T\nsummary: S\n", True),
    ("title: T\nsummary: S\nsteps: []\n", True),
    ("title: T\nsummary: S\nsumary: S\n" + STEP, True),
    ("title: T\nsummary: S\nfor: coupel\n" + STEP, True),
    ("title: T\nsummary: S\nid: Bad Id\n" + STEP, True),
    ("title: T\nsummary: S\ntags: touch\n" + STEP, True),
    ("title: T\nsummary: S\nsteps: {name: N}\n", True),
    ("- title: T\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n", True),
    ("title: T\nsummary: S\nsteps:\n  - say: x\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    duraton: 3\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    duration: 0\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    duration: -5\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    duration: 9999999\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    duration: soon!\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    breath: deep\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    breath: [in 0.5, out 4]\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    breath: [in 4, out 12]\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    cue: loud\n", True),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: ''\n", True),
    ("title: T\nsummary: S\nsteps:\n  - repeat: 0\n    steps: [{name: N, say: x}]\n", True),
    ("title: T\nsummary: S\nsteps:\n  - repeat: 2\n    steps: []\n", True),
    (
        "title: T\nsummary: S\nsteps:\n  - repeat: 2\n    swap: maybe\n"
        "    steps: [{name: N, say: x}]\n",
        True,
    ),
    ("title: T\nsummary: S\nfor: solo\nsteps:\n  - name: N\n    a: x\n", True),
    # Documented differences (docs/exercise-schema.md):
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    duration: 1:30\n", False),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    say: y\n", False),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: Hi {c}\n", False),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    breath: [in 1, out 1]\n", False),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    breath: [in 4, hold 4]\n", False),
    ("title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n    duration: hugg\n", False),
    ("title: T\nsummary: S\nchoices: {hug: {options: [20s]}}\n" + STEP, False),
    ("title: T\nsummary: S\nsteps:\n  - {name: N, say: x, roles: {a: leads}}\n", True),
    ("title: T\nsummary: S\nfor: solo\nsteps:\n  - {name: N, say: x, roles: {a: x, b: y}}\n", True),
    ("title: T\nsummary: S\nsteps:\n  - {name: N, say: x, roles: {a: x, b: x}}\n", False),
    ("title: T\nsummary: S\nsteps:\n  - {name: N, say: x, lead: c}\n", True),
    ("title: T\nsummary: S\nfor: solo\nsteps:\n  - {name: N, say: x, lead: a}\n", True),
    ("title: T\nsummary: S\nsteps:\n  - {name: N, say: x, breath: ourz}\n", True),
    (
        "title: T\nsummary: S\nsteps:\n  - repeat: 2\n    steps:\n      - repeat: 2\n"
        "        steps: [{name: N, say: x}]\n",
        True,
    ),
]


def schema_errors(document) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", exercise_files([builtin_dir()]), ids=lambda p: p.name)
def test_every_builtin_validates_against_the_schema(path):
    assert schema_errors(yaml.safe_load(path.read_text("utf-8"))) == []


@pytest.mark.parametrize(("text", "schema_rejects"), REJECTED)
def test_what_the_loader_rejects_the_schema_rejects_or_it_is_documented(text, schema_rejects):
    with pytest.raises(ExerciseError):
        parse_exercise(text.encode(), Path("case.yaml"))
    assert bool(schema_errors(yaml.safe_load(text))) is schema_rejects


def test_the_differences_are_written_down():
    page = (Path(__file__).parent.parent / "docs" / "exercise-schema.md").read_text("utf-8")
    for words in (
        "1:30",
        "twice",
        "placeholder",
        "breaths a minute",
        "'in' and one 'out'",
        "choice",
    ):
        assert words in page
