"""Record sign-offs, keep the reservations register, and lay out the sign-off matrix.

Services flush; the caller commits. Reading a draft's current sections loads its room,
so read them before changing anything in the request (the room loads on its own
session, see ``drafting.rooms``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import Membership, Organisation, User
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed

from .. import prosemirror, rooms
from ..models import Draft
from .models import ReservationStatus, SectionSignoff, Stance
from .sections import Section, difference, locate, normalise, sections_of

REASON_MAX = 5000
RESOLUTIONS = (
    ReservationStatus.RESOLVED_BY_CHANGE,
    ReservationStatus.WITHDRAWN,
    ReservationStatus.OVERRULED,
)


def core_institutions(process_id: int) -> list[Organisation]:
    return list(
        db.session.scalars(
            db.select(Organisation)
            .where(Organisation.process_id == process_id, Organisation.in_core_group.is_(True))
            .order_by(Organisation.name)
        )
    )


def current_sections(process_id: int, draft: Draft) -> list[Section]:
    tree = prosemirror.tree_from_update(rooms.current_state(process_id, draft.id))
    return sections_of(tree)


def signoffs_of(process_id: int, draft_id: int | None = None) -> list[SectionSignoff]:
    query = (
        db.select(SectionSignoff)
        .where(SectionSignoff.process_id == process_id)
        .options(
            joinedload(SectionSignoff.organisation),
            joinedload(SectionSignoff.recorded_by),
            joinedload(SectionSignoff.resolved_by),
        )
        .order_by(SectionSignoff.id)
    )
    if draft_id is not None:
        query = query.where(SectionSignoff.draft_id == draft_id)
    return list(db.session.scalars(query).unique())


def get_signoff(process_id: int, signoff_id: int) -> SectionSignoff | None:
    return get_in_process(SectionSignoff, signoff_id, process_id)


# --- where each sign-off stands against the current text ---------------------------------


@dataclass
class Placed:
    """A sign-off and the current section it applies to (None: the section is gone)."""

    signoff: SectionSignoff
    section: Section | None

    @property
    def on_current_text(self) -> bool:
        return self.section is not None and self.section.digest == self.signoff.section_hash

    @property
    def renamed(self) -> bool:
        """The heading reads differently from when the position was given."""
        signed = normalise(self.signoff.section_title)
        return self.section is not None and normalise(self.section.title) != signed

    def diff(self):
        return difference(self.signoff.section_text, self.section.text if self.section else "")


def place(rows: list[SectionSignoff], sections: list[Section]) -> list[Placed]:
    known = {row.section_key for row in rows}
    located: dict[str, Section | None] = {}
    for row in reversed(rows):  # the latest text signed under a key finds a renamed heading
        if row.section_key not in located:
            located[row.section_key] = locate(sections, row.section_key, row.section_text, known)
    return [Placed(row, located[row.section_key]) for row in rows]


@dataclass
class Matrix:
    sections: list[Section]
    institutions: list[Organisation]
    cells: dict[tuple[str, int], Placed] = field(default_factory=dict)  # (key, org id)
    removed: list[Placed] = field(default_factory=list)  # positions on vanished sections

    def cell(self, section: Section, institution: Organisation) -> Placed | None:
        return self.cells.get((section.key, institution.id))

    def counts(self) -> dict[str, int]:
        counts = {"agree": 0, "reservation": 0, "object": 0, "earlier": 0, "missing": 0}
        for section in self.sections:
            for institution in self.institutions:
                placed = self.cell(section, institution)
                if placed is None:
                    counts["missing"] += 1
                    continue
                counts[placed.signoff.stance.value] += 1
                counts["earlier"] += not placed.on_current_text
        return counts


def matrix(process_id: int, draft: Draft, sections: list[Section] | None = None) -> Matrix:
    """Institutions × sections: each institution's latest position on each section."""
    sections = current_sections(process_id, draft) if sections is None else sections
    result = Matrix(sections, core_institutions(process_id))
    latest: dict[tuple[str, int], Placed] = {}
    for placed in place(signoffs_of(process_id, draft.id), sections):
        key = placed.section.key if placed.section else f"~gone:{placed.signoff.section_key}"
        latest[(key, placed.signoff.organisation_id)] = placed  # rows come oldest first
    for (key, org_id), placed in latest.items():
        if placed.section is None:
            result.removed.append(placed)
        else:
            result.cells[(key, org_id)] = placed
    return result


# --- recording a position ----------------------------------------------------------------


def _acts_for(process_id: int, user: User, organisation: Organisation) -> bool:
    """True when ``user`` is not the institution's own member or current focal point."""
    membership = db.session.scalar(
        db.select(Membership).where(
            Membership.process_id == process_id, Membership.user_id == user.id
        )
    )
    if membership is not None and membership.organisation_id == organisation.id:
        return False
    try:
        from stakeholders.models import FocalPoint
    except ImportError:  # the registry package is optional
        return True
    focal = db.session.scalar(
        db.select(FocalPoint.id).where(
            FocalPoint.process_id == process_id,
            FocalPoint.organisation_id == organisation.id,
            FocalPoint.ended_on.is_(None),
            db.func.lower(FocalPoint.email) == user.email.lower(),
        )
    )
    return focal is None


def _text(value, limit: int, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed({field_name: message})
    return value


def record(
    process_id: int,
    draft: Draft,
    user: User,
    sections: list[Section],
    *,
    organisation_id,
    section_key: str,
    stance: str,
    reason: str = "",
    proposed_wording: str = "",
) -> SectionSignoff:
    """Record an institution's position on the current text of one section.

    ``sections`` are the draft's current sections, read before this call. The
    institution's earlier open reservation or objection on the section is withdrawn:
    its new position replaces it.
    """
    errors: dict[str, str] = {}
    organisation = None
    if str(organisation_id or "").isdigit() and len(str(organisation_id)) < 12:
        organisation = get_in_process(Organisation, organisation_id, process_id)
    if organisation is None:
        errors["organisation_id"] = _("Choose the institution that gives this position.")
    elif not organisation.in_core_group:
        errors["organisation_id"] = _(
            "Only core institutions sign off sections; mark it as one in the registry first."
        )
    section = next((s for s in sections if s.key == section_key), None)
    if section is None:
        errors["section_key"] = _(
            "This section is not in the current text any more: reload the page and choose again."
        )
    try:
        stance = Stance(stance)
    except ValueError:
        errors["stance"] = _("Choose agree, agree with a reservation, or object.")
        stance = None
    reason_message = _("Keep the reason under 5,000 characters.")
    wording_message = _("Keep the proposed wording under 5,000 characters.")
    try:
        reason = _text(reason, REASON_MAX, "reason", reason_message)
    except ValidationFailed as failed:
        errors.update(failed.errors)
    try:
        proposed_wording = _text(proposed_wording, REASON_MAX, "proposed_wording", wording_message)
    except ValidationFailed as failed:
        errors.update(failed.errors)
    if stance in (Stance.RESERVATION, Stance.OBJECT) and not reason and "reason" not in errors:
        errors["reason"] = _("Say why: a reservation or an objection needs its reason.")
    if errors:
        raise ValidationFailed(errors)

    now = utcnow()
    for placed in place(signoffs_of(process_id, draft.id), sections):
        earlier = placed.signoff
        if placed.section is not None and placed.section.key != earlier.section_key:
            # Follow a renamed heading for good, before the new key becomes known and
            # the renamed section could no longer be told apart from a new one.
            earlier.section_key = placed.section.key
        same_section = placed.section is not None and placed.section.key == section.key
        if same_section and earlier.organisation_id == organisation.id and earlier.is_open:
            earlier.status = ReservationStatus.WITHDRAWN
            earlier.resolved_by_id = user.id
            earlier.resolved_at = now
            earlier.resolution = _("Replaced by the institution's later position.")
    row = SectionSignoff(
        process_id=process_id,
        draft_id=draft.id,
        organisation_id=organisation.id,
        section_key=section.key,
        section_title=section.title[:200],
        section_position=section.position,
        section_text=section.text,
        section_hash=section.digest,
        stance=stance,
        reason=reason,
        proposed_wording=proposed_wording,
        recorded_by_id=user.id,
        acting_for=_acts_for(process_id, user, organisation),
        status=None if stance == Stance.AGREE else ReservationStatus.OPEN,
    )
    db.session.add(row)
    db.session.flush()
    return row


# --- the register ------------------------------------------------------------------------


def register(process_id: int) -> list[SectionSignoff]:
    """Every reservation and objection: open ones first, then by draft and section."""
    rows = [r for r in signoffs_of(process_id) if r.in_register]
    rows.sort(key=lambda r: (not r.is_open, r.draft_id, r.section_position, r.id))
    return rows


def open_objections(process_id: int) -> list[SectionSignoff]:
    return [r for r in register(process_id) if r.is_open and r.stance == Stance.OBJECT]


def resolve(
    process_id: int, entry: SectionSignoff, user: User, status: str, how: str, reference: str = ""
) -> SectionSignoff:
    if not entry.in_register or entry.process_id != process_id:
        raise ValidationFailed(_("Only reservations and objections are resolved."))
    if not entry.is_open:
        raise ValidationFailed({"status": _("This entry is already resolved.")})
    errors = {}
    try:
        status = ReservationStatus(status)
    except ValueError:
        status = None
    if status not in RESOLUTIONS:
        errors["status"] = _("Choose how the entry was resolved.")
    how = (how or "").strip()
    reference = (reference or "").strip()
    if not how:
        errors["resolution"] = _("Say how it was resolved, for the record.")
    elif len(how) > REASON_MAX:
        errors["resolution"] = _("Keep it under 5,000 characters.")
    if status == ReservationStatus.OVERRULED and not reference:
        errors["decision_reference"] = _("Give the reference of the decision that overrules it.")
    elif len(reference) > 200:
        errors["decision_reference"] = _("Keep the reference under 200 characters.")
    if errors:
        raise ValidationFailed(errors)
    entry.status = status
    entry.resolution = how
    entry.decision_reference = reference
    entry.resolved_by_id = user.id
    entry.resolved_at = utcnow()
    db.session.flush()
    return entry


# --- the validation stage's gate ---------------------------------------------------------


def objection_lines(process_id: int) -> list[str]:
    """The open objections, one sentence each (what the stage agreement must decide on)."""
    return [
        _(
            "%(institution)s objects to “%(section)s” (%(draft)s)",
            institution=r.organisation.name,
            section=r.section_title or _("Opening text"),
            draft=r.draft.title,
        )
        for r in open_objections(process_id)
    ]


def overrule_open_objections(process_id: int, reference: str, text: str, user: User) -> int:
    """The validation stage was agreed over the open objections: the decision overrules
    them, and the register says so."""
    rows = open_objections(process_id)
    now = utcnow()
    for row in rows:
        row.status = ReservationStatus.OVERRULED
        row.decision_reference = reference[:200]
        row.resolution = text
        row.resolved_by_id = user.id
        row.resolved_at = now
    db.session.flush()
    return len(rows)
