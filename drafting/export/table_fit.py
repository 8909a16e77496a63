"""Column widths from content: every word of a cell fits its column, the table fits the
page. Also the checker the tests (and anyone) run on a finished Word file.

Widths are computed like a browser's automatic table layout: each column needs at least
its widest word (what no line break splits: ``text_metrics.words``, which breaks after a
hyphen between letters as Word and LibreOffice do) and would like its longest line; the page width is shared so that every
column gets its minimum and the rest goes to the columns with the most text. When the
minimums do not fit, the table's text is set smaller (down to ``MIN_TABLE_PT``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx.oxml.ns import qn

from . import text_metrics as tm

TWIPS_PER_PT = 20
CELL_MARGIN_TWIPS = 2 * 85 + 20  # left and right cell margins of the table style, borders
MIN_TABLE_PT = 7.0


@dataclass(frozen=True)
class Font:
    family: str
    size_pt: float


def _rpr_font(rpr, family, size):
    if rpr is None:
        return family, size
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None and fonts.get(qn("w:ascii")):
        family = fonts.get(qn("w:ascii"))
    sz = rpr.find(qn("w:sz"))
    if sz is not None and sz.get(qn("w:val")):
        size = int(sz.get(qn("w:val"))) / 2
    return family, size


def style_font(doc, style_name: str) -> Font:
    """Font and size a paragraph of ``style_name`` gets: document defaults, then the
    style's ``basedOn`` chain (theme fonts are resolved when the document is created)."""
    styles = doc.styles.element
    family, size = "", 10.0
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        family, size = _rpr_font(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"), family, size)
    by_name = {s.name: s for s in doc.styles}
    chain, style = [], by_name.get(style_name) or by_name.get("Normal")
    while style is not None and style not in chain:
        chain.append(style)
        style = style.base_style
    for style in reversed(chain):
        family, size = _rpr_font(style.element.find(qn("w:rPr")), family, size)
    return Font(family or tm.FALLBACK_FONT, size)


def _line_width(lines, font: Font, bold: bool) -> float:
    return max(
        (tm.text_width_pt(line, font.family, font.size_pt, bold) for line in lines), default=0
    )


def fit_columns(
    columns: list[list[tuple[str, bool]]], available_twips: int, font: Font
) -> tuple[list[int], float]:
    """Widths in twips for columns of (text, bold) cells, and the text size to use.

    ``columns[i]`` holds the single-column cells of column ``i`` (cells spanning several
    columns are left out: they wrap over the sum of their columns)."""
    size = font.size_pt
    while True:
        current = Font(font.family, size)
        minimum, preferred = [], []
        for cells in columns:
            words = max(
                (tm.longest_word_pt(text, current.family, size, bold) for text, bold in cells),
                default=0.0,
            )
            lines = max(
                (_line_width(text.split("\n"), current, bold) for text, bold in cells),
                default=0.0,
            )
            minimum.append(int(words * TWIPS_PER_PT) + CELL_MARGIN_TWIPS)
            preferred.append(min(int(lines * TWIPS_PER_PT) + CELL_MARGIN_TWIPS, available_twips))
        if sum(minimum) <= available_twips or size <= MIN_TABLE_PT:
            break
        size = max(MIN_TABLE_PT, size - 0.5)
    return _share(minimum, preferred, available_twips), size


def _share(minimum: list[int], preferred: list[int], available: int) -> list[int]:
    total_min = sum(minimum)
    if total_min >= available:  # a word longer than the page: shrink all alike
        return [max(1, m * available // max(total_min, 1)) for m in minimum]
    spare = available - total_min
    wants = [max(p - m, 0) for m, p in zip(minimum, preferred, strict=True)]
    if sum(wants) >= spare:
        # Not room for every line on one line: the columns with most text get most.
        widths = [m + spare * w // max(sum(wants), 1) for m, w in zip(minimum, wants, strict=True)]
    else:
        # Every line fits: the rest of the width in proportion to each column's need.
        rest = spare - sum(wants)
        need = [max(p, m) for m, p in zip(minimum, preferred, strict=True)]
        widths = [n + rest * n // max(sum(need), 1) for n in need]
    widths[-1] += available - sum(widths)  # rounding
    return widths


# --- checking a finished file --------------------------------------------------------------


@dataclass
class Overflow:
    table: int
    word: str
    word_pt: float
    column_pt: float


def _run_font(run, paragraph_font: Font) -> tuple[Font, bool]:
    rpr = run.find(qn("w:rPr"))
    family, size = _rpr_font(rpr, paragraph_font.family, paragraph_font.size_pt)
    bold = rpr is not None and rpr.find(qn("w:b")) is not None
    return Font(family, size), bold


def overflowing_words(docx: bytes, table_style_bold_header: bool = True) -> list[Overflow]:
    """Words wider than the text area of their cell, in every table of the file."""
    from docx import Document

    doc = Document(io.BytesIO(docx))
    style_names = {s.style_id: s.name for s in doc.styles}
    fonts: dict[str, Font] = {}
    problems = []
    for number, tbl in enumerate(doc.element.body.iter(qn("w:tbl")), start=1):
        for row_index, tr in enumerate(tbl.iter(qn("w:tr"))):
            header = row_index == 0 and table_style_bold_header
            for tc in tr.iter(qn("w:tc")):
                width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if width is None or width.get(qn("w:type")) not in (None, "dxa"):
                    problems.append(Overflow(number, "(no cell width)", 0, 0))
                    continue
                column_pt = (int(width.get(qn("w:w"))) - CELL_MARGIN_TWIPS + 20) / TWIPS_PER_PT
                for p in tc.iter(qn("w:p")):
                    ppr = p.find(qn("w:pPr"))
                    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
                    name = (
                        style_names.get(style.get(qn("w:val")), "Normal")
                        if style is not None
                        else "Normal"
                    )
                    if name not in fonts:
                        fonts[name] = style_font(doc, name)
                    for run in p.iter(qn("w:r")):
                        font, bold = _run_font(run, fonts[name])
                        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                        bold = bold or header
                        widest = tm.longest_word_pt(text, font.family, font.size_pt, bold)
                        if widest > column_pt:
                            problems.append(
                                Overflow(
                                    number,
                                    tm.widest_word(text, font.family, font.size_pt, bold),
                                    round(widest, 1),
                                    round(column_pt, 1),
                                )
                            )
    return problems
