"""The exercise file as a whole, pinned where mutation testing found it loose: what a file
holds, its keys and fields and where each problem is placed, bytes that are not UTF-8, tabs,
comments and YAML's own mistakes, with and without libyaml. (tests/test_mutants_loader.py has
the steps, roles, repeats and choices.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coreg.library import ExerciseError, parse_exercise
from tests.test_mutants_loader import HEAD, ONE_STEP, problems_in, step_with

# --------------------------------------------------------------------------------------------
# The exercise as a whole


def test_a_file_that_is_not_a_set_of_keys_says_what_it_holds():
    assert problems_in("- a\n- b\n") == [
        (1, 1, "this file holds a list; an exercise is a set of keys like 'title:' and 'steps:'")
    ]


def test_each_missing_key_of_an_exercise_is_named():
    assert problems_in("about: x\n") == [
        (1, 1, "the exercise needs 'steps:'"),
        (1, 1, "the exercise needs 'summary:'"),
        (1, 1, "the exercise needs 'title:'"),
    ]


def test_every_field_of_an_exercise_is_read():
    text = (
        "id: mine-2\nfor: either\ntitle: '  T  '\nsummary: S\nabout: A\ncredit: C\n"
        "tags: [Calm, Quick]\nsteps:\n  - {name: N, say: x, duration: 6}\n"
    )
    exercise = parse_exercise(text, Path("p.yaml"), "built-in")
    assert (exercise.id, exercise.audience.value, exercise.title, exercise.summary) == (
        "mine-2",
        "either",
        "T",
        "S",
    )
    assert (exercise.about, exercise.credit, exercise.tags) == ("A", "C", ("calm", "quick"))
    assert (exercise.source_path, exercise.origin) == (Path("p.yaml"), "built-in")


def test_the_id_comes_from_the_file_name_unless_given_and_a_bad_one_is_refused():
    text = HEAD + "steps:\n  - {name: N, say: x, duration: 6}\n"
    assert parse_exercise(text, Path("My Exercise!.yaml")).id == "my-exercise"
    assert parse_exercise(text, Path("!!!.yaml")).id == "exercise"
    assert problems_in("id: Bad_Id\n" + text) == [
        (1, 5, "id 'Bad_Id' should be lowercase letters, digits and '-'")
    ]


def test_empty_or_misshapen_fields_are_named_where_they_are():
    step = "steps:\n  - {name: N, say: x, duration: 6}\n"
    assert problems_in(HEAD + "tags: ['', x]\n" + step) == [(3, 8, "a tag is empty")]
    assert problems_in(HEAD + "tags: x\n" + step) == [
        (3, 7, "tags should be a list ('- ' lines or [a, b]), not a single value")
    ]
    assert problems_in(HEAD + "steps: []\n") == [
        (3, 8, "steps is empty: an exercise needs at least one step")
    ]
    assert problems_in("title: T\nsummary: ''\n" + step) == [(2, 10, "the summary is empty")]
    assert problems_in(HEAD + "choices:\n  hug: {options: [20s]}\n" + step) == [
        (4, 3, "choice 'hug' is not used by any step's duration")
    ]
    nested = "steps:\n  - repeat: 2\n    steps:\n      - repeat: 2\n" + ONE_STEP.replace(
        "    ", "        ", 1
    )
    assert problems_in(HEAD + nested) == [(6, 9, "a repeat can't hold another repeat")]


def test_a_name_placeholder_is_checked_against_the_partners():
    def say(text: str, before: str = "") -> list[tuple[int, int, str]]:
        return problems_in(before + HEAD + f"steps:\n  - {{name: N, say: '{text}', duration: 6}}\n")

    assert say("Hi {c}") == [(4, 20, "unknown name placeholder '{c}' in 'say'; use '{a}' or '{b}'")]
    assert say("Hi {aa}") == [
        (4, 20, "unknown name placeholder '{aa}' in 'say' (did you mean 'a'?)")
    ]
    assert problems_in(HEAD + "steps:\n  - name: Hi {a}\n    say: x\n    duration: 6\n") == [
        (
            4,
            11,
            "'{a}' in the step's name: name placeholders go in a step's 'say', 'a' or 'b', "
            "where each partner's name is known",
        )
    ]
    assert say("Hi {a}", "for: solo\n") == [
        (5, 20, "'{a}' in 'say': name placeholders are only for couple exercises")
    ]


# --------------------------------------------------------------------------------------------
# Bytes and YAML


STEP = "steps:\n  - {name: N, say: x, duration: 6}\n"


def test_text_that_is_not_utf8_is_placed_at_its_first_bad_byte():
    data = b"title: R\nsummary: \xff\xfeS\n" + STEP.encode()
    with pytest.raises(ExerciseError) as caught:
        parse_exercise(data, Path("p.yaml"))
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (2, 10, "this file is not UTF-8 text; save it as UTF-8 in your editor")
    ]
    with_bom = b"\xef\xbb\xbf" + (HEAD + STEP).encode()  # as some editors save it
    assert parse_exercise(with_bom, Path("p.yaml")).title == "R"


def test_a_file_of_only_blank_lines_and_comments_is_empty():
    empty = (1, 1, "this file is empty: an exercise needs at least a title and steps")
    assert problems_in("\n\n# c\n  \n") == [empty]
    assert problems_in("") == [empty]


def test_a_tab_only_counts_in_the_indentation():
    assert problems_in(HEAD + "steps:\n\t- {name: N, say: x, duration: 6}\n") == [
        (4, 1, "a tab is used to indent this line; use spaces")
    ]
    assert parse_exercise(HEAD + "steps:\n  - {name: N, say: x,\tduration: 6}\n", Path("p"))


YAML = "this isn't valid YAML: "


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "title: &t R\nsummary: *t\n" + STEP,
            (2, 10, "aliases (*name) can't be used in an exercise; write the text out"),
        ),
        (
            "title: a: b\nsummary: S\n" + STEP,
            (
                1,
                9,
                YAML + "mapping values are not allowed in this context "
                "(a text with ': ' in it needs quotes around it)",
            ),
        ),
        (
            "title: 'R\nsummary: S\n" + STEP,
            (
                5,
                1,
                YAML + "found unexpected end of stream "
                "(a quote or bracket is opened and never closed)",
            ),
        ),
        (
            "title: R\n---\ntitle: Q\n",
            (
                2,
                1,
                YAML + "but found another document (one exercise per file: remove the '---' line)",
            ),
        ),
        (
            HEAD + STEP + "x",
            (
                6,
                1,
                YAML + "could not find expected ':' "
                "(a line may be missing its ':' or its indentation is off)",
            ),
        ),
        (
            "title: *x\n",
            (
                1,
                8,
                YAML + "found undefined alias "
                "('*' starts an alias in YAML; put quotes around this text)",
            ),
        ),
        ("{a: 1\n", (2, 1, YAML + "did not find expected ',' or '}'")),
    ],
)
def test_yaml_mistakes_are_one_problem_with_a_hint_where_there_is_one(text, problem):
    assert problems_in(text) == [problem]


def test_a_keys_mistakes_are_named_where_they_are():
    def step(body: str) -> list[tuple[int, int, str]]:
        return problems_in(HEAD + "steps:\n  - {name: N, " + body + ", duration: 6}\n")

    assert step("say: x, say: y") == [(4, 23, "'say' is given twice in this step; keep one")]
    nothing = (4, 5, "this step has nothing to read: give it 'say:' (or 'a:' and 'b:')")
    assert step("[say]: x") == [nothing, (4, 15, "a key in this step should be a plain word")]
    assert step("sya: x") == [
        nothing,
        (4, 15, "unknown key 'sya' in this step (did you mean 'say'?)"),
    ]
    assert step("say: {x: 1}") == [(4, 20, "'say' should be a single value, not a set of keys")]
    assert problems_in(HEAD + "titel: x\n" + STEP) == [
        (3, 1, "unknown key 'titel' in the exercise (did you mean 'title'?)")
    ]


@pytest.mark.parametrize(
    "loader", [name for name in ("SafeLoader", "CSafeLoader") if hasattr(yaml, name)]
)
def test_with_or_without_libyaml_an_empty_value_is_named_as_empty(monkeypatch, loader):
    """Pure-Python PyYAML marks an empty plain value with no style, libyaml with "": both are
    empty, never the text "~"."""
    from coreg.library import yamlnodes

    monkeypatch.setattr(yamlnodes, "SAFE_LOADER", getattr(yaml, loader))
    step = HEAD + "steps:\n  - name: N\n    say: x\n    duration: 6\n"
    assert problems_in(HEAD + "steps:\n  - {name: N, say: ~, duration: 6}\n") == [
        (4, 20, "'say' is empty")
    ]
    assert problems_in(step.replace("duration: 6", "duration:")) == [(6, 14, "duration is empty")]
    assert problems_in(step + "    breath:\n") == [(7, 12, "breath is empty")]
    assert problems_in(step + "    cue: null\n") == [(7, 10, "cue is empty")]


def test_a_bad_byte_is_placed_by_its_own_line_and_column():
    text = b"title: R\nsummary: S\nsteps:\n  - {name: N, say: \xff, duration: 6}\n"
    assert problems_in(text) == [
        (4, 20, "this file is not UTF-8 text; save it as UTF-8 in your editor")
    ]
    lone = "title: R\nsummary: \ud800S\n" + STEP  # text that cannot be UTF-8: no crash
    assert problems_in(lone) == [
        (2, 10, "this file is not UTF-8 text; save it as UTF-8 in your editor")
    ]


def test_an_indented_comment_is_still_a_comment():
    assert problems_in("  # indented\n\n") == [
        (1, 1, "this file is empty: an exercise needs at least a title and steps")
    ]


def test_a_tab_hides_only_the_yaml_error_on_its_own_line():
    assert problems_in("title: a: b\nsummary: S\nsteps:\n\t- x\n") == [
        (
            1,
            9,
            "this isn't valid YAML: mapping values are not allowed in this context "
            "(a text with ': ' in it needs quotes around it)",
        ),
        (4, 1, "a tab is used to indent this line; use spaces"),
    ]
    assert problems_in(HEAD + STEP + "\t# a comment\n") == [
        (5, 1, "a tab is used to indent this line; use spaces")
    ]


def test_a_file_too_large_says_so_in_words(tmp_path):
    big = HEAD + STEP + "#" * (256 * 1024)
    assert problems_in(big) == [
        (1, 1, "this file is larger than 256 KB, too large for an exercise; is it the right file?")
    ]


def test_without_libyaml_deep_nesting_is_a_message(monkeypatch):
    import yaml

    from coreg.library import yamlnodes

    monkeypatch.setattr(yamlnodes, "SAFE_LOADER", yaml.SafeLoader)
    deep = HEAD + "steps: " + "[" * 1200 + "]" * 1200 + "\n"
    assert problems_in(deep) == [(1, 1, "this file is nested far too deeply to be an exercise")]


def test_parse_exercise_reads_a_users_own_file_by_default():
    assert parse_exercise(HEAD + STEP, Path("p.yaml")).origin == "user"


def test_a_problem_with_the_whole_exercise_is_placed_where_it_starts():
    assert problems_in("# a comment\nabout: x\n") == [
        (2, 1, "the exercise needs 'steps:'"),
        (2, 1, "the exercise needs 'summary:'"),
        (2, 1, "the exercise needs 'title:'"),
    ]
    assert problems_in("# a comment\n- a\n") == [
        (2, 1, "this file holds a list; an exercise is a set of keys like 'title:' and 'steps:'")
    ]


def test_each_field_names_itself_when_it_is_wrong():
    assert problems_in("id: [x]\ntitle: [x]\nabout: ''\ncredit: ''\nsummary: S\n" + STEP) == [
        (1, 5, "id should be a single value, not a list"),
        (2, 8, "the title should be a single value, not a list"),
        (3, 8, "'about' is empty"),
        (4, 9, "the credit is empty"),
    ]


def test_what_is_not_given_is_left_empty():
    exercise = parse_exercise(HEAD + STEP, Path("p.yaml"))
    (step,) = exercise.steps
    assert (exercise.about, exercise.credit, step.a, step.b) == ("", "", "", "")


def test_a_unit_alone_is_read_as_a_length_whichever_unit():
    for unit in ("s", "m", "h"):
        assert problems_in(step_with(f"    say: x\n    duration: {unit}\n")) == [
            (
                6,
                15,
                f"duration: '{unit}' is not a length: write seconds (30), '30s', '2m' or '1m30s'",
            )
        ]


def test_a_step_that_is_a_list_and_a_bad_first_key_are_named():
    assert problems_in(HEAD + "steps:\n  - [a, b]\n") == [
        (4, 5, "this step should be a set of 'key: value' lines, not a list")
    ]
    assert problems_in(HEAD + "steps:\n  - {[x]: 1, name: N, say: x, duration: 6}\n") == [
        (4, 6, "a key in this step should be a plain word")  # and the keys after it are read
    ]


def test_a_control_character_is_a_yaml_problem_not_a_crash():
    ((line, column, message),) = problems_in("title: a\x07b\nsummary: S\n" + STEP)
    assert (line, column) == (1, 9)  # where it is, not the start of the file
    assert message == "this isn't valid YAML: it holds a control character (U+0007); delete it"


@pytest.mark.parametrize(
    "loader", [name for name in ("SafeLoader", "CSafeLoader") if hasattr(yaml, name)]
)
def test_a_control_character_is_placed_where_it_is_on_one_line(monkeypatch, loader):
    from coreg.library import yamlnodes

    monkeypatch.setattr(yamlnodes, "SAFE_LOADER", getattr(yaml, loader))
    text = HEAD.replace("summary: S", "summary: S\x1b[31m") + STEP
    assert HEAD.startswith("title: ") and "summary: S" in HEAD
    ((line, column, message),) = problems_in(text)
    assert (line, column) == (2, 11) and "\n" not in message
    assert message == "this isn't valid YAML: it holds a control character (U+001B); delete it"


def test_a_control_character_far_down_is_placed_on_its_own_line_and_column():
    # the column counts from the start of its own line, not from the first line break
    text = "title: T\nsummary: S\nsteps:\n  - {name: N, say: x\x07y, duration: 6}\n"
    ((line, column, message),) = problems_in(text)
    assert (line, column) == (4, 21)
    assert "U+0007" in message
