"""The timeline against a fake clock: whole sessions checked to the millisecond, in milliseconds."""

from __future__ import annotations

import pytest

from coreg.library import PATTERNS, Breath, Cue, Exercise, Phase, PhaseKind, Repeat, Step, StepCue
from coreg.log import Ending
from coreg.timing import ActionKind, EventKind, Timeline, breath_levels

MS = 0.001
T0 = 5000.0  # the fake clock's reading at the start: nothing may assume it starts at zero


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def at(self, active: float) -> FakeClock:
        """Set the clock to ``active`` seconds after T0 (for sessions without pauses)."""
        self.now = T0 + active
        return self


def exercise(*steps: Step | Repeat, audience: str = "couple") -> Exercise:
    from coreg.library import Audience

    return Exercise("test", "Test", "A test exercise", steps=steps, audience=Audience(audience))


def started(ex: Exercise, names=("Alex", "Sam")) -> tuple[Timeline, FakeClock]:
    clock = FakeClock()
    timeline = Timeline(ex, names, clock)
    timeline.start()
    return timeline, clock


# --------------------------------------------------------------------------------------------
# Two whole sessions, boundary by boundary


def test_twenty_minute_time_out_at_every_phase_boundary_and_either_side():
    """The time-out: 20 minutes of in 4 / out 6, each change exactly on time, the end once."""
    tl, clock = started(exercise(Step("Time-out", 1200, breath=PATTERNS["extended-exhale"])))
    seen = tl.poll()
    assert [(e.kind, e.cue) for e in seen] == [
        (EventKind.STEP, Cue.STEP),
        (EventKind.PHASE, Cue.IN),
    ]
    boundaries = sorted({c * 10 + d for c in range(120) for d in (0, 4)} - {0})
    for b in boundaries:
        before = tl.snapshot(clock.at(b - MS).now)
        assert tl.poll() == []
        assert before.phase_remaining == pytest.approx(MS, abs=1e-9)
        assert tl.next_event_in() == pytest.approx(MS, abs=1e-9)
        events = tl.poll(clock.at(b).now)
        expected = [(EventKind.PHASE, b * 1000)]
        if b == 1170:  # "Thirty seconds left" falls on an in-breath: phase first
            expected.append((EventKind.LAST, 1_170_000))
            assert (events[1].text, events[1].cue) == ("Thirty seconds left", Cue.LAST)
        assert [(e.kind, round(e.at * 1000)) for e in events] == expected
        kind = PhaseKind.IN if b % 10 == 0 else PhaseKind.OUT
        assert events[0].phase.kind is kind
        assert events[0].cue is kind.cue
        at = tl.snapshot()
        assert (at.phase.kind, at.phase_elapsed, at.step_remaining) == (kind, 0.0, 1200 - b)
        assert at.breath_level == (0.0 if kind is PhaseKind.IN else 1.0)
        after = tl.snapshot(clock.at(b + MS).now)
        assert after.phase.kind is kind
        assert after.phase_elapsed == pytest.approx(MS, abs=1e-9)
        assert not after.finished
    assert tl.poll(clock.at(1200 - MS).now) == []
    assert tl.next_event_in() == pytest.approx(MS, abs=1e-9)
    assert not tl.snapshot().finished
    end = tl.poll(clock.at(1200).now)
    assert [(e.kind, e.cue, e.at) for e in end] == [(EventKind.END, Cue.END, 1200.0)]
    assert tl.poll(clock.at(1300).now) == []
    done = tl.snapshot()
    assert done.finished and done.ending is Ending.COMPLETED and done.progress == 1.0
    assert done.elapsed == 1200.0
    assert tl.next_event_in() is None
    out = tl.outcome()
    assert (out.ending, out.steps_completed, out.steps_total, out.seconds) == (
        Ending.COMPLETED,
        1,
        1,
        1200.0,
    )


def resonance_session() -> Exercise:
    return exercise(
        Step("Settle", 30, say="Sit facing each other"),
        Step("Breathe", 540, breath=PATTERNS["resonance"]),
        Step("Close", 30, say="Share one word"),
    )


def resonance_schedule_ms() -> list[tuple[EventKind, int]]:
    """What the 10-minute resonance session must do, worked out in whole milliseconds."""
    expected = [(EventKind.STEP, 0), (EventKind.STEP, 30_000)]
    k = 0
    while 30_000 + k * 5_500 < 570_000:
        expected.append((EventKind.PHASE, 30_000 + k * 5_500))
        k += 1
    expected += [(EventKind.LAST, 540_000), (EventKind.STEP, 570_000), (EventKind.END, 600_000)]
    order = [EventKind.STEP, EventKind.PHASE, EventKind.HALFWAY, EventKind.LAST, EventKind.END]
    return sorted(expected, key=lambda e: (e[1], order.index(e[0])))


def test_ten_minute_resonance_session_every_event_to_the_millisecond():
    tl, clock = started(resonance_session())
    expected = resonance_schedule_ms()
    got = tl.poll()  # the first step begins at the start
    for _kind, ms in expected[1:]:
        before = tl.poll(clock.at(ms / 1000 - MS).now)
        got += before
        assert all(round(e.at * 1000) < ms for e in before)
        got += tl.poll(clock.at(ms / 1000).now)
        got += tl.poll(clock.at(ms / 1000 + MS).now)
    assert [(e.kind, round(e.at * 1000)) for e in got] == expected
    assert all(abs(e.at * 1000 - ms) < 1e-6 for e, (_, ms) in zip(got, expected, strict=True))
    assert [e.kind for e in got].count(EventKind.END) == 1


def test_resonance_last_breath_is_cut_so_phases_sum_to_the_step():
    tl, clock = started(resonance_session())
    breathe = tl.steps[1]
    spans = list(breathe.phase_spans())
    assert sum(s.seconds for s in spans) == pytest.approx(540, abs=1e-9)
    assert spans[-1].phase.kind is PhaseKind.IN and spans[-1].seconds == pytest.approx(1.0)
    # 539.5 s into the step: the cut in-breath has half a second left, then the step changes.
    tl.poll(clock.at(30 + 539.5).now)
    snap = tl.snapshot()
    assert snap.phase.kind is PhaseKind.IN
    assert snap.phase_remaining == pytest.approx(0.5)
    assert snap.phase_fraction == pytest.approx(0.5 / 5.5)  # against the full 5.5 s in-breath
    assert tl.next_event_in() == pytest.approx(0.5)
    assert tl.snapshot(clock.at(570).now).step.name == "Close"


# --------------------------------------------------------------------------------------------
# The plan


def test_repeat_rounds_swap_roles_and_fill_names():
    heart = Step(
        "Heart {a}",
        60,
        say="{a} leads",
        a="Rest your hand on {b}'s heart",
        b="Lay your hand over {a}'s hand",
    )
    tl = Timeline(exercise(Repeat(3, (heart,))), ("Alex", "Sam"), FakeClock())
    first, second, third = tl.steps
    assert (first.left, first.right) == (
        "Rest your hand on Sam's heart",
        "Lay your hand over Alex's hand",
    )
    assert (second.left, second.right) == (
        "Lay your hand over Sam's hand",
        "Rest your hand on Alex's heart",
    )
    assert (second.say, second.name) == ("Sam leads", "Heart Sam")
    assert (third.left, third.swapped) == (first.left, False)
    assert [(s.index, s.round, s.rounds, s.swapped) for s in tl.steps] == [
        (0, 1, 3, False),
        (1, 2, 3, True),
        (2, 3, 3, False),
    ]


def test_repeat_without_swap_keeps_roles():
    step = Step("Talk", 60, a="{a} speaks", b="{b} listens")
    tl = Timeline(
        exercise(Repeat(2, (step,), swap=False), Step("After", 10)), ("A", "B"), FakeClock()
    )
    assert [s.left for s in tl.steps] == ["A speaks", "A speaks", ""]
    assert [(s.round, s.rounds) for s in tl.steps] == [(1, 2), (2, 2), (1, 1)]


def test_solo_exercise_with_one_name_runs_to_the_end():
    ex = exercise(
        Step("Hand on heart", 20, say="Kind words to yourself, {a}", b="{b}"),
        audience="solo",
    )
    tl, clock = started(ex, names=("Alex", ""))
    assert tl.steps[0].say == "Kind words to yourself, Alex"
    assert [e.kind for e in tl.poll(clock.at(20).now)] == [EventKind.STEP, EventKind.END]


@pytest.mark.parametrize(
    ("seconds", "warning"),
    [
        (1200, (1170, "Thirty seconds left")),
        (120, (90, "Thirty seconds left")),
        (119, (109, "Ten seconds left")),
        (40, (30, "Ten seconds left")),
        (39, None),
        (None, None),
    ],
)
def test_last_seconds_warning_depends_on_step_length(seconds, warning):
    tl, clock = started(exercise(Step("S", seconds)))
    events = tl.poll(clock.at(2000).now)
    got = [(e.at, e.text) for e in events if e.kind is EventKind.LAST]
    assert got == ([warning] if warning else [])


def test_halfway_only_for_halfway_steps():
    tl, clock = started(exercise(Step("Swap hands", 60, cue=StepCue.HALFWAY), Step("Rest", 60)))
    events = tl.poll(clock.at(200).now)
    halfway = [(e.at, e.cue, e.text) for e in events if e.kind is EventKind.HALFWAY]
    assert halfway == [(30.0, Cue.HALFWAY, "Halfway")]


@pytest.mark.parametrize(
    ("mode", "sounding"),
    [
        (StepCue.NORMAL, {EventKind.STEP, EventKind.PHASE, EventKind.LAST, EventKind.END}),
        (StepCue.HALFWAY, set(EventKind) - {EventKind.ROLES}),  # no roles in this step
        (StepCue.QUIET, {EventKind.STEP, EventKind.END}),
        (StepCue.SILENT, set()),
    ],
)
def test_step_cue_setting_mutes_cues_but_keeps_events(mode, sounding):
    tl, clock = started(exercise(Step("S", 60, breath=PATTERNS["box"], cue=mode)))
    events = tl.poll(clock.at(60).now)
    kinds = {e.kind for e in events}
    assert {EventKind.STEP, EventKind.PHASE, EventKind.LAST, EventKind.END} <= kinds
    assert {e.kind for e in events if e.cue is not None} == sounding


def test_phase_cues_follow_the_phase_kind():
    tl, clock = started(exercise(Step("Sigh", 10.5, breath=PATTERNS["cyclic-sigh"])))
    phases = [e for e in tl.poll(clock.at(10.5).now) if e.kind is EventKind.PHASE]
    assert [(e.at, e.cue, e.text) for e in phases] == [
        (0.0, Cue.IN, "Breathe in"),
        (2.5, Cue.IN, "A little more in"),
        (3.5, Cue.OUT, "Breathe out"),
        (10.0, Cue.IN, "Breathe in"),
    ]


def test_breath_level_rises_holds_and_falls():
    tl, clock = started(exercise(Step("Box", 16, breath=PATTERNS["box"])))
    levels = [tl.snapshot(clock.at(t).now).breath_level for t in (0, 2, 4, 6, 8, 10, 12, 14)]
    assert levels == pytest.approx([0, 0.5, 1, 1, 1, 0.5, 0, 0])
    sigh = [level for pair in breath_levels(PATTERNS["cyclic-sigh"]) for level in pair]
    assert sigh == pytest.approx([0.0, 0.8, 0.8, 1.0, 1.0, 0.0])


def test_breath_level_for_a_pattern_that_starts_on_the_out_breath():
    odd = Breath((Phase(PhaseKind.OUT, 4), Phase(PhaseKind.HOLD, 2), Phase(PhaseKind.IN, 4)))
    levels = [level for pair in breath_levels(odd) for level in pair]
    assert levels == pytest.approx([1.0, 0.0, 0.0, 0.0, 0.0, 1.0])


# --------------------------------------------------------------------------------------------
# Moments that meet


def test_step_change_on_a_phase_boundary_gives_step_then_the_new_steps_phase():
    # 8 s of in 4 / out 4: the next in-breath would fall exactly on the step change.
    tl, clock = started(
        exercise(
            Step("One", 8, breath=Breath((Phase(PhaseKind.IN, 4), Phase(PhaseKind.OUT, 4)))),
            Step("Two", 8, breath=PATTERNS["box"]),
        )
    )
    tl.poll(clock.at(8 - MS).now)
    events = tl.poll(clock.at(8).now)
    assert [(e.kind, e.step_index, e.at) for e in events] == [
        (EventKind.STEP, 1, 8.0),
        (EventKind.PHASE, 1, 8.0),
    ]
    assert events[1].phase.kind is PhaseKind.IN and events[1].cue is Cue.IN
    just_before = Timeline(tl.exercise, tl.names, FakeClock())
    just_before.start()
    phases = [e for e in just_before.poll(T0 + 8 - MS) if e.kind is EventKind.PHASE]
    assert [e.at for e in phases] == [0.0, 4.0]  # no in-breath of step One at 8 s


def test_late_poll_returns_everything_in_order_without_dropping_steps():
    tl, clock = started(
        exercise(
            Step("A", 2, breath=Breath((Phase(PhaseKind.IN, 1), Phase(PhaseKind.OUT, 1)))),
            Step("B", 1),
        )
    )
    events = tl.poll(clock.at(3.0).now)  # the app stalled for three seconds
    assert [(e.kind, e.at) for e in events] == [
        (EventKind.STEP, 0.0),
        (EventKind.PHASE, 0.0),
        (EventKind.PHASE, 1.0),
        (EventKind.STEP, 2.0),
        (EventKind.END, 3.0),
    ]
    assert tl.outcome().seconds == 3.0


def test_polling_often_or_rarely_gives_the_same_events():
    ex = resonance_session()
    often, clock = started(ex)
    many = []
    t = 0.0
    while t < 620:
        t += 0.0173  # an odd tick that never lands on a boundary
        many += often.poll(clock.at(t).now)
    rarely, clock2 = started(ex)
    once = rarely.poll(clock2.at(620).now)
    assert many == once


# --------------------------------------------------------------------------------------------
# Pausing and the partners' keys


def test_paused_time_does_not_count():
    tl, clock = started(exercise(Step("S", 60, breath=PATTERNS["resonance-5"])))
    tl.poll(clock.at(12).now)
    tl.pause()
    assert tl.paused and tl.next_event_in() is None
    clock.now += 300
    frozen = tl.snapshot()
    assert (frozen.elapsed, frozen.step_remaining, frozen.paused) == (12, 48, True)
    assert frozen.phase.kind is PhaseKind.IN and frozen.phase_elapsed == pytest.approx(2)
    assert tl.poll() == []  # nothing happens during the pause
    tl.resume()
    assert tl.next_event_in() == pytest.approx(3)
    clock.now += 48
    assert [e.kind for e in tl.poll()][-1] is EventKind.END
    out = tl.outcome()
    assert (out.seconds, out.paused_seconds) == (60, 300)
    assert [(a.kind, a.at, a.clock_seconds) for a in out.actions] == [
        (ActionKind.PAUSE, 12, 12),
        (ActionKind.RESUME, 12, 312),
    ]


def test_toggle_pause_and_repeated_pause_are_harmless():
    tl, clock = started(exercise(Step("S", 60)))
    tl.toggle_pause()
    tl.pause()
    clock.now += 10
    tl.toggle_pause()
    tl.resume()
    assert not tl.paused
    assert [a.kind for a in tl.outcome().actions] == [ActionKind.PAUSE, ActionKind.RESUME]
    assert tl.outcome().paused_seconds == 10


def test_untimed_step_waits_for_next():
    tl, clock = started(exercise(Step("Ready?", None, say="Press a key"), Step("Go", 10)))
    tl.poll()
    snap = tl.snapshot(clock.at(500).now)
    assert (snap.step_index, snap.waiting, snap.step_remaining) == (0, True, None)
    assert tl.next_event_in() is None and tl.poll() == []
    tl.next()
    assert [(e.kind, e.step_index, e.at) for e in tl.poll()] == [(EventKind.STEP, 1, 500.0)]
    assert tl.next_event_in() == pytest.approx(10)
    assert [e.kind for e in tl.poll(clock.at(510).now)] == [EventKind.END]
    assert tl.outcome().ending is Ending.COMPLETED


def test_untimed_breath_timer_cycles_forever():
    tl, clock = started(exercise(Step("Breathe", None, breath=PATTERNS["4-7-8"])))
    tl.poll()
    # an hour on: 189 cycles of 19 s (3591 s), then 1.5 s into the in-breath
    snap = tl.snapshot(clock.at(189 * 19 + 1.5).now)
    assert (snap.phase.kind, snap.phase_elapsed) == (PhaseKind.IN, pytest.approx(1.5))
    assert snap.waiting and not snap.finished and snap.step_index == 0
    assert tl.next_event_in() == pytest.approx(0)  # the missed phase changes are due
    events = tl.poll()
    assert len(events) == 189 * 3 and events[-1].at == pytest.approx(189 * 19)
    assert tl.next_event_in() == pytest.approx(2.5)  # the next change: hold at 4 s


def test_next_skips_and_back_returns_to_the_previous_start():
    tl, clock = started(exercise(Step("A", 60), Step("B", 60), Step("C", 60)))
    tl.poll()
    clock.at(10)
    tl.next()
    assert [(e.kind, e.step_index, e.at) for e in tl.poll()] == [(EventKind.STEP, 1, 10.0)]
    snap = tl.snapshot(clock.at(25).now)
    assert (snap.step_index, snap.step_elapsed, snap.elapsed) == (1, 15, 25)
    tl.back()
    assert [(e.kind, e.step_index, e.at) for e in tl.poll()] == [(EventKind.STEP, 0, 25.0)]
    assert tl.snapshot().step_elapsed == 0
    tl.back()  # on the first step: start it again
    assert [(e.step_index, e.at) for e in tl.poll()] == [(0, 25.0)]
    # From here the steps run on their own: B at 85, C at 145, the end at 205.
    events = tl.poll(clock.at(205).now)
    assert [(e.kind, e.at) for e in events if e.kind is not EventKind.LAST] == [
        (EventKind.STEP, 85.0),
        (EventKind.STEP, 145.0),
        (EventKind.END, 205.0),
    ]


def test_next_on_the_last_step_completes():
    tl, clock = started(exercise(Step("A", 60), Step("B", None)))
    clock.at(61)
    tl.next()
    events = tl.poll()
    assert [e.kind for e in events] == [
        EventKind.STEP,
        EventKind.LAST,
        EventKind.STEP,
        EventKind.END,
    ]
    assert events[-1].cue is Cue.END and events[-1].at == 61
    out = tl.outcome()
    assert (out.ending, out.steps_completed, out.steps_total) == (Ending.COMPLETED, 2, 2)
    tl.next()  # after the end, keys do nothing
    tl.back()
    assert tl.poll() == [] and len(tl.outcome().actions) == 1


def test_end_early_records_where_it_stopped():
    tl, clock = started(exercise(Step("A", 30), Step("B", 30), Step("C", 30)))
    clock.at(45)
    tl.pause()
    clock.now += 20
    tl.end_early()
    events = tl.poll()
    assert (events[-1].kind, events[-1].cue, events[-1].at) == (EventKind.END, None, 45)
    snap = tl.snapshot(clock.now + 100)
    assert (snap.finished, snap.ending, snap.step_index, snap.paused) == (
        True,
        Ending.ENDED_EARLY,
        1,
        False,
    )
    assert snap.progress == pytest.approx(0.5)
    out = tl.outcome()
    assert (out.ending, out.steps_completed, out.seconds, out.paused_seconds) == (
        Ending.ENDED_EARLY,
        1,
        45,
        20,
    )
    assert [a.kind for a in out.actions] == [ActionKind.PAUSE, ActionKind.END]


def test_interrupt_before_or_after_the_end():
    never = Timeline(exercise(Step("A", 30)), ("A", "B"), FakeClock())
    never.interrupt()
    assert never.outcome().ending is Ending.INTERRUPTED and never.outcome().seconds == 0
    assert [e.kind for e in never.poll()] == [EventKind.END]
    never.start()
    assert never.snapshot().finished
    done, clock = started(exercise(Step("A", 30)))
    clock.at(31)
    done.interrupt()  # the app quits after a finished session: it stays finished
    assert done.outcome().ending is Ending.COMPLETED
    assert [e.kind for e in done.poll()].count(EventKind.END) == 1


def test_progress_and_position_before_the_start():
    tl = Timeline(resonance_session(), ("A", "B"), FakeClock())
    snap = tl.snapshot()
    assert (snap.step_index, snap.elapsed, snap.progress, snap.finished) == (0, 0, 0, False)
    assert tl.next_event_in() is None and tl.poll() == []
    assert tl.outcome().ending is None
