"""The orb the pacer draws: a round vessel that fills like a tide as you breathe in, holds
still, and empties as you breathe out.

Only drawing lives here: which cells are rim, glass or tide for a size and a fullness. In
colour the orb is drawn in half-block pixels (two to a cell, one above the other, which is
nearly square on a terminal), and the pixel at the surface is shaded by how far the tide has
reached into it, so the rise looks smooth. Without colour (``NO_COLOR``) it is drawn in glyphs:
a ``░`` rim, a ``█`` tide, and eighth blocks at the surface.

Each row depends only on where the surface is, so a rising tide changes one row at a time and
the pacer repaints just that row.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

SHADES = 4  # shades of the surface pixel between glass and tide
SMALLEST = 16  # pixels across; smaller, an orb looks like blocks, and the pacer draws a band
EIGHTHS = " ▁▂▃▄▅▆▇█"


RGB = tuple[int, int, int]


class Palette(NamedTuple):
    """The orb's colours as RGB (all None: draw in glyphs, for ``NO_COLOR``)."""

    back: RGB | None  # what is behind the orb
    rim: RGB | None
    glow: RGB | None  # the rim during a hold
    glass: RGB | None
    tide: RGB | None

    @classmethod
    def glyphs_only(cls) -> Palette:
        return cls(None, None, None, None, None)

    @property
    def glyphs(self) -> bool:
        return self.tide is None


class Orb(NamedTuple):
    """An orb of ``diameter`` pixels, centred in ``width`` × ``height`` cells."""

    width: int  # the cells of a row, the orb centred among them
    diameter: int  # in pixels: as many cells wide, half as many rows tall

    @classmethod
    def fit(cls, width: int, height: int, largest: int = 96) -> Orb | None:
        """The largest orb that fits, leaving a cell of air each side; None if too small."""
        diameter = min(width - 2, 2 * height, largest)
        diameter -= diameter % 2
        return cls(width, diameter) if diameter >= SMALLEST else None

    @property
    def rows(self) -> int:
        return self.diameter // 2

    @property
    def left(self) -> int:
        return (self.width - self.diameter) // 2

    @property
    def rim(self) -> float:
        return max(1.5, self.diameter / 24)

    def surface(self, fullness: float) -> float:
        """How many pixels of tide, from the bottom, at this fullness (0..1)."""
        return max(0.0, min(1.0, fullness)) * self.diameter

    def surface_rows(self, before: float, after: float) -> range:
        """The rows whose picture differs between two tide heights (in pixels)."""
        low, high = sorted((before, after))
        first = self.rows - 1 - int(high // 2)
        last = self.rows - 1 - int(low // 2)
        return range(max(0, first), min(self.rows, last + 1))

    def line(self, row: int, tide: float, palette: Palette, glow: bool) -> Strip:
        """Row ``row`` of the orb (0 = top) with ``tide`` pixels of tide."""
        if not 0 <= row < self.rows:
            return Strip.blank(self.width)
        # only the surface row depends on the exact height: others are all tide or all glass
        bottom_px = self.diameter - 2 * row - 2  # pixels below this row's lower pixel
        fill = tide - bottom_px
        key = round(max(0.0, min(2.0, fill)) * SHADES) / SHADES
        return _line(self, row, key, palette, glow)


@lru_cache(maxsize=4096)
def _line(orb: Orb, row: int, fill: float, palette: Palette, glow: bool) -> Strip:
    """One row of the orb, ``fill`` pixels of it under the tide (0, ¼ … 2).

    Each pixel is shaded by how much of it lies inside the orb and inside the rim, so the
    round edge is soft rather than stepped."""
    radius = orb.diameter / 2
    inner = radius - orb.rim
    cells: list[tuple[str, Style | None]] = []
    for column in range(orb.diameter):
        dx = column + 0.5 - radius
        pixels = []
        for half in (0, 1):  # the cell's upper and lower pixel
            distance = math.hypot(dx, 2 * row + half + 0.5 - radius)
            inside = _clamp(radius - distance + 0.5)  # share of the pixel within the orb
            within = _clamp(inner - distance + 0.5)  # share within the rim
            tide = _clamp(fill - (1 - half))  # how far into this pixel the tide reaches
            pixels.append((inside, within, tide))
        cells.append(_cell(pixels, palette, glow))
    segments = [Segment(" " * orb.left)]
    segments += [Segment(char, style) for char, style in cells]
    segments.append(Segment(" " * (orb.width - orb.left - orb.diameter)))
    return Strip(Segment.simplify(segments), orb.width)


def _clamp(value: float) -> float:
    return 0.0 if value < 0 else 1.0 if value > 1 else value


def _cell(pixels: list[tuple[float, float, float]], palette: Palette, glow: bool):
    if palette.glyphs:
        return _glyph(pixels, glow), None
    upper, lower = (_colour(pixel, palette, glow) for pixel in pixels)
    if upper is None and lower is None:
        return " ", None
    if upper == lower:
        return "█", Style(color=_rich(upper))
    if upper is None:
        return "▄", Style(color=_rich(lower))
    if lower is None:
        return "▀", Style(color=_rich(upper))
    return "▀", Style(color=_rich(upper), bgcolor=_rich(lower))


def _glyph(pixels: list[tuple[float, float, float]], glow: bool) -> str:
    """Without colour: a ``░`` rim (``▓`` in a hold), the tide in blocks, the glass empty."""
    if all(inside < 0.5 for inside, _, _ in pixels):
        return " "
    if any(inside >= 0.5 and within < 0.5 for inside, within, _ in pixels):
        return "▓" if glow else "░"
    level = sum(tide for _, _, tide in pixels) / 2
    return EIGHTHS[round(level * 8)]


def _colour(pixel: tuple[float, float, float], palette: Palette, glow: bool) -> RGB | None:
    inside, within, tide = pixel
    if inside <= 0:
        return None
    assert palette.glass is not None and palette.tide is not None and palette.back is not None
    content = _mix(palette.glass, palette.tide, tide)
    rim = palette.glow if glow else palette.rim
    assert rim is not None
    colour = _mix(rim, content, within)  # the rim's inner edge, softened
    return _mix(palette.back, colour, inside) if inside < 1 else colour


def _mix(a: RGB, b: RGB, share: float) -> RGB:
    """``share`` of the way from colour ``a`` to colour ``b``."""
    if share <= 0:
        return a
    if share >= 1:
        return b
    return (
        round(a[0] + (b[0] - a[0]) * share),
        round(a[1] + (b[1] - a[1]) * share),
        round(a[2] + (b[2] - a[2]) * share),
    )


@lru_cache(maxsize=1024)
def _rich(rgb: RGB) -> RichColor:
    return RichColor.from_rgb(*rgb)
