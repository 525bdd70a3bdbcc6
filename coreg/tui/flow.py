"""The guided flow: choices → who practises → who starts → before → the steps → after.

Each screen hands on to the next; going back from any of them ends the flow. Who starts is
asked only when the partners' parts differ, and by default it is the partner who did not start
last time with this exercise (read from the log).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from coreg.library import Audience, Exercise

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

#: Exercises that are the pause's break: the Time-Out opens `coreg pause`'s screen, which has
#: the countdown, the time to come back, the pulse count and the offer of the Repair Ritual.
OPENS_PAUSE = "time-out"
RECENT = 500  # sessions looked through for who started last time
BOTH_TO_NAME = ("", "")  # "both of us" before any names were saved: ask for them


async def guided_flow(app: CoregApp, exercise: Exercise, first_name: str | None) -> None:
    from coreg.tui.screens.after import AfterScreen
    from coreg.tui.screens.checkin import CheckInScreen
    from coreg.tui.screens.modals import ChoiceModal
    from coreg.tui.screens.partners import WhoStartsModal
    from coreg.tui.screens.run import RunScreen

    picked = app.settings.picked_choices(exercise.id, [c.key for c in exercise.choices])
    for choice in exercise.choices:
        seconds = await app.push_screen_wait(
            ChoiceModal(choice, picked.get(choice.key, choice.default))
        )
        if seconds is None:
            return
        picked[choice.key] = seconds
    if exercise.choices:
        app.settings.choices[exercise.id] = picked
        if "hug" in picked:
            app.settings.hug_seconds = picked["hug"]
        app.save_settings()
    exercise = exercise.with_choices(picked)
    if exercise.id == OPENS_PAUSE:
        from coreg.tui.screens.pause import PauseScreen

        timed = [step.seconds for step, _ in exercise.rounds() if step.choice == "break"]
        minutes = (timed[0] or 20 * 60) / 60 if timed else app.pause_minutes
        await app.push_screen_wait(PauseScreen(minutes=minutes, pattern=app.pause_pattern))
        return
    people = await who_practises(app, exercise)
    if not people:
        return
    first = 0
    if len(people) == 2 and exercise.parts_differ:
        chosen = named(people, first_name)
        if chosen is None:
            default = await asyncio.to_thread(next_starter, app, exercise.id, people)
            modal = WhoStartsModal(exercise, people, default or 0, last=default is not None)
            chosen = await app.push_screen_wait(modal)
            if chosen is None:
                return
        first = chosen
    before = await app.push_screen_wait(CheckInScreen(exercise, people))
    if before is None:
        return
    session = await app.push_screen_wait(RunScreen(exercise, people, before, first))
    if session is None:
        return
    await app.push_screen_wait(AfterScreen(exercise, session))


async def who_practises(app: CoregApp, exercise: Exercise) -> tuple[str, ...] | None:
    """The couple's names for a couple exercise; for one person (or either), who it is for.
    None when they went back."""
    from coreg.tui.screens.partners import ForWhomModal, PartnersScreen

    names = app.settings.names
    if exercise.audience is Audience.COUPLE:
        if not (names[0] and names[1]):
            asked = await app.push_screen_wait(PartnersScreen(exercise, names))
            if asked is None:
                return None
            names = asked
            app.settings.name_a, app.settings.name_b = names
            app.save_settings()
        return names
    people = await app.push_screen_wait(ForWhomModal(exercise, names))
    if people == BOTH_TO_NAME:
        couple = replace(exercise, audience=Audience.COUPLE)
        asked = await app.push_screen_wait(PartnersScreen(couple, names))
        if asked is None:
            return None
        app.settings.name_a, app.settings.name_b = asked
        app.save_settings()
        return asked
    if people == ():
        alone = replace(exercise, audience=Audience.SOLO)
        asked = await app.push_screen_wait(PartnersScreen(alone, ("", "")))
        if asked is None:
            return None
        people = (asked[0],)
        if not names[0] or not names[1]:  # a first (or second) name is kept for next time
            slot = "name_a" if not names[0] else "name_b"
            if asked[0].casefold() not in (n.casefold() for n in names if n):
                setattr(app.settings, slot, asked[0])
                app.save_settings()
    return people


def named(people: tuple[str, ...], name: str | None) -> int | None:
    """The place of ``name`` (``--first``) among the people, matched without case."""
    if not name:
        return None
    folded = [person.casefold() for person in people]
    return folded.index(name.casefold()) if name.casefold() in folded else None


def next_starter(app: CoregApp, exercise_id: str, people: tuple[str, ...]) -> int | None:
    """The partner who did not start last time with this exercise (None: nobody has yet)."""
    from coreg.library import ALIASES
    from coreg.log import LogError

    ids = {exercise_id, *(old for old, new in ALIASES.items() if new == exercise_id)}
    try:
        sessions = app.session_log.recent(limit=RECENT)
    except (LogError, OSError):  # an unreadable log must not stop practice; check_log says why
        return None
    for session in sessions:
        if session.exercise_id in ids and session.started_by in people:
            return 1 - people.index(session.started_by)
    return None
