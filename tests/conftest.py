"""Shared fixtures: no test ever touches a real home folder, theme or sound device."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import tests.profiles  # noqa: F401  (registers and loads the hypothesis profile)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Point coreg's data, config and cache folders at a temporary folder for every test."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("COREG_CONFIG_DIR", str(config))
    monkeypatch.setenv("COREG_DATA_DIR", str(data))
    monkeypatch.setenv("COREG_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("COREG_DB", "COREG_EXERCISES", "TEXTUAL_THEME", "NO_COLOR", "COREG_CUES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


_TESTS = str(Path(__file__).parent)


@pytest.fixture(autouse=True)
def logs_closed():
    """Close, when the test ends, every SessionLog a test module made by hand.

    Only logs built directly in test code are kept here (``SessionLog(path).record(...)`` in a
    test): a log the source opens and drops unclosed is still collected at once, and its
    ResourceWarning is an error (``filterwarnings`` in pyproject.toml). New tests use ``with``.
    """
    from coreg.log.store import SessionLog

    made: list[SessionLog] = []
    init = SessionLog.__init__

    def tracked_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if sys._getframe(1).f_code.co_filename.startswith(_TESTS):
            made.append(self)

    # not monkeypatch: a test may call monkeypatch.undo() and still make logs afterwards
    SessionLog.__init__ = tracked_init  # type: ignore[method-assign]
    try:
        yield
    finally:
        SessionLog.__init__ = init  # type: ignore[method-assign]
        for log in made:
            log.close()


@pytest.fixture
def parses(monkeypatch):
    """The exercise files parsed, in order (the YAML reader is what the exercise cache saves)."""
    from coreg.library import loader

    seen: list[Path] = []
    real = loader.parse_exercise

    def counted(data, path, origin="user"):
        seen.append(path)
        return real(data, path, origin)

    monkeypatch.setattr(loader, "parse_exercise", counted)
    return seen
