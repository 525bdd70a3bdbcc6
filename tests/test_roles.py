"""Roles: the format, the plan, the cue that says who does what now, and the log that says who
started and which steps were skipped."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from coreg.library import ALIASES, Cue, ExerciseError, Roles, load_library, parse_exercise
from coreg.log import SessionLog, ending_text
from coreg.log.exchange import parse_import
from coreg.log.rows import FORMAT
from coreg.sound import group_words, speech_seconds, with_parts
from coreg.timing import EventKind, Timeline
from tests.test_schema import VALIDATOR

LIBRARY = load_library(user_dirs=[])
HEAD = "title: T\nsummary: S\nsteps:\n"


def load(text: str):
    return parse_exercise(text, Path("roles.yaml"))


def problems(text: str) -> list[str]:
    with pytest.raises(ExerciseError) as caught:
        load(text)
    return [p.message for p in caught.value.problems]


# -- the format ----------------------------------------------------------------------------


def test_roles_per_step_and_per_repeat_with_a_step_of_its_own_winning():
    exercise = load(
        HEAD + "  - name: Turn\n    roles: {a: speaks, b: listens}\n    a: x\n    b: y\n"
        "  - repeat: 2\n    roles: {a: leads, b: follows}\n    steps:\n"
        "      - {name: One, say: x}\n"
        '      - {name: Two, say: x, roles: {a: "holds {b}\'s hand", b: rests}}\n'
    )
    steps = [step for step, _ in exercise.rounds()]
    assert steps[0].roles == Roles("speaks", "listens")
    assert steps[1].roles == Roles("leads", "follows")
    assert steps[2].roles == Roles("holds {b}'s hand", "rests")
    assert exercise.parts_differ and exercise.first_roles == Roles("speaks", "listens")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  - {name: N, say: x, roles: {a: leads}}\n", "roles needs 'b:'"),
        ("  - {name: N, say: x, roles: {a: leads, b: leads}}\n", "the two roles are the same"),
        ("  - {name: N, say: x, roles: {a: leads, c: x}}\n", "unknown key 'c' in roles"),
        ("  - {name: N, say: x, roles: leads}\n", "roles should be a set of 'key: value'"),
        ("  - {name: N, say: x, roles: {a: '{c} leads', b: x}}\n", "unknown name placeholder"),
        ("  - {name: N, say: x, roles: {a: " + "x" * 31 + ", b: y}}\n", "keep it to 30"),
    ],
)
def test_bad_roles_are_reported_with_their_place(text, message):
    assert any(message in found for found in problems(HEAD + text)), problems(HEAD + text)


def test_roles_are_for_couples_only():
    found = problems(
        "title: T\nsummary: S\nfor: solo\nsteps:\n  - {name: N, say: x, roles: {a: x, b: y}}\n"
    )
    assert any("for couples only" in message for message in found)


def test_the_schema_knows_roles():
    import yaml

    good = yaml.safe_load(HEAD + "  - {name: N, say: x, roles: {a: leads, b: follows}}\n")
    assert not list(VALIDATOR.iter_errors(good))
    for bad in (
        HEAD + "  - {name: N, say: x, roles: {a: leads}}\n",
        HEAD + "  - {name: N, say: x, roles: {a: leads, b: follows, c: x}}\n",
        "title: T\nsummary: S\nfor: solo\nsteps:\n  - {name: N, say: x, roles: {a: x, b: y}}\n",
    ):
        with pytest.raises(jsonschema.ValidationError):
            VALIDATOR.validate(yaml.safe_load(bad))


def test_every_builtin_that_gives_partners_different_parts_names_the_roles():
    for exercise in LIBRARY.exercises.values():
        for step, _ in exercise.rounds():
            if step.a and step.b and step.a != step.b:
                assert step.roles is not None, f"{exercise.id}: {step.name}"


# -- the cues, on a fake clock ------------------------------------------------------------


def sounding(exercise_id: str, first: int = 0) -> list[tuple[str, str, int]]:
    """(kind, words, step) of every cue a whole run sounds, untimed steps gone on from."""
    now = [0.0]
    timeline = Timeline(LIBRARY.get(exercise_id), ("Alex", "Sam"), lambda: now[0], first=first)
    timeline.start()
    heard = []
    while not timeline.finished:
        for event in timeline.poll():
            if event.cue is not None:
                heard.append((event.kind.value, event.text, event.step_index))
        wait = timeline.next_event_in()
        if wait is None:
            timeline.next()  # an untimed step: the partners press a key
        else:
            now[0] += max(wait, 0.001)
    return heard


def test_lead_and_follow_says_who_leads_at_each_swap():
    heard = sounding("lead-and-follow")
    roles = [(text, step) for kind, text, step in heard if kind == "roles"]
    assert roles == [("Alex leads now, Sam follows.", 2), ("Sam leads now, Alex follows.", 3)]
    steps = [(kind, step) for kind, _, step in heard if kind in ("step", "roles")]
    assert steps == [
        ("step", 0), ("step", 1), ("step", 2), ("roles", 2), ("step", 3), ("roles", 3),
        ("step", 4), ("step", 5),
    ]  # fmt: skip
    assert [t for k, t, _ in sounding("lead-and-follow", first=1) if k == "roles"] == [
        "Sam leads now, Alex follows.",
        "Alex leads now, Sam follows.",
    ]


def test_heartbeat_says_whose_hand_is_on_whose_heart_at_each_swap():
    heard = sounding("heartbeat")
    roles = [(text, step) for kind, text, step in heard if kind == "roles"]
    assert roles == [
        ("Alex holds Sam's heart now, Sam rests.", 1),
        ("Sam holds Alex's heart now, Alex rests.", 4),
    ]
    # the change of roles comes right after its step's sound, before the first breath
    index = heard.index(("roles", roles[1][0], 4))
    assert heard[index - 1][0] == "step" and heard[index - 1][2] == 4


def test_going_back_across_a_swap_says_the_roles_again():
    now = [0.0]
    timeline = Timeline(LIBRARY.get("lead-and-follow"), ("Alex", "Sam"), lambda: now[0])
    timeline.start()
    for _ in range(3):
        timeline.next()
    timeline.poll()
    timeline.back()  # from Sam leading back to Alex leading
    said = [e.text for e in timeline.poll() if e.kind is EventKind.ROLES]
    assert said == ["Alex leads now, Sam follows."]


def test_the_role_cue_has_its_own_sound_in_every_style():
    from coreg.sound import BELL_PATTERNS, LABELS, WORDS
    from coreg.sound.tones import SHAPES

    for table in (BELL_PATTERNS, SHAPES):
        assert table[Cue.ROLES] not in [v for k, v in table.items() if k is not Cue.ROLES]
    assert LABELS[Cue.ROLES] and WORDS[Cue.ROLES]


def test_parts_are_read_when_they_fit_and_left_out_before_a_breath():
    group = [(Cue.STEP, "Hand on heart", None), (Cue.ROLES, "Alex holds now, Sam rests.", None)]
    parts = "Alex: rest your hand on Sam's heart. Sam: lay your hand over Alex's hand."
    fitted = group_words(with_parts(group, parts, room=20.0))
    assert fitted.endswith(parts)
    breath = [*group, (Cue.IN, "Breathe in", 4.0)]
    said = group_words(with_parts(breath, parts, room=4.0))
    assert "Alex:" not in said and speech_seconds(said) <= 4.0


# -- the log --------------------------------------------------------------------------------

V1_ROW = {
    "id": "a" * 32,
    "kind": "exercise",
    "exercise_id": "eye-contact",
    "exercise_title": "Eyes and Hands",
    "started_at": "2025-03-03T21:00:00+01:00",
    "ended_at": "2025-03-03T21:06:00+01:00",
    "ending": "completed",
    "steps_completed": 5,
    "steps_total": 5,
    "seconds": 360.0,
    "partners": [{"name": "Alex", "before": {"distress": 6, "state": None}, "after": None}],
    "note": "",
    "app_version": "0.1.0",
    "details": {},
}


def test_a_format_1_log_is_brought_up_to_date_and_reads(tmp_path):
    path = tmp_path / "log.json"
    path.write_text(json.dumps({"meta": {"1": {"format": 1}}, "sessions": {"1": V1_ROW}}))
    (session,) = SessionLog(path).all()
    assert session.exercise_id == ALIASES["eye-contact"] == "eyes-and-hands"
    assert (session.steps_completed, session.steps_skipped, session.started_by) == (5, 0, "")
    assert ending_text(session) == "finished"
    assert json.loads(path.read_text())["meta"]["1"]["format"] == FORMAT == 3
    assert list(tmp_path.glob("*before-format-3*"))  # the old file is kept


def test_a_format_1_export_imports():
    text = json.dumps({"coreg": "sessions", "format": 1, "sessions": [V1_ROW]})
    (session,) = parse_import(text)
    assert session.exercise_id == "eyes-and-hands" and session.steps_skipped == 0


def test_no_spoken_cue_of_the_library_runs_over_the_next_one():
    """benchmarks/cues.py, by coreg's own length guess: every step of every built-in."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "cues.py"
    spec = importlib.util.spec_from_file_location("cues_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.check_guesses() == 0
    said = [text for text, _ in module.utterances(LIBRARY.get("heartbeat"))]
    assert any(text.startswith("Hand on heart. Alex holds Sam's heart now") for text in said)


def test_parts_too_long_to_say_whole_are_left_out():
    group = [(Cue.STEP, "Talk", None)]
    assert with_parts(group, "Alex: " + "talk " * 100, room=None) == group
