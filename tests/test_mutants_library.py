"""The library, pinned where mutation testing found it loose: the catalog's order and its
duplicate ids, the words and lengths helpers, file reading at its size limit, repeats."""

from __future__ import annotations

from pathlib import Path

import pytest

from coreg.library import (
    Exercise,
    ExerciseError,
    Library,
    Repeat,
    Step,
    format_duration,
    load_exercise,
    load_library,
    parse_exercise,
    reflow,
)
from coreg.library.yamlnodes import MAX_FILE_BYTES

MINIMAL = "title: {title}\nsummary: S\nsteps: [{{name: N, say: x, duration: 6}}]\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_a_duplicate_id_skips_only_that_file_and_says_where(tmp_path):
    mine = tmp_path / "mine"
    write(mine, "a.yaml", "id: same\n" + MINIMAL.format(title="First"))
    second = write(mine, "b.yaml", "id: same\n" + MINIMAL.format(title="Second"))
    write(mine, "c.yaml", MINIMAL.format(title="Third"))
    library = load_library(user_dirs=[mine], builtin=tmp_path / "none")
    assert sorted(library.exercises) == ["c", "same"]  # the file after the duplicate loads
    (error,) = [e for e in library.broken if e.path == second]
    (problem,) = error.problems
    assert (problem.path, problem.line, problem.column) == (second, 1, 1)
    assert problem.message == (
        "the id 'same' is already used by a.yaml in this folder, so this file is skipped; "
        "give one of them another id"
    )


def test_the_catalog_sorts_couples_first_then_titles_ignoring_case():
    def ex(title: str, audience: str = "couple") -> Exercise:
        from coreg.library import Audience

        return Exercise(
            title, title, "s", steps=(Step("x", 1, say="x"),), audience=Audience(audience)
        )

    library = Library({e.id: e for e in (ex("aab"), ex("a_b"), ex("Zed"), ex("alone", "solo"))})
    assert [e.title for e in library.sorted()] == ["a_b", "aab", "Zed", "alone"]


def test_reflow_joins_lines_and_keeps_paragraphs():
    assert reflow("  one\n  two\n\n   three  \n") == "one two\n\nthree"
    assert reflow("a\n \nb\nc") == "a\n\nb c"


def test_lengths_in_words():
    assert format_duration(0) == "0s" and format_duration(6) == "6s"
    assert format_duration(60) == "1m" and format_duration(90) == "1m 30s"
    assert format_duration(3600) == "1h" and format_duration(3605) == "1h 5s"
    assert format_duration(3661) == "1h 1m 1s" and format_duration(1200.4) == "20m"


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    text = MINIMAL.format(title="Big")
    exact = write(tmp_path, "exact.yaml", text + "#" * (MAX_FILE_BYTES - len(text) - 1) + "\n")
    assert exact.stat().st_size == MAX_FILE_BYTES
    assert load_exercise(exact).title == "Big"
    over = write(tmp_path, "over.yaml", text + "#" * (MAX_FILE_BYTES - len(text)) + "\n")
    with pytest.raises(ExerciseError, match="larger than 256 KB"):
        load_exercise(over)


def test_a_file_that_cannot_be_read_says_why(tmp_path):
    with pytest.raises(ExerciseError) as caught:
        load_exercise(tmp_path / "missing.yaml")
    (problem,) = caught.value.problems
    assert problem.message == "can't read this file: No such file or directory"
    assert (problem.line, problem.column) == (1, 1)


def repeat_of(body: str) -> Exercise:
    text = "title: R\nsummary: S\nsteps:\n  - repeat: 2\n" + body
    return parse_exercise(text, Path("r.yaml"))


def test_a_repeat_swaps_unless_told_not_to():
    steps = "    steps: [{name: N, say: x, duration: 6}]\n"
    assert repeat_of(steps).steps[0].swap is True
    assert repeat_of("    swap: false\n" + steps).steps[0].swap is False
    assert repeat_of("    swap: true\n" + steps).steps[0].swap is True


def test_a_repeats_mistakes_name_the_repeat():
    with pytest.raises(ExerciseError) as caught:
        repeat_of("    again: yes\n    steps: [{name: N, say: x, duration: 6}]\n")
    assert "this repeat" in str(caught.value) and "'again'" in str(caught.value)
    with pytest.raises(ExerciseError) as caught:
        parse_exercise(
            "title: R\nsummary: S\nsteps:\n  - repeat: [1]\n"
            "    steps: [{name: N, say: x, duration: 6}]\n",
            Path("r.yaml"),
        )
    assert "repeat" in str(caught.value)


def test_a_choice_inside_a_repeat_sets_the_length_of_every_round():
    text = (
        "title: R\nsummary: S\nchoices:\n  hug: {label: Hug, options: [20s, 30s], default: 30s}\n"
        "steps:\n  - repeat: 2\n    steps: [{name: Hug, say: x, duration: hug}]\n"
    )
    exercise = parse_exercise(text, Path("r.yaml")).with_choices({"hug": 20})
    (block,) = exercise.steps
    assert isinstance(block, Repeat) and [s.seconds for s in block.steps] == [20]
    assert exercise.total_seconds == 40


def problems_in(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(ExerciseError) as caught:
        parse_exercise(text, Path("p.yaml"))
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_every_bad_breath_phase_is_named_where_it_is():
    text = (
        "title: B\nsummary: S\nsteps:\n"
        "  - name: N\n    say: x\n    duration: 60\n"
        "    breath:\n"
        "      - in\n"  # line 8
        "      - gasp 4\n"  # line 9
        "      - out 4:00\n"  # line 10
        "      - out 11\n"  # line 11
        "      - [in, 4]\n"  # line 12
        "      - out 4\n"
    )
    assert problems_in(text) == [
        (8, 9, "write a breath phase as a word and seconds, like 'in 4', not 'in'"),
        (9, 9, "'gasp' is not a breath phase; use 'in', 'top-up', 'hold' or 'out'"),
        (
            10,
            9,
            "breath phase: write '4:00' as minutes and seconds, like '1m30s': "
            "YAML reads a number with colons as a clock time, not as a length",
        ),
        (11, 9, "'out 11' is outside the safe range: each phase lasts from 1 to 10 seconds"),
        (12, 9, "a breath phase should be a single value, not a list"),
    ]


def test_a_breath_that_is_too_fast_says_how_long_a_breath_must_be():
    text = (
        "title: B\nsummary: S\nsteps:\n"
        "  - name: N\n    say: x\n    duration: 60\n    breath: [in 1, out 2]\n"
    )
    ((line, column, message),) = problems_in(text)
    assert (line, column) == (7, 13)
    assert message == (
        "this pattern is 20.0 breaths a minute; keep it at 12 or fewer "
        "(a whole breath of at least 5 seconds)"
    )


def test_a_repeats_problems_are_named_where_they_are():
    solo = (
        "title: R\nsummary: S\nfor: solo\nsteps:\n"
        "  - repeat: 2\n    swap: true\n    steps: [{name: N, say: x, duration: 6}]\n"
    )
    assert problems_in(solo) == [(6, 5, "swap trades partners' roles; it is for couples only")]
    no_steps = "title: R\nsummary: S\nsteps:\n  - repeat: 2\n"
    assert problems_in(no_steps) == [(4, 5, "a repeat needs 'steps:', the steps to do again")]
    empty = "title: R\nsummary: S\nsteps:\n  - repeat: 2\n    steps: []\n"
    assert problems_in(empty) == [(5, 12, "the repeat's steps are empty")]
    listed = "title: R\nsummary: S\nsteps:\n  - repeat: 2\n    steps: {name: N}\n"
    ((line, column, message),) = problems_in(listed)
    assert (line, column) == (5, 12) and message.startswith("the repeat's steps")
    bad_swap = (
        "title: R\nsummary: S\nsteps:\n"
        "  - repeat: 2\n    swap: maybe\n    steps: [{name: N, say: x, duration: 6}]\n"
    )
    ((line, column, message),) = problems_in(bad_swap)
    assert (line, column) == (5, 11) and message.startswith("swap")


def test_a_length_that_is_not_a_number():
    for text in ("nan", "inf", "-inf"):
        with pytest.raises(ValueError, match=f"^'{text}' is not a length$"):
            from coreg.library import parse_duration

            parse_duration(text)


def test_an_installed_coreg_finds_the_guide_inside_its_package(tmp_path, monkeypatch):
    from coreg.library import authoring_guide, catalog

    package = tmp_path / "site-packages" / "coreg"
    guide = write(package / "docs", "authoring.md", "# Writing exercises\n")
    monkeypatch.setattr(catalog, "_PACKAGE", package)
    assert authoring_guide() == guide
    guide.unlink()  # a source checkout: the guide beside the package
    checkout = write(tmp_path / "site-packages" / "docs", "authoring.md", "# Writing\n")
    assert authoring_guide() == checkout


def test_an_old_id_finds_the_exercise_under_its_new_name():
    library = load_library(user_dirs=[])
    assert library.get("eye-contact") is library.get("eyes-and-hands") is not None
    assert library.get("cyclic-sigh") is library.get("cyclic-sighing") is not None
    assert library.get("no-such-exercise") is None


def test_an_error_lists_each_problem_on_its_own_line():
    from coreg.library import Problem

    error = ExerciseError(
        [Problem(Path("a.yaml"), 2, 3, "one"), Problem(Path("a.yaml"), 4, 1, "two")]
    )
    assert str(error) == "a.yaml:2:3: one\na.yaml:4:1: two"


def test_choices_are_listed_the_way_a_person_writes_them():
    from coreg.library.yamlnodes import one_of

    assert one_of(("couple",)) == "'couple'"
    assert one_of(("couple", "solo")) == "'couple' or 'solo'"
    assert one_of(("a", "b", "c")) == "'a', 'b' or 'c'"


def test_a_problem_of_the_whole_file_is_placed_at_its_start(tmp_path):
    with pytest.raises(ExerciseError) as caught:
        parse_exercise("# only a comment\n", Path("empty.yaml"))
    ((line, column, message),) = [(p.line, p.column, p.message) for p in caught.value.problems]
    assert (line, column) == (1, 1)
    assert message == "this file is empty: an exercise needs at least a title and steps"


def test_an_empty_value_is_called_nothing():
    assert problems_in("title: T\nsummary: S\nsteps:\n") == [
        (3, 7, "steps should be a list ('- ' lines or [a, b]), not nothing")
    ]
    assert problems_in("title: T\nsummary: S\nsteps: ''\n") == [
        (3, 8, "steps should be a list ('- ' lines or [a, b]), not a single value")
    ]


def test_a_reading_within_a_microsecond_of_a_whole_second_is_on_it():
    from coreg.library import until_next_second

    assert until_next_second(1e-6) == 1.0
    assert until_next_second(2e-6) == 2e-6
    assert until_next_second(3.0) == 1.0
    assert until_next_second(2.25) == 0.25


def test_an_installed_coreg_finds_the_exercises_inside_its_package(tmp_path, monkeypatch):
    from coreg.library import builtin_dir, catalog

    package = tmp_path / "site-packages" / "coreg"
    (package / "exercises").mkdir(parents=True)
    monkeypatch.setattr(catalog, "_PACKAGE", package)
    assert builtin_dir() == package / "exercises"
    (package / "exercises").rmdir()
    assert builtin_dir() == tmp_path / "site-packages" / "exercises"
