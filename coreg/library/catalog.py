"""Finding exercises: the built-in library first, then the user's own folders.

A user's file with the same id as a built-in replaces it. A broken file never hides the
others: it is reported with its problems, and every good file still loads. A file unchanged
since it was last read (same path, size and modification time) is taken from the cache
(:mod:`coreg.library.cache`) instead of being parsed again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from coreg.collector import no_collection
from coreg.library.cache import FolderCache
from coreg.library.card import Card
from coreg.library.exercise import Exercise
from coreg.library.problem import ExerciseError, Problem

#: What a library holds of each exercise: the whole of it, or its card (``coreg list``).
E = TypeVar("E", Exercise, Card)

EXERCISE_SUFFIXES = (".yaml", ".yml")
# The installed package (coreg/), where the wheel puts the built-ins and the guide.
_PACKAGE = Path(__file__).resolve().parent.parent


def builtin_dir() -> Path:
    """The exercises shipped with coreg: inside the installed package, or the source tree's."""
    packaged = _PACKAGE / "exercises"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "exercises"


def authoring_guide() -> Path:
    """The guide for writing exercises, shipped with coreg (or the source tree's copy)."""
    packaged = _PACKAGE / "docs" / "authoring.md"
    if packaged.is_file():
        return packaged
    return _PACKAGE.parent / "docs" / "authoring.md"


def exercise_files(paths: Iterable[Path]) -> list[Path]:
    """The exercise files named by ``paths``: files as given, folders searched (not recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # the folder's own listing says which entries are files: no stat for each of
            # thousands of files (a link is still followed, as Path.is_file() does)
            with os.scandir(path) as entries:
                names = [
                    entry.name
                    for entry in entries
                    if os.path.splitext(entry.name)[1].lower() in EXERCISE_SUFFIXES
                    and not entry.name.startswith(".")
                    and entry.is_file()
                ]
            found.extend(path / name for name in sorted(names))  # one folder: by name
        else:
            found.append(path)
    return found


#: Old ids of built-in exercises -> their ids now (renamed to match their titles). An old id
#: still works in ``coreg run`` and ``coreg show``, and old logs are moved to the new one.
ALIASES: dict[str, str] = {"eye-contact": "eyes-and-hands", "cyclic-sigh": "cyclic-sighing"}


@dataclass
class Library(Generic[E]):
    """Every exercise found, by id, and every file that could not be loaded."""

    exercises: dict[str, E] = field(default_factory=dict)
    broken: list[ExerciseError] = field(default_factory=list)
    replaced: dict[str, Path] = field(default_factory=dict)  # id -> the built-in file it replaced

    def get(self, exercise_id: str) -> E | None:
        """The exercise with this id, or with the id an old one was renamed to."""
        found = self.exercises.get(exercise_id)
        if found is None and exercise_id in ALIASES:
            found = self.exercises.get(ALIASES[exercise_id])
        return found

    def sorted(self) -> list[E]:
        """Couple exercises first, then by title."""
        return sorted(self.exercises.values(), key=lambda e: (e.solo, e.title.lower()))

    @property
    def tags(self) -> list[str]:
        return sorted({tag for exercise in self.exercises.values() for tag in exercise.tags})


def load_library(
    user_dirs: Iterable[Path] | None = None,
    builtin: Path | None = None,
    cache: Path | bool | None = True,
) -> Library[Exercise]:
    """Load the built-ins, then the user's folders (``paths.user_exercise_dirs()`` by default).

    ``cache``: the folder of the exercise cache (True: the user's cache folder; False: none)."""
    return _gather(Library[Exercise](), _exercise, user_dirs, builtin, cache)


def load_cards(
    user_dirs: Iterable[Path] | None = None,
    builtin: Path | None = None,
    cache: Path | bool | None = True,
) -> Library[Card]:
    """The same library as :func:`load_library`, each exercise as its card: an unchanged file
    is listed from the cache without its exercise being built."""
    return _gather(Library[Card](), _card, user_dirs, builtin, cache)


Load = Callable[[Path, str, FolderCache], E]


def _gather(
    library: Library[E],
    load: Load[E],
    user_dirs: Iterable[Path] | None,
    builtin: Path | None,
    cache: Path | bool | None,
) -> Library[E]:
    if user_dirs is None:
        from coreg.paths import user_exercise_dirs

        user_dirs = user_exercise_dirs()
    if cache is True:
        from coreg.paths import cache_dir

        cache = cache_dir()
    cache_folder = cache or None
    with no_collection():  # thousands of exercises from the cache: all of them stay
        _add_folder(library, load, builtin or builtin_dir(), "built-in", cache_folder)
        for folder in user_dirs:
            try:  # a folder coreg may not read is reported; the built-ins stay
                if folder.is_dir():
                    _add_folder(library, load, folder, "user", cache_folder)
            except OSError as error:
                reason = error.strerror or str(error)
                problem = Problem(folder, 1, 1, f"can't read this folder ({reason})")
                library.broken.append(ExerciseError([problem]))
    return library


def _add_folder(
    library: Library[E], load: Load[E], folder: Path, origin: str, cache: Path | None
) -> None:
    seen_here: dict[str, Path] = {}
    files = FolderCache(cache, folder, origin)
    for path in exercise_files([folder]):
        try:
            exercise = load(path, origin, files)
        except ExerciseError as error:
            library.broken.append(error)
            continue
        if exercise.id in seen_here:
            message = (
                f"the id '{exercise.id}' is already used by {seen_here[exercise.id].name} "
                "in this folder, so this file is skipped; give one of them another id"
            )
            library.broken.append(ExerciseError([Problem(path, 1, 1, message)]))
            continue
        seen_here[exercise.id] = path
        previous = library.exercises.get(exercise.id)
        if previous is not None and previous.origin == "built-in" and previous.source_path:
            library.replaced[exercise.id] = previous.source_path
        library.exercises[exercise.id] = exercise
    files.save()


def _exercise(path: Path, origin: str, files: FolderCache) -> Exercise:
    """One file, from the cache when it has not changed since it was last read."""
    info = _stat(path)
    result = files.get(path, info) if info is not None else None
    if result is None:
        result = _parse(path, origin, files, info)
    if isinstance(result, Exercise):
        return result
    raise ExerciseError(list(result))


def _card(path: Path, origin: str, files: FolderCache) -> Card:
    """One file's card, from the cache when it has not changed since it was last read."""
    info = _stat(path)
    found = files.get_card(path, info) if info is not None else None
    if found is None:
        parsed = _parse(path, origin, files, info)
        found = Card.of(parsed) if isinstance(parsed, Exercise) else parsed
    if isinstance(found, Card):
        return found
    raise ExerciseError(list(found))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _parse(
    path: Path, origin: str, files: FolderCache, info: os.stat_result | None
) -> Exercise | tuple[Problem, ...]:
    """Read and parse one file, and keep what it read as in the cache. The YAML reader is
    imported only here, when a file is new or has changed."""
    from coreg.library.loader import parse_exercise, read_exercise_file

    data = read_exercise_file(path)  # a file that can't be read is never kept
    result: Exercise | tuple[Problem, ...]
    try:
        result = parse_exercise(data, path, origin)
    except ExerciseError as error:
        result = error.problems
    files.put(path, info, len(data), result)
    return result
