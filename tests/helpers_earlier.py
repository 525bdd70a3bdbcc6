"""For the tests of a log with earlier files (coreg.log.archive): how small the files are made
(each test module sets them with its own autouse fixture), where to find them, and a log to
fill."""

from __future__ import annotations

from coreg.log import SessionLog
from tests.helpers_store import make_session

ROLL_AT, SEGMENT = 20, 10  # a few dozen sessions make several earlier files


def folder(path):
    return path.with_name("log.earlier")


def files(path):
    return sorted(p.name for p in folder(path).glob("[0-9]*.json"))


def fill(path, count, order=None):
    with SessionLog(path) as log:
        for n in order or range(count):
            log.record(make_session(n))
