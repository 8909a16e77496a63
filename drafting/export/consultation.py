"""The consultation report: consultations held, participation by category and sex,
inputs and how each was answered ("you said, we did"), commitments. Used on its own and
as an annex of the policy document. Takes the dict of
``stakeholders.services.consultation_report``; no Flask import."""

from __future__ import annotations

from flask_babel import gettext as _

from . import doc_locale
from . import docx_base as dx

TOTAL_FILL = "DCE6F2"


def _dates(item: dict) -> str:
    return doc_locale.period(item.get("starts_on"), item.get("ends_on"))


def has_content(report: dict | None) -> bool:
    return bool(report and (report.get("consultations") or report.get("inputs")))


def add_report(
    doc, report: dict, counters: dx.Counters, width: float, level: int = 2, numbered: bool = True
) -> None:
    """The report's parts as headings of ``level`` (2 inside an annex, 1 on its own);
    inside an unnumbered annex pass ``numbered=False``."""
    held = [c for c in report.get("consultations", []) if c.get("held")]
    planned = [c for c in report.get("consultations", []) if not c.get("held")]
    dx.add_heading(doc, _("Consultations held"), level, numbered)
    if held:
        dx.add_caption(doc, _("Table"), _("Consultations held"), counters, kind="Table")
        dx.add_table(
            doc,
            [_("Consultation"), _("Stage"), _("Method"), _("Dates"), _("Participants")],
            [
                [
                    c["title"],
                    c["stage_label"],
                    c["method_label"],
                    _dates(c),
                    dx.Cell(doc_locale.number(c["women"] + c["men"] + c["other"]), align="right"),
                ]
                for c in held
            ],
            [width * 0.34, width * 0.18, width * 0.18, width * 0.18, width * 0.12],
        )
    else:
        dx.add_paragraph(doc, _("No consultation has been held yet."))
    if planned:
        dx.add_paragraph(
            doc,
            _("Planned: %(titles)s.", titles="; ".join(c["title"] for c in planned)),
            italic=True,
        )

    by_category = report.get("participation_by_category") or {}
    if by_category:
        dx.add_heading(doc, _("Participation by category and sex"), level, numbered)
        dx.add_caption(
            doc, _("Table"), _("Participants by category and sex"), counters, kind="Table"
        )
        rows = []
        sums = {"women": 0, "men": 0, "other": 0, "total": 0}
        for category, counts in sorted(by_category.items()):
            rows.append(
                [category]
                + [
                    dx.Cell(doc_locale.number(counts[k]), align="right")
                    for k in ("women", "men", "other", "total")
                ]
            )
            for key in sums:
                sums[key] += counts[key]
        rows.append(
            [dx.Cell(_("Total"), bold=True, shade=TOTAL_FILL)]
            + [
                dx.Cell(doc_locale.number(sums[k]), bold=True, align="right", shade=TOTAL_FILL)
                for k in ("women", "men", "other", "total")
            ]
        )
        dx.add_table(
            doc,
            [_("Category"), _("Women"), _("Men"), _("Other or not stated"), _("Total")],
            rows,
            [width * 0.4, width * 0.15, width * 0.15, width * 0.15, width * 0.15],
        )

    inputs = report.get("inputs") or []
    if inputs:
        dx.add_heading(doc, _("Inputs received and how they were answered"), level, numbered)
        dispositions = report.get("dispositions") or {}
        if dispositions:
            dx.add_paragraph(
                doc, "; ".join(f"{label}: {count}" for label, count in dispositions.items())
            )
        dx.add_caption(doc, _("Table"), _("Inputs and dispositions"), counters, kind="Table")
        dx.add_table(
            doc,
            [_("From"), _("Input"), _("Decision"), _("How it was answered")],
            [
                [
                    i["organisation"]
                    + (f"\n({i['consultation']})" if i.get("consultation") else ""),
                    i["text"],
                    i["disposition_label"],
                    i.get("justification") or "",
                ]
                for i in inputs
            ],
            [width * 0.2, width * 0.36, width * 0.14, width * 0.3],
        )

    commitments = report.get("commitments") or []
    if commitments:
        dx.add_heading(doc, _("Commitments made to stakeholders"), level, numbered)
        dx.add_table(
            doc,
            [_("Commitment"), _("To"), _("Responsible"), _("Due"), _("Status")],
            [
                [
                    c["text"],
                    c["organisation"],
                    c["responsible"],
                    doc_locale.day(c.get("due_on")),
                    c["status_label"],
                ]
                for c in commitments
            ],
            [width * 0.36, width * 0.18, width * 0.18, width * 0.12, width * 0.16],
        )


def build(
    report: dict,
    *,
    title: str,
    subtitle: str,
    mark: str,
    template: bytes | None = None,
    author: str = "",
) -> bytes:
    doc = dx.new_document(template)
    dx.set_properties(
        doc, title=f"{title}: {_('Consultation report')}", subject=subtitle, author=author
    )
    section = doc.sections[0]
    dx.set_header_footer(
        section, f"{title} \u2014 {_('Consultation report')}", _("Page"), _("of"), mark=mark
    )
    dx.add_paragraph(doc, _("Consultation report"), style=dx.style_or(doc, "Title"))
    dx.add_paragraph(
        doc, f"{title} \u2014 {subtitle}".strip(" \u2014"), style=dx.style_or(doc, "Subtitle")
    )
    if mark:
        dx.add_paragraph(doc, mark, style=dx.style_or(doc, "Draft Mark"))
    width = dx.text_width_cm(section)
    counters = dx.Counters()
    # Chapters follow each other on the same page here: it is a short report.
    _add_flowing(doc, report, counters, width)
    return dx.to_bytes(doc)


def _add_flowing(doc, report, counters, width) -> None:
    start = len(doc.paragraphs)
    add_report(doc, report, counters, width, level=1)
    for paragraph in doc.paragraphs[start:]:
        if paragraph.style is not None and paragraph.style.name == "Heading 1":
            paragraph.paragraph_format.page_break_before = False
