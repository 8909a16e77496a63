"""The policy document (.docx): title page, table of contents, acronyms, the co-edited
draft, the chapters generated from the cycle, and the annexes. No Flask import.

Each part appears as soon as its data exists; a part whose data (or package) does not
exist yet is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from docx.oxml.ns import qn
from flask_babel import format_date
from flask_babel import gettext as _

from . import action_plan, draft_docx, sections
from . import docx_base as dx
from .collect import CycleData


@dataclass
class DraftPart:
    tree: dict
    title: str = ""
    version_label: str = ""


@dataclass
class Annexes:
    """Parts from the stakeholder, consultation and evidence packages (None = absent)."""

    stakeholders: list[list[str]] | None = None  # name, category, stages, consultations
    stakeholder_map_png: bytes | None = None
    power_interest_png: bytes | None = None
    consultation: Callable | None = None  # (doc, counters, width) -> writes the report
    data_sources: tuple[list[str], list[list[str]]] | None = None  # header, rows
    indicator_sources: dict = field(default_factory=dict)  # indicator id -> source names


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


def _annexes(doc, data: CycleData, annexes: Annexes, counters: dx.Counters, width: float):
    number = 0

    def heading(text: str) -> None:
        nonlocal number
        number += 1
        dx.add_heading(doc, _("Annex %(n)d: %(title)s", n=number, title=text), 1, numbered=False)

    if annexes.stakeholders:
        heading(_("Stakeholders consulted"))
        dx.add_table(
            doc,
            [_("Stakeholder"), _("Category"), _("Stages consulted"), _("Consultations")],
            annexes.stakeholders,
            [width * 0.38, width * 0.22, width * 0.28, width * 0.12],
            align=["", "", "", "right"],
        )
    if annexes.consultation is not None:
        heading(_("Consultation report"))
        annexes.consultation(doc, counters, width)
    if annexes.stakeholder_map_png or annexes.power_interest_png:
        heading(_("Stakeholder map"))
        figure_width = min(width, 16.0)
        if annexes.stakeholder_map_png:
            dx.add_figure(
                doc,
                annexes.stakeholder_map_png,
                figure_width,
                _("Stakeholder map: institutions and their ties"),
                counters,
                label=_("Figure"),
            )
        if annexes.power_interest_png:
            dx.add_figure(
                doc,
                annexes.power_interest_png,
                figure_width,
                _("Power\u2013interest grid"),
                counters,
                label=_("Figure"),
            )
    if annexes.data_sources:
        heading(_("Data-source inventory"))
        header, rows = annexes.data_sources
        dx.add_table(doc, header, rows, [width / len(header)] * len(header))
    if any(g.actions for g in data.actions):
        section = dx.add_section(doc, landscape=True)
        heading(_("Action plan"))
        action_plan.add_action_table(doc, data.actions, counters)
        action_plan.add_gantt(doc, data.actions, counters, dx.text_width_cm(section))


def build(
    data: CycleData,
    *,
    draft: DraftPart | None = None,
    annexes: Annexes | None = None,
    template: bytes | None = None,
    version_label: str = "",
    today: date | None = None,
) -> bytes:
    today = today or date.today()
    annexes = annexes or Annexes()
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
    if draft is not None and draft.tree.get("blocks"):
        draft_docx.render_tree(doc, draft.tree, counters=counters)
    sections.add_situation(doc, data, counters, width)
    sections.add_problem(doc, data, counters, width)
    sections.add_objectives(doc, data, counters, width)
    sections.add_options(doc, data, counters, width)
    sections.add_instruments(doc, data, counters, width)
    sections.add_arrangements(doc, data, counters, width)
    sections.add_monitoring(doc, data, counters, width, annexes.indicator_sources)
    _annexes(doc, data, annexes, counters, width)

    _insert_toc(doc, anchor, _("Contents"))
    anchor.getparent().remove(anchor)
    return dx.to_bytes(doc)
