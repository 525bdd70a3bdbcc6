"""The loader and the catalog, pinned where mutation testing found them loose: where each
problem with roles and repeats is placed and what it says, the rounds of a repeat, hidden and
unreadable files, and the default origin. (tests/test_mutants_yaml.py has the file as a whole,
tests/test_mutants_library.py the rest.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coreg.library import (
    ExerciseError,
    Problem,
    Repeat,
    load_exercise,
    load_library,
    parse_exercise,
)

HEAD = "title: R\nsummary: S\n"
ONE_STEP = "    steps: [{name: N, say: x, duration: 6}]\n"


def problems_in(text: str | bytes) -> list[tuple[int, int, str]]:
    """Each problem's line, column and words; every one names the file."""
    with pytest.raises(ExerciseError) as caught:
        parse_exercise(text, Path("p.yaml"))
    assert {p.path for p in caught.value.problems} == {Path("p.yaml")}
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def with_roles(roles: str, before: str = "") -> str:
    return HEAD + before + f"steps:\n  - name: N\n    say: x\n    duration: 6\n    roles: {roles}\n"


# --------------------------------------------------------------------------------------------
# Roles


def test_roles_in_a_solo_exercise_are_refused_at_the_key():
    assert problems_in(with_roles("{a: leads, b: follows}", "for: solo\n")) == [
        (8, 5, "roles name what each partner of a couple does; it is for couples only")
    ]


def test_each_missing_role_is_named_at_the_roles():
    need = "roles needs '{0}:', the words for partner {0}, like 'leads'"
    assert problems_in(with_roles("{}")) == [(7, 12, need.format("a")), (7, 12, need.format("b"))]
    assert problems_in(with_roles("{b: follows}")) == [(7, 12, need.format("a"))]
    assert problems_in(with_roles("{a: leads}")) == [(7, 12, need.format("b"))]


def test_an_empty_role_is_named_where_it_is():
    assert problems_in(with_roles("{a: '', b: follows}")) == [(7, 16, "role 'a' is empty")]


def test_a_role_of_30_characters_is_kept_and_31_is_refused_where_it_is():
    a, b = "x" * 30, "y" * 31
    exercise = parse_exercise(with_roles(f"{{a: {a}, b: {b[:30]}}}"), Path("p.yaml"))
    roles = exercise.steps[0].roles
    assert roles is not None and (roles.a, roles.b) == (a, b[:30])
    assert problems_in(with_roles(f"{{a: {a}, b: {b}}}")) == [
        (
            7,
            51,
            "role 'b' is read after a name, on screen and aloud: keep it to 30 characters, "
            "like 'leads' or 'speaks'",
        )
    ]


def test_two_roles_the_same_but_for_case_are_refused_at_the_roles():
    assert problems_in(with_roles("{a: Leads, b: leads}")) == [
        (7, 12, "the two roles are the same; give each partner a word of their own")
    ]


# --------------------------------------------------------------------------------------------
# Repeats


def test_a_repeats_problems_say_what_and_where():
    assert problems_in(HEAD + "steps:\n  - repeat: 2\n    again: yes\n" + ONE_STEP) == [
        (5, 5, "unknown key 'again' in this repeat")
    ]
    assert problems_in(HEAD + "steps:\n  - repeat: [2]\n" + ONE_STEP) == [
        (4, 13, "repeat should be a single value, not a list")
    ]
    assert problems_in(HEAD + "steps:\n  - repeat: 2\n    swap: [true]\n" + ONE_STEP) == [
        (5, 11, "swap should be a single value, not a list")
    ]
    assert problems_in(HEAD + "for: [solo]\nsteps:\n  - {name: N, say: x, duration: 6}\n") == [
        (3, 6, "'for' should be a single value, not a list")
    ]


def test_a_repeat_with_no_count_is_one_problem_not_a_crash():
    assert problems_in(HEAD + "steps:\n  - repeat:\n" + ONE_STEP) == [
        (4, 12, "repeat is empty")  # with libyaml or without
    ]
    assert problems_in(HEAD + "steps:\n  - repeat: 2\n") == [
        (4, 5, "a repeat needs 'steps:', the steps to do again")
    ]


def test_swapped_rounds_alternate_and_a_plain_step_is_never_swapped():
    text = (
        HEAD + "steps:\n  - {name: Alone, say: x, duration: 6}\n"
        "  - repeat: 4\n    steps: [{name: N, say: x, duration: 6}]\n"
        "  - repeat: 3\n    swap: false\n    steps: [{name: M, say: x, duration: 6}]\n"
    )
    exercise = parse_exercise(text, Path("p.yaml"))
    assert isinstance(exercise.steps[1], Repeat)
    assert [(step.name, swapped) for step, swapped in exercise.rounds()] == [
        ("Alone", False),
        ("N", False),
        ("N", True),
        ("N", False),
        ("N", True),
        ("M", False),
        ("M", False),
        ("M", False),
    ]


# --------------------------------------------------------------------------------------------
# Files and folders


def test_a_file_loaded_alone_is_the_users_own(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(HEAD + "steps: [{name: N, say: x, duration: 6}]\n")
    assert load_exercise(path).origin == "user"
    assert load_exercise(path, "built-in").origin == "built-in"


def test_a_read_error_without_a_reason_still_says_what_happened(tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text("title: T\n")

    def broken(self, *args, **kwargs):
        raise OSError("the disk went away")

    monkeypatch.setattr(Path, "open", broken)
    with pytest.raises(ExerciseError) as caught:
        load_exercise(path)
    assert list(caught.value.problems) == [
        Problem(path, 1, 1, "can't read this file: the disk went away")
    ]


def test_an_unreadable_folder_is_one_problem_at_the_folder(tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    listing = os.scandir
    reasons = iter(
        [PermissionError(13, "Permission denied", str(folder)), OSError("the disk went away")]
    )

    def refused(path):
        if Path(path) == folder:
            raise next(reasons)
        return listing(path)

    monkeypatch.setattr(os, "scandir", refused)
    for reason in ("Permission denied", "the disk went away"):
        library = load_library([folder])
        assert library.get("box-breathing") is not None
        (error,) = library.broken
        assert list(error.problems) == [Problem(folder, 1, 1, f"can't read this folder ({reason})")]


def test_hidden_files_in_a_folder_are_not_exercises(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "shown.yaml").write_text(HEAD + "steps: [{name: N, say: x, duration: 6}]\n")
    (folder / ".hidden.yaml").write_text("not: [an exercise\n")  # an editor's backup, say
    (tmp_path / "none").mkdir()
    library = load_library([folder], builtin=tmp_path / "none")
    assert sorted(library.exercises) == ["shown"]
    assert library.broken == []


# --------------------------------------------------------------------------------------------
# A step's length, words and breath


def step_with(lines: str, before: str = "") -> str:
    return HEAD + before + "steps:\n  - name: N\n" + lines


def test_a_length_that_is_only_a_unit_is_read_as_a_length():
    assert problems_in(step_with("    say: x\n    duration: m\n")) == [
        (6, 15, "duration: 'm' is not a length: write seconds (30), '30s', '2m' or '1m30s'")
    ]


def test_a_missing_or_unlikely_length_says_so_after_its_key():
    assert problems_in(step_with("    say: x\n    duration: ''\n")) == [
        (
            6,
            15,
            "duration: a length is missing here: write seconds (30) or minutes and seconds (1m30s)",
        )
    ]
    assert problems_in(step_with("    say: x\n    duration: 25h\n")) == [
        (
            6,
            15,
            "duration: 25h is longer than 4 hours: did you mean minutes ('20m') rather "
            "than seconds?",
        )
    ]


def test_a_word_for_a_length_suggests_a_choice_only_when_there_are_choices():
    assert problems_in(step_with("    say: x\n    duration: fast\n")) == [
        (6, 15, "'fast' is not a length or a choice")
    ]
    choices = "choices:\n  hug: {label: Hug, options: [20s, 30s], default: 30s}\n"
    assert problems_in(step_with("    say: x\n    duration: hgu\n", choices))[-1] == (
        8,
        15,
        "'hgu' is not a length or a choice (did you mean 'hug'?)",
    )


def test_a_partners_part_in_a_solo_exercise_is_refused_at_its_key():
    for key in ("a", "b"):
        assert problems_in(step_with(f"    {key}: y\n    duration: 6\n", "for: solo\n")) == [
            (
                6,
                5,
                f"'{key}:' is for one partner of a couple; this exercise is for one person, "
                "so use 'say:'",
            )
        ]


def test_each_partners_part_is_kept_and_an_empty_one_named():
    text = step_with("    a: Rest your hand\n    b: Lay yours over it\n    duration: 6\n")
    (step,) = parse_exercise(text, Path("p.yaml")).steps
    assert (step.say, step.a, step.b) == ("", "Rest your hand", "Lay yours over it")
    assert problems_in(step_with("    a: x\n    b: ''\n    duration: 6\n")) == [
        (6, 8, "'b' is empty")
    ]


def test_every_bad_phase_of_a_breath_is_reported_not_only_the_first():
    assert problems_in(
        step_with("    say: x\n    duration: 60\n    breath: [[in, 4], gasp 4]\n")
    ) == [
        (7, 14, "a breath phase should be a single value, not a list"),
        (7, 23, "'gasp' is not a breath phase; use 'in', 'top-up', 'hold' or 'out'"),
    ]


def test_a_breath_that_is_neither_a_name_nor_a_list_says_so():
    assert problems_in(step_with("    say: x\n    duration: 60\n    breath: {in: 4}\n")) == [
        (7, 13, "breath should be a list ('- ' lines or [a, b]), not a set of keys")
    ]
    assert problems_in(step_with("    say: x\n    duration: 60\n    breath: [boxx]\n"))[0][2] == (
        "write a breath phase as a word and seconds, like 'in 4', not 'boxx'"
    )
    ((_, _, message),) = problems_in(step_with("    say: x\n    duration: 60\n    breath: boxx\n"))
    assert message == (
        "unknown breathing pattern 'boxx' (did you mean 'box'?); use one of extended-exhale, "
        "box, 4-7-8, resonance, resonance-5, cyclic-sigh, ours or a list like [in 4, out 6]"
    )


def test_a_step_with_no_name_or_only_empty_parts_says_just_that():
    assert problems_in(HEAD + "steps:\n  - say: x\n    duration: 6\n") == [
        (4, 5, "this step needs a 'name:'")
    ]
    for key in ("a", "b"):  # an empty part is named; "nothing to read" would say it twice
        assert problems_in(step_with(f"    {key}: ''\n    duration: 6\n")) == [
            (5, 8, f"'{key}' is empty")
        ]


def test_both_parts_in_a_solo_exercise_are_each_refused():
    text = step_with("    a: x\n    b: y\n    duration: 6\n", "for: solo\n")
    assert [(line, message[:4]) for line, _, message in problems_in(text)] == [
        (6, "'a:'"),
        (7, "'b:'"),
    ]


# --------------------------------------------------------------------------------------------
# Choices


HUG_STEP = "steps:\n  - {name: Hug, say: x, duration: hug}\n"


def choices_problems(choices: str) -> list[tuple[int, int, str]]:
    return problems_in(HEAD + "choices:\n" + choices + HUG_STEP)


NOT_A_CHOICE = "'hug' is not a length or a choice"


def test_a_choice_is_read_with_its_label_options_and_default():
    text = HEAD + "choices:\n  hug: {label: Hug length, options: [20s, 30s], default: 30s}\n"
    exercise = parse_exercise(text + HUG_STEP, Path("p.yaml"))
    ((choice),) = exercise.choices
    assert (choice.key, choice.label, choice.options, choice.default) == (
        "hug",
        "Hug length",
        (20.0, 30.0),
        30.0,
    )
    bare = parse_exercise(HEAD + "choices:\n  hug: {options: [20s, 30s]}\n" + HUG_STEP, Path("p"))
    ((choice),) = bare.choices
    assert (choice.label, choice.default) == ("hug", 20.0)  # the key, and the first option


def test_choices_that_are_not_keys_are_refused_where_they_are():
    assert problems_in(HEAD + "choices: [hug]\n" + HUG_STEP) == [
        (3, 10, "choices should be a set of 'key:' entries, not a list"),
        (5, 35, NOT_A_CHOICE),
    ]


def test_a_bad_choice_key_skips_only_that_choice():
    bad = "a choice's key should be lowercase letters, digits and '-'"
    assert choices_problems(
        "  Hug!: {options: [20s]}\n  [x]: {options: [20s]}\n  hug: {options: [20s, 30s]}\n"
    ) == [(4, 3, bad), (5, 3, bad)]


def test_a_choices_problems_are_worded_and_placed_exactly():
    assert choices_problems("  hug: {label: Hug}\n") == [
        (4, 8, "choice 'hug' needs 'options:', a list of lengths"),
        (6, 35, NOT_A_CHOICE),
    ]
    assert choices_problems("  hug: {options: 20s}\n") == [
        (4, 18, "options should be a list ('- ' lines or [a, b]), not a single value"),
        (6, 35, NOT_A_CHOICE),
    ]
    assert choices_problems("  hug: {options: [20s, soon]}\n") == [
        (4, 24, "an option: 'soon' is not a length: write seconds (30), '30s', '2m' or '1m30s'")
    ]
    assert choices_problems("  hug: {options: [20s, 30s], default: 25s}\n") == [
        (4, 39, "the default should be one of the options")
    ]
    assert choices_problems("  hug: {options: [20s, 30s], default: later}\n") == [
        (4, 39, "the default: 'later' is not a length: write seconds (30), '30s', '2m' or '1m30s'"),
        (6, 35, NOT_A_CHOICE),
    ]
    assert choices_problems("  hug: {label: '', options: [20s]}\n") == [
        (4, 16, "its label is empty"),
        (6, 35, NOT_A_CHOICE),
    ]
    assert choices_problems("  hug: {optoins: [20s]}\n") == [
        (4, 8, "choice 'hug' needs 'options:', a list of lengths"),
        (4, 9, "unknown key 'optoins' in choice 'hug' (did you mean 'options'?)"),
        (6, 35, NOT_A_CHOICE),
    ]


def test_a_choice_with_no_options_is_refused_even_with_a_default():
    for choice in ("  hug: {options: []}\n", "  hug: {options: [], default: 20s}\n"):
        assert choices_problems(choice) == [
            (4, 8, "choice 'hug' has no options"),
            (6, 35, NOT_A_CHOICE),
        ]


def test_a_steps_cue_is_normal_unless_told_and_a_wrong_one_is_named():
    plain = parse_exercise(HEAD + "steps:\n  - {name: N, say: x, duration: 6}\n", Path("p"))
    assert plain.steps[0].cue.value == "normal"
    assert problems_in(HEAD + "steps:\n  - {name: N, say: x, duration: 6, cue: lound}\n") == [
        (4, 41, "cue is 'normal', 'halfway', 'quiet' or 'silent', not 'lound'")
    ]
    assert problems_in(HEAD + "steps:\n  - {name: N, say: x, duration: 6, cue: [quiet]}\n") == [
        (4, 41, "cue should be a single value, not a list")
    ]
