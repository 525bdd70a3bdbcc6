"""The exercise format as JSON, for the cache: each dataclass a list (its name, then its fields
in order), each enum its value, each path its text. Decoding is led by the format's own type
hints and checks every value: anything but what the format holds raises :class:`CacheError`.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any


class CacheError(ValueError):
    """A value in the cache is not what the exercise format holds."""


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(encode(getattr(value, f.name)) for f in fields)]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [encode(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def decoder(hint: Any) -> Callable[[Any], Any]:
    """A function that turns JSON into ``hint`` (a type of the exercise format), or raises."""
    found = _DECODERS.get(hint)
    if found is None:
        found = _DECODERS[hint] = _make_decoder(hint)
    return found


def _make_decoder(hint: Any) -> Callable[[Any], Any]:
    simple = {str: text, int: whole, float: _float, bool: _bool, type(None): _none}
    if hint in simple:
        return simple[hint]
    if hint is Path:
        return lambda value: Path(text(value))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = decoder(args[0])
        return lambda value: tuple([item(v) for v in _list(value)])
    if origin in (typing.Union, types.UnionType):
        return _union([decoder(arm) for arm in args])
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint)
    raise TypeError(f"the exercise cache cannot hold {hint!r}")


def _dataclass(cls: type) -> Callable[[Any], Any]:
    """Every field checked and decoded; the instance made as ``copy`` and ``pickle`` make one
    (its fields set at once), which is three times quicker than a frozen dataclass's init."""
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields) or hasattr(cls, "__post_init__"):
        raise TypeError(f"the exercise cache cannot hold {cls.__name__}")
    names = [f.name for f in fields]
    size = len(names) + 1
    tag = cls.__name__
    # plain text fields are only checked; the others go through their decoder
    texts = [i for i, name in enumerate(names, start=1) if hints[name] is str]
    others: list[tuple[int, Callable[[Any], Any]]] = []
    new = object.__new__

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != size or value[0] != tag:
            raise CacheError(f"not a {tag}")
        for i in texts:
            if type(value[i]) is not str:
                raise CacheError("not a string")
        if not others:  # built on first use: the format's types refer to each other
            others.extend(
                (i, decoder(hints[name]))
                for i, name in enumerate(names, start=1)
                if hints[name] is not str
            )
        fields = value[1:]
        for i, decode_field in others:
            fields[i - 1] = decode_field(value[i])
        made: Any = new(cls)
        made.__dict__.update(zip(names, fields, strict=True))
        return made

    decode.tag = tag  # type: ignore[attr-defined]
    return decode


def _enum(cls: type[Enum]) -> Callable[[Any], Any]:
    members = {member.value: member for member in cls}

    def decode(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):  # TypeError: a list or a dict is no key
            raise CacheError(f"not a {cls.__name__}") from None

    return decode


def _union(arms: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    tagged = {arm.tag: arm for arm in arms if hasattr(arm, "tag")}
    plain = [arm for arm in arms if not hasattr(arm, "tag")]

    def decode(value: Any) -> Any:
        # a tag is text: a list or a dict in its place is no key (and would raise TypeError)
        if type(value) is list and value and type(value[0]) is str and value[0] in tagged:
            return tagged[value[0]](value)
        for arm in plain:
            try:
                return arm(value)
            except (CacheError, ValueError):
                continue
        raise CacheError("none of the kinds this value may be")

    return decode


def text(value: Any) -> str:
    if type(value) is not str:
        raise CacheError("not a string")
    return value


def whole(value: Any) -> int:
    if type(value) is not int:
        raise CacheError("not a whole number")
    return value


def _float(value: Any) -> float:
    if type(value) is not float and type(value) is not int:
        raise CacheError("not a number")
    return value  # a whole number stays one, as the reader made it


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise CacheError("not true or false")
    return value


def _none(value: Any) -> None:
    if value is not None:
        raise CacheError("not null")


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise CacheError("not a list")
    return value
