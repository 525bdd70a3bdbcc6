"""Hostile imports, damaged settings, and files that are not files: no traceback, nothing lost,
and a message that names the problem."""

from __future__ import annotations

import json
import os
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from coreg.cli import main
from coreg.log import SessionLog, session_to_row
from coreg.settings import Settings, load_settings, save_settings
from tests.helpers_store import make_session


def run(*argv: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    return done.value.code


def export_of(*rows):
    return {"coreg": "sessions", "format": 1, "sessions": list(rows)}


def row(n=0, **changes):
    data = session_to_row(make_session(n))
    data.update(changes)
    return data


BAD_IMPORTS = {
    "lone surrogate": (row(exercise_title="\ud800"), "not valid Unicode"),
    "year 1 in a zone": (row(started_at="0001-01-01T00:00:00+05:00"), "started_at"),
    "year 9999 in a zone": (row(ended_at="9999-12-31T23:59:59-05:00"), "ended_at"),
    "seconds 1e308": (row(seconds=1e308), "seconds"),
    "seconds negative": (row(seconds=-1), "seconds"),
    "steps huge": (row(steps_total=10**30), "steps_total"),
    "distress a string": (
        row(partners=[{"name": "A", "before": {"distress": "7"}, "after": None}]),
        "distress",
    ),
    "partners a number": (row(partners=5), "partners"),
    "kind a list": (row(kind=["pause"]), "kind"),
    "id a number": (row(id=5), "'id'"),
    "details with infinity": (row(details={"x": float("inf")}), "details"),
    "details too deep": (row(details={"a": [[[[[[[[[[1]]]]]]]]]]}), "nested"),
    "name too long": (row(partners=[{"name": "x" * 20_000}]), "too long"),
}


@pytest.mark.parametrize("name", BAD_IMPORTS)
def test_a_bad_value_is_refused_by_name_and_nothing_is_imported(tmp_path, capsys, name):
    bad, words = BAD_IMPORTS[name]
    db = tmp_path / "log.json"
    SessionLog(db).record(make_session(9))
    before = db.read_bytes()
    source = tmp_path / "in.json"
    source.write_text(json.dumps(export_of(row(1), bad)), "utf-8")
    assert run("import", str(source), "--db", str(db)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Session 2" in err and words in err, err
    assert "Nothing was imported" in err
    assert db.read_bytes() == before


def test_an_integer_of_five_thousand_digits_is_a_message(tmp_path, capsys):
    source = tmp_path / "in.json"
    text = json.dumps(export_of(row(1))).replace('"seconds": 360.0', '"seconds": ' + "9" * 5000)
    source.write_text(text, "utf-8")
    assert run("import", str(source), "--db", str(tmp_path / "log.json")) == 1
    err = capsys.readouterr().err
    assert "seconds" in err and "4300" not in err and "Traceback" not in err


def test_duplicate_ids_inside_one_file_are_named_as_such(tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(export_of(row(1), row(2), row(1))), "utf-8")
    assert run("import", str(source), "--db", str(tmp_path / "log.json")) == 1
    err = capsys.readouterr().err
    assert "Sessions 1 and 3 in this file have the same id" in err


def test_ids_are_stripped_on_import_and_a_spaced_id_can_be_deleted(tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(export_of(row(1, id="  abcdef12  "))), "utf-8")
    db = tmp_path / "log.json"
    assert run("import", str(source), "--db", str(db)) == 0
    assert SessionLog(db).get("abcdef12").id == "abcdef12"
    # a log written by hand with spaces around an id
    SessionLog(db).record(replace(make_session(3), id=" spaced "))
    assert run("delete", " spaced ", "--db", str(db)) == 0
    assert SessionLog(db).get(" spaced ") is None


def test_a_huge_import_is_refused_after_reading_no_more_than_the_limit(tmp_path, capsys):
    from coreg.log import MAX_IMPORT

    source = tmp_path / "big.json"
    with open(source, "wb") as handle:
        handle.truncate(MAX_IMPORT + 10)  # sparse: costs no disk
    assert run("import", str(source), "--db", str(tmp_path / "log.json")) == 2
    assert "MB" in capsys.readouterr().err


def test_an_import_with_a_bom_is_read(tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps(export_of(row(1))).encode())
    assert run("import", str(source), "--db", str(tmp_path / "log.json")) == 0


def test_a_log_that_already_holds_bad_values_is_read_and_they_are_counted(tmp_path, capsys):
    db = tmp_path / "log.json"
    SessionLog(db).record(make_session(0))
    data = json.loads(db.read_text())
    bad = [
        row(1, exercise_title="\ud800"),
        row(2, started_at="0001-01-01T00:00:00+05:00"),
        row(3, seconds=1e308),
        row(4, seconds=1e308),
    ]
    for n, value in enumerate(bad, 2):
        data["sessions"][str(n)] = value
    data["sessions"]["6"] = row(5, seconds=123456789)
    text = json.dumps(data).replace("123456789", "9" * 5000)  # past Python's own digit limit
    assert len(text) > 5000
    db.write_text(text)
    for argv in (["history"], ["history", "--stats"], ["export"], ["export", "--format", "csv"]):
        assert run(*argv, "--db", str(db)) == 0, argv
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
    assert run("history", "--db", str(db)) == 0
    assert "5 sessions in the log could not be read" in capsys.readouterr().out
    assert run("export", "--db", str(db), "-o", str(tmp_path / "backup.json")) == 0
    assert "5 sessions in the log could not be read" in capsys.readouterr().err
    assert SessionLog(db).count() == 6  # kept, not hidden and not lost
    SessionLog(db).record(make_session(7))  # and the log can still be written
    assert SessionLog(db).count() == 7
    assert "9" * 5000 in db.read_text()  # the unreadable row was written back as it was


# -------------------------------------------------------------------------------- settings


def settings_file(tmp_path, raw: bytes):
    path = tmp_path / "settings.json"
    path.write_bytes(raw)
    return path


def test_a_bom_is_fine_in_settings(tmp_path):
    path = settings_file(tmp_path, b"\xef\xbb\xbf" + json.dumps({"name_a": "Alex"}).encode())
    settings, notice = load_settings(path)
    assert settings.name_a == "Alex" and notice is None and path.exists()


def test_utf16_settings_are_read(tmp_path):
    path = settings_file(tmp_path, json.dumps({"name_a": "Alex"}).encode("utf-16"))
    settings, notice = load_settings(path)
    assert settings.name_a == "Alex" and notice is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("keymap", ["n"]),
        ("keymap", 5),
        ("keymap", {"next": 5}),
        ("choices", [1]),
        ("choices", {"hug": {"hug": "long"}}),
        ("resting_pulse", "sixty"),
        ("resting_pulse", 10**40),
        ("hug_seconds", float("nan")),
        ("cues", "laser"),
        ("name_b", "\x1b[2J"),
        ("cue_notice_shown", "bell"),
    ],
)
def test_a_bad_field_is_named_and_the_rest_is_kept(tmp_path, field, value):
    data = {"name_a": "Alex", "theme": "nord", field: value}
    path = settings_file(tmp_path, json.dumps(data).encode())
    settings, notice = load_settings(path)
    assert settings.name_a == "Alex" and settings.theme == "nord"
    assert getattr(settings, field) == getattr(Settings(), field)
    assert f"'{field}'" in notice and path.exists()


@pytest.mark.parametrize(
    "raw",
    [b"[" * 100_000 + b"]" * 100_000, b"{not json", b"\xff\xfe\x00", b"[1, 2]", b"\x80\x81"],
)
def test_settings_with_nothing_usable_are_moved_aside_and_the_message_says_where(tmp_path, raw):
    path = settings_file(tmp_path, raw)
    settings, notice = load_settings(path)
    assert settings == Settings()
    (aside,) = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert str(aside) in notice and aside.read_bytes() == raw


def test_settings_that_are_a_fifo_do_not_block(tmp_path):
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    settings, notice = load_settings(path)
    assert settings == Settings() and "not a regular file" in notice


def test_settings_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    wanted = Settings(
        name_a="Zoë 👩‍👩‍👧",
        name_b="سارا",
        keymap={"next": "n,right"},
        choices={"hug": {"hug": 20.0}},
    )
    save_settings(wanted, path)
    assert load_settings(path) == (wanted, None)


# -------------------------------------------------------------------------------- not files


def test_a_fifo_as_the_log_is_refused_without_hanging(tmp_path, capsys):
    fifo = tmp_path / "log.json"
    os.mkfifo(fifo)
    for argv in (["history"], ["export"]):
        assert run(*argv, "--db", str(fifo)) == 1
        assert "FIFO" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_as_the_lock_is_refused_without_hanging(tmp_path, capsys):
    db = tmp_path / "log.json"
    os.mkfifo(tmp_path / "log.json.lock")
    with pytest.raises(Exception, match="FIFO"):
        SessionLog(db).record(make_session(0))
    fifo_log = tmp_path / "fifo.json"
    os.mkfifo(fifo_log)
    with pytest.raises(Exception, match="FIFO"):
        SessionLog(fifo_log).record(make_session(0))
    assert not (tmp_path / "fifo.json.lock").exists()


def test_export_to_a_fifo_or_a_device_is_refused(tmp_path, capsys):
    db = tmp_path / "log.json"
    SessionLog(db).record(make_session(0))
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    assert run("export", "--db", str(db), "-o", str(fifo)) == 1
    assert "FIFO" in capsys.readouterr().err and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert run("export", "--db", str(db), "-o", "/dev/null") == 1
    assert "device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_to_dev_stdout_is_the_screen(tmp_path, capsys):
    db = tmp_path / "log.json"
    SessionLog(db).record(make_session(0))
    assert run("export", "--db", str(db), "-o", "/dev/stdout") == 0
    assert json.loads(capsys.readouterr().out)["sessions"][0]["id"] == make_session(0).id


def test_import_and_validate_of_a_fifo_do_not_hang(tmp_path, capsys):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    done = []

    def go():
        done.append(run("validate", str(fifo)))
        done.append(run("import", str(fifo), "--db", str(tmp_path / "log.json")))

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    thread.join(20)
    assert done == [1, 2]
    assert "FIFO" in capsys.readouterr().out


def test_a_symlinked_log_is_written_through_its_link(tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "coreg-log.json"
    link = tmp_path / "data" / "log.json"
    link.parent.mkdir()
    link.symlink_to(target)
    log = SessionLog(link)
    log.record(make_session(0))
    log.record(make_session(1))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert SessionLog(target).count() == 2
    assert not list(link.parent.glob(".*.tmp")) and not list(synced.glob(".*.tmp"))


def test_a_damaged_symlinked_log_is_moved_aside_beside_its_target(tmp_path):
    target = tmp_path / "synced.json"
    target.write_text("{broken")
    link = tmp_path / "log.json"
    link.symlink_to(target)
    log = SessionLog(link)
    assert log.count() == 0 and link.is_symlink()
    assert log.recovered.parent == tmp_path and log.recovered.read_text() == "{broken"


def test_an_unreadable_exercise_folder_is_a_message_and_the_built_ins_load(tmp_path, monkeypatch):
    from coreg.library import load_library

    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "mine.yaml").write_text("id: x\n")
    # as root a folder with mode 0 is still readable: the listing is refused the way it is
    # for anyone else, by the operating system's own error
    listing = os.scandir

    def refused(path):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refused)
    library = load_library([folder])
    assert library.get("box-breathing") is not None
    assert "can't read this folder" in str(library.broken[0].problems[0])


def test_a_damaged_log_that_cannot_be_locked_reports_the_damage(tmp_path, capsys):
    """As root a read-only folder is writable; a lock that cannot be made fails the same way."""
    db = tmp_path / "log.json"
    db.write_text("{broken")
    (tmp_path / "log.json.lock").mkdir()
    assert run("history", "--db", str(db)) == 1
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "cannot be read" in err
    assert db.read_text() == "{broken"


def test_an_exercise_folder_that_raises_is_a_message(tmp_path, monkeypatch):
    from pathlib import Path

    from coreg.library import load_library

    real = os.scandir
    folder = tmp_path / "mine"

    def refuse(self):
        if Path(self) == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(os, "scandir", refuse)
    folder.mkdir()
    library = load_library([folder])
    assert "can't read this folder (Permission denied)" in str(library.broken[0].problems[0])


def test_a_name_placeholder_in_a_step_name_is_refused_for_the_right_reason(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_text('title: T\nsummary: S\nsteps:\n  - name: "Touch {a}"\n    duration: 10\n')
    assert run("validate", str(path)) == 1
    out = capsys.readouterr().out
    assert "'{a}' in the step's name" in out and "'say', 'a' or 'b'" in out
    assert "only for couple exercises" not in out


def test_a_device_as_the_log_is_refused_and_left_alone(capsys):
    assert run("history", "--db", "/dev/null") == 1
    assert "character device" in capsys.readouterr().err
    with pytest.raises(Exception, match="character device"):
        SessionLog("/dev/null").record(make_session(0))
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not os.path.exists("/dev/null.lock")


def test_every_setting_saved_is_read_back(tmp_path):
    """A field with no check would be written and never read again (speak_parts once was)."""
    from dataclasses import fields

    from coreg.settings import _CHECKS

    assert {f.name for f in fields(Settings)} == set(_CHECKS)
    path = tmp_path / "settings.json"
    save_settings(replace(Settings(), speak_parts=False, mute_last=True), path)
    settings, message = load_settings(path)
    assert message is None and settings.speak_parts is False and settings.mute_last is True
