"""The sign-off annexes' content for one exported draft text, in the document's
language (call inside ``force_locale``)."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from ..export.signoff_annex import SignoffAnnex
from ..models import Draft
from . import services
from .models import ReservationStatus, Stance
from .sections import sections_of


def _short(org) -> str:
    return org.acronym or org.name


def _cell(placed) -> str:
    if placed is None:
        return f"\u2013 {_('Not yet')}"
    row = placed.signoff
    words = {
        Stance.AGREE: _("Agrees"),
        Stance.RESERVATION: _("Reservation"),
        Stance.OBJECT: _("Objects"),
    }[row.stance]
    text = f"{row.stance.symbol} {words}"
    if row.status is not None and row.status != ReservationStatus.OPEN:
        text += f"\n({row.status.label})"
    if not placed.on_current_text:
        text += "\n" + _("on an earlier text")
    return text


def _day(value) -> str:
    return format_date(value.date(), "medium") if value else ""


def _register_row(row) -> list[str]:
    section = row.section_title or _("Opening text")
    status = row.status.label if row.status else ""
    if row.decision_reference:
        status += "\n" + _("decision %(reference)s", reference=row.decision_reference)
    resolved = ""
    if row.resolved_at:
        who = row.resolved_by.name if row.resolved_by else _("a former member")
        resolved = f"{who}, {_day(row.resolved_at)}"
        if row.resolution:
            resolved += f": {row.resolution}"
    return [
        row.organisation.name,
        section,
        f"{row.stance.symbol} {row.stance.label}\n{_day(row.created_at)}",
        row.reason,
        row.proposed_wording or "\u2014",
        status,
        resolved,
    ]


def collect(process_id: int, draft: Draft, tree: dict) -> SignoffAnnex | None:
    """None until the sign-off has started: no core institution, or no position recorded
    on this draft yet (an early draft's document carries no empty matrix)."""
    sections = sections_of(tree)
    grid = services.matrix(process_id, draft, sections)
    register = [r for r in services.register(process_id) if r.draft_id == draft.id]
    if not grid.institutions or not (grid.cells or grid.removed):
        return None
    return SignoffAnnex(
        institutions=[(_short(o), o.name) for o in grid.institutions],
        sections=[f"{s.position}. {s.title or _('Opening text')}" for s in sections],
        cells=[[_cell(grid.cell(s, o)) for o in grid.institutions] for s in sections],
        legend=[
            f"\u2713 {_('agrees')}",
            f"! {_('agrees with a reservation')}",
            f"\u2717 {_('objects')}",
            f"\u2013 {_('no position yet')}",
        ],
        register=[_register_row(r) for r in register],
        draft_title=draft.title,
    )
