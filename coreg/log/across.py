"""Reading the whole log across its files: the log file and the earlier files beside it
(:mod:`coreg.log.archive`).

Each file is read with the same rules (:class:`~coreg.log.cache.LogCache`). Where a session id
is in two files (only after a crash in the middle of a move, until the next save mends it),
the later file wins: the log file, then the earlier files from the newest.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import datetime

from coreg.collector import no_collection
from coreg.log.archive import Archive
from coreg.log.cache import LogCache
from coreg.log.facts import Fact
from coreg.log.session import Session

PREFIX_MIN = 4

# (start, rank of its file, document id) orders sessions; a later file has a higher rank
_Placed = tuple[datetime, int, int, Session]


def _files(cache: LogCache, archive: Archive) -> Iterator[tuple[int, LogCache]]:
    names = list(archive.entries())
    yield len(names), cache
    for rank in range(len(names) - 1, -1, -1):
        yield rank, archive.file(names[rank])


def _placed(found: list[_Placed], newest_first: bool) -> list[Session]:
    """Sessions in order, each id once (from its latest file)."""
    found.sort(key=lambda p: (p[0], p[1], p[2]), reverse=newest_first)
    owner: dict[str, int] = {}
    for _, rank, _, session in found:
        if owner.get(session.id, -1) < rank:
            owner[session.id] = rank
    return [p[3] for p in found if owner[p[3].id] == p[1]]


def recent(cache: LogCache, archive: Archive, limit: int) -> list[Session]:
    """The ``limit`` most recent sessions, newest first; an earlier file is read only when it
    can hold one of them."""
    entries = archive.entries()
    names = list(entries)
    found: list[_Placed] = []

    def take(rank: int, source: LogCache) -> None:
        taken = 0
        for doc_id in source.newest_first():
            if taken >= limit:
                break
            session = source.session(doc_id)
            if session is not None:
                found.append((session.started_at, rank, int(doc_id), session))
                taken += 1

    take(len(names), cache)

    def newest(rank: int) -> float:
        found = entries[names[rank]].newest
        return -math.inf if found is None else found

    by_newest = sorted(range(len(names)), key=newest, reverse=True)
    for rank in by_newest:
        if newest(rank) == -math.inf:
            break
        kept = _placed(found, newest_first=True)[:limit]
        if len(kept) >= limit and newest(rank) <= kept[-1].started_at.timestamp():
            break
        take(rank, archive.file(names[rank]))
    return _placed(found, newest_first=True)[:limit]


def every(cache: LogCache, archive: Archive) -> list[Session]:
    """Every session, oldest first."""
    found: list[_Placed] = []
    for rank, source in _files(cache, archive):
        for doc_id in source.newest_first():
            session = source.session(doc_id)
            if session is not None:
                found.append((session.started_at, rank, int(doc_id), session))
    return _placed(found, newest_first=False)


def facts(cache: LogCache, archive: Archive) -> list[Fact]:
    """What the numbers need of every session."""
    found = cache.facts()
    with no_collection():  # tens of thousands of small objects that all stay
        for name in archive.entries():
            found.extend(archive.facts(name))
    return found


def index(cache: LogCache, archive: Archive) -> Mapping[str, str | None]:
    """Session id -> the earlier file holding it, or None for the log file."""
    combined: dict[str, str | None] = dict(archive.owners())
    combined.update(dict.fromkeys(cache.index()))
    return combined


def resolve(found: Mapping[str, object], session_id: str) -> str | None:
    """The stored session id that ``session_id`` names: itself, or a unique start of one.

    Raises ValueError (worded for a person) when a short id matches more than one session.
    """
    if session_id in found:  # exactly as stored, surrounding spaces and all
        return session_id
    wanted = session_id.strip()
    if wanted in found:
        return wanted
    stripped = {sid.strip(): sid for sid in found if sid != sid.strip()}
    if wanted in stripped:  # an id stored with spaces around it, typed without
        return stripped[wanted]
    if len(wanted) < PREFIX_MIN:
        return None
    lowered = wanted.lower()
    matches = [sid for sid in found if sid.startswith(wanted) or sid.startswith(lowered)]
    if len(matches) > 1:
        raise ValueError(
            f"{len(matches)} sessions have an id starting with {wanted!r}; "
            "give more of the id to say which one."
        )
    return matches[0] if matches else None
