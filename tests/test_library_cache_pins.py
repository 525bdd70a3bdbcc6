"""The exercise cache, pinned where the broader tests in test_library_cache.py leave room: the
private file's checks one by one (not a regular file, too big, not owner-only, a link), the
atomic write, the settling time at its edge, what makes the reader's stamp change, and entries
of the wrong shape. Each case ends the same way for the user: the exercise is there, read
afresh when the cache cannot be trusted, and nothing is raised."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coreg.library import Card, load_cards, load_library
from coreg.library import cache as cache_module
from coreg.library.cache import FolderCache, _read_private, _write_private, reader_stamp
from coreg.library.codec import CacheError, encode
from tests.test_library_cache import LONG_AGO, OURS, write


def private(path: Path, data: bytes = b"{}", mode: int = 0o600) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    return path


def mine(tmp_path: Path, *names: str) -> list[Path]:
    folder = tmp_path / "mine"
    return [write(folder, name, OURS.replace("Our Own", f"{name[:-5]}'s")) for name in names]


def only_ours(tmp_path: Path, *names: str, cards: bool = False):
    """Load only the user's folder (no built-ins to wade through): library or cards."""
    load = load_cards if cards else load_library
    return load([tmp_path / "mine"], builtin=no_built_ins(tmp_path))


def no_built_ins(tmp_path: Path) -> Path:
    (tmp_path / "no-built-ins").mkdir(exist_ok=True)
    return tmp_path / "no-built-ins"


def user_caches(tmp_path: Path, kind: str) -> list[Path]:
    found = []
    for path in sorted((tmp_path / "cache").glob(f"{kind}-*.json")):
        if json.loads(path.read_text("utf-8"))["origin"] == "user":
            found.append(path)
    return found


# -- _read_private: only a regular, owner-only file of a sane size is read ---------------------


def test_a_private_file_is_read_whole(tmp_path):
    path = private(tmp_path / "c.json", b'{"a": "\xc3\xa9"}')
    assert _read_private(path) == b'{"a": "\xc3\xa9"}'


def test_reading_leaves_no_file_open(tmp_path):
    path = private(tmp_path / "c.json")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        _read_private(path)
    with pytest.raises(OSError):
        _read_private(private(tmp_path / "open.json", mode=0o644))
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620, 0o602, 0o660, 0o601, 0o610, 0o666])
def test_a_file_others_may_touch_is_not_read(tmp_path, mode):
    path = private(tmp_path / "c.json", mode=mode)
    with pytest.raises(OSError):
        _read_private(path)


def test_an_owner_executable_file_is_still_owner_only(tmp_path):
    assert _read_private(private(tmp_path / "c.json", mode=0o700)) == b"{}"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_a_file_of_another_user_is_not_read(tmp_path):
    path = private(tmp_path / "c.json")
    os.chown(path, os.getuid() + 1, -1)
    with pytest.raises(OSError):
        _read_private(path)


def test_a_link_is_not_followed(tmp_path):
    target = private(tmp_path / "real.json")
    link = tmp_path / "c.json"
    link.symlink_to(target)
    with pytest.raises(OSError):
        _read_private(link)


def test_a_folder_or_a_fifo_is_not_read_and_never_waits(tmp_path):
    folder = tmp_path / "c.json"
    folder.mkdir(mode=0o700)
    with pytest.raises(OSError):
        _read_private(folder)
    fifo = tmp_path / "f.json"
    os.mkfifo(fifo, 0o600)  # opened for reading without a writer: must not block
    returned = threading.Event()
    unblocked: list[bool] = []

    def unblock() -> None:  # only if the read hangs: open the other end so that it ends
        if not returned.wait(5):
            unblocked.append(True)
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    helper = threading.Thread(target=unblock)
    helper.start()
    try:
        with pytest.raises(OSError):
            _read_private(fifo)
    finally:
        returned.set()
        helper.join()
    assert not unblocked


def test_the_size_limit_at_its_edge(tmp_path):
    limit = cache_module.MAX_CACHE_BYTES
    assert limit == 64 * 1024 * 1024
    edge = private(tmp_path / "edge.json", b"")
    os.truncate(edge, limit)  # sparse: costs no disk
    assert len(_read_private(edge)) == limit
    past = private(tmp_path / "past.json", b"")
    os.truncate(past, limit + 1)
    with pytest.raises(OSError):
        _read_private(past)


def test_a_file_growing_past_the_limit_is_read_no_further(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", 10)
    assert _read_private(private(tmp_path / "ten.json", b"0123456789")) == b"0123456789"
    with pytest.raises(OSError):
        _read_private(private(tmp_path / "eleven.json", b"0123456789a"))


# -- _write_private: owner-only, all at once, beside the old one -------------------------------


def test_a_written_cache_is_owner_only_in_an_owner_only_folder(tmp_path):
    path = tmp_path / "new" / "deeper" / "c.json"
    _write_private(path, '{"é": 1}')
    assert path.read_bytes() == '{"é": 1}'.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert os.listdir(path.parent) == ["c.json"]  # no temporary file left
    _write_private(path, "second")
    assert path.read_text("utf-8") == "second" and os.listdir(path.parent) == ["c.json"]


def test_a_write_cut_short_leaves_the_old_cache_whole(tmp_path, monkeypatch):
    path = tmp_path / "c.json"
    _write_private(path, "old")
    replaced: list[tuple[str, str]] = []

    def crash(source, target):
        replaced.append((str(source), str(target)))
        raise KeyboardInterrupt  # the process stops at the last moment

    monkeypatch.setattr(cache_module.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        _write_private(path, "new")
    assert path.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["c.json"]  # the half-done file is gone
    # the new text was written beside the old file, so the replace is one step on one disk
    ((source, target),) = replaced
    assert Path(source).parent == tmp_path and target == str(path)


# -- the folder's cache files -------------------------------------------------------------------


def test_each_folder_and_origin_has_its_own_cache(tmp_path):
    caches = tmp_path / "cache"
    a = FolderCache(caches, tmp_path / "a", "user").paths
    b = FolderCache(caches, tmp_path / "b", "user").paths
    built = FolderCache(caches, tmp_path / "a", "built-in").paths
    again = FolderCache(caches, tmp_path / "a", "user").paths
    assert a == again and set(a) == {"cards", "exercises"}
    names = [p.name for p in (*a.values(), *b.values(), *built.values())]
    assert len(set(names)) == 6 and all(p.parent == caches for p in a.values())


def test_no_cache_folder_means_nothing_is_written(tmp_path, parses):
    (path,) = mine(tmp_path, "ours.yaml")
    files = FolderCache(None, path.parent, "user")
    assert files.get(path, path.stat()) is None
    files.put(path, path.stat(), path.stat().st_size, ())
    files.save()
    assert only_ours(tmp_path).get("ours") is not None
    assert load_library([path.parent], builtin=no_built_ins(tmp_path), cache=False).get("ours")
    assert not (tmp_path / "cache").exists() or len(user_caches(tmp_path, "*")) == 2


def test_a_folder_emptied_takes_its_cache_with_it(tmp_path):
    (path,) = mine(tmp_path, "ours.yaml")
    only_ours(tmp_path)
    assert len(user_caches(tmp_path, "*")) == 2
    path.unlink()
    assert only_ours(tmp_path).get("ours") is None
    assert user_caches(tmp_path, "*") == []


def test_a_folder_with_a_name_that_is_not_text_still_loads(tmp_path, parses):
    """A name in bytes that are not UTF-8 (os.fsdecode's surrogates) must not end the load."""
    folder = Path(os.fsdecode(bytes(tmp_path / "mine") + b"\xff"))
    path = write(folder, "ours.yaml", OURS)
    assert load_library([folder], builtin=no_built_ins(tmp_path)).get("ours") is not None
    assert load_cards([folder], builtin=no_built_ins(tmp_path)).get("ours") is not None
    assert parses == [path, path]  # not cached, but never lost


# -- what is kept, and when ---------------------------------------------------------------------


def test_a_file_settled_exactly_long_enough_is_kept(tmp_path, monkeypatch, parses):
    (path,) = mine(tmp_path, "ours.yaml")
    mtime = path.stat().st_mtime_ns
    monkeypatch.setattr(cache_module.time, "time_ns", lambda: mtime + 2_000_000_000 - 1)
    only_ours(tmp_path)
    only_ours(tmp_path)
    assert parses == [path, path]  # a moment too young: parsed each time
    monkeypatch.setattr(cache_module.time, "time_ns", lambda: mtime + 2_000_000_000)
    only_ours(tmp_path)
    only_ours(tmp_path)
    assert parses == [path, path, path]  # settled: kept from then on


def test_a_file_that_changed_while_read_is_not_kept(tmp_path, parses):
    (path,) = mine(tmp_path, "ours.yaml")
    info = path.stat()
    files = FolderCache(tmp_path / "cache", path.parent, "user")
    assert files.get(path, info) is None
    result = load_library([path.parent], builtin=no_built_ins(tmp_path), cache=False).get("ours")
    files.put(path, info, info.st_size - 1, result)  # fewer bytes read than it now holds
    files.put(path, None, info.st_size, result)  # or its size unknown
    files.save()
    parses.clear()
    assert only_ours(tmp_path).get("ours") == result
    assert parses == [path]


def test_a_file_kept_from_the_cache_stays_kept_when_another_changes(tmp_path, parses):
    _first, second = mine(tmp_path, "first.yaml", "second.yaml")
    only_ours(tmp_path)
    os.utime(second, (LONG_AGO + 5, LONG_AGO + 5))
    parses.clear()
    only_ours(tmp_path)
    assert parses == [second]
    parses.clear()
    library = only_ours(tmp_path)
    cards = only_ours(tmp_path, cards=True)
    assert parses == []
    assert set(library.exercises) == set(cards.exercises) == {"first", "second"}


def test_the_cards_keep_the_files_the_exercises_did_not_parse(tmp_path, parses):
    """Loading the exercises does not read the cards' cache: what it parsed is added to it,
    every other card stays."""
    first, _second = mine(tmp_path, "first.yaml", "second.yaml")
    only_ours(tmp_path)
    only_ours(tmp_path, cards=True)
    write(first.parent, "first.yaml", OURS.replace("Our Own", "A New"), LONG_AGO + 9)
    parses.clear()
    only_ours(tmp_path)
    assert parses == [first]
    parses.clear()
    cards = only_ours(tmp_path, cards=True)
    assert parses == []
    assert cards.exercises["first"].title == "A New Breath"
    assert cards.exercises["second"].title == "second's Breath"


def test_nothing_changed_writes_nothing(tmp_path):
    mine(tmp_path, "ours.yaml")
    only_ours(tmp_path)
    (cache,) = user_caches(tmp_path, "exercises")
    os.utime(cache, (LONG_AGO, LONG_AGO))
    only_ours(tmp_path)
    assert cache.stat().st_mtime == LONG_AGO


# -- the reader's stamp -------------------------------------------------------------------------

READERS = [
    "exercise.py",
    "loader.py",
    "breathread.py",
    "yamlnodes.py",
    "problem.py",
    "card.py",
    "codec.py",
    "cache.py",
]


@pytest.mark.parametrize("name", READERS)
@pytest.mark.parametrize("field", ["st_size", "st_mtime_ns"])
def test_a_change_to_any_reader_module_makes_the_cache_stale(monkeypatch, name, field):
    before = reader_stamp()
    real = os.stat

    def changed(path, *args, **kwargs):
        info = real(path, *args, **kwargs)
        if Path(path).name != name:
            return info
        fields = {f: getattr(info, f) for f in ("st_size", "st_mtime_ns")}
        fields[field] += 1
        return type("Info", (), fields)()

    monkeypatch.setattr(cache_module.os, "stat", changed)
    assert reader_stamp() != before


def test_a_reader_module_gone_still_gives_a_stamp(monkeypatch):
    before = reader_stamp()

    def gone(path, *args, **kwargs):
        raise FileNotFoundError(path)

    monkeypatch.setattr(cache_module.os, "stat", gone)
    stamp = reader_stamp()
    assert stamp != before and stamp.split(" ")[1:] == ["-"] * len(READERS)
    assert stamp.split(" ")[0] == before.split(" ")[0]


def test_a_cache_from_another_folder_or_origin_is_not_taken(tmp_path, parses):
    (path,) = mine(tmp_path, "ours.yaml")
    only_ours(tmp_path)
    for cache in user_caches(tmp_path, "*"):
        document = json.loads(cache.read_text("utf-8"))
        for key, value in (("folder", str(tmp_path / "other")), ("origin", "built-in")):
            changed = {**document, key: value}
            private(cache, json.dumps(changed).encode())
            parses.clear()
            assert only_ours(tmp_path).get("ours") is not None
            assert only_ours(tmp_path, cards=True).get("ours") is not None
            assert parses[:1] == [path]
            private(cache, json.dumps(document).encode())


# -- entries of the wrong shape -----------------------------------------------------------------


ODD_ENTRIES = {
    "four items": lambda e: [*e, 0],
    "two items": lambda e: e[:2],
    "a size that is text": lambda e: [str(e[0]), e[1], e[2]],
    "a size that is a float": lambda e: [float(e[0]), e[1], e[2]],
    "a time that is a float": lambda e: [e[0], float(e[1]), e[2]],
    "a time that is text": lambda e: [e[0], str(e[1]), e[2]],
    "a size that is true": lambda e: [True, e[1], e[2]],
    "an object": lambda e: {"size": e[0]},
    "text": lambda e: "abc",
    "no problems": lambda e: [e[0], e[1], {"problems": []}],
    "problems not a list": lambda e: [e[0], e[1], {"problems": "abc"}],
    "problems missing": lambda e: [e[0], e[1], {}],
    "nothing": lambda e: None,
}


@pytest.mark.parametrize("odd", list(ODD_ENTRIES))
def test_an_entry_of_the_wrong_shape_is_read_afresh(tmp_path, parses, odd):
    (path,) = mine(tmp_path, "ours.yaml")
    only_ours(tmp_path)
    for cache in user_caches(tmp_path, "*"):
        document = json.loads(cache.read_text("utf-8"))
        entry = document["files"][str(path)]
        document["files"][str(path)] = ODD_ENTRIES[odd](entry)
        private(cache, json.dumps(document).encode())
    parses.clear()
    library = only_ours(tmp_path)
    cards = only_ours(tmp_path, cards=True)
    assert library.exercises["ours"].title == "ours's Breath" and not library.broken
    assert cards.exercises["ours"] == Card.of(library.exercises["ours"])
    assert parses == [path, path] or parses == [path]


def test_an_exercise_or_card_of_the_other_origin_is_refused(tmp_path):
    (path,) = mine(tmp_path, "ours.yaml")
    exercise = only_ours(tmp_path).exercises["ours"]
    card = Card.of(exercise)
    assert cache_module._decode_result(encode(exercise), path, "user") == exercise
    assert cache_module._decode_card(encode(card), path, "user") == card
    with pytest.raises(CacheError):
        cache_module._decode_result(encode(exercise), path, "built-in")
    with pytest.raises(CacheError):
        cache_module._decode_card(encode(card), path, "built-in")
    with pytest.raises(CacheError):
        cache_module._decode_card(encode(card), path.with_name("other.yaml"), "user")


def test_a_removed_file_leaves_the_cache_while_the_others_stay(tmp_path, parses):
    kept, gone = mine(tmp_path, "kept.yaml", "gone.yaml")
    only_ours(tmp_path)
    gone.unlink()
    parses.clear()
    assert set(only_ours(tmp_path).exercises) == {"kept"}
    assert parses == []
    (cache,) = user_caches(tmp_path, "exercises")
    assert list(json.loads(cache.read_text("utf-8"))["files"]) == [str(kept)]


def test_a_new_cache_format_makes_every_old_cache_stale(monkeypatch):
    before = reader_stamp()
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    assert reader_stamp() != before


def test_a_failed_write_whose_temporary_file_is_already_gone_raises_its_own_error(
    tmp_path, monkeypatch
):
    def folder_taken_away(source, target):
        os.unlink(source)
        raise FileNotFoundError(target)

    monkeypatch.setattr(cache_module.os, "replace", folder_taken_away)
    with pytest.raises(FileNotFoundError):
        _write_private(tmp_path / "c.json", "text")
    assert os.listdir(tmp_path) == []


def test_the_cache_is_utf8_under_any_locale(tmp_path):
    """Under a plain ASCII locale a title with an accent is still written (in UTF-8)."""
    path = tmp_path / "c.json"
    code = (
        "import sys; from pathlib import Path; from coreg.library.cache import _write_private;"
        " _write_private(Path(sys.argv[1]), '\\u00c9t\\u00e9 \\u2014 calme')"
    )
    package_root = str(Path(cache_module.__file__).parents[2])
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env.update(PYTHONCOERCECLOCALE="0", PYTHONPATH=package_root)
    subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True, timeout=30)
    assert path.read_text("utf-8") == "\u00c9t\u00e9 \u2014 calme"
    here = tmp_path / "here.json"  # and the same bytes as under this process's own locale
    _write_private(here, "\u00c9t\u00e9 \u2014 calme")
    assert here.read_bytes() == path.read_bytes()
