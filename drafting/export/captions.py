"""Captions in one place and one style across every Word export: a table's caption sits
above it, a figure's below it (the usual convention of government papers), both in the
template's Caption style and numbered with SEQ fields.

:func:`finish` runs on every document before it is saved: a table that a builder left
without a caption gets one (named after the heading it sits under), and the cached
numbers of the SEQ fields are rewritten in document order, so that a viewer which does
not recompute fields still shows Table 1, 2, 3... in sequence.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from flask_babel import gettext as _

from .docx_styles import style_ids

_SEQ = re.compile(r"^\s*SEQ\s+(\w+)")


def _style_of(element) -> str | None:
    ppr = element.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _is_caption(element, caption_id: str) -> bool:
    return element is not None and element.tag == qn("w:p") and _style_of(element) == caption_id


def missing_captions(doc) -> list:
    """Body tables with no caption paragraph right above them."""
    caption_id = style_ids(doc).get("Caption", "Caption")
    return [
        tbl
        for tbl in doc.element.body.iterchildren(qn("w:tbl"))
        if not _is_caption(tbl.getprevious(), caption_id)
    ]


def _heading_before(element, heading_ids: set[str]) -> str:
    node = element.getprevious()
    while node is not None:
        if node.tag == qn("w:p") and _style_of(node) in heading_ids:
            return re.sub(r"^[^:]{0,20}\d+\s*:\s*", "", _text(node)).strip()
        node = node.getprevious()
    return ""


def _first_cell(tbl) -> str:
    cell = tbl.find(f"{qn('w:tr')}/{qn('w:tc')}")
    return _text(cell).strip() if cell is not None else ""


def add_missing_captions(doc, label: str | None = None) -> int:
    from .docx_base import Counters, add_caption

    ids = style_ids(doc)
    heading_ids = {ids[f"Heading {n}"] for n in (1, 2, 3) if f"Heading {n}" in ids}
    added = 0
    for tbl in missing_captions(doc):
        # Named after the heading above it, else (a table before any heading, such as
        # the document control on a cover) after its first header cell: never "Table 1".
        text = _heading_before(tbl, heading_ids) or _first_cell(tbl)
        paragraph = add_caption(doc, label or _("Table"), text, Counters(), kind="Table")
        tbl.addprevious(paragraph._p)
        added += 1
    return added


def renumber(doc) -> None:
    """Rewrite each SEQ field's cached result with its number in document order."""
    counts: dict[str, int] = {}
    for paragraph in doc.element.body.iter(qn("w:p")):
        runs = list(paragraph.iter(qn("w:r")))
        for i, run in enumerate(runs):
            instr = run.find(qn("w:instrText"))
            match = _SEQ.match(instr.text or "") if instr is not None else None
            if not match:
                continue
            kind = match.group(1)
            counts[kind] = counts.get(kind, 0) + 1
            for later in runs[i + 1 :]:  # the result run after the "separate" mark
                t = later.find(qn("w:t"))
                if t is not None:
                    t.text = str(counts[kind])
                    break


def finish(doc) -> None:
    add_missing_captions(doc)
    renumber(doc)
