"""Reading YAML as a tree of positioned nodes, and saying where and what is wrong.

The text is composed with the safe loader (never constructed into Python objects), so every
value keeps its line, its column and its text as written: ``1:30`` stays the text ``"1:30"``
rather than YAML 1.1's sexagesimal 90. :class:`NodeReader` collects every problem it meets
instead of stopping at the first; :mod:`coreg.library.loader` builds the exercise format on it.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coreg.library.problem import Problem

MAX_FILE_BYTES = 256 * 1024
# The safe loader, in C when PyYAML has libyaml (15 times faster: the library loads at start-up).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TRUE_WORDS, FALSE_WORDS = ("true",), ("false",)


class _Mark(Protocol):
    """Where PyYAML says something is (its Python and its C reader have a Mark each)."""

    line: int
    column: int


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: tuple[str, ...] | list[str]) -> str:
    quoted = [f"'{c}'" for c in choices]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


class NodeReader:
    """Walks a YAML node tree, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    # -- reporting ------------------------------------------------------------------------

    def error(self, where: Node | _Mark | None, message: str) -> None:
        mark = where.start_mark if isinstance(where, Node) else where
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(self.path, line, column, message))

    # -- bytes to nodes -------------------------------------------------------------------

    def decode(self, data: bytes | str) -> str | None:
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        if len(data) > MAX_FILE_BYTES:
            self.error(
                None,
                f"this file is larger than {MAX_FILE_BYTES // 1024} KB, too large for an "
                "exercise; is it the right file?",
            )
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            before = data[: error.start]
            line = before.count(b"\n") + 1
            column = len(before) - (before.rfind(b"\n") + 1) + 1
            self.problems.append(
                Problem(
                    self.path,
                    line,
                    column,
                    "this file is not UTF-8 text; save it as UTF-8 in your editor",
                )
            )
            return None
        if not text.strip() or all(
            not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
        ):
            self.error(None, "this file is empty: an exercise needs at least a title and steps")
            return None
        return text

    def compose(self, text: str) -> Node | None:
        tab_lines = [
            number
            for number, line in enumerate(text.splitlines(), start=1)
            if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
        ]
        for number in tab_lines:
            self.problems.append(
                Problem(self.path, number, 1, "a tab is used to indent this line; use spaces")
            )
        try:
            root = yaml.compose(text, Loader=SAFE_LOADER)
            aliases = [
                event.start_mark
                for event in yaml.parse(text, Loader=SAFE_LOADER)
                if isinstance(event, yaml.AliasEvent)
            ]
            for mark in aliases:
                self.error(mark, "aliases (*name) can't be used in an exercise; write the text out")
            return None if aliases else root
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            if not (tab_lines and mark is not None and mark.line + 1 in tab_lines):
                self.error(mark, _yaml_message(error))
        except yaml.reader.ReaderError as error:  # a character YAML refuses: placed by hand
            before = text[: error.position]
            line, start = before.count("\n") + 1, before.rfind("\n") + 1
            code = error.character if isinstance(error.character, int) else ord(error.character)
            self.problems.append(
                Problem(
                    self.path,
                    line,
                    error.position - start + 1,
                    f"this isn't valid YAML: it holds a control character (U+{code:04X}); "
                    "delete it",
                )
            )
        except yaml.YAMLError as error:  # unmarked errors are rare; still a message, not a crash
            self.error(None, f"this isn't valid YAML: {error}")
        except RecursionError:
            self.error(None, "this file is nested far too deeply to be an exercise")
        return None

    # -- node helpers ---------------------------------------------------------------------

    def mapping(self, node: Node, what: str, keys: tuple[str, ...]) -> dict[str, tuple[Node, Node]]:
        """A mapping's entries by key; unknown and duplicate keys are reported."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} should be a set of 'key: value' lines, not {kind_of(node)}")
            return {}
        entries: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"a key in {what} should be a plain word")
                continue
            key = key_node.value
            if key in entries:
                self.error(key_node, f"'{key}' is given twice in {what}; keep one")
            elif key not in keys:
                self.error(key_node, f"unknown key '{key}' in {what}{suggest(key, keys)}")
            else:
                entries[key] = (key_node, value_node)
        return entries

    def scalar(self, node: Node, what: str) -> str | None:
        """The text of a scalar exactly as written, or None (with a problem)."""
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} should be a single value, not {kind_of(node)}")
            return None
        if node.tag == "tag:yaml.org,2002:null" and not node.style:  # libyaml says ""
            self.error(node, f"{what} is empty")
            return None
        return node.value

    def word(self, node: Node, what: str, allowed: tuple[str, ...]) -> str | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        if value.strip().lower() not in allowed:
            self.error(node, f"{what} is {one_of(allowed)}, not '{value}'{suggest(value, allowed)}")
            return None
        return value.strip().lower()

    def boolean(self, node: Node, what: str) -> bool | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        lowered = value.strip().lower()
        if lowered in TRUE_WORDS or lowered in FALSE_WORDS:
            return lowered in TRUE_WORDS
        self.error(node, f"{what} is true or false, not '{value}'")
        return None

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} should be a list ('- ' lines or [a, b]), not {kind_of(node)}")
            return []
        return list(node.value)

    # -- the exercise ---------------------------------------------------------------------


def kind_of(node: Node | None) -> str:
    if isinstance(node, MappingNode):
        return "a set of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return "a single value"


_YAML_HINTS = (
    ("mapping values are not allowed", "a text with ': ' in it needs quotes around it"),
    ("could not find expected ':'", "a line may be missing its ':' or its indentation is off"),
    ("found undefined alias", "'*' starts an alias in YAML; put quotes around this text"),
    ("found character '%' that cannot start", "put quotes around a text that starts with '%'"),
    ("found character '@' that cannot start", "put quotes around a text that starts with '@'"),
    ("found character '`' that cannot start", "put quotes around a text that starts with '`'"),
    ("expected a single document", "one exercise per file: remove the '---' line"),
    ("but found another document", "one exercise per file: remove the '---' line"),
    ("did not find expected key", "check the indentation of this line and the one above"),
    ("end of stream", "a quote or bracket is opened and never closed"),
)


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or error.context or "").strip()
    for needle, hint in _YAML_HINTS:
        if needle in problem or needle in str(error.context or ""):
            return f"this isn't valid YAML: {problem} ({hint})"
    return f"this isn't valid YAML: {problem}"
