"""The one rule for showing text that came from outside: exercise files, imports, settings, the log.

A terminal obeys control characters. An escape sequence in a title can clear the screen, rename
the window or plant a link; a bidi override can make a row read backwards; a lone surrogate
cannot even be encoded. Rich and Textual pass all of these through, and so does ``print``.

So every character a terminal might act on is made *visible* before it is shown:

* C0 controls and DEL become their Unicode "control pictures" (ESC → ``␛``, BEL → ``␇``);
* C1 controls (0x80–0x9F), bidi overrides and isolates, line and paragraph separators and
  lone surrogates become their code in brackets (``⟨U+202E⟩``, ``⟨U+D800⟩``).

``\\n`` (and ``\\t``) pass only where the caller says the layout has room for them. The data
itself is never changed: only what reaches a terminal. :func:`json_text` is the same rule for
JSON output, written as ``\\uXXXX`` escapes so the JSON still means exactly the same data.
"""

from __future__ import annotations

import re
from functools import cache

# Every character a terminal may act on, or that cannot be encoded: C0, DEL, C1, the bidi
# embeddings/overrides/isolates and marks, the Unicode line/paragraph separators, surrogates.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_C0 = {
    "": "\x00-\x1f",  # every control
    "\n": "\x00-\x09\x0b-\x1f",  # all but the newline
    "\n\t": "\x00-\x08\x0b-\x1f",  # all but the newline and the tab
}


@cache
def _unsafe(keep: str = "") -> re.Pattern[str]:
    """The characters :func:`visible` shows as signs, but those in ``keep``. Compiled when first
    used: Python compiles the surrogates' range a character at a time, which costs start-up
    time, and the first frame of ``coreg pause`` may have no text to check at all."""
    return re.compile(f"[{_C0[keep]}{_BEYOND_C0}]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def visible(text: str, *, newlines: bool = False, tabs: bool = False) -> str:
    """``text`` with every control character shown as a visible sign, nothing a terminal obeys.

    ``newlines=True`` keeps ``\\n`` (for text laid out over lines); ``tabs=True`` keeps ``\\t``
    too. A ``\\r`` is never kept: it would let a text overwrite the line before it.
    """
    pattern = _unsafe("\n\t" if newlines and tabs else "\n" if newlines else "")
    if not isinstance(text, str):
        text = str(text)
    return pattern.sub(_picture, text)


def is_safe(text: str) -> bool:
    """True when :func:`visible` would leave ``text`` as it is (no controls at all)."""
    return _unsafe().search(text) is None


def removed(text: str) -> str:
    """``text`` without the characters :func:`visible` would show; lone surrogates become
    ``\ufffd``. For the last line of defence where a sign would change the width of a line."""
    return _unsafe().sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


def json_text(text: str) -> str:
    """JSON text (as ``json.dumps`` wrote it) made safe for a terminal without changing what it
    means: each such character, which can only sit inside a JSON string, becomes ``\\uXXXX``.

    Whitespace between JSON values (``\\n``, spaces) is kept.
    """
    return _unsafe("\n\t").sub(lambda m: f"\\u{ord(m.group()):04x}", text)
