"""What a list of exercises shows of one: its names, words, length and origin, without its
steps.

``coreg list`` reads a card for each file (from the cache, see :mod:`coreg.library.cache`),
so a library of thousands of files is listed without building thousands of exercises; the
home screen lists the user's own from their cards too, until the whole exercises are read. A
card answers the same questions as an :class:`~coreg.library.Exercise` under the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coreg.library.exercise import Audience, Exercise


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    summary: str
    about: str
    audience: Audience
    tags: tuple[str, ...]
    total_seconds: float
    has_untimed_steps: bool
    step_count: int
    source_path: Path | None
    origin: str

    @property
    def solo(self) -> bool:
        return self.audience is Audience.SOLO

    @classmethod
    def of(cls, exercise: Exercise) -> Card:
        return cls(
            id=exercise.id,
            title=exercise.title,
            summary=exercise.summary,
            about=exercise.about,
            audience=exercise.audience,
            tags=exercise.tags,
            total_seconds=exercise.total_seconds,
            has_untimed_steps=exercise.has_untimed_steps,
            step_count=exercise.step_count,
            source_path=exercise.source_path,
            origin=exercise.origin,
        )
