"""Where the commands' words reach the terminal: every byte passes :func:`coreg.safetext.visible`.

Two boundaries, one rule:

* :func:`install` wraps ``sys.stdout`` and ``sys.stderr`` once, in ``cli.main``: every
  ``print``, every error message, argparse's own complaints and a CSV export to the screen
  show a control character as a visible sign instead of letting the terminal obey it;
* :func:`console` is the Rich console the commands draw tables with. It writes to the real
  stream (its own colours must pass) but turns every outside text into visible text first.

JSON goes out through :func:`print_json`: the same characters as ``\\uXXXX`` escapes, so the
JSON still means exactly the same data.
"""

from __future__ import annotations

import io
import json
import sys
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

from coreg.safetext import is_safe, json_text, visible

if TYPE_CHECKING:
    from rich.console import Console


class VisibleStream(io.TextIOBase):
    """A text stream that shows control characters instead of sending them (``\\n``, ``\\t``
    pass). A character the stream's encoding lacks is replaced, never a UnicodeEncodeError."""

    def __init__(self, raw: TextIO, *, show: bool = True) -> None:
        self.raw = raw
        self.show = show  # False: only the encoding is taken care of (for Rich, which shows)

    def write(self, text: str) -> int:
        safe = visible(text, newlines=True, tabs=True) if self.show else text
        try:
            self.raw.write(safe)
        except UnicodeEncodeError:
            encoding = getattr(self.raw, "encoding", None) or "ascii"
            self.raw.write(safe.encode(encoding, "replace").decode(encoding))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"


def install() -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` (once) so nothing raw reaches the terminal."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, VisibleStream):
            setattr(sys, name, VisibleStream(stream))


def raw(stream: Any) -> Any:
    return stream.raw if isinstance(stream, VisibleStream) else stream


def console(stderr: bool = False, width: int | None = None) -> Console:
    """A Rich console whose outside text is shown visibly; its own styling still works."""
    from rich.console import Console
    from rich.segment import Segment
    from rich.text import Text

    class VisibleConsole(Console):
        def render(self, renderable: Any, options: Any = None):
            if isinstance(renderable, Text) and not is_safe(renderable.plain):
                renderable = _visible_text(renderable)
            for segment in super().render(renderable, options):
                text, style, control = segment
                if control is None and not is_safe(text):
                    segment = Segment(visible(text, newlines=True), style)
                yield segment

    # Rich's own colour codes must pass, so it writes to the real stream; a character the
    # stream's encoding lacks (an arrow under PYTHONIOENCODING=ascii) is replaced, not fatal.
    stream = VisibleStream(raw(sys.stderr if stderr else sys.stdout), show=False)
    made = VisibleConsole(highlight=False, file=cast("IO[str]", stream))
    if not made.is_terminal:
        # into a file or a pipe a line is never broken: `file:line:col: ...` must stay whole
        # for an editor or a script to read (tables still keep to the width)
        made.soft_wrap = True
        if width is not None:
            made.width = width
    return made


def _visible_text(text: Any) -> Any:
    """A Rich Text with its control characters shown, before it is laid out (so a table's
    column makes room for the signs). Styles of spans are kept piece by piece."""
    from rich.text import Text

    out = Text(style=text.style, justify=text.justify, no_wrap=text.no_wrap, end=text.end)
    for piece in text.divide(sorted({s.start for s in text.spans} | {s.end for s in text.spans})):
        style = piece.spans[0].style if piece.spans else ""
        out.append(visible(piece.plain, newlines=True), style=style)
    return out


def wrapped_for(stream: Any, text: str) -> str:
    """``text`` broken between words to fit the terminal ``stream`` writes to; into a pipe or a
    file, one line (a path or a word is never split)."""
    from coreg.commands.table import terminal_width

    width = terminal_width(stream)
    if width is None or len(text) <= width:
        return text
    import textwrap

    return textwrap.fill(text, width - 1, break_long_words=False, break_on_hyphens=False)


def print_json(value: Any, file: TextIO | None = None) -> None:
    """JSON on the screen: control characters as ``\\uXXXX`` escapes, the data unchanged."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    print(json_text(text), file=file or sys.stdout)
