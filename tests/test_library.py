"""The library: built-ins, the user's folders, overrides, and broken files that hide nothing."""

from __future__ import annotations

from pathlib import Path

from coreg.library import builtin_dir, exercise_files, load_library

MINIMAL = "title: {title}\nsummary: S\nsteps: [{{name: N, say: x, duration: 6}}]\n"
REQUIRED_IDS = {
    "heartbeat",
    "repair-ritual",
    "kiss-and-hug",
    "mirror",
    "eyes-and-hands",
    "breathe-through-conflict",
    "slow-affection",
    "attuned-listening",
    "time-out",
    "lead-and-follow",
    "grounding",
    "self-soothing",
}


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_every_builtin_loads_cleanly():
    library = load_library(user_dirs=[])
    assert not library.broken, "\n".join(str(e) for e in library.broken)
    files = exercise_files([builtin_dir()])
    assert len(library.exercises) == len(files) >= 12
    assert set(library.exercises) >= REQUIRED_IDS
    assert all(e.origin == "built-in" for e in library.exercises.values())


def test_builtin_durations_match_the_facts():
    library = load_library(user_dirs=[])
    kiss_and_hug = library.exercises["kiss-and-hug"]
    lengths = [step.seconds for step, _ in kiss_and_hug.rounds()]
    assert 6 in lengths
    (hug,) = kiss_and_hug.choices
    assert set(hug.options) >= {20, 30} and hug.default == 30
    time_out = library.exercises["time-out"]
    assert max(step.seconds or 0 for step, _ in time_out.rounds()) >= 20 * 60
    for choice in time_out.choices:
        assert min(choice.options) >= 20 * 60
    resonance = library.exercises["resonance"]
    breaths = {step.breath for step, _ in resonance.rounds() if step.breath}
    assert breaths and all(5 <= b.breaths_per_minute <= 7 for b in breaths)
    sigh = library.exercises["cyclic-sighing"]
    assert sum(step.seconds or 0 for step, _ in sigh.rounds() if step.breath) >= 5 * 60


def test_solo_and_couple_exercises_are_both_there():
    library = load_library(user_dirs=[])
    assert library.exercises["self-soothing"].solo
    assert not library.exercises["heartbeat"].solo


def test_a_user_file_adds_and_replaces(tmp_path):
    mine = tmp_path / "mine"
    write(mine, "heartbeat.yaml", MINIMAL.format(title="Our own heartbeat"))
    write(mine, "new-one.yaml", MINIMAL.format(title="Brand new"))
    library = load_library(user_dirs=[mine])
    assert library.exercises["heartbeat"].title == "Our own heartbeat"
    assert library.exercises["heartbeat"].origin == "user"
    assert library.replaced["heartbeat"].name == "heartbeat.yaml"
    assert library.exercises["new-one"].source_path == mine / "new-one.yaml"


def test_a_broken_file_hides_nothing(tmp_path):
    mine = tmp_path / "mine"
    write(mine, "good.yaml", MINIMAL.format(title="Good"))
    write(mine, "broken.yaml", "title: [unclosed\n")
    write(mine, "notes.txt", "not an exercise")
    library = load_library(user_dirs=[mine])
    assert "good" in library.exercises
    assert "heartbeat" in library.exercises
    (error,) = library.broken
    assert error.path == mine / "broken.yaml"


def test_two_user_files_with_one_id_keep_the_first(tmp_path):
    mine = tmp_path / "mine"
    write(mine, "a.yaml", "id: same\n" + MINIMAL.format(title="First"))
    write(mine, "b.yaml", "id: same\n" + MINIMAL.format(title="Second"))
    library = load_library(user_dirs=[mine])
    assert library.exercises["same"].title == "First"
    assert "already used by a.yaml" in str(library.broken[0])


def test_config_folder_and_coreg_exercises_are_both_read(tmp_path, monkeypatch):
    from coreg.paths import config_dir

    write(config_dir() / "exercises", "from-config.yaml", MINIMAL.format(title="C"))
    extra = tmp_path / "extra"
    write(extra, "from-env.yaml", MINIMAL.format(title="E"))
    monkeypatch.setenv("COREG_EXERCISES", str(extra))
    library = load_library()
    assert {"from-config", "from-env"} <= set(library.exercises)
