"""The exercise loader: good files become dataclasses; every mistake is named with its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from coreg.library import (
    PATTERNS,
    Audience,
    ExerciseError,
    PhaseKind,
    Repeat,
    StepCue,
    fill,
    load_exercise,
    parse_duration,
    parse_exercise,
)

GOOD = """\
title: Heartbeat Connection
summary: Feel each other's heartbeat.
about: |
  A longer text.
for: couple
tags: [Touch, breathing]
credit: After an old idea.
choices:
  hug:
    label: Hug length
    options: [20s, 30s]
    default: 30s
steps:
  - name: Settle in
    duration: 30
    say: Sit facing each other.
  - name: Hand on heart
    duration: 1m30s
    a: Rest your hand on {b}'s heart.
    b: Lay your hand over {a}'s hand.
    breath: resonance
    cue: halfway
  - name: Hug
    duration: hug
    say: Hold each other.
  - repeat: 2
    steps:
      - name: Speak
        duration: "2m"
        a: Tell {b} one feeling.
        b: Listen to {a}.
  - name: One word
    say: Share one word.
"""


def load(text: str, name: str = "sample.yaml"):
    return parse_exercise(textwrap.dedent(text).encode(), Path(name))


def problems(text: str | bytes, name: str = "sample.yaml") -> list[tuple[int, int, str]]:
    data = text if isinstance(text, bytes) else textwrap.dedent(text).encode()
    with pytest.raises(ExerciseError) as caught:
        parse_exercise(data, Path(name))
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def one_problem(text: str | bytes) -> tuple[int, int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_a_good_file_becomes_an_exercise():
    exercise = load(GOOD, "heartbeat.yaml")
    assert exercise.id == "heartbeat"
    assert exercise.title == "Heartbeat Connection"
    assert exercise.audience is Audience.COUPLE
    assert exercise.tags == ("touch", "breathing")
    assert exercise.credit == "After an old idea."
    assert exercise.about.strip() == "A longer text."
    settle, heart, hug, block, word = exercise.steps
    assert settle.seconds == 30
    assert heart.seconds == 90 and heart.cue is StepCue.HALFWAY
    assert heart.breath == PATTERNS["resonance"]
    assert hug.seconds == 30 and hug.choice == "hug"
    assert isinstance(block, Repeat) and block.times == 2 and block.swap
    assert word.seconds is None  # waits for a key
    assert exercise.step_count == 6
    assert exercise.total_seconds == 30 + 90 + 30 + 2 * 120
    assert exercise.has_untimed_steps


def test_choices_change_a_steps_length():
    exercise = load(GOOD)
    assert exercise.with_choices({"hug": 20}).total_seconds == exercise.total_seconds - 10
    # an option that isn't offered falls back to the default
    assert exercise.with_choices({"hug": 999}).total_seconds == exercise.total_seconds


def test_rounds_swap_roles_every_other_round():
    exercise = load(GOOD)
    swapped = [flag for step, flag in exercise.rounds() if step.name == "Speak"]
    assert swapped == [False, True]


def test_an_explicit_id_wins_over_the_file_name():
    assert load("id: my-hug\ntitle: T\nsummary: S\nsteps: [{name: N, say: x}]\n").id == "my-hug"


def test_file_names_become_tidy_ids():
    assert load("title: T\nsummary: S\nsteps: [{name: N, say: x}]\n", "My Exercise.yaml").id == (
        "my-exercise"
    )


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("30", 30), ("30s", 30), ("1m30s", 90), ("2m", 120), ("1h", 3600), ("1.5m", 90), ("90 s", 90)],
)
def test_durations_in_every_accepted_form(written, seconds):
    assert parse_duration(written) == seconds


def test_custom_breath_phases():
    exercise = load(
        "title: T\nsummary: S\nsteps:\n  - name: N\n    say: x\n"
        "    breath: [in 4, hold 2, out 6, hold 2]\n"
    )
    breath = exercise.steps[0].breath
    assert [p.kind for p in breath.phases] == [
        PhaseKind.IN,
        PhaseKind.HOLD,
        PhaseKind.OUT,
        PhaseKind.HOLD,
    ]
    assert breath.cycle_seconds == 14


def test_long_holds_carry_a_gentle_note():
    assert PATTERNS["4-7-8"].note and "light-headed" in PATTERNS["4-7-8"].note
    assert PATTERNS["extended-exhale"].note is None


def test_named_patterns_are_inside_the_safe_range():
    for breath in PATTERNS.values():
        assert breath.breaths_per_minute <= 12
        assert all(1 <= p.seconds <= 10 for p in breath.phases)
    assert PATTERNS["resonance"].breaths_per_minute == pytest.approx(6, abs=0.6)


def test_names_are_filled_and_other_braces_stay():
    assert fill("Rest your hand on {b}'s heart, {a}. {x}", "Alex", "Sam") == (
        "Rest your hand on Sam's heart, Alex. {x}"
    )


# ---------------------------------------------------------------------------------------------
# Every kind of mistake gets its own clear message, at the right line and column.

BASE = "title: T\nsummary: S\nsteps:\n"


@pytest.mark.parametrize(
    ("step_lines", "line", "column", "words"),
    [
        ("  - name: N\n    duraton: 30\n    say: x\n", 5, 5, "did you mean 'duration'?"),
        ("  - name: N\n    duration: 0\n    say: x\n", 5, 15, "more than zero"),
        ("  - name: N\n    duration: -5\n    say: x\n", 5, 15, "more than zero"),
        ("  - name: N\n    duration: 9h\n    say: x\n", 5, 15, "longer than 4 hours"),
        ("  - name: N\n    duration: soon\n    say: x\n", 5, 15, "not a length"),
        ("  - name: N\n    duration: 1:30\n    say: x\n", 5, 15, "1m30s"),
        ("  - name: N\n    duration: 30 seconds please\n    say: x\n", 5, 15, "not a length"),
        ("  - name: N\n    duration: [30]\n    say: x\n", 5, 15, "single value"),
        ("  - name: N\n    say: x\n    breath: 4:7:8\n", 6, 13, "did you mean '4-7-8'?"),
        ("  - name: N\n    say: x\n    breath: [in 0.5, out 6]\n", 6, 14, "safe range"),
        ("  - name: N\n    say: x\n    breath: [in 4, out 11]\n", 6, 20, "safe range"),
        ("  - name: N\n    say: x\n    breath: [in 1, out 1, in 1, out 1]\n", 6, 13, "breaths a"),
        ("  - name: N\n    say: x\n    breath: [in 4, hold 4]\n", 6, 13, "one 'in' and one 'out'"),
        ("  - name: N\n    say: x\n    breath: [inhale 4, out 4]\n", 6, 14, "not a breath phase"),
        ("  - name: N\n    say: x\n    cue: loud\n", 6, 10, "'normal', 'halfway'"),
        ("  - name: N\n    say: Hi {c}\n", 5, 10, "unknown name placeholder '{c}'"),
        ("  - name: N\n    say: x\n    say: y\n", 6, 5, "given twice"),
        ("  - name: N\n    duration: 30\n", 4, 5, "nothing to read"),
        ("  - duration: 30\n    say: x\n", 4, 5, "needs a 'name:'"),
        ("  - just a line\n", 4, 5, "should be a set of 'key: value' lines"),
        ("  - name: N\n    say:\n", 5, 9, "'say' is empty"),
        ("  - repeat: yes\n    steps: [{name: N, say: x}]\n", 4, 13, "whole number"),
        ("  - repeat: 2\n    swap: on\n    steps: [{name: N, say: x}]\n", 5, 11, "true or false"),
        ("  - repeat: 2\n    steps: []\n", 5, 12, "steps are empty"),
        (
            "  - repeat: 2\n    steps:\n      - repeat: 2\n        steps: [{name: N, say: x}]\n",
            6,
            9,
            "can't hold another repeat",
        ),
    ],
)
def test_each_mistake_is_named_at_its_place(step_lines, line, column, words):
    found_line, found_column, message = one_problem(BASE + step_lines)
    assert words in message
    assert (found_line, found_column) == (line, column)


def test_all_problems_of_a_file_are_reported_at_once():
    found = problems(
        "title: T\nsumary: S\nsteps:\n  - name: N\n    duraton: 30\n    say: x\n"
        "  - name: M\n    duration: 1:30\n    say: y\n"
    )
    messages = " | ".join(message for _, _, message in found)
    assert "did you mean 'summary'?" in messages
    assert "did you mean 'duration'?" in messages
    assert "1m30s" in messages
    assert len(found) >= 4


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("# only a comment\n\n", "empty"),
        ("- title: T\n", "holds a list"),
        ("just words\n", "holds a single value"),
        ("title: T\nsummary: S\n", "needs 'steps:'"),
        ("title: T\nsummary: S\nsteps: []\n", "steps is empty"),
        ("title: T\nsummary: S\nsteps: {name: N}\n", "should be a list"),
        ("title: T\nsummary: S\nsteps:\n\t- name: N\n", "tab"),
        ("title: T\nsummary: Say: hello\nsteps: [{name: N, say: x}]\n", "needs quotes"),
        ("title: 'T\nsummary: S\n", "never closed"),
        ("title: T\n---\ntitle: U\n", "one exercise per file"),
        ("title: T\nsummary: S\nfor: coupel\nsteps: [{name: N, say: x}]\n", "'couple'"),
        ("title: T\nsummary: S\nid: Bad Id\nsteps: [{name: N, say: x}]\n", "lowercase"),
        ("title: T\nsummary: S\nfor: solo\nsteps: [{name: N, a: x}]\n", "use 'say:'"),
        ("title: T\nsummary: S\nfor: solo\nsteps: [{name: N, say: 'Hi {a}'}]\n", "only for couple"),
        ("title: T\nsummary: S\nsteps: [{name: N, say: x, duration: hugg}]\n", "not a length"),
        (
            "title: T\nsummary: S\nchoices: {hug: {options: [20s, 30s], default: 25s}}\n"
            "steps: [{name: N, say: x, duration: hug}]\n",
            "one of the options",
        ),
        (
            "title: T\nsummary: S\nchoices: {hug: {options: [20s]}}\nsteps: [{name: N, say: x}]\n",
            "not used",
        ),
        ("title: &t T\nsummary: *t\nsteps: [{name: N, say: x}]\n", "aliases"),
    ],
)
def test_whole_file_mistakes(text, words):
    found = problems(text)
    assert any(words in message for _, _, message in found), found


def test_non_utf8_bytes_are_named_with_their_line():
    line, column, message = one_problem(b"title: T\nsummary: caf\xe9\nsteps: []\n")
    assert (line, column) == (2, 13)
    assert "UTF-8" in message


def test_a_huge_file_is_refused_quickly():
    found = problems(b"title: T\n" + b"# padding\n" * 40_000)
    assert "too large" in found[0][2]


def test_an_alias_bomb_is_refused_without_expanding_it():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "\n".join(lines) + "\ntitle: T\nsummary: S\nsteps: [{name: N, say: x}]\n"
    found = problems(text)
    assert found[0][:2] == (2, 10)  # the first alias, where it is written
    assert all("aliases" in message for _, _, message in found)


def test_deep_nesting_is_a_message_not_a_crash():
    found = problems("title: " + "[" * 5000 + "]" * 5000 + "\n")
    assert found


def test_a_missing_file_is_a_message(tmp_path):
    with pytest.raises(ExerciseError) as caught:
        load_exercise(tmp_path / "nowhere.yaml")
    assert "can't read" in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "nowhere.yaml") + ":1:1:")


def test_problems_print_as_file_line_column(tmp_path):
    path = tmp_path / "oops.yaml"
    path.write_text(BASE + "  - name: N\n    duraton: 30\n    say: x\n")
    with pytest.raises(ExerciseError) as caught:
        load_exercise(path)
    assert str(caught.value) == (
        f"{path}:5:5: unknown key 'duraton' in this step (did you mean 'duration'?)"
    )


def test_yaml_one_one_slips_stay_text():
    # YAML 1.1 would make these a boolean and an octal number; the loader keeps what was written.
    exercise = load("title: yes\nsummary: '010'\nsteps: [{name: on, say: no, duration: 010}]\n")
    assert exercise.title == "yes"
    assert exercise.steps[0].name == "on"
    assert exercise.steps[0].say == "no"
    assert exercise.steps[0].seconds == 10
