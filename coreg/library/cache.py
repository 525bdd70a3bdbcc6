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
import json
import os
import stat
import time
import zlib
from pathlib import Path
from typing import Any

from coreg.library.card import Card
from coreg.library.codec import CacheError, decoder, encode, text, whole
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
    "codec.py",
    "cache.py",
)

Result = Exercise | tuple[Problem, ...]
CardResult = Card | tuple[Problem, ...]


class FolderCache:
    """The cache of one folder of exercise files (``origin``: "built-in" or "user"): two files,
    the cards (``coreg list`` reads only these) and the whole exercises, each read only when
    first asked for."""

    KINDS = ("cards", "exercises")

    def __init__(self, cache_dir: Path | None, folder: Path, origin: str) -> None:
        self.folder, self.origin = str(folder), origin
        key = f"{origin}\0{folder}".encode("utf-8", "replace")
        # a name for the folder (zlib is loaded already; hashlib would cost milliseconds):
        # two folders sharing one would only take turns writing it, as each file names its folder
        name = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
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
            values = [encode(Card.of(result)), encode(result)]
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
            # ValueError: a name that is not text (bytes that are not UTF-8) cannot be written
            with contextlib.suppress(OSError, ValueError):
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
    exercise = decoder(Exercise)(value)
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
    card = decoder(Card)(value)
    if card.origin != origin:
        raise CacheError("a card from another file")
    object.__setattr__(card, "source_path", path)
    return card


def _decode_problems(value: Any, path: Path) -> tuple[Problem, ...]:
    problems = value["problems"]
    if not isinstance(problems, list) or not problems:
        raise CacheError("no problems")
    return tuple(
        Problem(path, whole(line), whole(column), text(message))
        for line, column, message in problems
    )
