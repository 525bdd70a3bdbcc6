"""The shape of the house, checked: layers point one way, the core needs no Textual, packages
are entered through their front door, and no module grows past about 400 lines.

The layers, top to bottom (a module may import its own layer's package and any layer below):

    __main__ → cli → commands → tui → sensors → pause → sound | timing → log → library
             → settings → paths → coreg

``sound`` and ``timing`` share a layer and may not import each other. ``coreg`` is the root
package (its version), ``lazy`` the helper every package's ``__init__`` uses, and ``collector``
the pause of the garbage collector that reading a large log or library takes.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.helpers_process import python_prints

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coreg"

LAYERS: list[set[str]] = [
    {"__main__"},
    {"cli"},
    {"commands"},
    {"tui"},
    {"sensors"},
    {"pause"},
    {"sound", "timing"},
    {"log"},
    {"library"},
    {"settings"},
    {"paths"},
    {"coreg", "lazy", "safetext", "collector"},
]
RANK = {part: rank for rank, layer in enumerate(LAYERS) for part in layer}
CORE_PACKAGES = ("library", "timing", "log", "sound", "pause", "sensors")
MAX_LINES = 400


def part_of(module: str) -> str:
    """The layer a module belongs to: ``coreg.log.store`` → ``log``, ``coreg`` → ``coreg``."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "coreg"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports_of(path: Path, here: str | None = None) -> list[tuple[int, str, list[str]]]:
    """Every coreg import in a file, wherever it sits (top level, inside a function, or under
    TYPE_CHECKING): (line, imported module, names). ``here`` is the file's module name."""
    found = []
    tree = ast.parse(path.read_text("utf-8"))
    here = here or module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names if a.name.startswith("coreg")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = here.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module == "coreg" or module.startswith("coreg."):
                found.append((node.lineno, module, [a.name for a in node.names]))
    return found


def upward_imports(files: list[tuple[Path, str]]) -> list[str]:
    """Each import that points up the layers, or sideways between two packages of one layer.
    ``files`` are (path, module name) pairs."""
    wrong = []
    for path, here in files:
        mine = part_of(here)
        for line, module, names in imports_of(path, here):
            targets = [module]
            if module == "coreg":  # ``from coreg import log`` imports a package
                targets = [f"coreg.{n}" for n in names if n in RANK] or ["coreg"]
            for target in targets:
                theirs = part_of(target)
                if theirs == mine:
                    continue
                if RANK[theirs] <= RANK[mine]:
                    wrong.append(f"{here}:{line}: {mine} imports {target}, which is not below it")
    return wrong


def test_every_module_belongs_to_a_layer():
    unknown = {part_of(module_name(p)) for p in source_modules()} - set(RANK)
    assert unknown == set(), f"add these to LAYERS in {__name__}: {sorted(unknown)}"


def test_layers_point_one_way():
    assert upward_imports([(p, module_name(p)) for p in source_modules()]) == []


@pytest.mark.parametrize(
    ("module", "added", "caught"),
    [
        ("coreg.log.stats", "from coreg.tui import CoregApp", "log imports coreg.tui"),
        ("coreg.timing.plan", "from coreg.sound import WORDS", "timing imports coreg.sound"),
        ("coreg.library.loader", "    from ..log import Session", "library imports coreg.log"),
        ("coreg.paths", "import coreg.settings", "paths imports coreg.settings"),
    ],
)
def test_the_layer_check_catches_an_upward_import(tmp_path, module, added, caught):
    # a real core module with one import added that reaches up (or sideways): it is caught
    source = ROOT.joinpath(*module.split(".")).with_suffix(".py").read_text("utf-8")
    if added.startswith(" "):
        added = "def later():\n" + added
    scratch = tmp_path / "scratch.py"
    scratch.write_text(source + "\n" + added + "\n", "utf-8")
    wrong = upward_imports([(scratch, module)])
    assert len(wrong) == 1 and caught in wrong[0]


def test_other_packages_come_in_through_the_front_door():
    """Across packages, a module imports a package's public names (``from coreg.log import
    SessionLog``), never one of its modules (``coreg.log.store``)."""
    wrong = []
    for path in source_modules():
        mine = part_of(module_name(path))
        for line, module, _ in imports_of(path):
            pieces = module.split(".")
            if len(pieces) > 2 and pieces[1] in {*CORE_PACKAGES, "tui"} and pieces[1] != mine:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert wrong == []


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_each_package_says_its_job_and_exports_what_it_names(package):
    module = importlib.import_module(f"coreg.{package}")
    assert module.__doc__ and len(module.__doc__.strip()) > 40
    assert module.__all__, f"coreg.{package} exports nothing"
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018


def test_the_core_never_imports_textual():
    core = [
        module_name(p)
        for p in source_modules()
        if part_of(module_name(p)) in {*CORE_PACKAGES, "settings", "paths", "lazy", "coreg"}
    ]
    assert len(core) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    assert python_prints(code) == ""


def test_no_module_grows_past_about_400_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in source_modules()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
