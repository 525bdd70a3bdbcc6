"""Keeping a TinyDB JSON file safe: atomic writes, a lock between processes, damage found early.

The file keeps TinyDB's layout, ``{"table": {"doc id": {...document...}, ...}, ...}``, so plain
``tinydb.TinyDB(path)`` can still open it. What differs is how it is written:

* the whole new content goes to a temporary file in the same folder, is flushed and synced,
  and replaces the old file in one ``os.replace`` (TinyDB's own storage overwrites in place and
  can leave a file it cannot read after a kill);
* every read-modify-write happens under an exclusive lock on a ``.lock`` file next to it, so two
  processes never lose each other's writes;
* each document's JSON text is kept as read, so writing one changed document costs a join of
  strings and a disk write rather than serialising the whole log again.

Nothing here knows what a session is; :mod:`coreg.log.store` builds on it.
"""

from __future__ import annotations

import gc
import json
import os
import re
import time
from collections.abc import Mapping
from datetime import datetime
from json.decoder import scanstring  # type: ignore[attr-defined]  # untyped in typeshed
from pathlib import Path
from typing import Any

from coreg.log.checks import json_int
from coreg.log.regular import FILE_MODE, open_regular, regular_target
from coreg.paths import ensure_private_dir

# table name -> document id -> (parsed document, its JSON text)
Tables = dict[str, dict[str, tuple[Any, str]]]


#: Why a file that is not UTF-8 cannot be read (the log file, or an earlier file beside it).
NOT_TEXT = "it is not text (it holds bytes that are not UTF-8)"


class DamagedFile(Exception):
    """The file is there but is not a log this program can read; ``reason`` says why."""

    def __init__(self, reason: str, newer: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.newer = newer  # the format number, when a newer program wrote the file


# --------------------------------------------------------------------------------------------
# Reading: TinyDB's two-level layout, keeping each document's text.

_WS = re.compile(r"[ \t\n\r]*")

# A number of thousands of digits reads as infinity, which no row check lets through: its row
# is reported as unreadable instead of Python's integer limit stopping the read.
DECODER = json.JSONDecoder(parse_int=json_int)


def parse_tables(text: str) -> Tables:
    """Every table's documents with their JSON text; DamagedFile if ``text`` is not that shape."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small dicts: the collector would only slow this down
    try:
        return _parse(text)
    except json.JSONDecodeError as error:
        raise DamagedFile(
            f"it is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except (IndexError, ValueError):
        raise DamagedFile("it is not valid JSON (it ends too early)") from None
    except RecursionError:
        raise DamagedFile("it is nested too deeply to be a log") from None
    finally:
        if collecting:
            gc.enable()


def load_tables(text: str) -> dict[str, dict[str, Any]]:
    """Every table's documents, read as fast as ``json.loads``; DamagedFile if not that shape.

    :func:`parse_tables` reads the same, keeping each document's text too (for writing).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer past Python's digit limit: read again, more slowly
            data = json.loads(text, parse_int=json_int)
    except json.JSONDecodeError as error:
        raise DamagedFile(
            f"it is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise DamagedFile("it is nested too deeply to be a log") from None
    finally:
        if collecting:
            gc.enable()
    if not isinstance(data, dict):
        raise DamagedFile("it is JSON, but not laid out as a log of tables and records")
    for name, docs in data.items():
        if not isinstance(docs, dict):
            raise DamagedFile(f"its table {name!r} is not a table of documents")
        for doc_id, doc in docs.items():
            if not doc_id.isdigit():
                raise DamagedFile(f"its table {name!r} has a document id {doc_id!r}")
            if not isinstance(doc, dict):
                raise DamagedFile(f"its table {name!r} holds something that is not a record")
    return data


def _parse(text: str) -> Tables:
    pos = _expect(text, 0, "{")
    tables: Tables = {}
    if text[pos] == "}":
        return _finish(text, pos + 1, tables)
    while True:
        name, pos = _key(text, pos)
        if text[pos] != "{":
            raise DamagedFile(f"its table {name!r} is not a table of documents")
        pos = skip_space(text, pos + 1)
        docs: dict[str, tuple[Any, str]] = {}
        if text[pos] == "}":
            pos += 1
        else:
            while True:
                doc_id, pos = _key(text, pos)
                if not doc_id.isdigit():
                    raise DamagedFile(f"its table {name!r} has a document id {doc_id!r}")
                doc, end = DECODER.raw_decode(text, pos)
                if not isinstance(doc, dict):
                    raise DamagedFile(f"its table {name!r} holds something that is not a record")
                docs[doc_id] = (doc, text[pos:end])
                pos = skip_space(text, end)
                if text[pos] == "}":
                    pos += 1
                    break
                pos = _expect(text, pos, ",")
        tables[name] = docs
        pos = skip_space(text, pos)
        if text[pos] == "}":
            return _finish(text, pos + 1, tables)
        pos = _expect(text, pos, ",")


def skip_space(text: str, pos: int) -> int:
    """The position of the first character at or after ``pos`` that is not JSON whitespace."""
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _expect(text: str, pos: int, char: str) -> int:
    pos = skip_space(text, pos)
    if text[pos] != char:
        raise _shape_error(text, pos)
    return skip_space(text, pos + 1)


def _key(text: str, pos: int) -> tuple[str, int]:
    if text[pos] != '"':
        raise _shape_error(text, pos)
    key, pos = scanstring(text, pos + 1)
    return key, _expect(text, pos, ":")


def _finish(text: str, pos: int, tables: Tables) -> Tables:
    if skip_space(text, pos) != len(text):
        raise _shape_error(text, skip_space(text, pos))
    return tables


def _shape_error(text: str, pos: int) -> DamagedFile:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return DamagedFile(f"it is not valid JSON (line {error.lineno}, column {error.colno})")
    return DamagedFile("it is JSON, but not laid out as a log of tables and records")


# --------------------------------------------------------------------------------------------
# Writing.


def render_tables(tables: Mapping[str, Mapping[str, str]]) -> str:
    """The file text for tables of document texts (the layout ``json.dumps`` gives TinyDB)."""
    parts = []
    for name, docs in tables.items():
        body = ", ".join(f'"{doc_id}": {text}' for doc_id, text in docs.items())
        parts.append(f"{json.dumps(name)}: {{{body}}}")
    return "{" + ", ".join(parts) + "}"


def dump_document(doc: Mapping[str, Any]) -> str:
    """One document's text: ASCII only, so TinyDB reads it back under any locale.

    Only a row coreg could not read (written by hand) can hold an infinity (see
    ``checks.json_int``); it is written back as Python's JSON writes it, so the row is kept,
    and still reported."""
    try:
        return json.dumps(doc, allow_nan=False)
    except ValueError:
        return json.dumps(doc)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename, after the bytes are synced; mode 0600.

    A symlink is written through: its target is replaced, in the target's own folder. A FIFO
    or a device is refused (NotRegularFile), never replaced by a file.
    """
    path = regular_target(path)
    folder = path.parent
    ensure_private_dir(folder)
    data = text.encode("utf-8")
    tmp = folder / f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is synced
    finally:
        os.close(fd)


def remove_stale_temp_files(path: Path) -> None:
    """Temporary files left by a writer that was killed. Call only while holding the lock."""
    path = Path(os.path.realpath(path))
    try:
        leftovers = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)


def move_aside(path: Path, when: datetime, label: str = "damaged") -> Path:
    """Rename ``path`` to ``<stem>.<label>-<timestamp><suffix>`` next to it; never overwrites.

    A symlink's target is moved (next to the target), so the link can point at the new log."""
    path = Path(os.path.realpath(path))
    stamp = when.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        extra = f"-{n}" if n else ""
        target = path.with_name(f"{path.stem}.{label}-{stamp}{extra}{path.suffix}")
        if not target.exists():
            break
    os.rename(path, target)
    os.chmod(target, FILE_MODE)
    _sync_folder(path.parent)
    return target


def copy_aside(path: Path, text: str, label: str) -> Path:
    """A private copy of ``text`` next to ``path`` (kept before a migration rewrites the log)."""
    target = path.with_name(f"{path.stem}.{label}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.{label}-{n}{path.suffix}")
    write_atomic(target, text)
    return target


# --------------------------------------------------------------------------------------------
# Knowing whether the file changed since we read it.


class Snapshot:
    """The file as last read: an open handle keeps its inode from being reused by another file,
    so "same inode, size and time" reliably means "same content" (coreg never edits in place).
    """

    def __init__(self, handle: Any | None) -> None:
        self._handle = handle
        self._key = _key_of(os.fstat(handle.fileno())) if handle else None

    @classmethod
    def read(cls, path: Path) -> tuple[Snapshot, str | None]:
        """Open and read ``path``; ``None`` text when there is no file."""
        try:
            handle = os.fdopen(open_regular(path), "rb")  # kept open on purpose
        except FileNotFoundError:
            return cls(None), None
        try:
            raw = handle.read()
            snapshot = cls(handle)
        except BaseException:
            handle.close()
            raise
        try:
            return snapshot, raw.decode("utf-8")
        except UnicodeDecodeError:
            snapshot.close()
            raise DamagedFile(NOT_TEXT) from None

    @classmethod
    def opened(cls, path: Path) -> Snapshot:
        """A snapshot of a file this process has just written (and holds the lock on)."""
        return cls(os.fdopen(open_regular(path), "rb"))

    def current(self, path: Path) -> bool:
        try:
            key = _key_of(os.stat(path))
        except FileNotFoundError:
            key = None
        return key == self._key

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _key_of(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
