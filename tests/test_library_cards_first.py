"""The user's own exercises reach the home list from their cards first (2,000 files list in a
fifth of the time), then become whole exercises without the list being filled twice, and an
exercise started meanwhile is whole all the same."""

from __future__ import annotations

import threading

import coreg.library as library_package
from coreg.library import Card, Exercise, load_cards, load_library
from coreg.tui.screens.home import HomeScreen
from coreg.tui.startup import lists_alike
from tests.app_helpers import make_app, settle
from tests.test_library_cache import BROKEN, OURS, list_ids, write

ABOUT = "about: Breathe as slowly as you both can.\n"


def held_whole_load(monkeypatch) -> threading.Event:
    """The whole library waits, on its thread, until the returned event is set."""
    release = threading.Event()
    real = library_package.load_library

    def held(*args, **kwargs):
        if kwargs.get("user_dirs") != ():  # the built-ins alone come at once
            assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(library_package, "load_library", held)
    return release


async def wait_for(pilot, ready) -> None:
    for _ in range(200):
        if ready():
            return
        await pilot.pause(0.01)
    raise AssertionError("never happened")


async def test_the_list_shows_the_users_own_from_their_cards_then_they_become_whole(
    tmp_path, monkeypatch
):
    folder = tmp_path / "config" / "exercises"
    write(folder, "ours.yaml", OURS + ABOUT)
    write(folder, "broken.yaml", BROKEN)
    release = held_whole_load(monkeypatch)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        fills = []
        fill = home.fill_list
        home.fill_list = lambda keep=True: fills.append(keep) or fill(keep)  # type: ignore[method-assign]
        await wait_for(pilot, lambda: "ours" in list_ids(home))
        listed = app.library_so_far.get("ours")
        assert isinstance(listed, Card)  # listed before any exercise was built
        assert listed.about == "Breathe as slowly as you both can."
        home.query_one("#exercise-list").highlighted = list_ids(home).index("ours") + 1
        await pilot.pause()
        assert "Breathe as slowly" in str(home.query_one("#detail-about").render())
        release.set()
        await settle(app)
        await pilot.pause()
        assert isinstance(app.library_so_far.get("ours"), Exercise)
        assert len(fills) == 1  # filled once, from the cards: the whole library lists alike
        warnings = [n.message for n in app._notifications if "could not be loaded" in n.message]
        assert len(warnings) == 1, warnings  # the broken file is said once, not twice


async def test_an_exercise_started_while_only_cards_are_listed_is_whole(tmp_path, monkeypatch):
    folder = tmp_path / "config" / "exercises"
    write(folder, "ours.yaml", OURS)
    release = held_whole_load(monkeypatch)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        home = app.screen
        await wait_for(pilot, lambda: "ours" in list_ids(home))
        release.set()  # the start below reads the library itself; the thread may go on
        app.start_exercise("ours", "Alex")
        await pilot.pause()
        assert not isinstance(app.screen, HomeScreen)
        assert isinstance(app.library.get("ours"), Exercise)
        await settle(app)


def test_a_library_lists_alike_its_cards_and_not_a_changed_one(tmp_path):
    folder = tmp_path / "mine"
    write(folder, "ours.yaml", OURS)
    whole = load_library([folder])
    cards = load_cards([folder])
    assert lists_alike(whole, cards) and lists_alike(cards, whole)
    write(folder, "ours.yaml", OURS.replace("Our Own", "Our Very Own"))
    assert not lists_alike(whole, load_cards([folder]))
    write(folder, "ours.yaml", OURS)
    write(folder, "broken.yaml", BROKEN)
    assert not lists_alike(whole, load_cards([folder]))  # a broken file more is news too
    assert lists_alike(load_library([folder]), load_cards([folder]))
