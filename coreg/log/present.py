"""How a session reads to a person: one place for the words, shared by the CLI and the app."""

from __future__ import annotations

from datetime import datetime

from coreg.library import format_duration
from coreg.log.session import Partner, Session
from coreg.log.stats import is_overlong_pause


def when_text(moment: datetime, now: datetime | None = None) -> str:
    """``today 21:40``, ``yesterday 08:05``, ``Mon 3 Nov 19:30``, ``3 Nov 2025 19:30``."""
    now = now or datetime.now(moment.tzinfo)
    local = moment.astimezone(now.tzinfo) if now.tzinfo else moment
    days = (now.date() - local.date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"yesterday {clock}"
    if local.year == now.year:
        return f"{local:%a} {local.day} {local:%b} {clock}"
    return f"{local.day} {local:%b %Y} {clock}"


def checkin_text(partner: Partner) -> str:
    """``Alex 7 → 3``; a missing number shows as ``–`` (states are in the session's detail)."""

    def one(value: int | None) -> str:
        return "–" if value is None else str(value)

    before, after = partner.before.distress, partner.after.distress
    if before is None and after is None:
        return f"{partner.name} –"
    return f"{partner.name} {one(before)} → {one(after)}"


def ending_text(session: Session) -> str:
    """``finished``, or ``finished, 3 of 8 steps skipped``: a skipped step is not a step done."""
    text = session.ending.label
    if session.steps_skipped:
        text += f", {session.steps_skipped} of {session.steps_total} steps skipped"
    return text


def history_row(session: Session, now: datetime | None = None) -> tuple[str, str, str, str, str]:
    """(when, exercise, length, how it ended, partners): one row of a history table."""
    ending = ending_text(session)
    if is_overlong_pause(session):
        ending += " · over 24 h"
    return (
        when_text(session.started_at, now),
        session.exercise_title,
        format_duration(session.seconds),
        ending,
        " · ".join(checkin_text(p) for p in session.partners),
    )
