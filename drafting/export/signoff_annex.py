"""The sign-off annexes of the policy document: the matrix (core institutions ×
sections) and the reservations register. No Flask import besides flask_babel.

Every position is written as a symbol and a word, so the matrix reads the same printed
in black and white; a position given on an earlier text of the section says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from . import docx_base as dx

#: Institutions whose columns fit a portrait page; more go on a landscape page.
PORTRAIT_INSTITUTIONS = 6


@dataclass
class SignoffAnnex:
    """Labels already in the document's language (see drafting.signoff.annex_data)."""

    institutions: list[tuple[str, str]]  # (column heading, full name)
    sections: list[str]  # row headings, "3. Situation analysis"
    cells: list[list[str]]  # one row per section, one cell per institution
    legend: list[str] = field(default_factory=list)  # "✓ Agrees", …
    register: list[list[str]] = field(default_factory=list)  # one row per entry
    draft_title: str = ""


def add_matrix(doc, annex: SignoffAnnex, width: float) -> None:
    dx.add_paragraph(
        doc,
        _(
            "The position of each core institution on each section of “%(draft)s”, as "
            "recorded in the toolkit. A position marked “on an earlier text” was given "
            "before the section last changed.",
            draft=annex.draft_title,
        ),
    )
    dx.add_paragraph(doc, _("Key: %(legend)s.", legend="; ".join(annex.legend)), italic=True)
    if any(short != name for short, name in annex.institutions):
        dx.add_paragraph(
            doc,
            "; ".join(f"{short}: {name}" for short, name in annex.institutions if short != name),
            italic=True,
        )
    if not annex.sections:
        # Every position was given on sections the text no longer has: no empty grid.
        dx.add_paragraph(
            doc, _("No section of this text has a recorded position yet."), italic=True
        )
        return
    header = [_("Section"), *[short for short, _name in annex.institutions]]
    rows = [[title, *cells] for title, cells in zip(annex.sections, annex.cells, strict=True)]
    share = min(0.34, 6.0 / width) if annex.institutions else 1.0
    rest = (1 - share) / max(len(annex.institutions), 1)
    dx.add_table(doc, header, rows, [width * share, *[width * rest] * len(annex.institutions)])


def add_register(doc, annex: SignoffAnnex, width: float) -> None:
    if not annex.register:
        dx.add_paragraph(doc, _("No reservation or objection has been recorded."), italic=True)
        return
    dx.add_table(
        doc,
        [
            _("Institution"),
            _("Section"),
            _("Position"),
            _("Reason"),
            _("Proposed wording"),
            _("Status"),
            _("Resolved by, how"),
        ],
        annex.register,
        [width * f for f in (0.13, 0.13, 0.11, 0.18, 0.17, 0.12, 0.16)],
    )
