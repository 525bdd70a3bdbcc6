"""Where coreg keeps its data and its cache, and reads its configuration.

Nothing here touches the disk at import time: folders are created when something is
about to be written, readable by their owner only.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coreg"


def config_dir() -> Path:
    """The user's config folder (settings, own exercises). ``COREG_CONFIG_DIR`` overrides it."""
    override = os.environ.get("COREG_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs  # imported when needed: `coreg history --db` never does

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user's data folder (the session log). ``COREG_DATA_DIR`` overrides it."""
    override = os.environ.get("COREG_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The user's cache folder (what can be rebuilt). ``COREG_CACHE_DIR`` overrides it."""
    override = os.environ.get("COREG_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def exercise_cache_path() -> Path:
    """The exercise files as last read (``coreg.library.cache``)."""
    return cache_dir() / "exercises.json"


def default_db_path() -> Path:
    """The session log: ``COREG_DB`` if set, else ``log.json`` in the data folder."""
    override = os.environ.get("COREG_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / "log.json"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def user_exercise_dirs() -> list[Path]:
    """Folders of the user's own exercises: the config folder, then ``COREG_EXERCISES``."""
    dirs = [config_dir() / "exercises"]
    extra = os.environ.get("COREG_EXERCISES", "")
    dirs.extend(Path(part).expanduser() for part in extra.split(os.pathsep) if part.strip())
    return dirs


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` if needed; a folder coreg creates is readable by its owner only."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    return path
