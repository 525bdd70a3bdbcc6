"""Earlier sessions: the log's older rows, kept in closed files beside it, so that a save stays
small however long the history grows.

The log file (``log.json``) holds the newest rows. When it passes ``ROLL_AT`` rows, its oldest
rows move, ``SEGMENT`` at a time, into numbered files in a folder beside it
(``log.earlier/000001.json``, ...). Each is a plain TinyDB file, like the log itself
(``tinydb.TinyDB(path).table("sessions")`` reads it). A save then rewrites the log file only, or
to change an earlier session the one small file that holds it.

``summary.json`` in that folder says, for each file, how many rows it holds, how many of them
are unreadable, its newest start and its session ids, with the file's size, time and inode: a
file that changed since is read again. The summary is only a cache of the files: missing or
damaged, it is rebuilt from them.

A move writes the earlier file first and the log file after it, so a crash between the two
leaves a row in both places (never in neither); the next writer removes the copy from the log.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from coreg.log import file as storage
from coreg.log.cache import META, SESSIONS, LogCache
from coreg.log.check import readable
from coreg.log.facts import Fact
from coreg.log.regular import open_regular
from coreg.log.rows import FORMAT
from coreg.log.session import Session

#: The log file holds at most this many rows before its oldest move to an earlier file.
ROLL_AT = 1000
#: Rows in each earlier file (the log keeps ``ROLL_AT - SEGMENT`` after a move).
SEGMENT = 500

_NAME = re.compile(r"\d{6}\.json")
SUMMARY = "summary.json"


class About(NamedTuple):
    """What the summary keeps of one row."""

    session_id: str | None  # None: the row has no id to find it by
    readable: bool
    started: float | None  # the start as a POSIX time, for a readable row

    @classmethod
    def of(cls, session: Session) -> About:
        return cls(session.id, True, session.started_at.timestamp())


def about(row: Any) -> About:
    session_id = row.get("id") if isinstance(row, dict) else None
    if not readable(row):
        return About(session_id if isinstance(session_id, str) else None, False, None)
    return About(session_id, True, datetime.fromisoformat(row["started_at"]).timestamp())


class Entry(NamedTuple):
    """One earlier file as the summary knows it."""

    key: tuple[int, int, int]  # size, mtime (ns), inode: the file as summed up
    total: int  # rows, readable or not
    unreadable: int
    newest: float | None
    ids: tuple[str, ...]

    @classmethod
    def of(cls, key: tuple[int, int, int], abouts: list[About]) -> Entry:
        starts = [a.started for a in abouts if a.started is not None]
        return cls(
            key,
            len(abouts),
            sum(1 for a in abouts if not a.readable),
            max(starts, default=None),
            tuple(a.session_id for a in abouts if a.session_id is not None),
        )


def _entry(e: Any) -> Entry:
    """An entry of the summary file, checked (TypeError or ValueError when it is not one)."""
    key, count, unreadable = e["key"], e["count"], e["unreadable"]
    newest, ids = e["newest"], e["ids"]
    numbers = [*key, count, unreadable]
    if len(key) != 3 or not all(type(n) is int and n >= 0 for n in numbers):
        raise ValueError("not an entry")
    if newest is not None and type(newest) not in (int, float):
        raise TypeError("not a time")
    if not isinstance(ids, list) or not all(type(i) is str for i in ids):
        raise TypeError("not ids")
    return Entry((key[0], key[1], key[2]), count, unreadable, newest, tuple(ids))


def _key(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


class Archive:
    """The earlier files of one log. Not thread-safe: :class:`SessionLog` holds its lock."""

    def __init__(self, log_path: Path) -> None:
        self._log_path = log_path
        self.moved_aside: list[tuple[Path, str]] = []  # damaged files set aside, and why
        self.unopened: dict[Path, str] = {}  # files that could not be opened, and why
        self._entries: dict[str, Entry] = {}
        self._summary: tuple[tuple[int, int, int] | None, dict[str, Entry]] = (None, {})
        self._owners: dict[str, str] | None = None  # forgotten whenever the entries change
        self._files: dict[str, tuple[tuple[int, int, int], LogCache]] = {}
        self._facts: dict[str, tuple[tuple[int, int, int], list[Fact]]] = {}

    @property
    def folder(self) -> Path:
        """Beside the log file; beside the file it points to, when the log is a symlink."""
        log = Path(os.path.realpath(self._log_path))
        return log.with_name(f"{log.stem}.earlier")

    # ------------------------------------------------------------------------------- reading

    def entries(self) -> dict[str, Entry]:
        """Every earlier file, oldest first, as it is on disk now."""
        folder = self.folder
        try:
            listing = sorted(
                e.name
                for e in os.scandir(folder)
                if _NAME.fullmatch(e.name) and e.is_file(follow_symlinks=False)
            )
        except OSError:  # no folder (a short history), or not a folder: no earlier files
            listing = []
        known = self._summed()
        fresh: dict[str, Entry] = {}
        for name in listing:
            try:
                key = _key(os.stat(folder / name, follow_symlinks=False))
            except OSError:
                continue
            entry = self._entries.get(name) or known.get(name)
            if entry is None or entry.key != key:
                entry = self._scan(name)
            if entry is not None:
                fresh[name] = entry
        if fresh != self._entries:
            self._entries = fresh
            self._owners = None
        return self._entries

    def count(self) -> int:
        return sum(e.total for e in self.entries().values())

    def unreadable(self) -> int:
        return sum(e.unreadable for e in self.entries().values())

    def owners(self) -> dict[str, str]:
        """Session id -> the earlier file holding it (a later file wins)."""
        entries = self.entries()
        if self._owners is None:
            self._owners = {sid: name for name, e in entries.items() for sid in e.ids}
        return self._owners

    def owner_of(self, session_id: str) -> str | None:
        """The earlier file holding this session, if any (a later file wins); no index is
        built, so a save of a new session stays quick."""
        for name, entry in reversed(self.entries().items()):
            if session_id in entry.ids:
                return name
        return None

    def written_since_log(self) -> set[str]:
        """The session ids of earlier files written since the log file was (or just before):
        where a move cut short by a crash would have left copies."""
        try:
            since = os.stat(self._log_path).st_mtime_ns
        except OSError:
            return set()
        return {sid for e in self.entries().values() if e.key[1] >= since for sid in e.ids}

    def file(self, name: str) -> LogCache:
        """One earlier file's rows, with the log's own reading rules (kept while unchanged).

        ``name`` is one of :meth:`entries`, as called at the start of the caller's work."""
        entry = self._entries.get(name)
        kept = self._files.get(name)
        if kept is not None and entry is not None and kept[0] == entry.key:
            return kept[1]
        key, cache = self._read(name) if entry is not None else ((0, 0, 0), None)
        if cache is None:
            return LogCache(storage.Snapshot(None), {})
        self._files = {name: (key, cache)}  # one file at a time: memory stays low
        return cache

    def facts(self, name: str) -> list[Fact]:
        """One earlier file's facts for the numbers (kept while the file is unchanged)."""
        entry = self._entries.get(name)
        kept = self._facts.get(name)
        if entry is None:
            return []
        if kept is None or kept[0] != entry.key:
            kept = self._facts[name] = (entry.key, self.file(name).facts())
        return kept[1]

    def _read(self, name: str) -> tuple[tuple[int, int, int], LogCache | None]:
        path = self.folder / name
        try:
            with os.fdopen(open_regular(path), "rb") as handle:
                raw = handle.read()
                key = _key(os.fstat(handle.fileno()))
            text = raw.decode("utf-8")
            tables = storage.load_tables(text) if text.strip() else {}
        except (storage.DamagedFile, UnicodeDecodeError) as damage:
            # a UnicodeDecodeError has a reason too, in the codec's words ("invalid start byte")
            reason = damage.reason if isinstance(damage, storage.DamagedFile) else storage.NOT_TEXT
            try:
                aside = storage.move_aside(path, datetime.now())
                self.moved_aside.append((aside, reason))
            except OSError:
                pass
            return (0, 0, 0), None
        except FileNotFoundError:  # gone since the folder was listed (another coreg)
            return (0, 0, 0), None
        except OSError as error:  # kept as it is; its sessions are left out until it opens
            self.unopened[path] = error.strerror or str(error)
            return (0, 0, 0), None
        self.unopened.pop(path, None)
        return key, LogCache(storage.Snapshot(None), tables)

    def _scan(self, name: str) -> Entry | None:
        key, cache = self._read(name)
        if cache is None:
            return None
        return Entry.of(key, [about(row) for row in cache.rows.values()])

    def _summed(self) -> dict[str, Entry]:
        """The summary file's entries (read again only when it changed)."""
        path = self.folder / SUMMARY
        try:
            key: tuple[int, int, int] | None = _key(os.stat(path, follow_symlinks=False))
        except OSError:
            key = None
        if key == self._summary[0]:
            return self._summary[1]
        entries: dict[str, Entry] = {}
        try:
            with os.fdopen(open_regular(path), "rb") as handle:
                data = json.loads(handle.read())
            for name, e in data["files"].items():
                entries[name] = _entry(e)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}  # missing or damaged: each file is read again
        self._summary = (key, entries)
        return entries

    # ------------------------------------------------------------------------------- writing

    def add(self, frags: Mapping[str, str], abouts: list[About]) -> None:
        """A new earlier file holding these rows (document id -> JSON text)."""
        names = self.entries()
        number = int(max(names, default="000000.json")[:6]) + 1
        self._write(f"{number:06d}.json", frags, abouts)

    def rewrite(self, name: str, frags: Mapping[str, str], abouts: list[About]) -> None:
        """Replace an earlier file's rows; with none left, the file goes."""
        if frags:
            self._write(name, frags, abouts)
            return
        (self.folder / name).unlink(missing_ok=True)
        self._entries = {n: e for n, e in self._entries.items() if n != name}
        self._owners = None
        self._save_summary()

    def change(self, name: str, doc_id: str, row: dict[str, Any] | None) -> None:
        """Change one row of an earlier file: ``row`` replaces it, or None removes it."""
        kept = dict(self.file(name).rows)
        if row is None:
            del kept[doc_id]
        else:
            kept[doc_id] = row
        frags = {k: storage.dump_document(r) for k, r in kept.items()}
        self.rewrite(name, frags, [about(r) for r in kept.values()])

    def roll(
        self,
        sessions: dict[str, str],
        known: Mapping[str, About],
        row_of: Callable[[str], Any],
    ) -> None:
        """Move the oldest rows of the log's table (document id -> text; by document id) to
        new earlier files, ``SEGMENT`` to a file, while it holds more than ``ROLL_AT``. What
        the summary keeps of a row comes from ``known``, else its row (``row_of``), else its text.

        Each file is written before its rows leave ``sessions``. Where the folder cannot be
        written, nothing more moves: the log file grows, and nothing is lost."""

        def about_of(doc_id: str) -> About:
            if doc_id in known:
                return known[doc_id]
            row = row_of(doc_id)
            return about(row if row is not None else json.loads(sessions[doc_id]))

        order = sorted(sessions, key=int)
        keep = ROLL_AT - SEGMENT
        moving = order[: (len(order) - keep) // SEGMENT * SEGMENT]
        for start in range(0, len(moving), SEGMENT):
            chunk = moving[start : start + SEGMENT]
            try:
                self.add({d: sessions[d] for d in chunk}, [about_of(d) for d in chunk])
            except OSError:
                return
            for doc_id in chunk:
                del sessions[doc_id]

    def clear(self) -> None:
        """Remove every earlier file (``delete --all``)."""
        for name in self.entries():
            (self.folder / name).unlink(missing_ok=True)
        (self.folder / SUMMARY).unlink(missing_ok=True)
        self._entries, self._owners, self._files, self._facts = {}, None, {}, {}

    def _write(self, name: str, frags: Mapping[str, str], abouts: list[About]) -> None:
        path = self.folder / name
        meta = {"1": storage.dump_document({"format": FORMAT})}
        storage.write_atomic(path, storage.render_tables({META: meta, SESSIONS: frags}))
        key = _key(os.stat(path, follow_symlinks=False))
        self._entries = {**self._entries, name: Entry.of(key, abouts)}
        self._owners = None
        self._files.pop(name, None)
        self._save_summary()

    def _save_summary(self) -> None:
        files = {
            name: {
                "key": list(e.key),
                "count": e.total,
                "unreadable": e.unreadable,
                "newest": e.newest,
                "ids": list(e.ids),
            }
            for name, e in sorted(self._entries.items())
        }
        path = self.folder / SUMMARY
        storage.write_atomic(path, json.dumps({"files": files}, separators=(",", ":")))
        self._summary = (_key(os.stat(path, follow_symlinks=False)), dict(self._entries))
