"""Tables of the Word exports (re-exported by ``docx_base``): one XML fragment per table
(fast for 500-row action plans), columns sized from their words (``table_fit``), the
header row repeated on every page, short rows kept whole, group rows kept with the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu

from . import table_fit
from .docx_styles import KEEP_ROW_CHARS, TABLE_STYLE, safe_text, style_ids, style_or


@dataclass
class Cell:
    """A table cell with formatting; plain values become ``Cell(str(value))``."""

    text: object = ""
    bold: bool = False
    align: str = ""  # "", "right", "center"
    span: int = 1
    shade: str = ""  # hex fill, for subtotal rows


def _text_runs(text: str, bold: bool, size_pt: float | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (
        f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>'
        if size_pt
        else ""
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append(f"<w:r>{rpr}<w:br/></w:r>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append(f"<w:r>{rpr}<w:tab/></w:r>")
            if chunk:
                parts.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(chunk)}</w:t></w:r>')
    return "".join(parts)


def _cell_xml(
    cell: Cell, width: int, style_id: str, size_pt: float | None = None, keep: bool = False
) -> str:
    text = safe_text(cell.text)
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.span > 1:
        tcpr += f'<w:gridSpan w:val="{cell.span}"/>'
    if cell.shade:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.shade}"/>'
    jc = f'<w:jc w:val="{cell.align}"/>' if cell.align else ""
    keep_next = "<w:keepNext/>" if keep else ""
    return (
        f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr><w:pStyle w:val={quoteattr(style_id)}/>"
        f"{keep_next}{jc}</w:pPr>{_text_runs(text, cell.bold, size_pt)}</w:p></w:tc>"
    )


def _style_id(doc, name: str, fallback: str = "Normal") -> str:
    ids = style_ids(doc)
    return ids.get(name) or ids.get(fallback) or "Normal"


def current_section(doc):
    """The section new content goes into (the body's last ``sectPr``), found without
    scanning the body as ``doc.sections`` does."""
    from docx.section import Section

    return Section(doc.element.body.sectPr, doc.part)


def _table_font(doc) -> table_fit.Font:
    cache = doc.part.__dict__.setdefault("_export_table_font", {})
    if "font" not in cache:
        cache["font"] = table_fit.style_font(doc, style_or(doc, "Table Text"))
    return cache["font"]


def fitted_widths(doc, header: Sequence[str], rows: Sequence[Sequence], max_width_cm=None):
    """Column widths (twips) measured from the cells' words, and the text size, for a table
    placed in the current section (or ``max_width_cm`` wide)."""
    available = (
        Cm(max_width_cm).twips
        if max_width_cm
        else int(Emu(_text_width(current_section(doc))).twips)
    )
    count = len(header) or max((sum(_span(v) for v in r) for r in rows), default=1)
    columns: list[list[tuple[str, bool]]] = [[] for _ in range(count)]
    for i, text in enumerate(header[:count]):
        columns[i].append((safe_text(text), True))
    for row in rows:
        col = 0
        for value in row:
            cell = value if isinstance(value, Cell) else Cell(value)
            if cell.span == 1 and col < count:
                columns[col].append((safe_text(cell.text), cell.bold))
            col += cell.span
    widths, size = table_fit.fit_columns(columns, available, _table_font(doc))
    return widths, size


def _span(value) -> int:
    return value.span if isinstance(value, Cell) else 1


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def add_table(
    doc,
    header: Sequence[str],
    rows: Iterable[Sequence],
    widths_cm: Sequence[float] | None = None,
    align: Sequence[str] | None = None,
    *,
    caption: str = "",
    counters=None,
    label: str = "",
    fit: bool = True,
):
    """A table in the template's table style; the header row repeats on every page.

    ``rows`` hold plain values or :class:`Cell`; ``align`` gives a default alignment per
    column ("right" for numbers). Column widths come from the cells' words and the
    section's text width (``fit=False`` keeps ``widths_cm`` as given). With ``caption``
    (and ``counters``) the numbered caption goes above the table, where every table of
    the exports has it. A row that is one cell across the table (a group title) keeps
    with the row below it. Returns the python-docx Table.
    """
    rows = list(rows)
    if caption and counters is not None:
        from .docx_base import add_caption

        add_caption(doc, label or "Table", caption, counters, kind="Table")
    size_pt = None
    if fit or not widths_cm:
        twips, size_pt = fitted_widths(doc, header, rows)
        if size_pt >= _table_font(doc).size_pt:
            size_pt = None  # the style's own size
    else:
        twips = [int(w * 567) for w in widths_cm]
    table_style = _style_id(doc, TABLE_STYLE, "Table Grid")
    text_style = _style_id(doc, "Table Text")
    head_style = _style_id(doc, "Table Heading", "Table Text")
    align = list(align or [""] * len(twips))
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val={quoteattr(table_style)}/>"
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        + "</w:tblGrid>"
    ]
    head = "".join(
        _cell_xml(Cell(h, bold=True), w, head_style, size_pt, keep=True)
        for h, w in zip(header, twips, strict=False)
    )
    parts.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>")
    for row in rows:
        cells, col, row_text = [], 0, ""
        # A single cell across the whole table titles the rows below: keep it with them.
        group_title = len(row) == 1 and _span(row[0]) >= len(twips) > 1
        for value in row:
            cell = value if isinstance(value, Cell) else Cell(value)
            row_text = max(row_text, str(cell.text or ""), key=len)
            if not cell.align and col < len(align):
                cell.align = align[col]
            width = sum(twips[col : col + cell.span])
            cells.append(_cell_xml(cell, width, text_style, size_pt, keep=group_title))
            col += cell.span
        # Short rows stay whole on a page; a row longer than about half a page may split.
        keep = "<w:cantSplit/>" if len(row_text) < KEEP_ROW_CHARS else ""
        parts.append(f"<w:tr><w:trPr>{keep}</w:trPr>" + "".join(cells) + "</w:tr>")
    parts.append("</w:tbl>")
    tbl = parse_xml("".join(parts))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None and sect.getparent() is body and body[-1] is sect:
        sect.addprevious(tbl)
    else:
        body.append(tbl)
    from docx.table import Table

    return Table(tbl, doc._body)
