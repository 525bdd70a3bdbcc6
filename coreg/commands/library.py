"""Commands about exercises: ``coreg list``, ``coreg validate``, ``coreg show``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from coreg.library import Card, Exercise, Library


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
    p.add_argument("id", metavar="ID", help="an exercise id (see 'coreg list')")
    p.add_argument(
        "--names",
        nargs=2,
        metavar=("A", "B"),
        help="the partners' names (default: the names saved in the app, or A and B)",
    )
    p.set_defaults(func=run_show)


def _console(stderr: bool = False) -> Console:
    from coreg.commands.output import console

    return console(stderr=stderr)


FOR_SHORT = {"couple": "2", "solo": "1", "either": "1 or 2"}  # people
MORE = "+"  # after a length: some steps wait until you are ready
MAX_CUT = 12  # a title cut by more than this to fit: two lines an exercise instead


def origin_label(exercise: Exercise | Card) -> str:
    """``built-in``, or the file's name (the folders are named under the table; the whole
    path is in ``coreg list --json``)."""
    if exercise.origin == "built-in" or exercise.source_path is None:
        return "built-in"
    return exercise.source_path.name


def exercise_json(exercise: Exercise | Card) -> dict:
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


def minutes_label(exercise: Exercise | Card) -> str:
    from coreg.library import format_duration

    text = format_duration(exercise.total_seconds) if exercise.total_seconds else ""
    if exercise.has_untimed_steps:
        text = f"{text} {MORE}" if text else "your pace"
    return text


def run_list(args: argparse.Namespace) -> int:
    from coreg.commands.output import print_json
    from coreg.commands.table import print_line, print_table
    from coreg.library import load_cards

    library = load_cards()  # the list needs no steps: no exercise is built from the cache
    exercises = library.sorted()
    if args.json:
        print_json([exercise_json(e) for e in exercises])
        _report_broken(library, sys.stderr)
        return 0 if exercises else 1
    from coreg.commands.table import table_width, terminal_width
    from coreg.safetext import visible

    rows = [
        [
            visible(exercise.title),
            visible(exercise.id),
            minutes_label(exercise),
            FOR_SHORT[exercise.audience.value],
            visible(origin_label(exercise)),
        ]
        for exercise in exercises
    ]
    if exercises:
        headers = ["Title", "ID", "Length", "For", "From"]
        room = terminal_width()
        if room is None or table_width(headers, rows, shrink=None) <= room + MAX_CUT:
            print_table(headers, rows, shrink=0)
        else:  # a narrow terminal: each exercise on two lines, its title whole
            for title, exercise_id, length, who, origin in rows:
                print_line(f"{title}\n  {exercise_id} · {length} · for {who} · {origin}")
    else:
        print("No exercises were found.")
    from coreg.library import authoring_guide
    from coreg.paths import user_exercise_dirs

    notes = []
    if any(exercise.has_untimed_steps for exercise in exercises):
        notes.append(f"{MORE} after a length: some steps wait until you are ready.")
    notes.append("Start one with coreg run ID, or open coreg and pick it there.")
    folders = ", ".join(str(folder) for folder in user_exercise_dirs())
    notes.append(f"Your own exercises go in {folders} (From names the file).")
    notes.append(f"How to write one: {authoring_guide()}")
    print_line("\n" + "\n".join(notes), "dim")
    _report_broken(library, sys.stdout)
    return 0 if exercises else 1


def _report_broken(library: Library[Card], out: TextIO) -> None:
    from coreg.commands.table import print_line

    if not library.broken:
        return
    count = len(library.broken)
    print_line("", out=out)
    print_line(
        f"{count} file{'s' if count != 1 else ''} could not be loaded "
        "(run 'coreg validate' on it after a fix):",
        "bold",
        out,
    )
    for error in library.broken:
        for problem in error.problems:
            print_line(str(problem), out=out)


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
    console = _console()
    width = console.width if console.is_terminal else None  # into a pipe: lines stay whole
    for line in describe(exercise, show_names(args.names), width):
        console.print(line, soft_wrap=True)
    return 0


def show_names(given: list[str] | None) -> tuple[str, str]:
    """``--names``, else the names saved in the app, else A and B."""
    if given:
        return given[0], given[1]
    from coreg.settings import load_settings

    saved = load_settings()[0].names
    return (saved[0], saved[1]) if saved[0] and saved[1] else ("A", "B")


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


def describe(exercise: Exercise, names: tuple[str, str], width: int | None = None) -> list:
    """An exercise as readable lines, step by step: what ``coreg show`` prints. Lines are
    wrapped at ``width`` (None: never), a step's text under its heading, with no trailing
    spaces. A repeated block is shown round by round, as the app runs it."""
    from rich.text import Text

    from coreg.library import Repeat, Step, fill, format_duration, reflow

    a, b = names
    lines: list = []

    def add(text: Text | str, indent: int = 0, style: str = "") -> None:
        lines.extend(wrapped(text if isinstance(text, Text) else Text(text, style), width, indent))

    add(exercise.title, style="bold")
    add(exercise.summary, style="italic")
    add("")
    if exercise.about:
        for paragraph in reflow(exercise.about).split("\n"):
            add(paragraph)
        add("")
    facts = f"For {exercise.audience.label}"
    if exercise.total_seconds:
        facts += f" · about {format_duration(exercise.total_seconds)}"
    if exercise.has_untimed_steps:
        facts += " · some steps wait until you are ready"
    add(facts, style="dim")
    if exercise.credit:
        add(exercise.credit, style="dim")
    for choice in exercise.choices:
        options = ", ".join(format_duration(s) for s in choice.options)
        add(f"{choice.label}: {options} (usually {format_duration(choice.default)})")

    def step_lines(step: Step, number: int, swapped: bool) -> None:
        first, second = (b, a) if swapped else (a, b)
        length = format_duration(step.seconds) if step.seconds else "until you are ready"
        add(Text.assemble((f"{number}. {step.name}", "bold"), f"  ({length})"))
        if step.roles and not exercise.solo:
            roles = f"{first} {fill(step.roles.a, first, second)} · {second} "
            add(Text(roles + fill(step.roles.b, first, second), style="magenta"), 3)
        if step.say:
            add(fill(step.say, first, second), 3)
        if step.a:
            add(Text.assemble((f"{first}: ", "bold"), fill(step.a, first, second)), 3)
        if step.b:
            add(Text.assemble((f"{second}: ", "bold"), fill(step.b, first, second)), 3)
        if step.lead and not exercise.solo:
            leader = first if step.lead == "a" else second
            add(Text(f"{leader} leads the pace with a key; until a tap:", style="cyan"), 3)
        if step.breath:
            add(Text(f"Breathing: {step.breath.title}", style="cyan"), 3)
            if step.breath.note:
                add(Text(step.breath.note, style="dim"), 3)

    number = 0
    for item in exercise.steps:
        if isinstance(item, Repeat):
            for round_index in range(item.times):
                swapped = item.swap and round_index % 2 == 1 and not exercise.solo
                note = ", parts swapped" if swapped else ""
                add("")
                add(f"Round {round_index + 1} of {item.times}{note}", style="bold underline")
                for step in item.steps:
                    number += 1
                    step_lines(step, number, swapped)
            add("")
        else:
            number += 1
            if number == 1:
                add("")
            step_lines(item, number, False)
    while lines and not lines[-1].plain:
        lines.pop()
    return lines


def wrapped(text, width: int | None, indent: int = 0) -> list:
    """``text`` as lines of at most ``width`` columns, each after ``indent`` spaces."""
    from rich.console import Console
    from rich.text import Text

    pad = " " * indent
    if width is None or not text.plain:
        return [Text(pad) + text if indent and text.plain else text]
    lines = text.wrap(Console(width=width), max(20, width - indent))
    out = []
    for line in lines:
        line.rstrip()
        out.append(Text(pad) + line if indent else line)
    return out
