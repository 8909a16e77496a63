"""The policy document (.docx): title page, table of contents, acronyms, the body and
the annexes. No Flask import.

One document model: the body is the co-edited policy draft (or, without one, the
national-policy outline of ``drafting.outline``); the cycle reaches it only through the
cycle blocks placed in the draft, rendered with the data of the day (``policy_body``).
Long and tabular material goes to the annexes (``annexes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docx.oxml.ns import qn
from flask_babel import format_date
from flask_babel import gettext as _

from drafting import outline

from . import docx_base as dx
from . import policy_body
from .annexes import Annexes
from .annexes import add_all as add_annexes
from .collect import CycleData
from .policy_data import PolicyExtras


@dataclass
class DraftPart:
    tree: dict
    title: str = ""
    version_label: str = ""


def _title_page(doc, data: CycleData, version_label: str, today: date) -> None:
    process = data.process
    for _i in range(3):
        doc.add_paragraph()
    dx.add_paragraph(doc, process.country, style=dx.style_or(doc, "Cover Meta"))
    dx.add_paragraph(doc, process.title, style=dx.style_or(doc, "Title"))
    if process.policy_domain:
        dx.add_paragraph(doc, process.policy_domain, style=dx.style_or(doc, "Subtitle"))
    for label, value in (
        (_("Lead institution"), data.lead),
        (_("Version"), version_label),
        (_("Date"), format_date(today, "long")),
    ):
        if value:
            paragraph = dx.styled_paragraph(doc, "Cover Meta")
            dx.add_run(paragraph, f"{label}: ", bold=True)
            dx.add_run(paragraph, value)
    if data.is_draft:
        dx.add_paragraph(
            doc, _("DRAFT \u2014 not yet validated"), style=dx.style_or(doc, "Draft Mark")
        )
        dx.add_paragraph(
            doc,
            _(
                "This document is a working draft of the core group. It has not been endorsed "
                "and does not represent the position of the government."
            ),
            italic=True,
        )


def _outline(doc) -> list[tuple[int, str]]:
    """(level, "1.2 Text") of every heading, numbered as the reference template does."""
    entries, counters = [], [0, 0, 0]
    levels = {dx.style_ids(doc).get(f"Heading {n}"): n for n in (1, 2, 3)}
    # A ministry's template may have unnumbered headings: then the entries carry no number.
    heading_1 = doc.styles.element.get_by_id(dx.style_ids(doc).get("Heading 1", ""))
    numbered_styles = heading_1 is not None and heading_1.find(f".//{qn('w:numPr')}") is not None
    for p in doc.element.body.iterchildren(qn("w:p")):
        ppr = p.pPr
        style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        level = levels.get(style)
        if level is None:
            continue
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        unnumbered = num is not None and num.find(qn("w:numId")).get(qn("w:val")) == "0"
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if numbered_styles and not unnumbered:
            counters[level - 1] += 1
            for deeper in range(level, 3):
                counters[deeper] = 0
            number = ".".join(str(c) for c in counters[:level])
            text = f"{number}{'.' if level == 1 else ''}  {text}"
        entries.append((level, text))
    return entries


def _insert_toc(doc, anchor, heading: str) -> None:
    """Write the TOC at the end, then move it in front of ``anchor``."""
    body = doc.element.body
    before = len(body)
    dx.add_toc(doc, heading, _outline(doc))
    sect = body[-1] if body[-1].tag == qn("w:sectPr") else None
    added = [
        el
        for el in list(body)[before - (1 if sect is not None else 0) :]
        if el.tag != qn("w:sectPr")
    ]
    for element in added:
        anchor.addprevious(element)


def default_tree() -> dict:
    """The national-policy outline with its cycle blocks, for a process without a policy
    draft: the document is complete from the cycle's data alone."""
    blocks = outline.seed_blocks(lambda kind: {"type": "table", "cycle_block": kind, "rows": []})
    return {"type": "doc", "blocks": blocks}


def build(
    data: CycleData,
    *,
    draft: DraftPart | None = None,
    annexes: Annexes | None = None,
    extras: PolicyExtras | None = None,
    template: bytes | None = None,
    version_label: str = "",
    today: date | None = None,
) -> bytes:
    today = today or date.today()
    annexes = annexes or Annexes()
    extras = extras or PolicyExtras()
    process = data.process
    doc = dx.new_document(template)
    dx.set_properties(
        doc,
        title=process.title,
        subject=process.policy_domain,
        author=data.lead,
        keywords=process.country,
    )
    section = doc.sections[0]
    mark = _("DRAFT") if data.is_draft else ""
    dx.set_header_footer(
        section, process.title, _("Page"), _("of"), mark=mark, first_page_blank=True
    )
    width = dx.text_width_cm(section)
    counters = dx.Counters()

    _title_page(doc, data, version_label, today)
    anchor = doc.add_paragraph()._p  # the table of contents goes here

    if data.acronyms:
        dx.add_heading(doc, _("Acronyms"), 1, numbered=False)
        dx.add_table(
            doc,
            [_("Acronym"), _("Meaning")],
            [list(a) for a in data.acronyms],
            [width * 0.2, width * 0.8],
        )
    tree = draft.tree if draft is not None and draft.tree.get("blocks") else default_tree()
    policy_body.render(doc, tree, data, extras, counters, width)
    add_annexes(
        doc, data, extras, annexes, counters, width, (version_label, format_date(today, "long"))
    )

    _insert_toc(doc, anchor, _("Contents"))
    anchor.getparent().remove(anchor)
    return dx.to_bytes(doc)
