"""Public names of a package, imported from their module only when first used.

Each core package's ``__init__`` lists what it exports; importing the package costs nothing
until a name is used, so ``coreg pause`` never pays for the YAML reader or the sound players.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, modules: Mapping[str, str]
) -> tuple[list[str], Callable[[str], Any]]:
    """``__all__`` and a module ``__getattr__`` for ``package``. ``modules`` maps each of its
    modules to the public names it defines, separated by spaces."""
    exports = {name: module for module, names in modules.items() for name in names.split()}

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)  # once found, a plain attribute
        return value

    return sorted(exports, key=str.lower), __getattr__
