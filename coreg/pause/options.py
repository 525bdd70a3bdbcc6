"""What a break is asked to be, and how it is worded: the options, the time to come back, the
quiet prompts. No clock runs here; :mod:`coreg.pause.breaks` runs the break itself.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import NamedTuple

from coreg.library import OURS, PATTERNS

DEFAULT_MINUTES = 20
MIN_TIMEOUT_MINUTES = 20  # a flooded body needs at least this long to settle
MAX_MINUTES = 4 * 60  # a time-out is a promise to come back, not a way out of the talk
EXTEND_MINUTES = 10
DEFAULT_PATTERN = "extended-exhale"
PROMPT_MINUTES = 3  # a new prompt this often
SOON_SECONDS = 2 * 60  # the last prompt ("soon it is time to go back") shows this long

EXERCISE_ID = "pause"
SHORT_FLAG = "--short-ok"


class PauseOptionError(ValueError):
    """An option that cannot be used, worded for the person who typed it."""


class PauseOptions(NamedTuple):
    minutes: float  # 0: a plain breath timer, no time-out
    pattern: str

    @property
    def timeout(self) -> bool:
        return self.minutes > 0

    @property
    def seconds(self) -> float | None:
        return self.minutes * 60 if self.timeout else None


def pattern_names() -> list[str]:
    """The named patterns, then the couple's own (``ours``)."""
    return [*PATTERNS, OURS]


def check_pattern(name: str) -> str:
    """``name`` if it is a breathing pattern; else PauseOptionError naming the ones there are."""
    key = name.strip().lower()
    if key in pattern_names():
        return key
    import difflib

    close = difflib.get_close_matches(key, pattern_names(), n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise PauseOptionError(
        f"there is no breathing pattern called {name!r}.{hint} "
        f"The patterns are: {', '.join(pattern_names())}."
    )


def check_options(
    minutes: float, pattern: str = DEFAULT_PATTERN, short_ok: bool = False
) -> PauseOptions:
    """The options for a pause, or PauseOptionError with a kind explanation."""
    if not math.isfinite(minutes) or minutes < 0:
        raise PauseOptionError(
            f"--minutes {minutes:g} is not a length. Use 20 or more for a time-out, "
            "or 0 for a breath timer without one."
        )
    if 0 < minutes < MIN_TIMEOUT_MINUTES and not short_ok:
        raise PauseOptionError(
            f"a break of {_minutes(minutes)} is shorter than a flooded body usually needs: "
            f"it takes about {MIN_TIMEOUT_MINUTES} minutes to settle. Use --minutes "
            f"{MIN_TIMEOUT_MINUTES} or more, --minutes 0 for a breath timer with no "
            f"time-out, or add {SHORT_FLAG} if you are sure."
        )
    if minutes > MAX_MINUTES:
        raise PauseOptionError(
            f"a break of {_minutes(minutes)} is longer than {MAX_MINUTES // 60} hours. "
            "A time-out is a promise to come back: pick a time you can keep, and talk "
            "again within a day."
        )
    return PauseOptions(minutes, check_pattern(pattern))


def _minutes(minutes: float) -> str:
    """``1 minute``, ``2.5 minutes``: the number as it was typed."""
    return f"{minutes:g} minute{'' if minutes == 1 else 's'}"


# ---------------------------------------------------------------------------------------------
# Words


_NUMBER_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 10: "ten", 15: "fifteen",
    20: "twenty", 25: "twenty-five", 30: "thirty", 40: "forty", 45: "forty-five", 50: "fifty",
}  # fmt: skip


def minutes_words(minutes: float) -> str:
    """20 → ``twenty minutes``, 60 → ``an hour``, 37 → ``37 minutes``."""
    if 0 < minutes < 1:
        return f"{round(minutes * 60)} seconds"
    whole = round(minutes)
    if whole == 60:
        return "an hour"
    if whole == 90:
        return "an hour and a half"
    if whole % 60 == 0 and whole // 60 in _NUMBER_WORDS:
        return f"{_NUMBER_WORDS[whole // 60]} hours"
    if whole == 1:
        return "one minute"
    return f"{_NUMBER_WORDS.get(whole, str(whole))} minutes"


def say_line(minutes: float) -> str:
    """What to say to the partner before leaving the room."""
    return f"“I'm flooded. I need {minutes_words(minutes)}. I'll come back.”"


def return_time(now: datetime, seconds: float) -> datetime:
    """When the break ends, rounded up to the whole minute (never earlier than promised)."""
    end = now + timedelta(seconds=seconds)
    if end.second or end.microsecond:
        end = end.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return end


def clock_words(now: datetime, at: datetime) -> tuple[str, str]:
    """(``21:40``, ``tomorrow``): the time to come back, and the day when it is not today."""
    days = (at.date() - now.date()).days
    day = "" if days == 0 else "tomorrow" if days == 1 else at.strftime("%A")
    return at.strftime("%H:%M"), day


def back_at(now: datetime, seconds: float) -> str:
    """``back at 21:40``, or ``back at 00:10 tomorrow`` across midnight."""
    clock, day = clock_words(now, return_time(now, seconds))
    return f"back at {clock} {day}".rstrip()


# ---------------------------------------------------------------------------------------------
# Prompts

PROMPTS = (
    "Let your shoulders drop, and let your jaw go soft.",
    "Drink a glass of water, slowly.",
    "If the argument starts replaying, notice it, and come back to your breath.",
    "Look out of a window, or at something far away, for a while.",
    "Put a hand on your chest and feel it rise and fall.",
    "Walk a little, slowly. Feel your feet meet the floor.",
    "You don't need the right words now. They can wait until you are calmer.",
    "Listen to a song you like, or to the quiet around you.",
    "Name five things you can see, and four you can hear.",
    "Remember a time the two of you laughed together.",
)
SOON_PROMPT = "Soon it is time to go back. A few slow breaths first, then go gently."
BREATH_ONLY_PROMPT = "Breathe along with the pacer. There is nothing else to do."


def prompt_at(elapsed: float, total: float | None) -> str:
    """The prompt to show ``elapsed`` seconds into a break of ``total`` seconds (None: no end)."""
    if total is None:
        return BREATH_ONLY_PROMPT
    if total - elapsed <= SOON_SECONDS and total > SOON_SECONDS * 2:
        return SOON_PROMPT
    return PROMPTS[int(max(0.0, elapsed) // (PROMPT_MINUTES * 60)) % len(PROMPTS)]


def next_prompt_in(elapsed: float, total: float | None) -> float | None:
    """Seconds until :func:`prompt_at` changes (None: it never does)."""
    if total is None:
        return None
    period = PROMPT_MINUTES * 60
    change: float = (int(max(0.0, elapsed) // period) + 1) * period
    soon = total - SOON_SECONDS
    if total > SOON_SECONDS * 2 and elapsed < soon:
        change = min(change, soon)
    return max(0.0, change - elapsed) if change < total else None
