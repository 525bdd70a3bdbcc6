"""Random and mutated documents only ever give the loader's own error, never a crash or a hang."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coreg.library import Exercise, ExerciseError, parse_exercise
from tests.profiles import examples
from tests.test_loader import GOOD

FUZZ = settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def outcome(data: bytes) -> Exercise | ExerciseError:
    try:
        return parse_exercise(data, Path("fuzz.yaml"))
    except ExerciseError as error:
        assert error.problems, "an error always names at least one problem"
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message and "Traceback" not in problem.message
        return error


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(data):
    outcome(data)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`\t\n ,?01234sm.")), max_size=300))
def test_random_yaml_punctuation(text):
    outcome(text.encode())


@FUZZ
@given(st.data())
def test_mutated_good_documents(data):
    text = GOOD.encode()
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = data.draw(
            st.sampled_from(
                [
                    b":",
                    b"- ",
                    b"  ",
                    b"\t",
                    b"[",
                    b"}",
                    b"*a",
                    b"&a ",
                    b"1:30",
                    b"\xff",
                    b"\n",
                    b"-1",
                ]
            )
        )
        if action == "insert":
            text = text[:position] + chunk + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + len(chunk) :]
        else:
            text = text[:position] + chunk + text[position + len(chunk) :]
    outcome(text)


@FUZZ
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "title",
                        "summary",
                        "steps",
                        "name",
                        "duration",
                        "say",
                        "a",
                        "b",
                        "breath",
                        "repeat",
                        "swap",
                        "cue",
                        "for",
                        "tags",
                        "choices",
                        "options",
                        "default",
                        "x",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_random_structures(document):
    import yaml

    outcome(yaml.safe_dump(document).encode())
