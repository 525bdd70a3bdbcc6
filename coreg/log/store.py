"""The session log: one small facade over a TinyDB JSON file on the user's own machine.

``SessionLog`` is what the app and the commands use. It returns :class:`~coreg.log.session.Session`
dataclasses, never storage rows, and opens nothing until it is first used. It is safe to call
from any thread, and from two processes at once (see :mod:`coreg.log.file` for how).

The file is ``{"meta": {"1": {"format": 1}}, "sessions": {"1": {...row...}, ...}}``: a plain
TinyDB file that ``tinydb.TinyDB(path).table("sessions")`` reads. Rows are made and read by the
converters in :mod:`coreg.log.rows`, which the JSON export uses too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coreg.log import exchange, rows
from coreg.log import file as storage
from coreg.log.cache import META, SESSIONS, LogCache
from coreg.log.facts import counts, is_overlong_pause
from coreg.log.lock import FileLock, LockTimeout
from coreg.log.regular import regular_target
from coreg.log.rows import row_to_session, session_to_row
from coreg.log.session import Session

if TYPE_CHECKING:
    from coreg.log.stats import Stats

__all__ = [
    "ImportResult",
    "LogError",
    "SessionLog",
    "is_overlong_pause",
    "row_to_session",
    "session_to_row",
]

PREFIX_MIN = 4


class LogError(Exception):
    """A problem with the log, worded for a person: what happened and what to do."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already in the log (same id)


class SessionLog:
    """Every session, kept safe: record, recent, get, delete, stats, export, import."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.recovered: Path | None = None  # where a damaged file was moved, if one was
        self.notice: str | None = None  # what to tell the person about it
        self._mutex = threading.RLock()
        self._cache: LogCache | None = None

    def __repr__(self) -> str:
        return f"SessionLog({str(self.path)!r})"

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------------------- reading

    def open(self) -> None:
        """Read the file now (it is read on first use anyway); damage is handled here."""
        with self._mutex:
            self._current()

    def close(self) -> None:
        """Let go of the file (a later call reads it again)."""
        with self._mutex:
            if self._cache is not None:
                self._cache.snapshot.close()
                self._cache = None

    def recent(self, limit: int = 20) -> list[Session]:
        """The ``limit`` most recent sessions, newest first (by start time)."""
        with self._mutex:
            cache = self._current()
            found: list[Session] = []
            for doc_id in cache.newest_first():
                if len(found) >= limit:
                    break
                session = cache.session(doc_id)
                if session is not None:
                    found.append(session)
            return found

    def all(self) -> list[Session]:
        """Every session, oldest first."""
        with self._mutex:
            cache = self._current()
            found = (cache.session(doc_id) for doc_id in reversed(cache.newest_first()))
            return [session for session in found if session is not None]

    def count(self) -> int:
        """How many sessions the log holds (including any it could not read)."""
        with self._mutex:
            return len(self._current().rows)

    @property
    def unreadable(self) -> int:
        """Rows in the file that are not readable sessions: kept, but left out of lists."""
        with self._mutex:
            return self._current().unreadable()

    def get(self, session_id: str) -> Session | None:
        """The session with this id, or a unique start of it (4 characters or more).

        Raises LogError when a short id matches more than one session.
        """
        with self._mutex:
            cache = self._current()
            doc_id = _resolve(cache, session_id)
            return None if doc_id is None else cache.session(doc_id)

    def stats(
        self, now: datetime | None = None, weeks: int = 12, zone: tzinfo | None = None
    ) -> Stats:
        """Counts, minutes, weeks, streak and each partner's change; see :mod:`coreg.log.stats`."""
        with self._mutex:
            facts = self._current().facts()
        from coreg.log.stats import stats_of_facts  # the numbers' code: only when asked for

        with storage.no_collection():
            return stats_of_facts(facts, now=now, weeks=weeks, zone=zone)

    # ---------------------------------------------------------------------------- writing

    def record(self, session: Session) -> None:
        """Add the session, or replace the one with its id. On return it is safely on disk.

        An accidental start (see :func:`coreg.log.facts.counts`) is not kept: nothing is
        written, and an earlier save of it is removed.
        """
        if not counts(session):
            if session.id in self._current().index():
                self.delete(session.id)
            return
        row = session_to_row(session)
        text = storage.dump_document(row)
        with self._writing() as cache:
            doc_id = cache.index().get(session.id) or str(cache.next_id)
            sessions = dict(cache.frags()[SESSIONS])
            sessions[doc_id] = text
            self._commit(cache, sessions)
            cache.put(doc_id, row)

    def delete(self, session_id: str) -> bool:
        """Remove one session (its id, or a unique start of it); False if there is none."""
        with self._writing() as cache:
            doc_id = _resolve(cache, session_id)
            if doc_id is None:
                return False
            sessions = dict(cache.frags()[SESSIONS])
            del sessions[doc_id]
            self._commit(cache, sessions)
            cache.drop(doc_id)
            return True

    def delete_all(self) -> int:
        """Remove every session; returns how many there were."""
        with self._writing() as cache:
            count = len(cache.rows)
            if count:
                self._commit(cache, {})
                for doc_id in list(cache.rows):
                    cache.drop(doc_id)
            return count

    # ---------------------------------------------------------------------------- export/import

    def export(self, fmt: str = "json") -> str:
        """Every session, oldest first, as the JSON that ``import_`` reads, or as CSV."""
        if fmt not in ("json", "csv"):
            raise ValueError(f"unknown export format {fmt!r}: use 'json' or 'csv'")
        sessions = self.all()
        return exchange.export_json(sessions) if fmt == "json" else exchange.export_csv(sessions)

    def import_(self, text: str) -> ImportResult:
        """Add the sessions of an export (or of another coreg log) that are not here yet.

        The whole file is checked first: if any of it is unreadable, LogError says what and
        nothing is changed. A session already in the log (same id) is skipped, not duplicated.
        """
        try:
            incoming = exchange.parse_import(text)
        except ValueError as error:
            raise LogError(str(error)) from None
        with self._writing() as cache:
            sessions = dict(cache.frags()[SESSIONS])
            seen = set(cache.index())
            fresh: dict[str, dict[str, Any]] = {}
            next_id = cache.next_id
            for session in incoming:
                if session.id not in seen:
                    seen.add(session.id)
                    row = session_to_row(session)
                    sessions[str(next_id)] = storage.dump_document(row)
                    fresh[str(next_id)] = row
                    next_id += 1
            if fresh:
                self._commit(cache, sessions)
                for doc_id, row in fresh.items():
                    cache.put(doc_id, row)
            return ImportResult(added=len(fresh), skipped=len(incoming) - len(fresh))

    # ---------------------------------------------------------------------------- internals

    @contextmanager
    def _writing(self) -> Iterator[LogCache]:
        """Hold the thread lock and the file lock, with the file freshly read."""
        with self._mutex, self._file_lock():
            yield self._current(locked=True)

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        lock = FileLock(self.path)
        try:
            regular_target(self.path)  # a FIFO or a device: no lock file is made beside it
            lock.acquire()
        except LockTimeout:
            raise LogError(
                f"The session log at {self.path} is busy: another coreg has been saving to it "
                f"for {lock.timeout:.0f} seconds. Close the other coreg and try again."
            ) from None
        except OSError as error:
            raise LogError(self._cannot("save", error)) from None
        try:
            yield
        finally:
            lock.release()

    def _cannot(self, verb: str, error: OSError) -> str:
        where = error.filename or self.path
        reason = error.strerror or str(error)
        return f"coreg could not {verb} the session log ({where}: {reason})."

    def _current(self, locked: bool = False) -> LogCache:
        """The cache, read again from disk if the file changed since we last saw it.

        A writer (``locked``) reads each document's text as well, to write it back unchanged.
        """
        cache = self._cache
        if cache is not None and cache.snapshot.current(self.path):
            return cache
        snapshot: storage.Snapshot | None = None
        try:
            snapshot, text = storage.Snapshot.read(self.path)
            if not text or not text.strip():
                tables: dict[str, dict[str, Any]] = {}
                frags: dict[str, dict[str, str]] | None = {}
            elif locked:
                parsed = storage.parse_tables(text)
                tables = {n: {k: doc for k, (doc, _) in d.items()} for n, d in parsed.items()}
                frags = {n: {k: txt for k, (_, txt) in d.items()} for n, d in parsed.items()}
            else:
                tables, frags = storage.load_tables(text), None
            version = rows.format_of(tables)
        except storage.DamagedFile as damage:
            if snapshot is not None:  # read, then found damaged: let go of the file
                snapshot.close()
            if not locked:
                try:
                    lock = self._file_lock()
                    lock.__enter__()
                except LogError as error:  # a read-only folder, say: the damage comes first
                    raise LogError(
                        f"The session log at {self.path} cannot be read ({damage.reason}), and "
                        f"coreg cannot set it aside and start a new one here: {error} Move it "
                        "somewhere safe (or make its folder writable) and try again."
                    ) from None
                try:
                    return self._current(locked=True)
                finally:
                    lock.__exit__(None, None, None)
            return self._start_afresh(damage)
        except OSError as error:
            if snapshot is not None:
                snapshot.close()
            raise LogError(self._cannot("read", error)) from None
        if version < rows.FORMAT:
            snapshot.close()
            if not locked:
                with self._file_lock():
                    return self._current(locked=True)
            return self._migrate(text or "", tables, version)
        return self._install(LogCache(snapshot, tables, frags))

    def _install(self, cache: LogCache) -> LogCache:
        if self._cache is not None:
            self._cache.snapshot.close()
        self._cache = cache
        return cache

    def _commit(self, cache: LogCache, sessions: dict[str, str]) -> None:
        """Write the log with this sessions table; the cache follows only once it is on disk."""
        frags = {META: {"1": storage.dump_document({"format": rows.FORMAT})}, SESSIONS: sessions}
        frags.update((n, d) for n, d in cache.frags().items() if n not in frags)
        try:
            storage.remove_stale_temp_files(self.path)
            storage.write_atomic(self.path, storage.render_tables(frags))
            snapshot = storage.Snapshot.opened(self.path)
        except OSError as error:
            raise LogError(self._cannot("save", error) + " The log on disk is as it was.") from None
        cache.snapshot.close()
        cache.snapshot = snapshot
        cache.set_frags(frags)

    def _start_afresh(self, damage: storage.DamagedFile) -> LogCache:
        """Move a damaged file aside (never overwrite it), tell the person, begin a new log."""
        try:
            label = "damaged" if damage.newer is None else f"format-{damage.newer}"
            aside = storage.move_aside(self.path, datetime.now(), label).absolute()
        except OSError as error:
            raise LogError(
                f"The session log at {self.path} cannot be read ({damage.reason}), and coreg "
                f"could not move it aside ({error.strerror}). Move it somewhere safe and try again."
            ) from None
        self.recovered = aside
        where = self.path.absolute()
        if damage.newer is not None:
            self.notice = (
                f"The session log at {where} was written by a newer coreg (log format "
                f"{damage.newer}; this one reads format {rows.FORMAT}). It was moved to {aside}, "
                "so nothing in it is lost, and a new log was started. After updating coreg, "
                f"`coreg import {aside}` brings those sessions back."
            )
        else:
            self.notice = (
                f"The session log at {where} could not be read: {damage.reason}. It was "
                f"moved to {aside}, so nothing in it is lost, and a new log was started."
            )
        cache = self._install(LogCache(storage.Snapshot(None), {}, {}))
        self._commit(cache, {})
        return cache

    def _migrate(self, text: str, tables: dict[str, dict[str, Any]], version: int) -> LogCache:
        """Bring an older log up to date, keeping a copy of it as it was."""
        while version < rows.FORMAT:
            rows.MIGRATIONS[version](tables)
            version += 1
        try:
            storage.copy_aside(self.path, text, f"before-format-{rows.FORMAT}")
        except OSError as error:
            raise LogError(self._cannot("back up", error)) from None
        frags = {
            n: {k: storage.dump_document(doc) for k, doc in d.items()} for n, d in tables.items()
        }
        cache = self._install(LogCache(storage.Snapshot(None), tables, frags))
        self._commit(cache, frags.get(SESSIONS, {}))
        return cache


def _resolve(cache: LogCache, session_id: str) -> str | None:
    """The document id of a session id, or of a unique start of one."""
    index = cache.index()
    if session_id in index:  # exactly as stored, surrounding spaces and all
        return index[session_id]
    wanted = session_id.strip()
    if wanted in index:
        return index[wanted]
    stripped = {sid.strip(): doc_id for sid, doc_id in index.items() if sid != sid.strip()}
    if wanted in stripped:  # an id stored with spaces around it, typed without
        return stripped[wanted]
    if len(wanted) < PREFIX_MIN:
        return None
    lowered = wanted.lower()
    found = [sid for sid in index if sid.startswith(wanted) or sid.startswith(lowered)]
    if len(found) > 1:
        raise LogError(
            f"{len(found)} sessions have an id starting with {wanted!r}; "
            "give more of the id to say which one."
        )
    return index[found[0]] if found else None
