"""The ``coreg`` command: parse arguments, build the core objects, hand them on.

Each group of commands lives in ``coreg/commands/`` and registers its own sub-parser; this
module only wires them together, so ``coreg list`` never pays for importing Textual.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

# Each module has ``register(subparsers, parents)``; order is the order of ``coreg --help``.
COMMAND_MODULES = ("app", "pause", "library", "log", "cues", "sensors")
# Which module registers each command: ``coreg pause …`` builds the pause's parser alone (every
# module's parser costs start-up time, and the pause is opened mid-fight). A test holds this
# equal to the commands the modules register.
MODULE_OF = {
    "run": "app",
    "pause": "pause",
    "list": "library",
    "validate": "library",
    "show": "library",
    "history": "log",
    "export": "log",
    "import": "log",
    "delete": "log",
    "cues": "cues",
    "sensors": "sensors",
}


def print_version() -> None:
    import coreg

    print(f"coreg {coreg.__version__}")


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser of every command, or of the commands of ``modules`` only. Plain ``coreg`` and
    ``coreg --version`` build none (argparse and the command modules cost start-up time)."""
    import argparse
    import importlib

    from coreg.commands.shared import add_cues_option

    class VersionAction(argparse.Action):
        """``--version``: reads the version only when asked."""

        def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, **_):
            super().__init__(
                option_strings,
                dest=dest,
                default=default,
                nargs=0,
                help="show coreg's version and exit",
            )

        def __call__(self, parser, namespace, values, option_string=None) -> None:
            print_version()
            parser.exit()

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the session log file (default: $COREG_DB, or coreg's data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="coreg",
        description="Calm down together: guided exercises for two, a breath timer, a private log.",
        parents=[common],
    )
    parser.add_argument("--version", action=VersionAction)
    add_cues_option(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        module = importlib.import_module(f"coreg.commands.{name}")
        module.register(subparsers, [common])
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    given = list(sys.argv[1:] if argv is None else argv)
    if given == ["--version"]:
        print_version()  # alone, it is answered before any parser is built
        sys.exit(0)
    import os

    from coreg.commands.output import install
    from coreg.commands.shared import UserError

    install()  # from here on, no control character reaches the terminal raw
    args: Any
    if given:
        # ``coreg pause …``: the pause's module alone parses; anything else (an option first,
        # a mistyped command, --help) gets every command's parser
        module = MODULE_OF.get(given[0])
        args = build_parser((module,) if module else COMMAND_MODULES).parse_args(given)
        func = getattr(args, "func", None)
    else:  # plain ``coreg``: the app, with no parser built (nothing to parse)
        from types import SimpleNamespace

        args, func = SimpleNamespace(), None
    if func is None:  # plain ``coreg``: the app
        from coreg.commands.app import run_app

        func = run_app
    try:
        code = func(args)
    except UserError as error:
        from coreg.commands.output import wrapped_for

        print(wrapped_for(sys.stderr, f"coreg: {error}"), file=sys.stderr)
        code = error.code
    except KeyboardInterrupt:
        code = 130
    except EOFError:  # ctrl+d at a question (``coreg delete --all``): nothing was done
        print("", file=sys.stderr)
        code = 1
    except BrokenPipeError:  # ``coreg history | head``
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    sys.exit(code or 0)
