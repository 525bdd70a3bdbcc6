"""The exercise cache: an unchanged file is never parsed twice, a changed one always is, and a
cache that is damaged, foreign or not owner-only is ignored, never a crash. And the app: home
shows the built-ins at once, the user's own folder arrives after the first frame, read off the
interface's thread, every exercise and every broken file's file:line:col with it."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

import coreg.library as library_package
from coreg.library import Card, load_cards, load_library
from coreg.tui.screens.home import HomeScreen
from tests.app_helpers import make_app, settle

OURS = """\
title: Our Own Breath
summary: A slow breath of our own.
for: couple
steps:
  - name: Breathe
    duration: 30s
    say: Breathe slowly together.
    breath: box
  - name: Share
    say: Say one word each.
"""
BROKEN = "title: Broken\nsummary: S\nsteps:\n  - name: N\n    say: hi\n    sey: x\n"
LONG_AGO = 1_600_000_000  # a time far enough back for a file to have settled


def write(folder: Path, name: str, text: str, when: int = LONG_AGO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    os.utime(path, (when, when))
    return path


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("*.json"))


def test_an_unchanged_file_comes_from_the_cache_the_same(tmp_path, parses):
    folder = tmp_path / "mine"
    write(folder, "ours.yaml", OURS)
    first = load_library([folder])
    assert len(parses) == 17 + 1  # the built-ins and ours, parsed once
    parses.clear()
    again = load_library([folder])
    assert parses == []
    assert again.exercises == first.exercises and list(again.exercises) == list(first.exercises)
    ours = again.get("ours")
    assert ours is not None and ours.source_path == folder / "ours.yaml" and ours.origin == "user"
    cards = load_cards([folder])
    assert parses == []
    assert cards.exercises == {key: Card.of(e) for key, e in first.exercises.items()}


def test_a_file_changed_in_time_or_size_is_parsed_again(tmp_path, parses):
    folder = tmp_path / "mine"
    path = write(folder, "ours.yaml", OURS)
    load_library([folder])
    parses.clear()

    os.utime(path, (LONG_AGO + 60, LONG_AGO + 60))  # same text, another time
    assert load_library([folder]).get("ours") is not None
    assert parses == [path]

    parses.clear()  # another length, the time put back as it was
    write(folder, "ours.yaml", OURS.replace("Our Own Breath", "Our Own Slow Breath"), LONG_AGO + 60)
    found = load_library([folder]).get("ours")
    assert parses == [path] and found is not None and found.title == "Our Own Slow Breath"
    assert load_cards([folder]).exercises["ours"].title == "Our Own Slow Breath"


def test_a_file_changed_just_now_is_not_kept(tmp_path, parses):
    """Within the same tick a file may change again at the same size: it is parsed each time."""
    folder = tmp_path / "mine"
    path = folder / "ours.yaml"
    folder.mkdir()
    path.write_text(OURS, "utf-8")  # its time is now
    load_library([folder])
    parses.clear()
    load_library([folder])
    assert parses == [path]


def test_a_broken_file_keeps_its_place_from_the_cache(tmp_path, parses):
    folder = tmp_path / "mine"
    path = write(folder, "broken.yaml", BROKEN)
    first = [str(p) for e in load_library([folder]).broken for p in e.problems]
    assert len(first) == 1 and first[0].startswith(f"{path}:6:5: unknown key 'sey'")
    parses.clear()
    again = [str(p) for e in load_library([folder]).broken for p in e.problems]
    listed = [str(p) for e in load_cards([folder]).broken for p in e.problems]
    assert parses == [] and again == first and listed == first


def test_a_file_removed_is_gone_from_the_list_and_the_cache(tmp_path):
    folder = tmp_path / "mine"
    path = write(folder, "ours.yaml", OURS)
    load_library([folder])
    path.unlink()
    assert load_cards([folder]).get("ours") is None
    assert load_library([folder]).get("ours") is None
    for cache in cache_files(tmp_path):
        assert str(path) not in cache.read_text("utf-8")


def test_the_cache_is_for_its_owner_only(tmp_path):
    folder = tmp_path / "mine"
    write(folder, "ours.yaml", OURS)
    load_library([folder])
    load_cards([folder])
    files = cache_files(tmp_path)
    assert len(files) == 4  # cards and exercises, for the built-ins and for ours
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


DAMAGE = {
    "not JSON": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "binary": lambda text: "\x00\xff\x1b[2J",
    "a list": lambda text: "[1, 2, 3]",
    "another reader": lambda text: text.replace('"stamp": "', '"stamp": "0 ', 1),
    "NaN for a number": lambda text: text.replace("30", "NaN"),
    "a title that is a number": lambda text: text.replace('"Our Own Breath"', "12"),
    "a step of the wrong kind": lambda text: text.replace('"Step"', '"Choice"', 1),
    "an unknown pattern kind": lambda text: text.replace('"in"', '"inward"'),
    "deep nesting": lambda text: "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_is_ignored_and_written_afresh(tmp_path, parses, damage):
    folder = tmp_path / "mine"
    write(folder, "ours.yaml", OURS)
    good = load_library([folder])
    load_cards([folder])
    for path in cache_files(tmp_path):
        path.write_text(DAMAGE[damage](path.read_text("utf-8")), "utf-8")
    parses.clear()
    again = load_library([folder])
    assert again.exercises == good.exercises and not again.broken
    assert load_cards([folder]).exercises == {k: Card.of(e) for k, e in good.exercises.items()}
    assert parses  # what could not be read from the cache was parsed
    parses.clear()
    load_library([folder])
    load_cards([folder])
    assert parses == []  # and the cache was written afresh


def test_a_cache_others_could_write_or_that_is_a_link_is_ignored(tmp_path, parses):
    folder = tmp_path / "mine"
    write(folder, "ours.yaml", OURS)
    good = load_library([folder])
    exercises = [p for p in cache_files(tmp_path) if p.name.startswith("exercises-")]
    for path in exercises:
        path.chmod(0o666)
    parses.clear()
    assert load_library([folder]).exercises == good.exercises
    assert len(parses) == 18  # read as if there were no cache
    for path in exercises:  # written afresh, owner-only
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        elsewhere = tmp_path / f"elsewhere-{path.name}"
        path.rename(elsewhere)
        path.symlink_to(elsewhere)
    parses.clear()
    assert load_library([folder]).exercises == good.exercises
    assert len(parses) == 18


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    (tmp_path / "cache").write_text("a file where the folder would be")
    folder = tmp_path / "mine"
    write(folder, "ours.yaml", OURS)
    assert load_library([folder]).get("ours") is not None
    assert load_cards([folder]).get("ours") is not None


def test_an_entry_for_another_file_is_not_taken(tmp_path, parses):
    folder = tmp_path / "mine"
    write(folder, "ours.yaml", OURS)
    write(folder, "theirs.yaml", OURS.replace("Our Own", "Their Own"))
    load_library([folder])
    load_cards([folder])
    for path in cache_files(tmp_path):  # each file's entry now names the other file
        document = json.loads(path.read_text("utf-8"))
        names = {str(folder / "ours.yaml"): str(folder / "theirs.yaml")}
        names.update({v: k for k, v in names.items()})
        document["files"] = {names.get(k, k): v for k, v in document["files"].items()}
        path.write_text(json.dumps(document), "utf-8")
    parses.clear()
    library = load_library([folder])
    assert library.exercises["ours"].title == "Our Own Breath"
    assert library.exercises["theirs"].title == "Their Own Breath"
    assert load_cards([folder]).exercises["theirs"].title == "Their Own Breath"
    assert sorted(p.name for p in parses) == ["ours.yaml", "theirs.yaml"]


# -- the app: the user's folder is read off the interface's thread --------------------------


def list_ids(screen: HomeScreen) -> list[str]:
    from textual.widgets import OptionList

    return [o.id for o in screen.query_one(OptionList).options if o.id]


async def test_home_shows_the_built_ins_then_every_exercise_and_the_broken_file(
    tmp_path, monkeypatch
):
    folder = tmp_path / "config" / "exercises"
    write(folder, "ours.yaml", OURS)
    broken = write(folder, "broken.yaml", BROKEN)
    threads: list[str] = []
    real = library_package.load_library

    def watched(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(library_package, "load_library", watched)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "ours" not in list_ids(home)  # the first frame: the built-ins, at once
        assert "heartbeat" in list_ids(home)
        await settle(app)
        await pilot.pause()
        assert "ours" in list_ids(home)
        assert list_ids(home)[0] == "attuned-listening"  # the cursor stays on the first
        assert home.query_one("#exercise-list").highlighted == 1
        messages = [n.message for n in app._notifications]
        assert any(f"{broken}:6:5: unknown key 'sey'" in m for m in messages), messages
    main = threading.main_thread().name
    assert threads[0] == main and threads[1:] and all(t != main for t in threads[1:])


async def test_starting_an_exercise_before_the_folder_arrived_finds_it(tmp_path):
    folder = tmp_path / "config" / "exercises"
    write(folder, "ours.yaml", OURS)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        assert app.library.get("ours") is not None  # loaded here and now if not yet
        app.start_exercise("ours", "Alex")
        await pilot.pause()
        assert not isinstance(app.screen, HomeScreen)
        await settle(app)
