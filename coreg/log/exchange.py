"""Export and import: a whole log as one JSON file (a backup, or the other laptop's sessions)
or as CSV for a spreadsheet, and an export read back.

Every session goes through the same converters as the log file (:mod:`coreg.log.rows`), so a
session is never formatted in two places. A CSV cell that a spreadsheet would run as a formula
is written as text; reading checks every value before it can reach the log.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from json.decoder import scanstring  # type: ignore[attr-defined]  # untyped in typeshed
from typing import Any

from coreg.log import checks
from coreg.log.file import DECODER, DamagedFile, skip_space
from coreg.log.rows import (
    EXPORT_KIND,
    FORMAT,
    MIGRATIONS,
    RowTables,
    format_of,
    row_to_session,
    session_to_row,
)
from coreg.log.session import Heart, Kind, Session
from coreg.safetext import json_text


def export_json(sessions: list[Session], now: datetime | None = None) -> str:
    from coreg import __version__

    payload = {
        "coreg": EXPORT_KIND,
        "format": FORMAT,
        "exported_at": (now or datetime.now().astimezone()).isoformat(timespec="seconds"),
        "app_version": __version__,
        "sessions": [session_to_row(s) for s in sessions],
    }
    # Control characters and lone surrogates as \uXXXX escapes: the same data, safe to show
    # on a terminal and always encodable.
    return json_text(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n"


def export_csv(sessions: list[Session]) -> str:
    width = max([2, *(len(s.partners) for s in sessions)])
    head = ["id", "kind", "exercise_id", "exercise_title", "started_at", "ended_at", "ending"]
    head += ["steps_completed", "steps_skipped", "steps_total", "seconds", "started_by"]
    for n in range(1, width + 1):
        head += [f"partner{n}_{part}" for part in _PARTNER_COLUMNS]
    head += ["note", "app_version", *_BREAK_COLUMNS]
    for n in range(1, width + 1):  # last, so every older column keeps its place
        head += [f"partner{n}_{part}" for part in _HEART_COLUMNS]
    out = io.StringIO()
    # every cell quoted when it holds a line break of any kind: a bare CR must not end a row
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(head)
    for s in sessions:
        line: list[Any] = [s.id, s.kind.value, s.exercise_id, s.exercise_title]
        line += [s.started_at.isoformat(), s.ended_at.isoformat(), s.ending.value]
        pause = s.kind is Kind.PAUSE
        steps = [s.steps_completed, s.steps_skipped, s.steps_total]
        line += ["", "", ""] if pause else steps  # a break has no steps
        line += [round(s.seconds, 1), s.started_by]
        for n in range(width):
            if n < len(s.partners):
                p = s.partners[n]
                line += [p.name, _blank(p.before.distress), _blank(p.before.state)]
                line += [_blank(p.after.distress), _blank(p.after.state), _blank(p.change)]
            else:
                line += [""] * len(_PARTNER_COLUMNS)
        line += [s.note, s.app_version]
        line += _break_cells(s) if pause else [""] * len(_BREAK_COLUMNS)
        for n in range(width):
            line += _heart_cells(s.partners[n].heart if n < len(s.partners) else None)
        writer.writerow([_as_text(cell) for cell in line])
    return out.getvalue()


_PARTNER_COLUMNS = ("name", "before", "before_state", "after", "after_state", "change")
_HEART_COLUMNS = ("heart_first_bpm", "heart_last_bpm", "rmssd_first_ms", "rmssd_last_ms")


def _heart_cells(heart: Heart | None) -> list[Any]:
    """A heart strap's first and last minute, for a partner's CSV columns (blank without)."""
    if heart is None:
        return [""] * len(_HEART_COLUMNS)
    return [
        _blank(heart.first_bpm),
        _blank(heart.last_bpm),
        _blank(heart.first_rmssd),
        _blank(heart.last_rmssd),
    ]


_BREAK_COLUMNS = (
    "planned_minutes",
    "extended_minutes",
    "pulse_bpm",
    "pulse_flooded",
    "patterns",
    "strap_top_bpm",
    "strap_flooded",
)


def _break_cells(session: Session) -> list[Any]:
    """A break's plan, extension, pulse and patterns, for its CSV columns."""
    from coreg.log.present import break_facts  # present reads rows' sessions: no import loop

    facts = break_facts(session.details)
    flooded = "" if facts.flooded is None else ("yes" if facts.flooded else "no")
    return [
        f"{facts.planned_minutes:g}",
        f"{facts.extended_minutes:g}",
        _blank(facts.pulse_bpm),
        flooded,
        " ".join(facts.patterns),
        _blank(facts.strap_top_bpm),
        ", ".join(facts.strap_flooded),
    ]


def _as_text(cell: object) -> object:
    """A text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, or a tab or CR
    before one) gets a ``'``. A lone surrogate (only a hand-edited log has one) becomes U+FFFD,
    so the export can always be written."""
    if not isinstance(cell, str):
        return cell
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        cell = "'" + cell
    return _SURROGATE.sub("\ufffd", cell)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _blank(value: object) -> object:
    return "" if value is None else value


def parse_import(text: str) -> list[Session]:
    """The sessions in an export or in a coreg log file; ValueError with a message if unreadable."""
    return list(iter_import(text))


def iter_import(text: str) -> Iterator[Session]:
    """The sessions of an export or of a coreg log file, read one at a time (a long export is
    never held as Python objects whole); ValueError with a message at the first problem.

    Take them all before changing anything: a problem late in the file is found late."""
    if len(text) > MAX_IMPORT:
        raise ValueError(too_big_message())
    try:
        streamed = _stream(text)
        if streamed is None:  # not the usual layout: read whole, to say exactly what is wrong
            data = json.loads(text, parse_int=checks.json_int)
            found, version = _rows_of(data)
            elements: Iterable[Any] = found
        else:
            head, start = streamed
            version = _rows_of(head)[1]  # its sessions stand in empty, of their own type
            elements = (value for value, _ in _values(text, start) if value is not _END)
        if version > FORMAT:
            raise ValueError(
                f"This export was written by a newer coreg (format {version}; this one reads "
                f"format {FORMAT}). Update coreg to import it. Nothing was imported."
            )
        first_seen: dict[str, int] = {}
        for number, row in enumerate(elements, 1):
            yield _session_of(row, number, version, first_seen)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"This file is not a coreg export: it is not valid JSON (line {error.lineno}, "
            f"column {error.colno}). `coreg import` reads what `coreg export` writes. "
            "Nothing was imported."
        ) from None
    except RecursionError:
        raise ValueError(
            "This file is not a coreg export: it is nested too deeply. Nothing was imported."
        ) from None
    except ValueError as error:
        if str(error).endswith("Nothing was imported."):
            raise
        raise ValueError(  # a number JSON allows but Python will not read
            f"This file is not a coreg export: a number in it cannot be read ({error}). "
            "Nothing was imported."
        ) from None


def _session_of(row: Any, number: int, version: int, first_seen: dict[str, int]) -> Session:
    tables: RowTables = {"sessions": {"1": row}}
    for step in range(version, FORMAT):
        MIGRATIONS[step](tables)
    try:
        session = row_to_session(tables["sessions"]["1"])
    except ValueError as error:
        raise ValueError(
            f"Session {number} in this file cannot be read: {error}. Nothing was imported."
        ) from None
    session_id = session.id.strip()
    if session_id in first_seen:
        raise ValueError(
            f"Sessions {first_seen[session_id]} and {number} in this file have the same id "
            f"({session_id!r}); a file from `coreg export` never does. Nothing was imported."
        )
    first_seen[session_id] = number
    return session if session_id == session.id else replace(session, id=session_id)


_END = object()


def _values(text: str, pos: int) -> Iterator[tuple[Any, int]]:
    """Each element of the JSON list (or value of the object) at ``pos`` with the position
    after it, then ``_END`` with the position after the whole list."""
    table = text[pos] == "{"
    close = "}" if table else "]"
    pos = skip_space(text, pos + 1)
    while text[pos : pos + 1] != close:
        if table:
            if text[pos : pos + 1] != '"':
                raise json.JSONDecodeError("Expecting property name", text, pos)
            _, pos = scanstring(text, pos + 1)
            pos = skip_space(text, pos)
            if text[pos : pos + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
            pos = skip_space(text, pos + 1)
        value, pos = DECODER.raw_decode(text, pos)
        yield value, pos
        pos = skip_space(text, pos)
        if text[pos : pos + 1] == ",":
            pos = skip_space(text, pos + 1)
        elif text[pos : pos + 1] != close:
            raise json.JSONDecodeError(f"Expecting ',' or '{close}'", text, pos)
    yield _END, pos + 1


def _stream(text: str) -> tuple[dict[str, Any], int] | None:
    """The top-level values of a JSON object, except its ``sessions`` list or table, whose
    start is returned instead; every session is parsed once on the way (and let go), so bad
    JSON anywhere is found here. None when the text is not laid out like that."""
    head: dict[str, Any] = {}
    start = None
    pos = skip_space(text, 0)
    if text[pos : pos + 1] != "{":
        return None
    pos = skip_space(text, pos + 1)
    while text[pos : pos + 1] != "}":
        if text[pos : pos + 1] != '"':
            return None
        key, pos = scanstring(text, pos + 1)
        pos = skip_space(text, pos)
        if text[pos : pos + 1] != ":":
            return None
        pos = skip_space(text, pos + 1)
        if key == "sessions" and text[pos : pos + 1] in ("[", "{"):
            start = pos
            for _, end in _values(text, start):  # checked here, read again in iter_import
                pos = end
            head[key] = [] if text[start] == "[" else {}
        else:
            head[key], pos = DECODER.raw_decode(text, pos)
        pos = skip_space(text, pos)
        if text[pos : pos + 1] == ",":
            pos = skip_space(text, pos + 1)
        elif text[pos : pos + 1] != "}":
            return None
    if start is None or skip_space(text, pos + 1) != len(text):
        return None
    return head, start


MAX_IMPORT = 64 * 1024 * 1024  # bytes (and characters): about 100,000 sessions


def too_big_message(size: int | None = None) -> str:
    what = f"{size / 1024 / 1024:.0f} MB" if size else "too big"
    return (
        f"This file is {what}; a coreg export of even 100,000 sessions is smaller than "
        f"{MAX_IMPORT // 1024 // 1024} MB, so it is not one. Nothing was imported."
    )


def _rows_of(data: Any) -> tuple[list[Any], int]:
    not_ours = ValueError(
        "This file is not a coreg export or log. `coreg import` reads what "
        "`coreg export` writes (JSON). Nothing was imported."
    )
    if not isinstance(data, dict):
        raise not_ours
    if data.get("coreg") == EXPORT_KIND:
        version, found = data.get("format"), data.get("sessions")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ValueError("This export has no readable format number. Nothing was imported.")
        if not isinstance(found, list):
            raise ValueError("This export has no list of sessions. Nothing was imported.")
        return found, version
    tables = data.get("sessions")
    if isinstance(tables, dict) and all(isinstance(t, dict) for t in data.values()):
        try:  # another coreg's log file, e.g. from a second laptop
            version = format_of(data)
        except DamagedFile as damage:
            raise ValueError(
                f"This log file cannot be read: {damage.reason}. Nothing was imported."
            ) from None
        return list(tables.values()), version
    raise not_ours
