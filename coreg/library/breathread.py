"""Reading a step's ``breath:``: a named pattern, or a list of phases kept inside the safe range."""

from __future__ import annotations

import re

from yaml.nodes import Node, ScalarNode, SequenceNode

from coreg.library.exercise import (
    MAX_BREATHS_PER_MINUTE,
    MAX_PHASE_SECONDS,
    MIN_PHASE_SECONDS,
    OURS,
    PATTERNS,
    Breath,
    Phase,
    PhaseKind,
    ours_breath,
    parse_duration,
)
from coreg.library.yamlnodes import NodeReader, one_of, suggest


class BreathReader(NodeReader):
    """The node reader, and the breath patterns of the exercise format."""

    def breath(self, node: Node) -> Breath | None:
        if isinstance(node, ScalarNode):
            name = self.scalar(node, "breath")
            if name is None:
                return None
            if name.strip().lower() in PATTERNS:
                return PATTERNS[name.strip().lower()]
            if name.strip().lower() == OURS:
                return ours_breath()  # the couple's own, put in when the exercise runs
            self.error(
                node,
                f"unknown breathing pattern '{name}'{suggest(name, tuple(PATTERNS))}; "
                f"use one of {', '.join([*PATTERNS, OURS])} or a list like [in 4, out 6]",
            )
            return None
        phases: list[Phase] = []
        items = self.sequence(node, "breath")
        words = tuple(kind.value for kind in PhaseKind)
        for item in items:
            value = self.scalar(item, "a breath phase")
            if value is None:
                continue
            match = re.fullmatch(r"\s*([a-z-]+)\s+(\S+)\s*", value.lower())
            if not match:
                self.error(
                    item, f"write a breath phase as a word and seconds, like 'in 4', not '{value}'"
                )
                continue
            word, length = match.groups()
            if word not in words:
                self.error(
                    item,
                    f"'{word}' is not a breath phase{suggest(word, words)}; use {one_of(words)}",
                )
                continue
            try:
                seconds = parse_duration(length)
            except ValueError as error:
                self.error(item, f"breath phase: {error}")
                continue
            if not MIN_PHASE_SECONDS <= seconds <= MAX_PHASE_SECONDS:
                self.error(
                    item,
                    f"'{value}' is outside the safe range: each phase lasts from "
                    f"{MIN_PHASE_SECONDS:g} to {MAX_PHASE_SECONDS:g} seconds",
                )
                continue
            phases.append(Phase(PhaseKind(word), seconds))
        if not isinstance(node, SequenceNode) or len(phases) != len(items):
            return None
        kinds = {phase.kind for phase in phases}
        if not ({PhaseKind.IN, PhaseKind.TOP_UP} & kinds and PhaseKind.OUT in kinds):
            self.error(node, "a breath needs at least one 'in' and one 'out'")
            return None
        breath = Breath(tuple(phases))
        if breath.breaths_per_minute > MAX_BREATHS_PER_MINUTE + 1e-9:
            self.error(
                node,
                f"this pattern is {breath.breaths_per_minute:.1f} breaths a minute; keep it at "
                f"{MAX_BREATHS_PER_MINUTE:g} or fewer (a whole breath of at least "
                f"{60 / MAX_BREATHS_PER_MINUTE:g} seconds)",
            )
            return None
        return breath
