"""Text widths measured with real font metrics, for fitting table columns to their words.

A Word style names a font (``Arial``, ``Times New Roman``...); the machine that renders the
file (LibreOffice here, Word at the ministry) substitutes a metric-compatible font when the
named one is absent. We measure with the same substitute: the glyph advance widths of the
font file, read with fontTools (a matplotlib dependency), found through matplotlib's font
manager. Unknown fonts fall back to DejaVu Sans, which is wider than most body fonts, so
a column sized with it is never too narrow.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fontTools.ttLib import TTFont
from matplotlib import font_manager

# Word's usual fonts -> the metric-compatible free fonts LibreOffice substitutes.
METRIC_TWINS = {
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "courier new": "Liberation Mono",
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial narrow": "Liberation Sans Narrow",
}
FALLBACK_FONT = "DejaVu Sans"
# Kerning and hinting make rendered text a hair wider or narrower than the sum of advances.
SAFETY = 1.03
# Where a line may break: ordinary spaces, not the no-break ones (U+00A0, U+2007, U+202F)
# that French number grouping and "45 000 EUR" use - those hold their word together.
_BREAK = re.compile(r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")


# Word and LibreOffice also break a line after a hyphen between two letters
# ("remittance-|matching"), not in "-1.0" or "2030-2035" (a minus sign, a range of numbers).
_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")


def words(text: str) -> list[str]:
    """The pieces of ``text`` no line break can split: what a table column must hold."""
    return [
        piece
        for word in _BREAK.split(text or "")
        if word
        for piece in _AFTER_HYPHEN.split(word)
        if piece
    ]


@lru_cache(maxsize=64)
def font_file(family: str, bold: bool = False) -> str:
    """Path of the font file used to measure ``family`` (bold or regular)."""
    weight = "bold" if bold else "normal"
    for name in (family, METRIC_TWINS.get((family or "").strip().lower(), ""), FALLBACK_FONT):
        if not name:
            continue
        path = (
            font_manager.findfont(
                font_manager.FontProperties(family=name, weight=weight), fallback_to_default=False
            )
            if _known(name)
            else None
        )
        if path:
            return path
    return font_manager.findfont(font_manager.FontProperties(family=FALLBACK_FONT, weight=weight))


def _known(family: str) -> bool:
    wanted = family.strip().lower()
    return any(f.name.lower() == wanted for f in font_manager.fontManager.ttflist)


@lru_cache(maxsize=16)
def _advances(path: str) -> tuple[dict[int, float], float]:
    """Advance width of every mapped character, in ems, and the width of a missing one."""
    with TTFont(path) as font:
        units = font["head"].unitsPerEm
        metrics = dict(font["hmtx"].metrics)
        cmap = dict(font.getBestCmap() or {})
    widths = {code: metrics[glyph][0] / units for code, glyph in cmap.items() if glyph in metrics}
    missing = max(widths.values(), default=0.6) if widths else 0.6
    # A character the font lacks is drawn from another font: assume a wide glyph.
    return widths, min(missing, 1.0)


@lru_cache(maxsize=65536)
def text_width_pt(text: str, family: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of ``text`` on one line, in points."""
    widths, missing = _advances(font_file(family, bold))
    ems = sum(widths.get(ord(ch), missing) for ch in text)
    return ems * size_pt * SAFETY


def longest_word_pt(text: str, family: str, size_pt: float, bold: bool = False) -> float:
    """Width of the widest word of ``text`` (what no line break can split), in points."""
    return max(
        (text_width_pt(word, family, size_pt, bold) for word in words(text)),
        default=0.0,
    )


def widest_word(text: str, family: str, size_pt: float, bold: bool = False) -> str:
    return max(words(text), key=lambda w: text_width_pt(w, family, size_pt, bold), default="")
