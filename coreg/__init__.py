"""coreg: a terminal companion that helps couples calm down together."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("coreg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
