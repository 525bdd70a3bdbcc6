"""The session log: one small facade over TinyDB JSON files on the user's own machine.

``SessionLog`` is what the app and the commands use. It returns :class:`~coreg.log.session.Session`
dataclasses, never storage rows, and opens nothing until it is first used. It is safe to call
from any thread, and from two processes at once (see :mod:`coreg.log.file` for how).

The file is ``{"meta": {"1": {"format": 3}}, "sessions": {"1": {...row...}, ...}}`` (TinyDB's
layout) with the newest sessions; older ones move to earlier files beside it, so a save costs
the same at any length of history (:mod:`coreg.log.archive`). Rows: :mod:`coreg.log.rows`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coreg.collector import no_collection
from coreg.log import across, archive, exchange, rows, words
from coreg.log import file as storage
from coreg.log.archive import About, Archive
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
        self._notice: str | None = None  # what to tell the person about it
        self._mutex = threading.RLock()
        self._cache: LogCache | None = None
        self._archive = Archive(self.path)

    @property
    def notice(self) -> str | None:
        """What to tell the person about a damaged file found and moved aside, if any."""
        told = [self._notice] if self._notice else []
        told += [words.earlier_moved(aside, reason) for aside, reason in self._archive.moved_aside]
        told += [words.earlier_unopened(path, why) for path, why in self._archive.unopened.items()]
        return " ".join(told) or None

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
            return across.recent(self._current(), self._archive, limit)

    def all(self) -> list[Session]:
        """Every session, oldest first."""
        with self._mutex:
            return across.every(self._current(), self._archive)

    def count(self) -> int:
        """How many sessions the log holds (including any it could not read)."""
        with self._mutex:
            return len(self._current().rows) + self._archive.count()

    @property
    def unreadable(self) -> int:
        """Rows in the file that are not readable sessions: kept, but left out of lists."""
        with self._mutex:
            return self._current().unreadable() + self._archive.unreadable()

    def get(self, session_id: str) -> Session | None:
        """The session with this id, or a unique start of it (4 characters or more).

        Raises LogError when a short id matches more than one session.
        """
        with self._mutex:
            found = self._find(self._current(), session_id)
            return None if found is None else found[1].session(found[2])

    def stats(
        self, now: datetime | None = None, weeks: int = 12, zone: tzinfo | None = None
    ) -> Stats:
        """Counts, minutes, weeks, streak and each partner's change; see :mod:`coreg.log.stats`."""
        with self._mutex:
            facts = across.facts(self._current(), self._archive)
        from coreg.log.stats import stats_of_facts  # the numbers' code: only when asked for

        with no_collection():
            return stats_of_facts(facts, now=now, weeks=weeks, zone=zone)

    # ---------------------------------------------------------------------------- writing

    def record(self, session: Session) -> None:
        """Add the session, or replace the one with its id. On return it is safely on disk.

        An accidental start (see :func:`coreg.log.facts.counts`) is not kept: nothing is
        written, and an earlier save of it is removed.
        """
        if not counts(session):
            if session.id in across.index(self._current(), self._archive):
                self.delete(session.id)
            return
        row = session_to_row(session)
        text = storage.dump_document(row)
        with self._writing() as cache:
            current = session.id in cache.index()
            earlier = None if current else self._archive.owner_of(session.id)
            if earlier is not None:  # an earlier session: its own file is rewritten
                self._rewrite_earlier(earlier, self._archive.file(earlier).index()[session.id], row)
                return
            doc_id = cache.index().get(session.id) or str(cache.next_id)
            sessions = dict(cache.frags()[SESSIONS])
            sessions[doc_id] = text
            self._commit(cache, sessions, {doc_id: row})

    def delete(self, session_id: str) -> bool:
        """Remove one session (its id, or a unique start of it); False if there is none."""
        with self._writing() as cache:
            found = self._find(cache, session_id)
            if found is None:
                return False
            earlier, _, doc_id = found
            if earlier is not None:
                self._rewrite_earlier(earlier, doc_id, None)
                return True
            sessions = dict(cache.frags()[SESSIONS])
            del sessions[doc_id]
            self._commit(cache, sessions)
            return True

    def delete_all(self) -> int:
        """Remove every session; returns how many there were."""
        with self._writing() as cache:
            count = len(cache.rows) + self._archive.count()
            if cache.rows:
                self._commit(cache, {})
            try:
                self._archive.clear()
            except OSError as error:
                raise LogError(self._cannot("delete the earlier sessions of", error)) from None
            return count

    # ---------------------------------------------------------------------------- export/import

    def export(self, fmt: str = "json") -> str:
        """Every session, oldest first, as the JSON that ``import_`` reads, or as CSV."""
        if fmt not in ("json", "csv"):
            raise ValueError(f"unknown export format {fmt!r}: use 'json' or 'csv'")
        sessions = self.all()
        return exchange.export_json(sessions) if fmt == "json" else exchange.export_csv(sessions)

    def import_(self, text: str, *more: str) -> ImportResult:
        """Add the sessions of an export (or of another coreg log, with ``more`` its earlier
        files) that are not here yet.

        All of it is checked first: if any of it is unreadable, LogError says what and nothing
        is changed. A session already in the log (same id) is skipped, not duplicated.
        """
        try:  # each session checked and turned into its row's text, one at a time
            incoming = [
                (s.id, About.of(s), storage.dump_document(session_to_row(s)))
                for source in (text, *more)
                for s in exchange.iter_import(source)
            ]
        except ValueError as error:
            raise LogError(str(error)) from None
        with self._writing() as cache:
            sessions = dict(cache.frags()[SESSIONS])
            seen = set(cache.index()) | set(self._archive.owners())
            abouts: dict[str, About] = {}
            next_id = cache.next_id
            for session_id, about_row, row_text in incoming:
                if session_id not in seen:
                    seen.add(session_id)
                    sessions[str(next_id)] = row_text
                    abouts[str(next_id)] = about_row
                    next_id += 1
            if abouts:
                self._commit(cache, sessions, abouts=abouts)
            return ImportResult(added=len(abouts), skipped=len(incoming) - len(abouts))

    # ---------------------------------------------------------------------------- internals

    @contextmanager
    def _writing(self) -> Iterator[LogCache]:
        """Hold the thread lock and the file lock, with the file freshly read."""
        with self._mutex, self._file_lock():
            cache = self._current(locked=True)
            moved = self._archive.written_since_log() if cache.rows else set()
            copies = [doc_id for sid, doc_id in cache.index().items() if sid in moved]
            if copies:  # a move to an earlier file was cut short: those rows are there already
                sessions = dict(cache.frags()[SESSIONS])
                for doc_id in copies:
                    del sessions[doc_id]
                self._commit(cache, sessions)
            yield cache

    def _find(self, cache: LogCache, session_id: str) -> tuple[str | None, LogCache, str] | None:
        """Where a session is: its earlier file (None: the log file), that file, its document."""
        index = across.index(cache, self._archive)
        try:
            found = across.resolve(index, session_id)
        except ValueError as error:
            raise LogError(str(error)) from None
        if found is None:
            return None
        earlier = index[found]
        source = cache if earlier is None else self._archive.file(earlier)
        return earlier, source, source.index()[found]

    def _rewrite_earlier(self, name: str, doc_id: str, row: dict[str, Any] | None) -> None:
        try:
            self._archive.change(name, doc_id, row)
        except OSError as error:
            raise LogError(self._cannot("save", error) + " The log on disk is as it was.") from None

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        lock = FileLock(self.path)
        try:
            regular_target(self.path)  # a FIFO or a device: no lock file is made beside it
            lock.acquire()
        except LockTimeout:
            raise LogError(words.busy(self.path, lock.timeout)) from None
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

    def _commit(
        self,
        cache: LogCache,
        sessions: dict[str, str],
        added: dict[str, Any] | None = None,
        abouts: dict[str, About] | None = None,
    ) -> None:
        """Write the log with this sessions table (document id -> row text), its oldest rows
        moved to an earlier file when it is long; the cache follows only once it is on disk.
        ``added`` holds rows new to the table, ``abouts`` what is known of rows given as text."""
        added = added or {}
        if len(sessions) > archive.ROLL_AT:  # its oldest rows move to an earlier file
            self._archive.roll(sessions, abouts or {}, lambda d: added.get(d, cache.rows.get(d)))
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
        for doc_id in [d for d in cache.rows if d not in sessions]:
            cache.drop(doc_id)
        for doc_id in [d for d in sessions if d in added or d not in cache.rows]:
            cache.put(doc_id, added[doc_id] if doc_id in added else json.loads(sessions[doc_id]))

    def _start_afresh(self, damage: storage.DamagedFile) -> LogCache:
        """Move a damaged file aside (never overwrite it), tell the person, begin a new log."""
        try:
            label = "damaged" if damage.newer is None else f"format-{damage.newer}"
            aside = storage.move_aside(self.path, datetime.now(), label).absolute()
        except OSError as error:
            raise LogError(words.cannot_move(self.path, damage.reason, error)) from None
        self.recovered = aside
        self._notice = words.started_afresh(self.path.absolute(), aside, damage)
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
