"""Text from files and people is shown as text: never parsed as markup, never run."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def plain(text: str) -> Content:
    """``[bold]`` and ``[@click=app.quit]`` in an exercise or a name stay literal characters."""
    return Content(text)


class Plain(Static):
    """A Static whose content is always plain text."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(plain(text), id=id, classes=classes, markup=False)

    def set_text(self, text: str) -> None:
        self.update(plain(text))
