"""The timeline and the plan, pinned where mutation testing found them loose.

Every expected number here is worked out by hand from the pattern, not read back from the code.
"""

from __future__ import annotations

import pytest

from coreg.library import (
    PATTERNS,
    Audience,
    Breath,
    Cue,
    Exercise,
    Phase,
    PhaseKind,
    Repeat,
    Step,
    StepCue,
)
from coreg.log import Ending
from coreg.timing import ActionKind, EventKind, Timeline, breath_levels
from coreg.timing.plan import plan

IN, TOP, HOLD, OUT = PhaseKind.IN, PhaseKind.TOP_UP, PhaseKind.HOLD, PhaseKind.OUT


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def ex(*steps, audience: Audience = Audience.COUPLE) -> Exercise:
    return Exercise("t", "T", "A test", steps=steps, audience=audience)


def started(*steps, names=("Alex", "Sam")) -> tuple[Timeline, Clock]:
    clock = Clock()
    tl = Timeline(ex(*steps), names, clock)
    tl.start()
    return tl, clock


def breath(*phases: tuple[PhaseKind, float]) -> Breath:
    return Breath(tuple(Phase(kind, seconds) for kind, seconds in phases))


def flat(levels) -> list[float]:
    return [x for pair in levels for x in pair]


# ---------------------------------------------------------------------------- breath levels


def test_lung_levels_of_the_named_patterns():
    assert breath_levels(PATTERNS["box"]) == ((0, 1), (1, 1), (1, 0), (0, 0))
    assert breath_levels(PATTERNS["4-7-8"]) == ((0, 1), (1, 1), (1, 0))
    levels = flat(breath_levels(PATTERNS["cyclic-sigh"]))  # the top-up adds the last fifth
    assert levels == pytest.approx(flat(((0, 0.8), (0.8, 1), (1, 0))))


def test_two_out_breaths_in_a_row_share_the_fall_and_end_empty():
    # 2 s and 6 s of out-breath: a quarter of the fall, then the other three quarters
    levels = flat(breath_levels(breath((IN, 4), (OUT, 2), (OUT, 6))))
    assert levels == pytest.approx(flat(((0, 1), (1, 0.75), (0.75, 0))))


def test_two_in_breaths_in_a_row_share_the_rise_by_length():
    levels = flat(breath_levels(breath((IN, 1), (IN, 3), (OUT, 6))))
    assert levels == pytest.approx(flat(((0, 0.25), (0.25, 1), (1, 0))))


def test_two_top_ups_share_the_last_fifth_each():
    levels = flat(breath_levels(breath((IN, 2), (TOP, 1), (TOP, 1), (OUT, 6))))
    assert levels == pytest.approx(flat(((0, 0.6), (0.6, 0.8), (0.8, 1.0), (1, 0))))


def test_top_ups_alone_fill_the_lungs_by_their_lengths():
    levels = flat(breath_levels(breath((TOP, 1), (TOP, 3), (OUT, 6))))
    assert levels == pytest.approx(flat(((0, 0.25), (0.25, 1), (1, 0))))


def test_a_pattern_may_start_anywhere_in_the_cycle():
    # starting on a hold with empty lungs; the cycle joins up after the last hold
    levels = flat(breath_levels(breath((HOLD, 2), (IN, 2), (OUT, 6), (HOLD, 1))))
    assert levels == flat(((0, 0), (0, 1), (1, 0), (0, 0)))
    # starting on the out-breath: the lungs are full there, empty after it
    levels = flat(breath_levels(breath((OUT, 6), (IN, 4))))
    assert levels == flat(((1, 0), (0, 1)))
    # no out-breath at all (the loader refuses it, the levels still make sense)
    assert breath_levels(breath((IN, 4), (HOLD, 2))) == ((0, 1), (1, 1))


# ---------------------------------------------------------------------------- phase_at


def box_step(seconds: float | None):
    tl, _ = started(Step("Box", seconds, say="Box", breath=PATTERNS["box"]))
    return tl.steps[0]


def test_exactly_at_the_steps_end_the_running_phase_stays():
    step = box_step(16)  # one whole cycle: the end falls where the next "in" would start
    span = step.phase_at(16)
    assert (span.index, span.phase.kind, span.start, span.end) == (3, HOLD, 12, 16)
    assert step.phase_at(30).index == 3  # past the end: still the last phase
    mid = box_step(8)  # the end falls where "out" would start
    span = mid.phase_at(8)
    assert (span.index, span.phase.kind, span.start, span.end) == (1, HOLD, 4, 8)
    cut = box_step(10)  # the end cuts the out-breath at 2 s
    span = cut.phase_at(10)
    assert (span.index, span.start, span.end, span.seconds) == (2, 8, 10, 2)


def test_phases_at_and_either_side_of_a_boundary():
    step = box_step(32)
    assert step.phase_at(-1).index == 0 and step.phase_at(0).start == 0
    assert step.phase_at(3.999).index == 0
    assert step.phase_at(4).index == 1  # a boundary belongs to the phase that begins
    second = step.phase_at(16)
    assert (second.index, second.start, second.end) == (0, 16, 20)  # the second cycle
    assert step.phase_at(31.5).index == 3


def test_an_untimed_step_breathes_on_past_any_length():
    step = box_step(None)
    span = step.phase_at(16 * 10 + 5)
    assert (span.index, span.start, span.end) == (1, 164, 168)
    with pytest.raises(ValueError, match="never ends: pass until="):
        list(step.phase_spans())
    assert [s.start for s in step.phase_spans(until=12)] == [0, 4, 8]


def test_phase_spans_stop_at_the_steps_end():
    spans = list(box_step(10).phase_spans())
    assert [(s.index, s.start, s.end) for s in spans] == [(0, 0, 4), (1, 4, 8), (2, 8, 10)]
    assert [s.start for s in box_step(8).phase_spans()] == [0, 4]


def test_a_step_without_a_breath_has_no_phase():
    tl, _ = started(Step("Sit", 10, say="Sit"))
    assert tl.steps[0].phase_at(3) is None and list(tl.steps[0].phase_spans()) == []
    snap = tl.snapshot()
    assert snap.phase is None and snap.phase_index is None
    assert (snap.phase_elapsed, snap.phase_remaining, snap.phase_fraction) == (0, 0, 0)
    assert (snap.breath_level, snap.breath_rate) == (0, 0)


def test_the_snapshot_of_a_breath_reads_level_and_rate():
    tl, clock = started(Step("Breathe", 60, say="Breathe", breath=PATTERNS["extended-exhale"]))
    clock.now += 5.5  # 1.5 s into a 6 s out-breath
    snap = tl.snapshot()
    assert snap.phase.kind is OUT and snap.phase_index == 1
    assert snap.phase_elapsed == pytest.approx(1.5) and snap.phase_remaining == pytest.approx(4.5)
    assert snap.phase_fraction == pytest.approx(0.25)
    assert snap.breath_level == pytest.approx(0.75)
    assert snap.breath_rate == pytest.approx(-1 / 6)


# ---------------------------------------------------------------------------- the plan


def test_the_plan_fills_both_names_in_every_text():
    step = Step("Hold {b}", 10, say="{a} and {b}", a="Look at {b}", b="Look at {a}")
    (planned,) = plan(ex(step), ("Alex", "Sam"))
    assert planned.name == "Hold Sam" and planned.say == "Alex and Sam"
    assert (planned.left, planned.right) == ("Look at Sam", "Look at Alex")


def test_one_name_leaves_the_second_empty():
    tl = Timeline(ex(Step("Sit", 10, say="Sit")), ("Alex",), Clock())
    assert tl.names == ("Alex", "")
    assert Timeline(ex(Step("Sit", 10, say="Sit")), ("A", "B", "C"), Clock()).names == ("A", "B")


def test_repeats_swap_roles_every_other_round():
    block = Repeat(4, (Step("Speak", 10, a="{a} speaks", b="{b} listens"),), swap=True)
    steps = plan(ex(block), ("Alex", "Sam"))
    assert [s.swapped for s in steps] == [False, True, False, True]
    assert [(s.round, s.rounds) for s in steps] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert (steps[0].left, steps[0].right) == ("Alex speaks", "Sam listens")
    assert (steps[1].left, steps[1].right) == ("Alex listens", "Sam speaks")  # roles traded
    single = plan(ex(Step("Sit", 10, say="Sit")), ("Alex", "Sam"))[0]
    assert single.swapped is False and (single.round, single.rounds) == (1, 1)


def test_the_plan_refuses_what_could_never_run():
    with pytest.raises(ValueError, match="'Back' has a negative length"):
        plan(ex(Step("Back", -1, say="x")), ("A", "B"))
    with pytest.raises(ValueError, match="'Flat' has a breath phase of no length"):
        plan(ex(Step("Flat", 10, say="x", breath=breath((IN, 0), (OUT, 4)))), ("A", "B"))
    assert plan(ex(Step("Blink", 0.5, say="x")), ("A", "B"))[0].seconds == 0.5
    assert plan(ex(Step("Nothing", 0, say="x")), ("A", "B"))[0].seconds == 0
    with pytest.raises(ValueError, match="'t' has no steps"):
        Timeline(ex(), ("A", "B"), Clock())


def test_a_steps_events_name_their_step():
    tl, clock = started(Step("One", 10, say="x"), Step("Two", 60, say="y", cue=StepCue.HALFWAY))
    clock.now += 70
    events = tl.poll()
    halfway = [e for e in events if e.kind is EventKind.HALFWAY]
    last = [e for e in events if e.kind is EventKind.LAST]
    assert [(e.step_index, e.at) for e in halfway] == [(1, 40.0)]
    assert [(e.step_index, e.at, e.text) for e in last] == [(1, 60.0, "Ten seconds left")]
    (end,) = [e for e in events if e.kind is EventKind.END]
    assert (end.step_index, end.at, end.text, end.cue) == (1, 70.0, "Well done", Cue.END)


# ---------------------------------------------------------------------------- the timeline


def test_starting_twice_does_nothing():
    tl, clock = started(Step("Sit", 10, say="Sit"))
    clock.now += 4
    tl.start()
    assert tl.elapsed() == 4 and tl.started_at == 100.0


def test_actions_are_logged_with_their_kind_step_and_time():
    tl, clock = started(*(Step(n, None, say=n) for n in ("A", "B", "C")))
    clock.now += 5
    tl.next()
    clock.now += 5
    tl.next()
    clock.now += 2
    tl.back()
    clock.now += 3
    tl.interrupt()
    actions = [(a.kind, a.at, a.step_index, a.clock_seconds) for a in tl.outcome().actions]
    assert actions == [
        (ActionKind.NEXT, 5, 0, 5),
        (ActionKind.NEXT, 10, 1, 10),
        (ActionKind.BACK, 12, 2, 12),
        (ActionKind.INTERRUPT, 15, 1, 15),
    ]
    outcome = tl.outcome()
    assert outcome.ending is Ending.INTERRUPTED and outcome.seconds == 15
    assert outcome.steps_completed == 2  # steps A and B were left behind


def test_back_goes_one_step_back_not_two():
    tl, clock = started(*(Step(n, 10, say=n) for n in ("A", "B", "C")))
    clock.now += 25  # in C
    tl.poll()
    tl.back()
    assert tl.snapshot().step_index == 1 and tl.snapshot().step_elapsed == 0
    clock.now += 1
    tl.back()
    tl.back()
    assert tl.snapshot().step_index == 0


def test_steps_that_run_out_count_as_completed_each():
    tl, clock = started(*(Step(n, 10, say=n) for n in ("A", "B", "C")))
    clock.now += 25
    tl.poll()
    assert tl.outcome().steps_completed == 2
    clock.now += 5
    tl.poll()
    outcome = tl.outcome()
    assert outcome.steps_completed == 3 and outcome.ending is Ending.COMPLETED


def test_next_on_the_last_step_completes_at_that_moment():
    tl, clock = started(Step("A", 10, say="a"), Step("Talk", None, say="talk"))
    clock.now += 14
    tl.next()  # off the untimed last step, 4 s into it
    clock.now += 100
    outcome = tl.outcome()
    assert outcome.ending is Ending.COMPLETED and outcome.seconds == 14
    snap = tl.snapshot()
    assert not snap.waiting and snap.finished and snap.progress == 1.0
    (end,) = [e for e in tl.poll() if e.kind is EventKind.END]
    assert (end.step_index, end.at) == (1, 14)


def test_ending_early_while_paused_counts_the_pause_only_up_to_the_end():
    tl, clock = started(Step("A", 60, say="a"), Step("B", 60, say="b"))
    clock.now += 10
    tl.pause()
    clock.now += 5
    tl.end_early()
    clock.now += 100
    outcome = tl.outcome()
    assert outcome.paused_seconds == 5 and outcome.seconds == 10
    assert outcome.ending is Ending.ENDED_EARLY
    (end,) = tl.poll()[-1:]
    assert (end.kind, end.step_index, end.text, end.cue) == (
        EventKind.END,
        0,
        "Ended early",
        None,
    )


def test_an_explicit_reading_is_used_instead_of_the_clock():
    tl, clock = started(Step("A", 10, say="a"), Step("B", 10, say="b"))
    tl.poll()
    assert tl.next_event_in(now=104) == pytest.approx(6)  # the step change at 10 s
    assert tl.next_second_in(now=104.25) == pytest.approx(0.75)
    assert tl.snapshot(now=105).step_elapsed == 5  # readings only move forward
    assert tl.elapsed(now=106) == 6
    assert [e.step_index for e in tl.poll(now=115) if e.kind is EventKind.STEP] == [1]
    assert tl.outcome(now=116).seconds == 16
    assert clock.now == 100.0


def test_no_next_event_or_second_once_paused_or_finished():
    tl, clock = started(Step("A", 10, say="a"))
    tl.poll()
    tl.pause()
    assert tl.next_event_in() is None and tl.next_second_in() is None
    tl.resume()
    assert tl.next_event_in() == pytest.approx(10)
    clock.now += 10
    tl.poll()
    assert tl.finished
    assert tl.next_event_in() is None and tl.next_second_in() is None
    fresh = Timeline(ex(Step("A", 10, say="a")), ("A", "B"), clock)
    assert fresh.next_event_in() is None and fresh.next_second_in() is None


def test_an_untimed_step_counts_up_in_whole_seconds():
    tl, clock = started(Step("Talk", None, say="talk"))
    clock.now += 2.25
    assert tl.next_second_in() == pytest.approx(0.75)
    snap = tl.snapshot()
    assert snap.waiting and snap.step_remaining is None


def test_progress_with_an_untimed_step_counts_steps():
    tl, clock = started(Step("A", 10, say="a"), Step("Talk", None, say="talk"))
    clock.now += 5
    assert tl.snapshot().progress == pytest.approx(0.25)  # half of the first of two steps
    clock.now += 5
    tl.poll()
    assert tl.snapshot().progress == pytest.approx(0.5)  # an untimed step has no "half"
    clock.now += 50
    assert tl.snapshot().progress == pytest.approx(0.5)


def test_progress_of_timed_steps_is_by_time():
    tl, clock = started(Step("A", 10, say="a"), Step("B", 30, say="b"))
    clock.now += 20
    assert tl.snapshot().progress == pytest.approx(0.5)
    clock.now += 20
    tl.poll()
    assert tl.snapshot().progress == 1.0


def test_a_silent_last_step_ends_without_a_sound():
    tl, clock = started(Step("A", 10, say="a", cue=StepCue.SILENT))
    clock.now += 10
    (end,) = [e for e in tl.poll() if e.kind is EventKind.END]
    assert end.cue is None and end.text == "Well done"


def test_a_phase_shorter_than_a_second_is_found_at_its_start():
    tl, _ = started(Step("Quick", 20, say="q", breath=breath((IN, 1), (OUT, 4))))
    step = tl.steps[0]
    assert step.phase_at(0.5).index == 0 and step.phase_at(0.5).phase.kind is IN
    assert step.phase_at(1).index == 1


def test_a_step_ending_where_the_second_phase_would_begin():
    span = box_step(4).phase_at(4)  # the end is where "hold" would start: "in" stays
    assert (span.index, span.start, span.end) == (0, 0, 4)
    assert span.fraction(span.end + 10) == 1.0 and span.fraction(span.start - 1) == 0.0
    assert span.level(span.end + 10) == 1.0


def test_the_countdown_wakes_at_each_second_of_any_step():
    tl, clock = started(Step("A", 10, say="a"), Step("B", 10, say="b"))
    clock.now += 0.25
    assert tl.next_second_in() == pytest.approx(0.75)
    clock.now += 12  # 2.25 s into B
    tl.poll()
    assert tl.next_second_in() == pytest.approx(0.75)
    assert tl.snapshot().step_remaining == pytest.approx(7.75)


def test_interrupting_a_paused_session_counts_the_pause_up_to_then():
    tl, clock = started(Step("A", 60, say="a"))
    clock.now += 10
    tl.pause()
    clock.now += 5
    tl.interrupt()
    clock.now += 100
    outcome = tl.outcome()
    assert (outcome.ending, outcome.paused_seconds, outcome.seconds) == (
        Ending.INTERRUPTED,
        5,
        10,
    )
