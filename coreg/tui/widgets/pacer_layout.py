"""Where things go inside the pacer: the orb (or a band), the words, the step's time.

The pacer tries the richest picture first and settles for what fits: an orb with large words,
an orb with a line of words, a band with large words, a band with a line of words. With reduced
motion the still bar takes the band's place. The block is centred in the room it has.
"""

from __future__ import annotations

from typing import NamedTuple

from coreg.tui.widgets.bigtext import HEIGHT as BIG_HEIGHT
from coreg.tui.widgets.bigtext import big_width
from coreg.tui.widgets.orb import Orb


class Layout(NamedTuple):
    """Where things go inside the pacer at its current size."""

    orb: Orb | None  # None: a band (small) or the still bar
    art_top: int
    art_rows: int
    words_top: int
    big: bool  # three-row letters
    caption_top: int  # the line under the words (the step's time left), or -1


def plan_layout(
    width: int, height: int, word: str, caption: str, captioned: bool, still: bool
) -> Layout:
    """The best picture that fits ``width`` × ``height`` cells."""
    caption_rows = 1 if captioned else 0
    widest = max(big_width(f"{w}  10") for w in ("Breathe out", word or "Hold"))
    fits_big = width >= max(widest, len(caption)) + 2
    orb = None
    words = gap = 0
    for shape, words in (("orb", BIG_HEIGHT), ("orb", 1), ("band", BIG_HEIGHT), ("band", 1)):
        if (words == BIG_HEIGHT and not fits_big) or (shape == "orb" and still):
            continue
        gap = 1 if height >= words + caption_rows + 10 else 0
        room = height - words - gap - caption_rows
        orb = Orb.fit(width, room) if shape == "orb" else None
        if (shape == "band" and room >= 1) or orb is not None:
            break
    art = orb.rows if orb is not None else 1
    block = art + gap + words + caption_rows
    top = max(0, (height - block) // 2)
    words_top = top + art + gap
    caption_top = words_top + words if captioned else -1
    return Layout(orb, top, art, words_top, words == BIG_HEIGHT, caption_top)
