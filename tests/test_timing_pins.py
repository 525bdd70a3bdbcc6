"""The plan, the timeline and the shared pace, pinned where mutation testing found them loose.

Every expected value is worked out by hand from the exercise, not read back from the code.
"""

from __future__ import annotations

import pytest

from coreg.library import (
    PATTERNS,
    Breath,
    Exercise,
    Phase,
    PhaseKind,
    Roles,
    Step,
)
from coreg.timing.plan import Role, plan, roles_heading

IN, TOP, HOLD, OUT = PhaseKind.IN, PhaseKind.TOP_UP, PhaseKind.HOLD, PhaseKind.OUT


def ex(*steps) -> Exercise:
    return Exercise("t", "T", "A test", steps=steps)


def one(step: Step, names=("Alex", "Sam"), first: int = 0):
    (planned,) = plan(ex(step), names, first)
    return planned


# ---------------------------------------------------------------------------- names


def test_with_one_name_or_none_the_missing_names_are_empty():
    step = Step("Sit", 10, say="{a} and {b}", roles=Roles("leads", "follows"))
    alone = one(step, ("Alex",))
    assert alone.say == "Alex and " and alone.roles == ()
    nobody = one(step, ())
    assert nobody.say == " and " and nobody.roles == ()


def test_who_starts_counts_in_twos():
    step = Step("Speak", 10, a="{a} speaks", b="{b} listens")
    for first, left in ((0, "Alex speaks"), (1, "Alex listens"), (2, "Alex speaks")):
        assert one(step, first=first).left == left
    assert one(step, first=3).left == "Alex listens"


# ---------------------------------------------------------------------------- roles


def test_roles_name_each_partner_in_their_place_and_fill_both_names():
    step = Step("Hold", 10, say="x", roles=Roles("holds {b}'s hand ({a})", "rests on {a} ({b})"))
    assert one(step).roles == (
        Role(0, "Alex", "holds Sam's hand (Alex)"),
        Role(1, "Sam", "rests on Alex (Sam)"),
    )
    assert one(step, first=1).roles == (
        Role(1, "Sam", "holds Alex's hand (Sam)"),
        Role(0, "Alex", "rests on Sam (Alex)"),
    )
    assert roles_heading(one(step, first=1).roles) == (
        "Sam holds Alex's hand (Sam) · Alex rests on Sam (Alex)"
    )


def test_a_step_without_roles_has_none():
    assert one(Step("Sit", 10, say="x")).roles == ()
    assert roles_heading(()) == ""


# ---------------------------------------------------------------------------- parts


def test_parts_are_each_partners_own_words_with_both_names():
    step = Step("Touch", 10, a="{a}: your hand on {b}", b="{b}: your hand under {a}")
    assert one(step).parts == (
        ("Alex", "Alex: your hand on Sam"),
        ("Sam", "Sam: your hand under Alex"),
    )
    assert one(step, first=1).parts == (
        ("Sam", "Sam: your hand on Alex"),
        ("Alex", "Alex: your hand under Sam"),
    )


@pytest.mark.parametrize(
    ("a", "b", "names"),
    [
        ("Look at {b}", "Look at {b}", ("Alex", "Sam")),  # the same words for both
        ("Look at {b}", "", ("Alex", "Sam")),  # one partner has words, the other none
        ("", "Look at {a}", ("Alex", "Sam")),
        ("", "", ("Alex", "Sam")),
        ("Look at {b}", "Look at {a}", ("Alex",)),  # only one person
        ("Look at {b}", "Look at {a}", ("", "Sam")),
    ],
)
def test_no_parts_unless_two_people_have_different_words(a, b, names):
    assert one(Step("Look", 10, a=a, b=b), names).parts == ()


# ---------------------------------------------------------------------------- breath


def test_a_breath_of_no_phases_shows_no_pacer():
    step = one(Step("Sit", 10, say="x", breath=Breath(())))
    assert step.breath is None and step.phase_at(3) is None and list(step.events(0))[1:] == []


def test_a_step_a_nanosecond_past_a_phase_boundary_starts_no_phase_at_its_end():
    # two readings closer than a nanosecond are one moment: the "out" that would begin at
    # 8 s is never shown, cued or listed in a box step that lasts 8 s and a nanosecond
    step = one(Step("Box", 8 + 1e-9, say="x", breath=PATTERNS["box"]))
    assert [e.phase.kind for e in step.events(0) if e.phase] == [IN, HOLD]
    assert [s.phase.kind for s in step.phase_spans()] == [IN, HOLD]
    assert step.phase_at(8 + 1e-9).phase.kind is HOLD


def test_a_silent_step_announces_new_roles_without_a_sound():
    from coreg.library import StepCue
    from coreg.timing import EventKind

    step = one(Step("Hold", 10, say="x", roles=Roles("leads", "follows"), cue=StepCue.SILENT))
    roles = [e for e in step.events(0) if e.kind is EventKind.ROLES]
    assert [(e.cue, e.text) for e in roles] == [(None, "Alex leads now, Sam follows.")]


def test_two_breaths_in_one_cycle_each_rise_from_empty():
    from coreg.timing import breath_levels

    double = Breath((Phase(IN, 2), Phase(OUT, 3), Phase(IN, 2), Phase(OUT, 3)))
    assert breath_levels(double) == ((0, 1), (1, 0), (0, 1), (1, 0))


def test_an_out_breath_of_no_length_empties_the_lungs_at_once():
    from coreg.timing import breath_levels

    assert breath_levels(Breath((Phase(IN, 4), Phase(OUT, 0)))) == ((0, 1), (1, 0))


def test_many_top_ups_share_the_room_and_the_lungs_never_go_below_empty():
    from coreg.timing import breath_levels

    sniffs = Breath((Phase(IN, 2), *(Phase(TOP, 1) for _ in range(6)), Phase(OUT, 6)))
    levels = [x for pair in breath_levels(sniffs) for x in pair]
    assert min(levels) == 0.0 and max(levels) == pytest.approx(1.0)
    assert breath_levels(sniffs)[-1] == pytest.approx((1.0, 0.0))


def test_in_breaths_in_a_row_fill_the_lungs_to_full_and_no_further():
    from coreg.timing import breath_levels

    # 1 + 1.1 + 2 s: the float sum of the three shares comes to a hair over one
    levels = breath_levels(Breath((Phase(IN, 1), Phase(IN, 1.1), Phase(IN, 2), Phase(OUT, 4))))
    assert levels[2][1] == 1.0 and levels[3] == (1.0, 0.0)


# ---------------------------------------------------------------------------- the timeline


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def started(*steps, names=("Alex", "Sam"), **kw):
    from coreg.timing import Timeline

    clock = Clock()
    tl = Timeline(ex(*steps), names, clock, **kw)
    tl.start()
    return tl, clock


def test_the_timeline_keeps_who_starts_and_their_own_pace():
    from coreg.library import OURS
    from coreg.timing import Timeline

    ours = Breath((Phase(IN, 4.2), Phase(OUT, 6.3)), OURS)
    step = Step("Ours", 60, say="x", a="{a} first", b="{b} second", breath=Breath((), OURS))
    tl = Timeline(ex(step), ("Alex", "Sam"), Clock(), first=1, ours=ours)
    assert tl.first == 1 and tl.steps[0].breath == ours
    assert (tl.steps[0].left, tl.steps[0].right) == ("Alex second", "Sam first")
    assert Timeline(ex(step), (), Clock()).names == ("", "")


def test_a_step_of_no_length_adds_nothing_to_progress():
    tl, clock = started(Step("A", 10, say="a"), Step("Blink", 0, say="b"), Step("B", 10, say="c"))
    clock.now += 5
    assert tl.snapshot().progress == pytest.approx(0.25)  # 5 of 20 seconds
    clock.now += 10
    assert tl.snapshot().progress == pytest.approx(0.75)


def test_progress_before_the_start_is_none_even_when_nothing_lasts():
    from coreg.timing import Timeline

    tl = Timeline(ex(Step("Blink", 0, say="b")), ("Alex", "Sam"), Clock())
    assert tl.snapshot().progress == 0.0
    tl.interrupt()
    assert tl.snapshot().progress == 0.0
    (action,) = tl.outcome().actions
    assert (action.at, action.clock_seconds) == (0.0, 0.0)  # stopped before it began


def test_skipping_a_timed_step_counts_it_skipped_not_completed():
    tl, clock = started(Step("A", 10, say="a"), Step("B", 10, say="b"))
    clock.now += 4
    tl.next()
    outcome = tl.outcome()
    assert (outcome.steps_completed, outcome.steps_skipped) == (0, 1)
    clock.now += 3
    tl.next()  # the last step, skipped too: the session is complete, nothing ran to its end
    outcome = tl.outcome()
    assert outcome.ending.value == "completed"
    assert (outcome.steps_completed, outcome.steps_skipped) == (0, 2)


def test_a_skipped_step_that_is_then_run_to_its_end_counts_completed():
    tl, clock = started(Step("A", 10, say="a"), Step("B", 10, say="b"), Step("C", 10, say="c"))
    clock.now += 4
    tl.next()  # A skipped
    clock.now += 1
    tl.back()  # A again, from its start
    clock.now += 10  # A runs out: done after all
    tl.poll()
    outcome = tl.outcome()
    assert tl.snapshot().step_index == 1
    assert (outcome.steps_completed, outcome.steps_skipped) == (1, 0)


def test_the_same_roles_are_not_announced_again_after_next_or_back():
    from coreg.timing import EventKind

    same = Roles("leads", "follows")
    tl, clock = started(*(Step(n, None, say=n, roles=same) for n in ("A", "B", "C")))
    first = [e.kind for e in tl.poll()]
    assert first == [EventKind.STEP, EventKind.ROLES]
    clock.now += 2
    tl.next()
    assert [e.kind for e in tl.poll()] == [EventKind.STEP]
    clock.now += 2
    tl.back()
    assert [e.kind for e in tl.poll()] == [EventKind.STEP]


def test_once_over_the_pacer_stops():
    tl, clock = started(Step("Breathe", 60, say="b", breath=PATTERNS["box"]))
    clock.now += 6  # in the hold
    assert tl.snapshot().phase.kind is HOLD
    tl.end_early()
    snap = tl.snapshot()
    assert snap.phase is None and snap.phase_index is None and snap.breath_level == 0.0
    assert not snap.pacing


def test_breath_spans_read_an_explicit_clock_reading():
    tl, clock = started(Step("Breathe", 60, say="b", breath=PATTERNS["box"]))
    assert tl.breath_spans(now=130) == [(100, 130)]
    assert clock.now == 100


def test_two_pauses_at_one_moment_leave_no_empty_stretch():
    tl, clock = started(Step("Breathe", 60, say="b", breath=PATTERNS["box"]))
    clock.now += 10
    tl.pause()
    clock.now += 3
    tl.resume()
    tl.pause()  # again at the same active second
    clock.now += 2
    tl.resume()
    clock.now += 5
    # 10 s, then 5 paused, then 5 s more: two stretches, nothing of no length between
    assert tl.breath_spans() == [(100, 110), (115, 120)]


def test_a_pause_is_measured_from_the_pause_to_the_resume():
    from coreg.timing import Action, ActionKind
    from coreg.timing.spans import pauses

    p, r, n = ActionKind.PAUSE, ActionKind.RESUME, ActionKind.NEXT
    actions = [Action(p, 10, 0, 10), Action(n, 10, 0, 12), Action(r, 10, 1, 15)]
    assert pauses(actions) == [(10, 5)]  # going on while paused does not end the pause
    stray = [Action(r, 2, 0, 2), Action(p, 10, 0, 10), Action(r, 10, 0, 13), Action(r, 10, 0, 14)]
    assert pauses(stray) == [(10, 3)]  # a resume with no pause before it counts for nothing


def test_a_visit_of_no_length_is_no_stretch_of_breathing():
    from coreg.timing.spans import breath_visits

    steps = plan(ex(Step("B", 10, say="b", breath=PATTERNS["box"]), Step("C", 10, say="c")), ())
    assert breath_visits(steps, [(0, 0), (0, 1), (5, 0)], 9) == [(5, 9)]


# ---------------------------------------------------------------------------- the shared pace


def test_the_shared_pace_is_an_exercise_of_sounded_paces_named_as_ours():
    from coreg.library import OURS, StepCue
    from coreg.timing import EventKind, Timeline, pace_breath, pace_exercise

    exercise = pace_exercise((6.0, 5.0), seconds=30)
    assert exercise.id == "shared-pace"  # what the home screen and the log call it
    assert exercise.title and exercise.summary and all(step.say for step in exercise.steps)
    assert [step.name for step in exercise.steps] == [
        "About 6 breaths a minute",
        "About 5 breaths a minute",
    ]
    assert [step.breath for step in exercise.steps] == [pace_breath(6.0), pace_breath(5.0)]
    assert all(step.cue is StepCue.NORMAL for step in exercise.steps)
    assert (
        pace_breath(6.0).name == OURS
        and pace_breath(6.0).title == "Your shared pace (in 4 · out 6)"
    )
    tl = Timeline(exercise, ("Alex", "Sam"), Clock())
    tl.start()
    phases = [e for e in tl.poll(now=109) if e.kind is EventKind.PHASE]
    assert [(e.at, e.phase.kind, e.cue is not None) for e in phases] == [
        (0, IN, True),
        (4, OUT, True),
    ]


def test_a_pace_found_hard_does_not_stop_the_others_being_weighed():
    from coreg.timing import Rating, propose

    e, h = Rating.EASY, Rating.HARD
    assert propose({6.5: [h, e], 6.0: [e, e]}).per_minute == 6.0


def test_on_a_tie_the_slower_pace_wins_whatever_the_order():
    from coreg.timing import Rating, propose

    e = Rating.EASY
    assert propose({5.5: [e, e], 6.0: [e, e]}).per_minute == 5.5
    assert propose({6.0: [e, e], 5.5: [e, e]}).per_minute == 5.5


def test_a_nanosecond_early_is_on_time():
    from coreg.timing import Timeline

    clock = Clock()
    clock.now = 0.0
    tl = Timeline(ex(Step("A", 10, say="a"), Step("B", 10, say="b")), ("Alex", "Sam"), clock)
    tl.start()
    tl.poll()
    # two readings closer than a nanosecond are one moment: B is due a nanosecond early
    early = 10 - 1e-9
    assert [e.step_index for e in tl.poll(now=early)] == [1]
    assert tl.snapshot(now=early).step_index == 1


def test_going_on_while_paused_into_a_last_step_of_no_length_ends_with_sane_counts():
    tl, clock = started(Step("A", 10, say="a"), Step("Done", 0, say="done"))
    clock.now += 2
    tl.pause()
    clock.now += 3
    tl.resume()  # 3 s paused
    clock.now += 1
    tl.pause()  # at 3 active seconds, clock 106
    clock.now += 4
    tl.next()  # into "Done", which ends the session at once
    outcome = tl.outcome(now=200)
    assert outcome.ending.value == "completed" and outcome.seconds == 3
    # at least the pause that was resumed, never more than the clock ran beside the 3 s
    assert 3 <= outcome.paused_seconds <= 10 - 3
