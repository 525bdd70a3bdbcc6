"""Large letters, three rows tall, drawn with box-drawing lines.

The phase of a breath ("BREATHE IN  4") has to be read from a sofa two metres away, or over a
partner's shoulder in a hug. Textual's ``Digits`` draws numbers this way; this is our own
alphabet in the same hand, so words and seconds sit side by side in one style.
"""

from __future__ import annotations

HEIGHT = 3

# Each glyph: three rows of equal width. Letters are capitals; a word is shown in capitals.
_GLYPHS: dict[str, tuple[str, ...]] = {
    " ": ("  ", "  ", "  "),
    "A": ("╭─╮", "├─┤", "╵ ╵"),
    "B": ("┌─╮", "├─┤", "└─╯"),
    "C": ("╭─╴", "│  ", "╰─╴"),
    "D": ("┌─╮", "│ │", "└─╯"),
    "E": ("┌─╴", "├─ ", "└─╴"),
    "F": ("┌─╴", "├─ ", "╵  "),
    "G": ("╭─╴", "│╶╮", "╰─╯"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "I": ("╷", "│", "╵"),
    "J": ("  ╷", "  │", "╰─╯"),
    "K": ("╷ ╱", "├┤ ", "╵ ╲"),
    "L": ("╷  ", "│  ", "└─╴"),
    "M": ("╭┬╮", "│││", "╵╵╵"),
    "N": ("┌┐╷", "│││", "╵└┘"),
    "O": ("╭─╮", "│ │", "╰─╯"),
    "P": ("┌─╮", "├─╯", "╵  "),
    "Q": ("╭─╮", "│ │", "╰─╲"),
    "R": ("┌─╮", "├┬╯", "╵╰╴"),
    "S": ("╭─╴", "╰─╮", "╶─╯"),
    "T": ("╶┬╴", " │ ", " ╵ "),
    "U": ("╷ ╷", "│ │", "╰─╯"),
    "V": ("╷ ╷", "╲ ╱", " ╵ "),
    "W": ("╷╷╷", "│││", "╰┴╯"),
    "X": ("╲ ╱", " ╳ ", "╱ ╲"),
    "Y": ("╷ ╷", "╰┬╯", " ╵ "),
    "Z": ("╶─┐", " ╱ ", "└─╴"),
    "0": ("╭─╮", "│ │", "╰─╯"),
    "1": ("╶┐ ", " │ ", "╶┴╴"),
    "2": ("╶─╮", "╭─╯", "╰─╴"),
    "3": ("╶─╮", " ─┤", "╶─╯"),
    "4": ("╷ ╷", "╰─┤", "  ╵"),
    "5": ("┌─╴", "└─╮", "╶─╯"),
    "6": ("╭─╴", "├─╮", "╰─╯"),
    "7": ("╶─┐", "  │", "  ╵"),
    "8": ("╭─╮", "├─┤", "╰─╯"),
    "9": ("╭─╮", "╰─┤", "╶─╯"),
    ":": (" ", "╏", " "),
    "-": ("   ", "╶─╴", "   "),
    ".": (" ", " ", "╷"),
    "·": (" ", "•", " "),
}


# Drawn in heavy strokes: thin lines fade at a distance. The glyphs above are written in light
# strokes, which are easier to read in the source; rounded corners have no heavy form.
_HEAVY = str.maketrans("─│┌┐└┘├┤┬┴┼╭╮╰╯╴╶╵╷╏", "━┃┏┓┗┛┣┫┳┻╋┏┓┗┛╸╺╹╻┃")
_GLYPHS = {char: tuple(row.translate(_HEAVY) for row in rows) for char, rows in _GLYPHS.items()}


def can_draw(text: str) -> bool:
    """Whether every character of ``text`` has a large glyph."""
    return all(char in _GLYPHS for char in text.upper())


def big_width(text: str) -> int:
    """How many cells wide ``text`` is in large letters (one blank column between glyphs)."""
    glyphs = [_GLYPHS[char] for char in text.upper() if char in _GLYPHS]
    return sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1)


def big_rows(text: str) -> tuple[str, str, str]:
    """``text`` as three rows of large letters; characters without a glyph are left out."""
    glyphs = [_GLYPHS[char] for char in text.upper() if char in _GLYPHS]
    top, middle, bottom = (" ".join(glyph[row] for glyph in glyphs) for row in range(HEIGHT))
    return top, middle, bottom
