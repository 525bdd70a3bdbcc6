"""Each partner's look, the same on every screen: a colour of their own and a mark.

The colours are theme variables made for text (readable on every theme); the marks keep the
partners apart where there is no colour at all (``NO_COLOR``), together with their places:
the first name on the left, the second on the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from coreg.timing import Role

MARKS = ("◆", "●")
COLOURS = ("$text-primary", "$text-success")


def person(name: str, index: int, *, bold: bool = True) -> Content:
    """``◆ Alex`` in the first partner's colour; a name is always plain text, never markup."""
    style = f"{COLOURS[index % 2]} bold" if bold else COLOURS[index % 2]
    return Content.assemble((f"{MARKS[index % 2]} {name}", style))


def roles_line(roles: Sequence[Role]) -> Content:
    """``◆ Sam leads · ● Alex follows``, each name in its partner's colour."""
    parts: list[Content | str] = []
    for number, role in enumerate(roles):
        if number:
            parts.append(" · ")
        parts += [person(role.name, role.person), f" {role.word}"]
    return Content.assemble(*parts)
