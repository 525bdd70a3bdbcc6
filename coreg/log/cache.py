"""The log file as last read or written, held in memory between reads.

Rows are turned into sessions (and into the facts the numbers need) only when asked for, and
remembered until that row changes. :class:`~coreg.log.store.SessionLog` owns one at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coreg.collector import no_collection
from coreg.log import file as storage
from coreg.log import rows
from coreg.log.check import readable
from coreg.log.facts import Fact
from coreg.log.rows import row_to_session
from coreg.log.session import Session

META = "meta"
SESSIONS = "sessions"


class LogCache:
    """The file as last read or written. Rows are turned into sessions (and into the facts the
    numbers need) only when asked for, and remembered until that row changes."""

    def __init__(
        self,
        snapshot: storage.Snapshot,
        tables: dict[str, dict[str, Any]],
        frags: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.rows: dict[str, Any] = tables.get(SESSIONS, {})
        self._tables = tables
        self._frags = frags
        ids = [int(doc_id) for docs in tables.values() for doc_id in docs]
        self.next_id = max(ids, default=0) + 1
        self._index: dict[str, str] | None = None
        self._order: list[str] | None = None
        self._unreadable: int | None = None
        self._sessions: dict[str, Session | None] = {}
        self._facts: dict[str, Fact | None] = {}

    def frags(self) -> dict[str, dict[str, str]]:
        """Each table's document texts, as they are in the file."""
        if self._frags is None:  # read for reading only: write each row as JSON again
            dump = storage.dump_document
            self._frags = {
                n: {k: dump(doc) for k, doc in d.items()} for n, d in self._tables.items()
            }
        self._frags.setdefault(SESSIONS, {})
        return self._frags

    def set_frags(self, frags: dict[str, dict[str, str]]) -> None:
        self._frags = frags

    def index(self) -> dict[str, str]:
        """Session id -> document id (a session id found twice: the later row)."""
        if self._index is None:
            index: dict[str, str] = {}
            for doc_id, row in self.rows.items():
                session_id = row.get("id")
                if isinstance(session_id, str):
                    older = index.get(session_id)
                    if older is None or int(older) < int(doc_id):
                        index[session_id] = doc_id
            self._index = index
        return self._index

    def newest_first(self) -> list[str]:
        """Document ids of the readable rows, newest first (a shadowed row left out)."""
        if self._order is None:
            self._scan()
        assert self._order is not None
        return self._order

    def unreadable(self) -> int:
        """How many rows are not readable sessions, decided without making any sessions."""
        if self._unreadable is None:
            self._scan()
        assert self._unreadable is not None
        return self._unreadable

    def _scan(self) -> None:
        """One pass over every row: is it readable, and if so, when did it start."""
        keyed, ids, bad = [], [], 0
        with no_collection():
            for doc_id, row in self.rows.items():
                if readable(row):
                    keyed.append((datetime.fromisoformat(row["started_at"]), int(doc_id), doc_id))
                    ids.append(row["id"])
                else:
                    bad += 1
            if len(set(ids)) != len(ids):  # an id in two rows: only the later row is the session
                index = self.index()
                keyed = [k for k, i in zip(keyed, ids, strict=True) if index[i] == k[2]]
        keyed.sort(reverse=True)
        self._order = [doc_id for _, _, doc_id in keyed]
        self._unreadable = bad

    def _live(self) -> list[tuple[str, Any]]:
        """(document id, row) of each row, leaving out one shadowed by a later row (same id)."""
        index = self.index()
        if len(index) == len(self.rows):  # every row has its own id: nothing to leave out
            return list(self.rows.items())
        return [
            (doc_id, row)
            for doc_id, row in self.rows.items()
            if isinstance(row.get("id"), str) and index[row["id"]] == doc_id
        ]

    def fact(self, doc_id: str) -> Fact | None:
        if doc_id not in self._facts:
            try:
                self._facts[doc_id] = rows.row_fact(self.rows[doc_id])
            except (ValueError, KeyError, TypeError, AttributeError):
                self._facts[doc_id] = None
        return self._facts[doc_id]

    def facts(self) -> list[Fact]:
        with no_collection():
            found = [self.fact(doc_id) for doc_id, _ in self._live()]
        return [fact for fact in found if fact is not None]

    def session(self, doc_id: str) -> Session | None:
        if doc_id not in self._sessions:
            try:
                self._sessions[doc_id] = row_to_session(self.rows[doc_id])
            except (ValueError, KeyError, TypeError, AttributeError):
                self._sessions[doc_id] = None
        return self._sessions[doc_id]

    def put(self, doc_id: str, row: dict[str, Any]) -> None:
        """A row now on disk under ``doc_id``."""
        self.drop(doc_id)
        self.rows[doc_id] = row
        self.next_id = max(self.next_id, int(doc_id) + 1)
        if self._index is not None:
            self._index[row["id"]] = doc_id

    def drop(self, doc_id: str) -> None:
        row = self.rows.pop(doc_id, None)
        self._sessions.pop(doc_id, None)
        self._facts.pop(doc_id, None)
        self._order = self._unreadable = None
        if row is not None and self._index is not None and self._index.get(row.get("id")) == doc_id:
            del self._index[row["id"]]
