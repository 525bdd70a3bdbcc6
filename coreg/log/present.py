"""How a session reads to a person: one place for the words, shared by the CLI and the app.

Every time is shown in the viewer's zone: ``zone`` is a ``tzinfo``, or None for this machine's
own zone (summer time included, each date in the offset it had then). The detail names the zone
the session was recorded in, as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from coreg.log.facts import is_overlong_pause, pattern_name
from coreg.log.session import Closeness, Ending, Heart, Kind, Partner, Session

if TYPE_CHECKING:
    from coreg.log.stats import PairWeek

SHORT_ENDINGS = {
    Ending.COMPLETED: "done",
    Ending.ENDED_EARLY: "early",
    Ending.INTERRUPTED: "stopped",
}


def local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """``moment`` in the viewer's zone (None: this machine's, summer time included)."""
    return moment.astimezone(zone)


def when_text(moment: datetime, now: datetime | None = None, zone: tzinfo | None = None) -> str:
    """``today 21:40``, ``yesterday 08:05``, ``Mon 19:30`` (this week), ``3 Nov 19:30``,
    ``3 Nov 2025 19:30``: in the viewer's zone, the day counted from ``now`` in that zone."""
    today = local(now or datetime.now().astimezone(), zone).date()
    when = local(moment, zone)
    days = (today - when.date()).days
    clock = when.strftime("%H:%M")
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"yesterday {clock}"
    if 1 < days < 7:
        return f"{when:%a} {clock}"
    if when.year == today.year:
        return f"{when.day} {when:%b} {clock}"
    return f"{when.day} {when:%b %Y} {clock}"


def zone_text(moment: datetime) -> str:
    """The zone a time was written in: ``UTC+01:00``, ``UTC−05:30``, ``UTC``."""
    offset = moment.utcoffset()
    if offset is None:
        return "no zone"
    minutes = round(offset.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def length_text(seconds: float) -> str:
    """``45s`` under a minute (``<1s`` under half a second, never ``0s``), ``6m 10s`` under ten
    minutes, then whole minutes: ``25m``, ``1h 17m``."""
    if seconds < 0.5:
        return "<1s"
    total = round(seconds / 60) * 60 if seconds >= 600 else max(round(seconds), 1)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h"] if hours else []
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs}s")
    return " ".join(parts)


def checkin_text(partner: Partner) -> str:
    """``Alex 7 → 3``; a missing number shows as ``–`` (states are in the session's detail)."""

    def one(value: int | None) -> str:
        return "–" if value is None else str(value)

    before, after = partner.before.distress, partner.after.distress
    if before is None and after is None:
        return f"{partner.name} –"
    return f"{partner.name} {one(before)} → {one(after)}"


def heart_text(name: str, heart: Heart) -> str:
    """``Alex's heart 96 → 74 (RMSSD 21 → 38 ms)``: the mean rate over the first and the last
    minute, from a strap; a missing number shows as ``–``."""

    def one(value: float | None) -> str:
        return "–" if value is None else f"{value:.0f}"

    text = f"{name}'s heart {one(heart.first_bpm)} → {one(heart.last_bpm)}"
    if heart.first_rmssd is not None or heart.last_rmssd is not None:
        text += f" (RMSSD {one(heart.first_rmssd)} → {one(heart.last_rmssd)} ms)"
    return text


def ending_text(session: Session) -> str:
    """``finished``, or ``finished, 3 of 8 steps skipped``: a skipped step is not a step done."""
    text = session.ending.label
    if session.steps_skipped:
        text += f", {session.steps_skipped} of {session.steps_total} steps skipped"
    return text


# ---------------------------------------------------------------------------------- breaks


class BreakFacts(NamedTuple):
    """What a pause (break) recorded, read leniently from its details."""

    planned_minutes: float  # 0: a breath timer with no time-out
    extended_minutes: float
    pulse_bpm: int | None
    flooded: bool | None
    patterns: tuple[str, ...]
    strap_top_bpm: int | None = None  # the highest rate a heart strap said
    strap_flooded: tuple[str, ...] = ()  # who a strap said was flooded


def break_facts(details: Mapping[str, Any]) -> BreakFacts:
    def number(key: str) -> float:
        value = details.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
        return 0.0

    def count(key: str) -> int | None:
        value = details.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    pulse = count("pulse_bpm")
    top = count("strap_top_bpm")
    top = top if top is not None and top > 0 else None
    names = details.get("strap_flooded")
    names = names if isinstance(names, list) else []
    flooded = details.get("pulse_flooded")
    flooded = flooded if isinstance(flooded, bool) else None
    used = details.get("patterns")
    if not (isinstance(used, list) and all(isinstance(p, str) for p in used)):
        pattern = details.get("pattern")
        used = [pattern] if isinstance(pattern, str) else []
    return BreakFacts(
        number("planned_minutes"),
        number("extended_minutes"),
        pulse,
        flooded,
        tuple(used),
        top,
        tuple(n for n in names if isinstance(n, str)),
    )


def minutes_text(minutes: float) -> str:
    return length_text(minutes * 60)


def pulse_text(facts: BreakFacts) -> str:
    """``pulse 112, flooded``, ``pulse 84, not flooded``, ``strap 118, flooded`` (a heart
    strap's highest, with no pulse counted) or ``no pulse``."""
    if facts.pulse_bpm is None:
        if facts.strap_top_bpm is not None:
            flooded = ", flooded" if facts.strap_flooded else ""
            return f"strap {facts.strap_top_bpm}{flooded}"
        return "no pulse"
    if facts.flooded is None:
        return f"pulse {facts.pulse_bpm}"
    return f"pulse {facts.pulse_bpm}, " + ("flooded" if facts.flooded else "not flooded")


def strap_text(facts: BreakFacts) -> str:
    """What a heart strap said during a break, in a line; empty without one."""
    if facts.strap_top_bpm is None and not facts.strap_flooded:
        return ""
    top = "" if facts.strap_top_bpm is None else f"highest {facts.strap_top_bpm} a minute"
    if not facts.strap_flooded:
        return f"Heart strap: {top}, no flooding."
    who = " and ".join(facts.strap_flooded)
    return f"Heart strap: {who} flooded" + (f", {top}." if top else ".")


def break_length(session: Session, facts: BreakFacts) -> str:
    """``18m of 20m`` for a time-out; just the length for a breath timer."""
    taken = length_text(session.seconds)
    if facts.planned_minutes <= 0:
        return taken
    return f"{taken} of {minutes_text(facts.planned_minutes)}"


def break_ending(session: Session, facts: BreakFacts, short: bool = False) -> str:
    """``ended early, +10m`` (how it ended, and any extension)."""
    text = SHORT_ENDINGS[session.ending] if short else session.ending.label
    if facts.extended_minutes > 0:
        text += f"{' ' if short else ', '}+{minutes_text(facts.extended_minutes)}"
    return text


# ---------------------------------------------------------------------------------- rows


class HistoryCells(NamedTuple):
    """One session as a row of a history table; ``ended_short`` for a narrow one."""

    when: str
    exercise: str
    length: str
    ended: str
    ended_short: str
    change: str  # each partner's before → after, or a break's pulse


def history_cells(
    session: Session, now: datetime | None = None, zone: tzinfo | None = None
) -> HistoryCells:
    when = when_text(session.started_at, now, zone)
    flag = " · over 24 h" if is_overlong_pause(session) else ""
    if session.kind is Kind.PAUSE:
        facts = break_facts(session.details)
        return HistoryCells(
            when,
            session.exercise_title,
            break_length(session, facts),
            break_ending(session, facts) + flag,
            break_ending(session, facts, short=True) + flag,
            pulse_text(facts),
        )
    skipped = f" · {session.steps_skipped} skipped" if session.steps_skipped else ""
    return HistoryCells(
        when,
        session.exercise_title,
        length_text(session.seconds),
        ending_text(session),
        SHORT_ENDINGS[session.ending] + skipped,
        " · ".join(checkin_text(p) for p in session.partners) or "–",
    )


def history_row(
    session: Session, now: datetime | None = None, zone: tzinfo | None = None
) -> tuple[str, str, str, str, str]:
    """(when, exercise, length, how it ended, partners): one row of a history table."""
    cells = history_cells(session, now, zone)
    return (cells.when, cells.exercise, cells.length, cells.ended, cells.change)


# ---------------------------------------------------------------------------------- detail


def detail_lines(
    session: Session, now: datetime | None = None, zone: tzinfo | None = None
) -> list[str]:
    """The whole session in a few lines, for the history screen's detail."""
    s = session
    start, end = local(s.started_at, zone), local(s.ended_at, zone)
    until = f"{end:%H:%M}" if end.date() == start.date() else when_text(s.ended_at, now, zone)
    recorded = zone_text(s.started_at)
    lines = [
        s.exercise_title or s.exercise_id,
        f"{when_text(s.started_at, now, zone)} to {until}",
    ]
    if recorded == zone_text(start):
        lines.append(f"Times in {recorded}, the zone it was recorded in.")
    else:
        lines.append(
            f"Times in your zone ({zone_text(start)}); recorded in {recorded}, "
            f"where it began at {s.started_at:%H:%M}."
        )
    if s.kind is Kind.PAUSE:
        facts = break_facts(s.details)
        if facts.planned_minutes > 0:
            plan = f"A time-out of {minutes_text(facts.planned_minutes)}"
            if facts.extended_minutes > 0:
                plan += f", extended by {minutes_text(facts.extended_minutes)}"
            lines.append(f"{plan}: {length_text(s.seconds)} taken, {s.ending.label}.")
        else:
            lines.append(f"A breath timer: {length_text(s.seconds)}, {s.ending.label}.")
        if facts.patterns:
            lines.append("Breathing: " + ", ".join(pattern_name(p) for p in facts.patterns))
        if facts.pulse_bpm is None:
            lines.append("No pulse was taken.")
        else:
            flooded = {True: " (flooding)", False: " (not flooding)", None: ""}[facts.flooded]
            lines.append(f"Pulse: {facts.pulse_bpm} a minute{flooded}")
        strap = strap_text(facts)
        if strap:
            lines.append(strap)
        if is_overlong_pause(s):
            lines.append("This break ran past a day.")
    else:
        done = "" if s.steps_skipped else f", {s.steps_completed} of {s.steps_total} steps done"
        lines.append(f"{length_text(s.seconds)} practised, {ending_text(s)}{done}")
    for partner in s.partners:
        line = checkin_text(partner)
        states = [c.state.label for c in (partner.before, partner.after) if c.state]
        if states:
            line += f" ({' → '.join(states)})"
        lines.append(line)
    lines += [closeness_text(c) for c in s.in_step]
    for partner in s.partners:
        if partner.heart is not None:
            lines.append(heart_text(partner.name, partner.heart))
    together = s.details.get("hearts_together")
    if isinstance(together, str) and together:
        lines.append(together)
    if s.note:
        lines.append(f"Note: {s.note}")
    return lines


def closeness_text(closeness: Closeness) -> str:
    """``Sam followed Alex within half a second on 14 of 16 breaths, typically 0.2 s after.``:
    practice feedback in plain words, never a score of the two of you."""
    c = closeness
    if not c.breaths:
        return f"{c.leader} did not tap a pace this time, so the pacer kept its own."
    plural = "breath" if c.breaths == 1 else "breaths"
    if not c.answered:
        return f"{c.leader} led {c.breaths} {plural}; {c.follower} did not tap along this time."
    said = f"{c.follower} followed {c.leader} within half a second on {c.in_step} of {c.breaths}"
    return f"{said} {plural}, {offset_words(c.median)}."


def in_step_lines(weeks: Sequence[PairWeek]) -> list[str]:
    """``Sam following Alex: 9 Nov 14 of 16 · 16 Nov 22 of 24``: one line a pair of roles,
    the breaths in step (within half a second) week by week."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for week in weeks:
        said = f"{week.week_start.day} {week.week_start:%b} {week.in_step} of {week.breaths}"
        pairs.setdefault((week.leader, week.follower), []).append(said)
    return [
        f"{follower} following {leader}: {' · '.join(said)}"
        for (leader, follower), said in pairs.items()
    ]


def offset_words(median: float | None) -> str:
    """``typically 0.2 s after``, ``typically 0.3 s ahead``, ``right together``."""
    if median is None or abs(median) < 0.05:
        return "right together"
    return f"typically {abs(median):.1f} s {'after' if median > 0 else 'ahead'}"
