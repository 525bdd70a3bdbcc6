"""The exercise cache's codec, pinned: a good cache decodes to exactly the exercise its YAML
gives (every field, nested steps, roles, breath patterns, optional fields absent or present),
and anything else (damaged, hand-edited, from another version, a wrong type at any place) is
refused with CacheError: never decoded into a wrong exercise, never another exception.

The codec keeps each decoder once built; every test here starts with none, so how decoders are
built is tested as well as what they do.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
import sys
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Optional, Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coreg.library import (
    Audience,
    Breath,
    Card,
    Choice,
    Exercise,
    Phase,
    PhaseKind,
    Repeat,
    Roles,
    Step,
    StepCue,
    builtin_dir,
    codec,
    load_exercise,
)
from coreg.library.codec import CacheError, decoder, encode
from tests.profiles import examples


@pytest.fixture(autouse=True)
def fresh_decoders(monkeypatch):
    """No decoder kept from an earlier test: each test builds the ones it uses."""
    monkeypatch.setattr(codec, "_DECODERS", {})


# -- what "exactly" and "what the format holds" mean, written out plainly ------------------------


def same(got: Any, want: Any) -> bool:
    """Equal, and of the very same types all the way down (4 is not 4.0, "in" is not
    PhaseKind.IN, a list is not a tuple, text is not a Path)."""
    if type(got) is not type(want):
        return False
    if dataclasses.is_dataclass(want):
        return all(
            same(getattr(got, f.name), getattr(want, f.name)) for f in dataclasses.fields(want)
        )
    if isinstance(want, tuple):
        return len(got) == len(want) and all(map(same, got, want))
    return bool(got == want)


@functools.cache
def hints_of(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))


NOT = object()  # what ``reading`` gives for a value that is not one of its type


def reading(value: Any, hint: Any) -> Any:
    """What ``value`` (JSON) reads as when it is one of ``hint`` as the cache writes it, in
    JSON again (a path's text as ``Path`` spells it); ``NOT`` when it is not one."""
    if hint is Path:
        return str(Path(value)) if type(value) is str else NOT
    if hint in (str, int, bool):
        return value if type(value) is hint else NOT
    if hint is float:
        return value if type(value) in (int, float) else NOT
    if hint is type(None):
        return None if value is None else NOT
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if type(value) is not list:
            return NOT
        items = [reading(v, args[0]) for v in value]
        return NOT if any(i is NOT for i in items) else items
    if origin in (Union, types.UnionType):
        return next((r for arm in args if (r := reading(value, arm)) is not NOT), NOT)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return value if type(value) is str and value in {m.value for m in hint} else NOT
    names = [f.name for f in dataclasses.fields(hint)]
    hints = hints_of(hint)
    if type(value) is not list or len(value) != len(names) + 1 or value[0] != hint.__name__:
        return NOT
    items = [reading(v, hints[n]) for v, n in zip(value[1:], names, strict=True)]
    return NOT if any(i is NOT for i in items) else [hint.__name__, *items]


def holds(value: Any, hint: Any) -> bool:
    return reading(value, hint) is not NOT


def conforms(value: Any, hint: Any) -> bool:
    """Whether a decoded ``value`` is truly one of ``hint`` (the types, not the JSON)."""
    if hint is float:
        return type(value) in (int, float)
    if hint in (str, int, bool, Path):
        return type(value) is hint or (hint is Path and isinstance(value, Path))
    if hint is type(None):
        return value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        return type(value) is tuple and all(conforms(v, args[0]) for v in value)
    if origin in (Union, types.UnionType):
        return any(conforms(value, arm) for arm in args)
    if not isinstance(value, hint):
        return False
    if issubclass(hint, Enum):
        return True
    hints = hints_of(hint)
    return all(conforms(getattr(value, f.name), hints[f.name]) for f in dataclasses.fields(hint))


def as_json(value: Any) -> Any:
    """What the cache file holds: the encoding, through JSON text and back."""
    return json.loads(json.dumps(encode(value)))


def places(value: Any, at: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """Every position in a JSON tree of lists, the whole tree first."""
    found = [at]
    if type(value) is list:
        for i, item in enumerate(value):
            found.extend(places(item, (*at, i)))
    return found


def put(tree: Any, at: tuple[int, ...], new: Any) -> Any:
    """A copy of ``tree`` with the value at ``at`` replaced."""
    if not at:
        return new
    tree = copy.deepcopy(tree)
    parent = tree
    for i in at[:-1]:
        parent = parent[i]
    parent[at[-1]] = new
    return tree


def check(value: Any, hint: Any) -> None:
    """``value`` decodes as ``hint`` exactly when it is one, and then to exactly what it says;
    otherwise CacheError, and nothing else. The JSON given is never changed."""
    before = json.dumps(value)
    if holds(value, hint):
        got = decoder(hint)(value)
        assert conforms(got, hint), (value, got)
        assert json.dumps(encode(got)) == json.dumps(reading(value, hint)), value
    else:
        with pytest.raises(CacheError):
            decoder(hint)(value)
    assert json.dumps(value) == before, "decoding changed the cache's own data"


# -- a good cache gives back exactly the exercise ------------------------------------------------

BUILT_INS = sorted(builtin_dir().glob("*.yaml"))


def test_there_are_built_ins_to_try():
    assert len(BUILT_INS) >= 10


@pytest.mark.parametrize("path", BUILT_INS, ids=lambda p: p.stem)
def test_every_built_in_exercise_and_its_card_come_back_exactly(path):
    exercise = load_exercise(path, "built-in")
    got = decoder(Exercise)(as_json(exercise))
    assert got == exercise and same(got, exercise)
    card = Card.of(exercise)
    got_card = decoder(Card)(as_json(card))
    assert got_card == card and same(got_card, card)


def test_the_built_ins_use_every_kind_of_field():
    """So the test above reaches each decoder with real data."""
    exercises = [load_exercise(path, "built-in") for path in BUILT_INS]
    steps = [step for e in exercises for step, _ in e.rounds()]
    assert any(isinstance(item, Repeat) for e in exercises for item in e.steps)
    assert any(step.roles for step in steps) and any(step.breath for step in steps)
    assert any(step.seconds is None for step in steps)
    assert any(e.choices for e in exercises)
    assert {e.audience for e in exercises} >= {Audience.COUPLE, Audience.SOLO}


RICH = Exercise(
    id="rich",
    title="Rich",
    summary="Every field there is.",
    steps=(
        Step("Untimed", None),
        Step(
            "Everything",
            90.5,
            say="both",
            a="for a",
            b="for b",
            breath=Breath(
                (Phase(PhaseKind.IN, 4), Phase(PhaseKind.TOP_UP, 1.5), Phase(PhaseKind.OUT, 6)),
                "mine",
            ),
            cue=StepCue.HALFWAY,
            choice="length",
            roles=Roles("leads", "follows"),
            lead="a",
        ),
        Repeat(
            3,
            (
                Step("Inside", 20, breath=Breath((Phase(PhaseKind.HOLD, 2.0),))),
                Step("Quiet", 10.0, cue=StepCue.SILENT),
            ),
            swap=False,
        ),
    ),
    about="About it.",
    audience=Audience.SOLO,
    tags=("one", "two"),
    credit="Someone",
    choices=(Choice("length", "How long", (60, 90.5), 60),),
    source_path=Path("/some/where/rich.yaml"),
    origin="user",
)


def test_the_cache_holds_each_dataclass_as_its_name_then_its_fields():
    assert encode(Phase(PhaseKind.OUT, 6)) == ["Phase", "out", 6]
    assert encode(Roles("leads", "follows")) == ["Roles", "leads", "follows"]
    assert encode(Breath((Phase(PhaseKind.IN, 4.0),))) == ["Breath", [["Phase", "in", 4.0]], None]
    assert encode(Repeat(2, (), swap=True)) == ["Repeat", 2, [], True]
    assert encode(RICH)[0] == "Exercise" and encode(RICH)[-2:] == ["/some/where/rich.yaml", "user"]
    assert encode((Path("a"), StepCue.QUIET, 1, "x", None)) == ["a", "quiet", 1, "x", None]


def test_a_rich_exercise_comes_back_exactly():
    got = decoder(Exercise)(as_json(RICH))
    assert same(got, RICH)
    # the whole numbers stay whole, as the reader made them
    assert type(got.steps[1].breath.phases[0].seconds) is int
    assert type(got.steps[2].steps[0].seconds) is int
    assert got.steps[2].steps[0].breath.name is None and got.steps[0].seconds is None


def test_a_decoded_exercise_is_a_whole_frozen_exercise():
    got = decoder(Exercise)(as_json(RICH))
    assert got.step_count == RICH.step_count and got.total_seconds == RICH.total_seconds
    assert hash(got.steps[1].roles) == hash(Roles("leads", "follows"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.title = "changed"  # type: ignore[misc]


def test_decoders_are_built_once_and_kept():
    assert decoder(Exercise) is decoder(Exercise)
    assert decoder(Step | Repeat) is decoder(Step | Repeat)


# -- generated exercises -------------------------------------------------------------------------

words = st.text(max_size=6)
maybe_words = st.none() | words
lengths = st.integers(1, 600) | st.floats(0.5, 600, allow_nan=False)
phases = st.builds(Phase, st.sampled_from(list(PhaseKind)), lengths)
breaths = st.builds(Breath, st.lists(phases, min_size=1, max_size=3).map(tuple), maybe_words)
steps = st.builds(
    Step,
    words,
    st.none() | lengths,
    say=words,
    a=words,
    b=words,
    breath=st.none() | breaths,
    cue=st.sampled_from(list(StepCue)),
    choice=maybe_words,
    roles=st.none() | st.builds(Roles, words, words),
    lead=st.sampled_from([None, "a", "b"]),
)
repeats = st.builds(
    Repeat, st.integers(1, 50), st.lists(steps, max_size=3).map(tuple), st.booleans()
)
choices = st.builds(Choice, words, words, st.lists(lengths, max_size=3).map(tuple), lengths)
exercises = st.builds(
    Exercise,
    words,
    words,
    words,
    st.lists(steps | repeats, max_size=4).map(tuple),
    about=words,
    audience=st.sampled_from(list(Audience)),
    tags=st.lists(words, max_size=3).map(tuple),
    credit=words,
    choices=st.lists(choices, max_size=2).map(tuple),
    source_path=st.none() | st.builds(Path, st.text("ab/.", min_size=1, max_size=8)),
    origin=st.sampled_from(["built-in", "user"]),
)


@settings(max_examples=examples(60))
@given(exercises)
def test_any_exercise_comes_back_exactly(exercise):
    assert same(decoder(Exercise)(as_json(exercise)), exercise)
    card = Card.of(exercise)
    assert same(decoder(Card)(as_json(card)), card)


# -- anything else is refused --------------------------------------------------------------------

# a value of each JSON kind, and some that look like parts of the format
WRONG = [
    None,
    True,
    False,
    0,
    3,
    -1,
    2.5,
    "",
    "in",
    "hold",
    "normal",
    "couple",
    "Step",
    [],
    [None],
    ["Step"],
    ["Phase", "in"],
    ["Phase", "in", 4, 4],
    ["Phase", "in", 4],
    ["Roles", "x", "y"],
    [["Phase", "in", 4]],
    [[]],
    [["x"]],
    {},
    {"Step": 1},
]


@pytest.mark.parametrize("wrong", WRONG, ids=repr)
def test_a_wrong_value_at_any_place_is_refused_or_read_as_exactly_what_it_says(wrong):
    good = as_json(RICH)
    tried = refused = 0
    for at in places(good):
        damaged = put(good, at, wrong)
        check(damaged, Exercise)
        tried += 1
        refused += not holds(damaged, Exercise)
    assert tried > 100 and refused > tried // 2


def part(tree: Any, at: tuple[int, ...]) -> Any:
    for i in at:
        tree = tree[i]
    return tree


# every list in the cached exercise: the exercise, its dataclasses and its tuples
LISTS = [at for at in places(as_json(RICH)) if type(part(as_json(RICH), at)) is list]


@pytest.mark.parametrize("at", LISTS, ids=str)
def test_a_part_removed_added_or_renamed_is_refused(at):
    """As a cache from another version would have it: a field fewer or more, a class renamed."""
    good = as_json(RICH)
    here = part(good, at)
    for changed in (here[:-1], [*here, None], [*here, here[-1]] if here else [None], here[1:]):
        check(put(good, at, changed), Exercise)
    if here and type(here[0]) is str:
        for tag in ("Step", "Repeat", "Phase", "Breath", "Roles", "Choice", "Exercise", "Card"):
            check(put(good, at, [tag, *here[1:]]), Exercise)
        check(put(good, at, [here[0].lower(), *here[1:]]), Exercise)


def test_a_card_with_a_wrong_value_at_any_place_is_refused():
    good = as_json(Card.of(RICH))
    for at in places(good):
        for wrong in WRONG:
            check(put(good, at, wrong), Card)


def test_the_whole_cache_entry_of_the_wrong_kind_is_refused():
    for value in [*WRONG, as_json(Card.of(RICH)), as_json(RICH.steps[1]), ["Exercise"]]:
        with pytest.raises(CacheError):
            decoder(Exercise)(value)
    with pytest.raises(CacheError):
        decoder(Card)(as_json(RICH))


@pytest.mark.parametrize(
    ("hint", "good", "bad"),
    [
        (str, ["", "x"], [None, 1, 1.0, True, [], b"x"]),
        (int, [0, -3, 10**30], [None, 1.0, True, False, "1", []]),
        (float, [0, 2, 2.5, -1e300], [None, True, False, "2.5", [], [2.5]]),
        (bool, [True, False], [None, 0, 1, 1.0, "true", []]),
        (type(None), [None], [0, False, "", [], "null"]),
        (Path, ["/a/b", "", "rel"], [None, 1, [], ["a"]]),
        (PhaseKind, ["in", "top-up", "hold", "out"], ["In", "IN", "up", None, 1, [], ["in"]]),
        (Audience, ["couple", "solo", "either"], ["", "both", None, True, [], {}]),
        (tuple[str, ...], [[], ["a", "b"]], [None, "ab", ["a", 1], [None], [["a"]]]),
        (tuple[float, ...], [[], [1, 2.5]], [[True], ["1"], [None], 1.0]),
        (str | None, [None, "", "x"], [0, False, [], ["x"]]),
        (float | None, [None, 0, 1.5], ["1", True, []]),
        (Breath | None, [None, ["Breath", [], None]], [[], ["Phase", "in", 4], "Breath", 0]),
        (Step | Repeat, [["Repeat", 1, [], False]], [None, [], ["Breath", [], None], "Step"]),
        # the older spellings of a union are unions too
        (Optional[int], [None, 0, 7], [1.5, True, "7"]),  # noqa: UP045
        (Union[int, str], [0, "a"], [None, 1.5, True, []]),  # noqa: UP007
    ],
    ids=str,
)
def test_each_kind_of_value_takes_what_it_holds_and_nothing_else(hint, good, bad):
    for value in good:
        got = decoder(hint)(value)
        assert conforms(got, hint) and json.dumps(encode(got)) == json.dumps(reading(value, hint))
    for value in bad:
        with pytest.raises(CacheError):
            decoder(hint)(value)


def test_decoded_values_are_the_format_s_own_objects():
    assert decoder(PhaseKind)("top-up") is PhaseKind.TOP_UP
    assert decoder(Path)("/a/b") == Path("/a/b") and isinstance(decoder(Path)("x"), Path)
    assert decoder(tuple[str, ...])(["a", "b"]) == ("a", "b")
    assert decoder(str | None)(None) is None and decoder(float | None)(None) is None
    assert type(decoder(float)(3)) is int and type(decoder(float)(3.0)) is float
    assert decoder(Breath | None)(["Breath", [["Phase", "hold", 2]], None]) == Breath(
        (Phase(PhaseKind.HOLD, 2),)
    )
    repeat = decoder(Step | Repeat)(["Repeat", 2, [as_json(Step("s", 5))], True])
    assert same(repeat, Repeat(2, (Step("s", 5),), True))


def test_the_plain_helpers_refuse_what_they_are_not():
    assert codec.text("x") == "x" and codec.whole(7) == 7
    for value in (None, 1, True, []):
        with pytest.raises(CacheError):
            codec.text(value)
    for value in (None, 1.0, True, "1"):
        with pytest.raises(CacheError):
            codec.whole(value)


def test_a_cache_error_is_a_value_error():
    """Callers that catch ValueError for bad data catch this too."""
    assert issubclass(CacheError, ValueError)


# -- types the cache cannot hold are refused when their decoder is asked for ---------------------


@dataclasses.dataclass(frozen=True)
class Checked:
    n: int

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ValueError("negative")


@dataclasses.dataclass(frozen=True)
class Derived:
    n: int
    twice: int = dataclasses.field(init=False, default=0)


@dataclasses.dataclass(frozen=True)
class Plain:
    n: int
    label: str
    parts: tuple[Plain, ...] = ()


@pytest.mark.parametrize(
    "hint",
    [
        Checked,
        Derived,
        dict[str, int],
        list[int],
        tuple[int, str],
        tuple[int, ...] | set[int],
        object,
        bytes,
    ],
    ids=str,
)
def test_a_type_the_cache_cannot_hold_has_no_decoder(hint):
    with pytest.raises(TypeError):
        decoder(hint)


def test_a_value_where_a_type_belongs_has_no_decoder():
    for value in (Phase(PhaseKind.IN, 4), Plain(1, "x"), PhaseKind.IN, "str"):
        with pytest.raises(TypeError):
            decoder(value)


def test_any_plain_dataclass_of_the_format_s_types_round_trips():
    value = Plain(1, "top", (Plain(2, "inner"), Plain(3, "", (Plain(4, "deep"),))))
    got = decoder(Plain)(as_json(value))
    assert same(got, value)
    assert isinstance(got, Plain) and got.parts[1].parts[0].label == "deep"
    with pytest.raises(CacheError):
        decoder(Plain)(["Plain", 1, "top", [["Plain", 2, 3, []]]])
