"""Shared fixtures: no test ever touches a real home folder, theme or sound device."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Point coreg's data and config folders at a temporary folder for every test."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("COREG_CONFIG_DIR", str(config))
    monkeypatch.setenv("COREG_DATA_DIR", str(data))
    for name in ("COREG_DB", "COREG_EXERCISES", "TEXTUAL_THEME", "NO_COLOR", "COREG_CUES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path
