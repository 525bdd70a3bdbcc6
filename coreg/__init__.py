"""coreg: a terminal companion that helps couples calm down together."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is read from the installed package's metadata, once, when first asked for:
    # importlib.metadata costs start-up time that `coreg pause` should not pay.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("coreg")
        except PackageNotFoundError:  # a source tree that was never installed
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'coreg' has no attribute {name!r}")
