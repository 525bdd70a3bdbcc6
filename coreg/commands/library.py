"""Commands about exercises: ``coreg list``, ``coreg validate``, ``coreg show``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from coreg.library import Exercise, Library


def register(subparsers, parents) -> None:
    p = subparsers.add_parser(
        "list", parents=parents, help="the exercises found, and where each came from"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    p.set_defaults(func=run_list)

    p = subparsers.add_parser(
        "validate", parents=parents, help="check exercise files (file:line:col messages)"
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    p.set_defaults(func=run_validate)

    p = subparsers.add_parser("show", parents=parents, help="an exercise, step by step")
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--names", nargs=2, metavar=("A", "B"), default=("A", "B"), help="the partners' names"
    )
    p.set_defaults(func=run_show)


def _console(stderr: bool = False) -> Console:
    from coreg.commands.output import console

    return console(stderr=stderr)


FOR_SHORT = {"couple": "two", "solo": "one", "either": "one or two"}


def origin_label(exercise: Exercise) -> str:
    if exercise.origin == "built-in" or exercise.source_path is None:
        return "built-in"
    return str(exercise.source_path)


def exercise_json(exercise: Exercise) -> dict:
    return {
        "id": exercise.id,
        "title": exercise.title,
        "summary": exercise.summary,
        "seconds": exercise.total_seconds,
        "waits_for_key": exercise.has_untimed_steps,
        "steps": exercise.step_count,
        "for": exercise.audience.value,
        "tags": list(exercise.tags),
        "origin": exercise.origin,
        "source_path": str(exercise.source_path) if exercise.source_path else None,
    }


def minutes_label(exercise: Exercise) -> str:
    from coreg.library import format_duration

    text = format_duration(exercise.total_seconds) if exercise.total_seconds else ""
    if exercise.has_untimed_steps:
        text = f"{text} +" if text else "your pace"
    return text


def run_list(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from coreg.commands.output import print_json
    from coreg.library import load_library

    library = load_library()
    exercises = library.sorted()
    if args.json:
        print_json([exercise_json(e) for e in exercises])
        _report_broken(library, _console(stderr=True))
        return 0 if exercises else 1
    console = _console()
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("Title", "ID", "Length", "For", "From"):
        table.add_column(column, no_wrap=column in ("ID", "Length", "For"), overflow="fold")
    for exercise in exercises:
        table.add_row(
            Text(exercise.title),
            Text(exercise.id),
            Text(minutes_label(exercise)),
            Text(FOR_SHORT[exercise.audience.value]),
            Text(origin_label(exercise)),
        )
    if exercises:
        console.print(table)
    else:
        console.print("No exercises were found.")
    from coreg.paths import user_exercise_dirs

    folders = ", ".join(str(folder) for folder in user_exercise_dirs())
    from coreg.library import authoring_guide

    console.print(
        Text(
            f"\nYour own exercises go in {folders}.\nHow to write one: {authoring_guide()}",
            style="dim",
        )
    )
    _report_broken(library, console)
    return 0 if exercises else 1


def _report_broken(library: Library, console: Console) -> None:
    from rich.text import Text

    if not library.broken:
        return
    count = len(library.broken)
    console.print()
    console.print(
        Text(
            f"{count} file{'s' if count != 1 else ''} could not be loaded "
            "(run 'coreg validate' on it after a fix):",
            style="bold",
        )
    )
    for error in library.broken:
        for problem in error.problems:
            console.print(Text(str(problem)), soft_wrap=True)


def run_validate(args: argparse.Namespace) -> int:
    from rich.text import Text

    from coreg.library import ExerciseError, Problem, exercise_files, load_exercise

    console = _console()
    failed = 0
    files = exercise_files(args.paths)
    if not files:
        console.print("No exercise files (.yaml) were found there.")
        return 1
    for path in files:
        reason = _not_a_file(path)
        if reason:  # a FIFO is never opened: reading one would wait forever
            console.print(Text(str(Problem(path, 1, 1, reason))), soft_wrap=True)
            failed += 1
            continue
        try:
            exercise = load_exercise(path)
        except ExerciseError as error:
            failed += 1
            for problem in error.problems:
                console.print(Text(str(problem)), soft_wrap=True)
            continue
        console.print(Text(f"{path}: ok ({exercise.title}, {minutes_label(exercise)})"))
    return 1 if failed else 0


def _not_a_file(path: Path) -> str | None:
    import os
    import stat

    from coreg.log import kind_of

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "there is no such file"
    except OSError as error:
        return f"can't read this file ({error.strerror or error})"
    return None if stat.S_ISREG(mode) else f"this is {kind_of(mode)}, not an exercise file"


def run_show(args: argparse.Namespace) -> int:
    from coreg.library import load_library

    exercise = find_exercise(load_library(), args.id)
    _console().print(describe(exercise, tuple(args.names)))
    return 0


def find_exercise(library: Library, exercise_id: str) -> Exercise:
    """The exercise with this id, or a UserError that suggests the nearest one."""
    import difflib

    from coreg.commands.shared import UserError

    exercise = library.get(exercise_id)
    if exercise is None:
        close = difflib.get_close_matches(exercise_id, list(library.exercises), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " 'coreg list' shows them all."
        raise UserError(f"there is no exercise '{exercise_id}'.{hint}")
    return exercise


def describe(exercise: Exercise, names: tuple[str, str]):
    """An exercise as readable text, step by step: what ``coreg show`` prints."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from coreg.library import Repeat, Step, fill, format_duration, reflow

    a, b = names
    parts: list = [
        Text(exercise.title, style="bold"),
        Text(exercise.summary, style="italic"),
        Text(""),
    ]
    if exercise.about:
        parts += [Text(reflow(exercise.about)), Text("")]
    facts = f"For {exercise.audience.label}"
    if exercise.total_seconds:
        facts += f" · about {format_duration(exercise.total_seconds)}"
    if exercise.has_untimed_steps:
        facts += " · some steps wait until you are ready"
    parts.append(Text(facts, style="dim"))
    if exercise.credit:
        parts.append(Text(exercise.credit, style="dim"))
    for choice in exercise.choices:
        options = ", ".join(format_duration(s) for s in choice.options)
        parts.append(Text(f"{choice.label}: {options} (usually {format_duration(choice.default)})"))
    parts.append(Text(""))

    def step_lines(step: Step, number: str, swapped: bool) -> list:
        first, second = (b, a) if swapped else (a, b)
        length = format_duration(step.seconds) if step.seconds else "until you are ready"
        lines: list = [Text.assemble((f"{number} {step.name}", "bold"), f"  ({length})")]
        body: list = []
        if step.roles and not exercise.solo:
            roles = f"{first} {fill(step.roles.a, first, second)} · {second} "
            body.append(Text(roles + fill(step.roles.b, first, second), style="magenta"))
        if step.say:
            body.append(Text(fill(step.say, first, second)))
        if step.a:
            body.append(Text.assemble((f"{first}: ", "bold"), fill(step.a, first, second)))
        if step.b:
            body.append(Text.assemble((f"{second}: ", "bold"), fill(step.b, first, second)))
        if step.lead and not exercise.solo:
            leader = first if step.lead == "a" else second
            body.append(Text(f"{leader} leads the pace with a key; until a tap:", style="cyan"))
        if step.breath:
            body.append(Text(f"Breathing: {step.breath.title}", style="cyan"))
            if step.breath.note:
                body.append(Text(step.breath.note, style="dim"))
        lines.append(Padding(Group(*body), (0, 0, 0, 3)))
        return lines

    number = 0
    for item in exercise.steps:
        if isinstance(item, Repeat):
            swap = " with roles swapped each round" if item.swap and not exercise.solo else ""
            parts.append(Text(f"These steps {item.times} times{swap}:", style="bold"))
            for round_index in range(item.times):
                swapped = item.swap and round_index % 2 == 1
                for step in item.steps:
                    number += 1
                    parts += step_lines(step, f"{number}.", swapped)
        else:
            number += 1
            parts += step_lines(item, f"{number}.", False)
    return Group(*parts)
