"""Read one exercise file into an :class:`~coreg.library.Exercise`, or say exactly what is wrong.

The file is read as positioned YAML nodes (:mod:`coreg.library.yamlnodes`); this module knows the
exercise format: its keys, lengths, breath patterns, repeats and choices. All the problems of
a file are collected and reported together as ``FILE:LINE:COL: message``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coreg.library.breathread import BreathReader
from coreg.library.exercise import (
    MAX_REPEAT,
    MAX_ROLE_CHARS,
    PATTERNS,
    PLACEHOLDER,
    Audience,
    Choice,
    Exercise,
    Repeat,
    Roles,
    Step,
    StepCue,
    parse_duration,
)
from coreg.library.problem import ExerciseError, Problem
from coreg.library.yamlnodes import MAX_FILE_BYTES, kind_of, one_of, suggest

EXERCISE_KEYS = ("id", "title", "summary", "about", "for", "tags", "credit", "choices", "steps")
STEP_KEYS = ("name", "duration", "say", "a", "b", "roles", "breath", "cue", "lead")
REPEAT_KEYS = ("repeat", "swap", "roles", "steps")
ROLE_KEYS = ("a", "b")
CHOICE_KEYS = ("label", "options", "default")
LEAD_FALLBACK = "resonance-5"  # a lead step without 'breath:' keeps this pace until a tap
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_exercise(path: Path, origin: str = "user") -> Exercise:
    """Load one file. Raises :class:`ExerciseError` (and nothing else) for any bad input."""
    return parse_exercise(read_exercise_file(path), path, origin)


def read_exercise_file(path: Path) -> bytes:
    """The file's bytes (one more than the limit at most, for the size check to see)."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExerciseError([Problem(path, 1, 1, f"can't read this file: {reason}")]) from None


def parse_exercise(data: bytes | str, path: Path, origin: str = "user") -> Exercise:
    """Turn a file's bytes (or text) into an Exercise; the id defaults to the file's name."""
    reader = _Reader(path)
    text = reader.decode(data)
    root = reader.compose(text) if text is not None else None
    exercise = reader.exercise(root, origin) if root is not None else None
    if reader.problems or exercise is None:
        raise ExerciseError(reader.problems or [Problem(path, 1, 1, "this file could not be read")])
    return exercise


def id_from_filename(path: Path) -> str:
    """``My Exercise.yaml`` → ``my-exercise``."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "exercise"


class _Reader(BreathReader):
    """The exercise format, read from the node tree."""

    def text(self, node: Node, what: str, *, names: tuple[str, ...] = ()) -> str | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        value = value.strip()
        if not value:
            self.error(node, f"{what} is empty")
            return None
        for match in PLACEHOLDER.finditer(value):
            name = match.group(1)
            if name not in names:
                if names:
                    hint = suggest(name, names) or f"; use {one_of([f'{{{n}}}' for n in names])}"
                    self.error(node, f"unknown name placeholder '{{{name}}}' in {what}{hint}")
                elif getattr(self, "_names", ()):  # a couple exercise: the place is wrong
                    self.error(
                        node,
                        f"'{{{name}}}' in {what}: name placeholders go in a step's 'say', "
                        "'a' or 'b', where each partner's name is known",
                    )
                else:
                    self.error(
                        node,
                        f"'{{{name}}}' in {what}: name placeholders are only for couple exercises",
                    )
        return value

    def duration(self, node: Node, what: str) -> float | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            return parse_duration(value)
        except ValueError as error:
            self.error(node, f"{what}: {error}")
            return None

    def exercise(self, root: Node, origin: str) -> Exercise | None:
        if not isinstance(root, MappingNode):
            self.error(
                root,
                f"this file holds {kind_of(root)}; an exercise is a set of keys "
                "like 'title:' and 'steps:'",
            )
            return None
        entries = self.mapping(root, "the exercise", EXERCISE_KEYS)
        for required in ("title", "summary", "steps"):
            if required not in entries:
                self.error(root, f"the exercise needs '{required}:'")

        def get(key: str) -> Node | None:
            return entries[key][1] if key in entries else None

        exercise_id = id_from_filename(self.path)
        if (node := get("id")) is not None and (value := self.scalar(node, "id")) is not None:
            if ID_PATTERN.match(value):
                exercise_id = value
            else:
                self.error(node, f"id '{value}' should be lowercase letters, digits and '-'")
        audience = Audience.COUPLE
        if (node := get("for")) is not None:
            picked = self.word(node, "'for'", tuple(a.value for a in Audience))
            audience = Audience(picked) if picked else audience
        names = ("a", "b") if audience is Audience.COUPLE else ()
        title = self.text(node, "the title") if (node := get("title")) else None
        summary = self.text(node, "the summary") if (node := get("summary")) else None
        about = self.text(node, "'about'") if (node := get("about")) else ""
        credit = self.text(node, "the credit") if (node := get("credit")) else ""
        tags: list[str] = []
        if (node := get("tags")) is not None:
            for tag_node in self.sequence(node, "tags"):
                tag = self.text(tag_node, "a tag")
                if tag:
                    tags.append(tag.lower())
        choices = self.choices(get("choices")) if get("choices") is not None else {}
        # What every step of this file is read against:
        self._names, self._audience, self._choices = names, audience, choices
        self._used: set[str] = set()
        steps: list[Step | Repeat] = []
        if (node := get("steps")) is not None:
            items = self.sequence(node, "steps")
            if isinstance(node, SequenceNode) and not items:
                self.error(node, "steps is empty: an exercise needs at least one step")
            for item in items:
                built = self.step_or_repeat(item)
                if built is not None:
                    steps.append(built)
        for key, (_, key_node) in choices.items():
            if key not in self._used:
                self.error(key_node, f"choice '{key}' is not used by any step's duration")
        if self.problems or not (title and summary and steps):
            return None
        return Exercise(
            id=exercise_id,
            title=title,
            summary=summary,
            steps=tuple(steps),
            about=about or "",
            audience=audience,
            tags=tuple(tags),
            credit=credit or "",
            choices=tuple(choice for choice, _ in choices.values()),
            source_path=self.path,
            origin=origin,
        )

    def choices(self, node: Node | None) -> dict[str, tuple[Choice, Node]]:
        found: dict[str, tuple[Choice, Node]] = {}
        if node is None:
            return found
        if not isinstance(node, MappingNode):
            self.error(node, f"choices should be a set of 'key:' entries, not {kind_of(node)}")
            return found
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else ""
            if not ID_PATTERN.match(key):
                self.error(key_node, "a choice's key should be lowercase letters, digits and '-'")
                continue
            entries = self.mapping(value_node, f"choice '{key}'", CHOICE_KEYS)
            label = self.text(entries["label"][1], "its label") if "label" in entries else key
            options: list[float] = []
            if "options" not in entries:
                self.error(value_node, f"choice '{key}' needs 'options:', a list of lengths")
            else:
                for option in self.sequence(entries["options"][1], "options"):
                    seconds = self.duration(option, "an option")
                    if seconds is not None:
                        options.append(seconds)
            default = options[0] if options else None
            if "default" in entries:
                default_node = entries["default"][1]
                default = self.duration(default_node, "the default")
                if default is not None and options and default not in options:
                    self.error(default_node, "the default should be one of the options")
            if options and default is not None and label:
                found[key] = (Choice(key, label, tuple(options), default), key_node)
            elif "options" in entries and not options and not self.problems:
                self.error(value_node, f"choice '{key}' has no options")
        return found

    def step_or_repeat(self, node: Node, *, nested: bool = False) -> Step | Repeat | None:
        if isinstance(node, MappingNode) and any(
            isinstance(k, ScalarNode) and k.value == "repeat" for k, _ in node.value
        ):
            if nested:
                self.error(node, "a repeat can't hold another repeat")
                return None
            return self.repeat(node)
        return self.step(node)

    def repeat(self, node: MappingNode) -> Repeat | None:
        entries = self.mapping(node, "this repeat", REPEAT_KEYS)
        times = None
        if (count := self.scalar(entries["repeat"][1], "repeat")) is not None:
            if count.strip().isdigit() and 1 <= int(count) <= MAX_REPEAT:
                times = int(count)
            else:
                self.error(
                    entries["repeat"][1],
                    f"repeat is how many times, a whole number from 1 to {MAX_REPEAT}, "
                    f"not '{count}'",
                )
        swap = True
        if "swap" in entries:
            swap = bool(self.boolean(entries["swap"][1], "swap"))
        if "swap" in entries and self._audience is not Audience.COUPLE:
            self.error(entries["swap"][0], "swap trades partners' roles; it is for couples only")
        roles = self.roles(entries["roles"]) if "roles" in entries else None
        steps: list[Step] = []
        if "steps" not in entries:
            self.error(node, "a repeat needs 'steps:', the steps to do again")
        else:
            items = self.sequence(entries["steps"][1], "the repeat's steps")
            if isinstance(entries["steps"][1], SequenceNode) and not items:
                self.error(entries["steps"][1], "the repeat's steps are empty")
            for item in items:
                built = self.step_or_repeat(item, nested=True)
                if isinstance(built, Step):
                    # the block's roles hold for each of its steps that names none of its own
                    steps.append(built if built.roles or not roles else replace(built, roles=roles))
        if times is None or not steps:
            return None
        return Repeat(times=times, steps=tuple(steps), swap=swap)

    def step(self, node: Node) -> Step | None:
        entries = self.mapping(node, "this step", STEP_KEYS)
        if not isinstance(node, MappingNode):
            return None
        if "name" not in entries:
            self.error(node, "this step needs a 'name:'")
        name = self.text(entries["name"][1], "the step's name") if "name" in entries else None
        seconds, choice = None, None
        if "duration" in entries:
            duration_node = entries["duration"][1]
            raw = duration_node.value.strip() if isinstance(duration_node, ScalarNode) else ""
            if raw in self._choices:
                choice, seconds = raw, self._choices[raw][0].default
                self._used.add(raw)
            elif raw and re.fullmatch(r"[a-z][a-z0-9-]*", raw) and raw not in ("s", "m", "h"):
                hint = suggest(raw, list(self._choices)) if self._choices else ""
                self.error(duration_node, f"'{raw}' is not a length or a choice{hint}")
            else:
                seconds = self.duration(duration_node, "duration")
        texts: dict[str, str] = {}
        for key in ("say", "a", "b"):
            if key not in entries:
                continue
            if key in ("a", "b") and self._audience is not Audience.COUPLE:
                self.error(
                    entries[key][0],
                    f"'{key}:' is for one partner of a couple; "
                    f"this exercise is for {self._audience.label}, so use 'say:'",
                )
                continue
            value = self.text(entries[key][1], f"'{key}'", names=self._names)
            if value:
                texts[key] = value
        roles = self.roles(entries["roles"]) if "roles" in entries else None
        if not texts and not any(key in entries for key in ("say", "a", "b")):
            self.error(node, "this step has nothing to read: give it 'say:' (or 'a:' and 'b:')")
        breath = self.breath(entries["breath"][1]) if "breath" in entries else None
        cue = StepCue.NORMAL
        if "cue" in entries:
            picked = self.word(entries["cue"][1], "cue", tuple(c.value for c in StepCue))
            cue = StepCue(picked) if picked else cue
        lead = self.lead(entries["lead"]) if "lead" in entries else None
        if lead is not None and breath is None and "breath" not in entries:
            breath = PATTERNS[LEAD_FALLBACK]  # what the pacer keeps until the leader taps
        if not name:
            return None
        return Step(
            name=name,
            seconds=seconds,
            say=texts.get("say", ""),
            a=texts.get("a", ""),
            b=texts.get("b", ""),
            breath=breath,
            cue=cue,
            choice=choice,
            roles=roles,
            lead=lead,
        )

    def lead(self, entry: tuple[Node, Node]) -> str | None:
        """``lead: a`` or ``lead: b``: that partner sets the pace with their key."""
        key_node, node = entry
        if self._audience is not Audience.COUPLE:
            self.error(key_node, "lead is for a couple: one partner leads, the other follows")
            return None
        return self.word(node, "lead", ("a", "b"))

    def roles(self, entry: tuple[Node, Node]) -> Roles | None:
        """``roles: {a: leads, b: follows}``: a few words each, read after a partner's name."""
        key_node, node = entry
        if self._audience is not Audience.COUPLE:
            self.error(
                key_node, "roles name what each partner of a couple does; it is for couples only"
            )
            return None
        entries = self.mapping(node, "roles", ROLE_KEYS)
        words: dict[str, str] = {}
        for key in ROLE_KEYS:
            if key not in entries:
                if isinstance(node, MappingNode):
                    self.error(
                        node, f"roles needs '{key}:', the words for partner {key}, like 'leads'"
                    )
                continue
            value = self.text(entries[key][1], f"role '{key}'", names=self._names)
            if value and len(value) > MAX_ROLE_CHARS:
                self.error(
                    entries[key][1],
                    f"role '{key}' is read after a name, on screen and aloud: keep it to "
                    f"{MAX_ROLE_CHARS} characters, like 'leads' or 'speaks'",
                )
            elif value:
                words[key] = value
        if len(words) != 2:
            return None
        if words["a"].casefold() == words["b"].casefold():
            self.error(node, "the two roles are the same; give each partner a word of their own")
            return None
        return Roles(words["a"], words["b"])
