"""Writes a co-edited draft (the neutral tree of ``drafting/prosemirror.py``) into a
python-docx document: headings, paragraphs with bold/italic/underline/strike/code runs
and links, nested bulleted and numbered lists, tables with merged cells, quotes, code
blocks and rules. No Flask import.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu
from flask_babel import gettext as _

from . import docx_base as dx
from . import table_fit


def _runs(paragraph, runs) -> None:
    for run in runs or ():
        text = run.get("text", "")
        if not text:
            continue
        flags = {k: bool(run.get(k)) for k in ("bold", "italic", "underline")}
        if run.get("link"):
            dx.add_hyperlink(paragraph, text, run["link"], **flags)
            continue
        r = dx.add_run(paragraph, text, **flags)
        if run.get("strike"):
            r.font.strike = True
        if run.get("code"):
            r.font.name = "Courier New"


def _heading(doc, block, offset: int, numbered: bool = True) -> None:
    level = int(block.get("level") or 1) + offset
    paragraph = dx.add_heading(doc, "", level, numbered=numbered)
    _runs(paragraph, block.get("runs"))
    captions = getattr(doc.part, "_draft_captions", None)
    if captions is not None:  # a draft table is captioned with the heading it sits under
        captions["heading"] = dx.safe_text(_plain_text(block)).strip()


def _list(doc, block, level: int) -> None:
    num_id = dx.new_list(doc, ordered=bool(block.get("ordered")))
    start = int(block.get("start") or 1)
    if block.get("ordered") and start != 1:
        _set_start(doc, num_id, start)
    for item in block.get("items", ()):
        first = True
        for child in item:
            kind = child.get("type")
            if kind == "list":
                _list(doc, child, level + 1)
            elif first and kind in ("paragraph", "heading"):
                _runs(dx.add_list_paragraph(doc, num_id, level), child.get("runs"))
                first = False
            else:
                # a second paragraph of the same item: indented, no new number
                _block(doc, child, 0, indent_level=level + 1)
        if first:  # an empty item still shows its bullet
            dx.add_list_paragraph(doc, num_id, level)


def _set_start(doc, num_id: int, start: int) -> None:
    numbering = doc.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            for override in num.findall(qn("w:lvlOverride")):
                if override.get(qn("w:ilvl")) == "0":
                    override.find(qn("w:startOverride")).set(qn("w:val"), str(start))


def _cell_blocks(cell_obj, blocks) -> None:
    paragraph = cell_obj.paragraphs[0]
    paragraph.style = cell_obj.part.document.styles[
        dx.style_or(cell_obj.part.document, "Table Text")
    ]
    first = True
    for block in blocks or ():
        if block.get("type") in ("paragraph", "heading"):
            if not first:
                paragraph = cell_obj.add_paragraph(style=paragraph.style)
            _runs(paragraph, block.get("runs"))
            first = False
        elif block.get("type") == "list":
            for item in block.get("items", ()):
                for child in item:
                    p = paragraph if first else cell_obj.add_paragraph(style=paragraph.style)
                    dx.add_run(p, "\u2022 ")
                    _runs(p, child.get("runs"))
                    first = False
        else:
            text = _plain_text(block)
            if text:
                p = paragraph if first else cell_obj.add_paragraph(style=paragraph.style)
                dx.add_run(p, text)
                first = False


def _plain_text(block) -> str:
    if "runs" in block:
        return "".join(r.get("text", "") for r in block["runs"])
    if "text" in block:
        return str(block["text"])
    parts = []
    for key in ("blocks", "items", "rows"):
        for child in block.get(key, ()):
            children = child if isinstance(child, list) else [child]
            parts.extend(_plain_text(c) for c in children)
    return " ".join(p for p in parts if p)


def _table(doc, block) -> None:
    rows = [r for r in block.get("rows", ()) if r]
    if not rows:
        return
    # Lay the cells on a grid, honouring colspan and rowspan.
    grid: dict[tuple[int, int], tuple] = {}
    placements = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            span_c = max(1, int(cell.get("colspan") or 1))
            span_r = max(1, int(cell.get("rowspan") or 1))
            for dr in range(span_r):
                for dc in range(span_c):
                    grid[(r + dr, c + dc)] = (r, c)
            placements.append((r, c, span_r, span_c, cell))
            c += span_c
        width = max(width, c)
    height = max(r for r, _ in grid) + 1
    captions = getattr(doc.part, "_draft_captions", None)
    if captions is not None:  # numbered with the document's other tables, above the table
        dx.add_caption(doc, _("Table"), captions["heading"], captions["counters"], kind="Table")
    table = doc.add_table(rows=height, cols=max(width, 1))
    table.style = doc.styles[dx.style_or(doc, dx.TABLE_STYLE, "Table Grid")]
    if any(cell.get("header") for cell in rows[0]):
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for r, c, span_r, span_c, cell in placements:
        target = table.cell(r, c)
        if span_r > 1 or span_c > 1:
            target = target.merge(table.cell(r + span_r - 1, c + span_c - 1))
        _cell_blocks(target, cell.get("blocks"))
        if cell.get("header"):
            for paragraph in target.paragraphs:
                for run in paragraph.runs:
                    run.bold = True
    _fit(doc, table, placements, max(width, 1))
    doc.add_paragraph()


def _fit(doc, table, placements, columns: int) -> None:
    """Column widths from the cells' words (as for the generated tables); the first row
    is measured bold, as a header row would be."""
    rows: dict[int, list] = {}
    for r, _c, _span_r, span_c, cell in sorted(placements, key=lambda p: (p[0], p[1])):
        text = "\n".join(_plain_text(b) for b in cell.get("blocks") or ())
        rows.setdefault(r, []).append(
            dx.Cell(text, bold=r == 0 or bool(cell.get("header")), span=span_c)
        )
    widths, size = dx.fitted_widths(doc, [], [rows[r] for r in sorted(rows)])
    widths = (widths + [widths[-1]] * columns)[:columns]
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        old = tbl_pr.find(qn(tag))
        if old is not None:
            tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>'))
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    for grid_col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        grid_col.set(qn("w:w"), str(w))
    for tr in tbl.findall(qn("w:tr")):
        tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        col = 0
        for tc in tr.findall(qn("w:tc")):
            span = tc.grid_span
            tc.width = Emu(sum(widths[col : col + span]) * 635)  # twips -> EMU
            col += span
    if size < _style_size(doc):
        for run in tbl.iter(qn("w:r")):
            rpr = run.get_or_add_rPr()
            rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{round(size * 2)}"/>'))


def _style_size(doc) -> float:
    return table_fit.style_font(doc, dx.style_or(doc, "Table Text")).size_pt


def _block(doc, block, offset: int, indent_level: int = 0) -> None:
    kind = block.get("type")
    if kind == "heading":
        _heading(doc, block, offset)
    elif kind == "paragraph":
        paragraph = doc.add_paragraph()
        if indent_level:
            paragraph.paragraph_format.left_indent = Cm(1.0 * indent_level)
        _runs(paragraph, block.get("runs"))
    elif kind == "list":
        _list(doc, block, 0)
    elif kind == "table":
        _table(doc, block)
    elif kind == "quote":
        for child in block.get("blocks", ()):
            if child.get("type") == "paragraph":
                paragraph = dx.styled_paragraph(doc, "Quote")
                _runs(paragraph, child.get("runs"))
            else:
                _block(doc, child, offset)
    elif kind == "code":
        for line in str(block.get("text", "")).split("\n"):
            paragraph = dx.styled_paragraph(doc, "No Spacing")
            dx.add_run(paragraph, line).font.name = "Courier New"
    elif kind == "rule":
        paragraph = doc.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
                'w:color="A6A6A6"/></w:pBdr>'
            )
        )
    else:
        text = _plain_text(block)
        if text:
            dx.add_paragraph(doc, text)


def render_tree(
    doc, tree: dict, heading_offset: int = 0, counters: dx.Counters | None = None
) -> list[tuple[int, str]]:
    """Append the draft to ``doc``; returns its outline (level, text) for the TOC.

    Tables of the draft get a numbered caption above them (the heading they sit under),
    counted with ``counters`` so they number on with the document's other tables."""
    doc.part._draft_captions = {
        "counters": counters or dx.Counters(),
        "heading": tree.get("title") or "",
    }
    outline = []
    try:
        for block in tree.get("blocks", ()):
            if block.get("type") == "heading":
                outline.append(
                    (
                        int(block.get("level") or 1) + heading_offset,
                        dx.safe_text(_plain_text(block)),
                    )
                )
            _block(doc, block, heading_offset)
    finally:
        del doc.part._draft_captions
    return outline
