"""coreg: a terminal companion that helps couples calm down together."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is read from the installed package's metadata, once, when first asked for.
    if name == "__version__":
        value = _installed_version() or _metadata_version()
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'coreg' has no attribute {name!r}")


def _installed_version() -> str | None:
    """The ``Version:`` of the first ``coreg-*.dist-info`` on ``sys.path``: where
    importlib.metadata would find it, without importing it (it costs more than the rest of
    ``coreg --version``). None when there is none, or it cannot be read."""
    import os
    import sys

    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for dist in names:
            if not (dist.startswith("coreg-") and dist.endswith(".dist-info")):
                continue
            try:
                with open(os.path.join(entry or ".", dist, "METADATA"), encoding="utf-8") as meta:
                    for line in meta:
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip() or None
                        if not line.strip():  # the headers end at the first empty line
                            break
            except OSError:
                pass
            return None
    return None


def _metadata_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("coreg")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
