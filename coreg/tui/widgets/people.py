"""Each partner's look, the same on every screen: a colour of their own and a mark.

The colours are theme variables made for text (readable on every theme); the marks keep the
partners apart where there is no colour at all (``NO_COLOR``), together with their places:
the first name on the left, the second on the right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from textual.color import Color
from textual.content import Content

from coreg.timing import Role

if TYPE_CHECKING:
    from textual.app import App

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


def place(saved: Sequence[str], name: str, fallback: int) -> int:
    """Which of the couple ``name`` is (0 or 1): their place among the saved names, so each
    keeps their own colour and mark in every view; a name not saved takes ``fallback``."""
    folded = [n.casefold() for n in saved if n]
    return folded.index(name.casefold()) if name.casefold() in folded else fallback


def rich_person(app: App, index: int, *, bold: bool = True) -> Style:
    """The same colour as :func:`person`, for Rich text (the check-in rows, the charts), read
    from the app's theme; without colour, only bold (the mark tells the two apart)."""
    if app.no_color:
        return Style(bold=bold)
    variables = app.get_css_variables()
    colour = Color.parse(variables.get("background", "#000000")) + Color.parse(
        variables.get(COLOURS[index % 2].lstrip("$"), "#ffffff")
    )
    return Style(color=colour.rich_color, bold=bold)
