"""Until the first frame the collector rests and threads take turns often (so the frame reaches
the terminal at once); after it, both are as they were, for the rest of the app's life."""

from __future__ import annotations

import gc
import sys

import pytest

from coreg.tui import firstframe
from coreg.tui.firstframe import START_SWITCH_SECONDS, hold_start, release_start
from tests.app_helpers import make_app

USUAL = 0.005  # Python's own default


@pytest.fixture
def usual_start():
    """A known state before, and the worker's own state back after, whatever the test did."""
    switch, collecting = sys.getswitchinterval(), gc.isenabled()
    sys.setswitchinterval(USUAL)
    gc.enable()
    firstframe._usual.clear()
    yield
    firstframe._usual.clear()
    sys.setswitchinterval(switch)
    gc.unfreeze()  # the release froze what this worker had built: let it be collected again
    (gc.enable if collecting else gc.disable)()


def test_the_hold_stops_the_collector_and_has_threads_take_turns_often(usual_start):
    hold_start()
    assert not gc.isenabled()
    assert sys.getswitchinterval() == pytest.approx(START_SWITCH_SECONDS)
    assert START_SWITCH_SECONDS < USUAL / 5


def test_the_release_puts_back_what_the_hold_changed(usual_start):
    sys.setswitchinterval(0.002)  # whatever it was, not Python's default
    hold_start()
    release_start()
    assert gc.isenabled()
    assert sys.getswitchinterval() == pytest.approx(0.002)


def test_a_second_hold_or_release_changes_nothing(usual_start):
    hold_start()
    hold_start()  # must not take the short interval for the usual one
    release_start()
    assert sys.getswitchinterval() == pytest.approx(USUAL)
    sys.setswitchinterval(0.003)  # set by someone else since: a late release leaves it
    release_start()
    assert sys.getswitchinterval() == pytest.approx(0.003)
    assert gc.isenabled()


async def test_the_app_ends_the_hold_once_its_first_frame_is_drawn(tmp_path, usual_start):
    hold_start()
    app = make_app(tmp_path, start="pause", collector_paused=True)
    drawn = []
    first = app.first_frame_drawn

    def first_frame() -> None:
        drawn.append((gc.isenabled(), sys.getswitchinterval()))
        first()

    app.first_frame_drawn = first_frame  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert drawn == [(False, pytest.approx(START_SWITCH_SECONDS))]  # held until then
        assert gc.isenabled()
        assert sys.getswitchinterval() == pytest.approx(USUAL)
