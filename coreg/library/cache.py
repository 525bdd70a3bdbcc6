"""Exercise files as last read: each file's exercise (or its problems) kept by path, size and
modification time, so an unchanged file is never parsed twice.

One JSON file per folder of exercises, in the user's cache folder, readable and writable by
its owner only. It is only ever a shortcut: a cache that is missing, damaged, not owner-only or
written by another version of the reader is ignored (the files are parsed as if it were not
there) and written afresh; an entry holding anything but the exercise format's own types is
ignored alone. Nothing read from it can raise.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import sys
import time
import types
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from coreg.library.card import Card
from coreg.library.exercise import Exercise
from coreg.library.problem import Problem

FORMAT = 1
MAX_CACHE_BYTES = 64 * 1024 * 1024
# A file changed within this many seconds may change again within the same clock tick, with
# the same size: its entry would look fresh while its text is not. It is parsed, not kept.
SETTLE_NS = 2_000_000_000
# The modules whose code decides what a file reads as: a change to any of them (a new version,
# an edited source tree) makes every entry stale.
READER_MODULES = (
    "exercise.py",
    "loader.py",
    "breathread.py",
    "yamlnodes.py",
    "problem.py",
    "card.py",
    "cache.py",
)

Result = Exercise | tuple[Problem, ...]
CardResult = Card | tuple[Problem, ...]


class CacheError(ValueError):
    """A value in the cache is not what the exercise format holds."""


class FolderCache:
    """The cache of one folder of exercise files (``origin``: "built-in" or "user"): two files,
    the cards (``coreg list`` reads only these) and the whole exercises, each read only when
    first asked for."""

    KINDS = ("cards", "exercises")

    def __init__(self, cache_dir: Path | None, folder: Path, origin: str) -> None:
        self.folder, self.origin = str(folder), origin
        name = hashlib.sha256(f"{origin}\0{folder}".encode("utf-8", "replace")).hexdigest()[:24]
        self.paths = (
            {kind: cache_dir / f"{kind}-{name}.json" for kind in self.KINDS} if cache_dir else {}
        )
        self.old: dict[str, dict[str, list[Any]]] = {}  # each kind as read, once asked for
        self.kept: dict[str, dict[str, list[Any]]] = {kind: {} for kind in self.KINDS}
        self.parsed: dict[str, list[list[Any]]] = {}  # path -> [card item, exercise item]
        self.asked = False  # for any file at all

    def get(self, path: Path, info: os.stat_result) -> Result | None:
        """What ``path`` read as, if it has not changed since; None otherwise."""
        return self._get("exercises", path, info, _decode_result)

    def get_card(self, path: Path, info: os.stat_result) -> CardResult | None:
        """The card of ``path`` (or its problems), if it has not changed since; None otherwise.
        The exercise itself is not built."""
        return self._get("cards", path, info, _decode_card)

    def _get(self, kind: str, path: Path, info: os.stat_result, decode: Any) -> Any:
        self.asked = True
        item = self._old(kind).get(str(path))
        if item is None or item[0] != info.st_size or item[1] != info.st_mtime_ns:
            return None
        try:
            result = decode(item[2], path, self.origin)
        except (CacheError, TypeError, ValueError, KeyError, IndexError, RecursionError):
            return None  # this file is parsed again
        self.kept[kind][str(path)] = item
        return result

    def put(self, path: Path, info: os.stat_result | None, size_read: int, result: Result) -> None:
        """Keep what ``path`` read as, unless it may still be changing."""
        self.asked = True
        self.parsed[str(path)] = []
        if info is None or size_read != info.st_size:
            return
        if time.time_ns() - info.st_mtime_ns < SETTLE_NS:
            return
        if isinstance(result, Exercise):
            values = [_encode(Card.of(result)), _encode(result)]
        else:
            problems = {"problems": [[p.line, p.column, p.message] for p in result]}
            values = [problems, problems]
        self.parsed[str(path)] = [[info.st_size, info.st_mtime_ns, v] for v in values]

    def save(self) -> None:
        """Write what changed. A kind read this time holds the folder's files as they are now;
        one not read gets the files parsed this time added. A cache that cannot be written
        only makes the next start slower."""
        if not self.paths:
            return
        if not self.asked:  # the folder holds no exercise file (any more)
            for cache in self.paths.values():
                with contextlib.suppress(OSError):
                    cache.unlink()
            return
        for index, kind in enumerate(self.KINDS):
            read = kind in self.old
            if not self.parsed and (not read or self.kept[kind].keys() == self.old[kind].keys()):
                continue
            files = dict(self.kept[kind]) if read else dict(self._old(kind))
            for path, items in self.parsed.items():
                if items:
                    files[path] = items[index]
                else:
                    files.pop(path, None)
            document = {
                "stamp": reader_stamp(),
                "folder": self.folder,
                "origin": self.origin,
                "files": files,
            }
            with contextlib.suppress(OSError):
                _write_private(self.paths[kind], json.dumps(document, ensure_ascii=False))

    def _old(self, kind: str) -> dict[str, list[Any]]:
        if kind not in self.old:
            self.old[kind] = self._read(self.paths[kind]) if self.paths else {}
        return self.old[kind]

    def _read(self, path: Path) -> dict[str, list[Any]]:
        try:
            document = json.loads(_read_private(path), parse_constant=_no_constant)
        except (OSError, ValueError, RecursionError):
            return {}
        if (
            not isinstance(document, dict)
            or document.get("stamp") != reader_stamp()
            or document.get("folder") != self.folder
            or document.get("origin") != self.origin
            or not isinstance(document.get("files"), dict)
        ):
            return {}
        return {
            path: item
            for path, item in document["files"].items()
            if isinstance(item, list)
            and len(item) == 3
            and type(item[0]) is int
            and type(item[1]) is int
        }


def reader_stamp() -> str:
    """The cache's format and the size and time of each module of the reader."""
    here = Path(__file__).parent
    parts = [str(FORMAT)]
    for name in READER_MODULES:
        try:
            info = os.stat(here / name)
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return " ".join(parts)


# -- the file on disk --------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number an exercise holds")


def _read_private(path: Path) -> bytes:
    """The cache's bytes, if it is a regular file of a sane size that only its owner (this
    user) can write; OSError otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
            raise OSError("not a cache file")
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            raise OSError("not owner-only")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_CACHE_BYTES + 1)
    finally:
        os.close(fd)


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` at once, owner-only, in an owner-only folder."""
    import tempfile

    from coreg.paths import ensure_private_dir

    folder = ensure_private_dir(path.parent)
    fd, temp = tempfile.mkstemp(prefix=".exercises-", suffix=".tmp", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# -- exercises as JSON: each dataclass a list, its name first, then its fields in order ----------


def _decode_result(value: Any, path: Path, origin: str) -> Result:
    if isinstance(value, dict):
        return _decode_problems(value, path)
    exercise = _decoder(Exercise)(value)
    if exercise.source_path != path or exercise.origin != origin:
        raise CacheError("an exercise from another file")
    return exercise


_CARD_PATH = 1 + [f.name for f in dataclasses.fields(Card)].index("source_path")


def _decode_card(value: Any, path: Path, origin: str) -> CardResult:
    if isinstance(value, dict):
        return _decode_problems(value, path)
    if type(value) is not list or len(value) <= _CARD_PATH or value[_CARD_PATH] != str(path):
        raise CacheError("a card from another file")
    value = [*value]
    value[_CARD_PATH] = None  # the path is the one asked for: no second Path made from text
    card = _decoder(Card)(value)
    if card.origin != origin:
        raise CacheError("a card from another file")
    object.__setattr__(card, "source_path", path)
    return card


def _decode_problems(value: Any, path: Path) -> tuple[Problem, ...]:
    problems = value["problems"]
    if not isinstance(problems, list) or not problems:
        raise CacheError("no problems")
    return tuple(
        Problem(path, _int(line), _int(column), _str(message)) for line, column, message in problems
    )


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(_encode(getattr(value, f.name)) for f in fields)]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function that turns JSON into ``hint`` (a type of the exercise format), or raises."""
    found = _DECODERS.get(hint)
    if found is None:
        found = _DECODERS[hint] = _make_decoder(hint)
    return found


def _make_decoder(hint: Any) -> Callable[[Any], Any]:
    simple = {str: _str, int: _int, float: _float, bool: _bool, type(None): _none}
    if hint in simple:
        return simple[hint]
    if hint is Path:
        return lambda value: Path(_str(value))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda value: tuple([item(v) for v in _list(value)])
    if origin in (typing.Union, types.UnionType):
        return _union([_decoder(arm) for arm in args])
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
                (i, _decoder(hints[name]))
                for i, name in enumerate(names, start=1)
                if hints[name] is not str
            )
        fields = value[1:]
        for i, decoder in others:
            fields[i - 1] = decoder(value[i])
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
        if type(value) is list and value and value[0] in tagged:
            return tagged[value[0]](value)
        for arm in plain:
            try:
                return arm(value)
            except (CacheError, ValueError):
                continue
        raise CacheError("none of the kinds this value may be")

    return decode


def _str(value: Any) -> str:
    if type(value) is not str:
        raise CacheError("not a string")
    return value


def _int(value: Any) -> int:
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
