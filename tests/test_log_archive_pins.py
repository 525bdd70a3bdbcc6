"""Earlier files as a user meets them: one that cannot be opened is named with the system's
reason and forgotten once it opens, one emptied goes even when already gone, and the sessions of
the others are still known afterwards."""

from __future__ import annotations

import errno

import pytest

from coreg.log import SessionLog
from coreg.log import archive as earlier
from coreg.log.archive import Archive
from tests.helpers_earlier import ROLL_AT, SEGMENT, files, fill, folder
from tests.helpers_store import make_session


@pytest.fixture(autouse=True)
def small_files(monkeypatch):
    monkeypatch.setattr(earlier, "ROLL_AT", ROLL_AT)
    monkeypatch.setattr(earlier, "SEGMENT", SEGMENT)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "log.json"


def test_an_earlier_file_that_cannot_be_opened_is_named_until_it_opens(path, monkeypatch):
    fill(path, ROLL_AT + SEGMENT)
    assert files(path) == ["000001.json"]
    log = SessionLog(path)
    opener = earlier.open_regular

    def refused(file_path, *args, **kwargs):
        if file_path.parent == folder(path) and file_path.name != earlier.SUMMARY:
            raise PermissionError(errno.EACCES, "Permission denied", str(file_path))
        return opener(file_path, *args, **kwargs)

    monkeypatch.setattr(earlier, "open_regular", refused)
    assert len(log.all()) == ROLL_AT + SEGMENT - SEGMENT
    unopened = folder(path) / "000001.json"
    assert log.notice == (
        f"A file of earlier sessions could not be opened ({unopened}: Permission denied). It is "
        "left as it is, and its sessions are not shown until it can be opened."
    )
    monkeypatch.setattr(earlier, "open_regular", opener)
    assert len(log.all()) == ROLL_AT + SEGMENT
    assert log.notice is None


def test_an_earlier_file_emptied_after_someone_removed_it_is_no_error(path):
    fill(path, ROLL_AT + 2 * SEGMENT)
    assert files(path) == ["000001.json", "000002.json"]
    archive = Archive(path)
    first_ids = {make_session(n).id for n in range(SEGMENT)}
    second_ids = {make_session(n).id for n in range(SEGMENT, 2 * SEGMENT)}
    assert set(archive.owners()) == first_ids | second_ids
    (folder(path) / "000001.json").unlink()
    archive.rewrite("000001.json", {}, [])
    assert set(archive.owners()) == second_ids
    assert archive.owner_of(make_session(SEGMENT).id) == "000002.json"
