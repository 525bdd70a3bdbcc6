"""What is wrong in an exercise file, and where: ``FILE:LINE:COL: message``.

Apart from the YAML reader, so that a library read from the cache never imports YAML at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ExerciseError(Exception):
    """Every problem found in one exercise file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def path(self) -> Path:
        return self.problems[0].path
