"""The format knows tap-to-lead: ``lead: a`` / ``lead: b``, swapping with the roles, and
``breath: ours``; the loader, the plan and the schema agree."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from coreg.library import ExerciseError, load_library, ours_breath, parse_exercise
from coreg.timing.plan import EventKind, plan

SCHEMA = json.loads(
    resources.files("coreg").joinpath("library/exercise.schema.json").read_text("utf-8")
)

LEAD = """\
title: T
summary: S
steps:
  - repeat: 2
    roles: {a: leads, b: follows}
    steps:
      - name: Lead
        duration: 1m
        lead: LEADER
        a: Lead.
        b: Follow.
"""


def load(text: str):
    return parse_exercise(text.encode(), Path("lead.yaml"))


@pytest.mark.parametrize(("word", "leaders"), [("a", [0, 1]), ("b", [1, 0])])
def test_lead_swaps_with_the_roles(word, leaders):
    exercise = load(LEAD.replace("LEADER", word))
    steps = plan(exercise, ("Alex", "Sam"))
    assert [step.lead for step in steps] == leaders
    # who starts moves the leader too
    assert [step.lead for step in plan(exercise, ("Alex", "Sam"), first=1)] == leaders[::-1]


def test_a_lead_step_without_a_breath_keeps_resonance_until_a_tap():
    step = plan(load(LEAD.replace("LEADER", "a")), ("Alex", "Sam"))[0]
    assert step.breath is not None and step.breath.name == "resonance-5"


def test_a_lead_step_sounds_no_pattern_breaths_of_its_own():
    step = plan(load(LEAD.replace("LEADER", "a")), ("Alex", "Sam"))[0]
    kinds = {event.kind for event in step.events(0.0)}
    assert EventKind.PHASE not in kinds


def test_lead_asks_who_starts():
    assert load(LEAD.replace("LEADER", "a")).parts_differ


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (LEAD.replace("LEADER", "c"), "lead.yaml:9:15: lead is 'a' or 'b', not 'c'"),
        (  # placed at the key itself, not at the top of the file
            "title: T\nsummary: S\nfor: solo\nsteps:\n  - {name: N, say: x, lead: a}\n",
            "lead.yaml:5:23: lead is for a couple",
        ),
    ],
)
def test_a_wrong_lead_is_explained_with_its_place(text, message):
    with pytest.raises(ExerciseError) as caught:
        load(text)
    assert str(caught.value).startswith(message)


def test_breath_ours_is_put_in_when_the_exercise_runs():
    exercise = load("title: T\nsummary: S\nsteps:\n  - {name: N, say: x, breath: ours}\n")
    assert plan(exercise, ("A", "B"))[0].breath.label == "in 5.5 · out 5.5"
    mine = ours_breath([4.2, 6.3])
    step = plan(exercise, ("A", "B"), ours=mine)[0]
    assert step.breath.label == "in 4.2 · out 6.3" and step.breath.title.startswith("Your shared")


def test_the_schema_knows_lead_and_ours():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = yaml.safe_load(LEAD.replace("LEADER", "b") + "  - {name: N, say: x, breath: ours}\n")
    assert list(validator.iter_errors(good)) == []


def test_lead_and_follow_uses_tap_to_lead():
    library = load_library([])
    exercise = library.get("lead-and-follow")
    steps = plan(exercise, ("Alex", "Sam"))
    assert [s.lead for s in steps if s.lead is not None] == [0, 1]


def test_the_guide_explains_it():
    guide = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text("utf-8")
    assert "lead: a" in guide and "`ours`" in guide
