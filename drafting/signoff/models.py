"""Sign-offs of a draft's sections by the core institutions, and the reservations
register they feed.

A sign-off is an institution's position on one version of one section: the section's
text and hash are stored with it. The latest sign-off of an institution on a section is
its position; earlier ones stay as history. A reservation or an objection is also an
entry of the register, with its status and who resolved it and how.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.labelled import Labelled
from facilitation.mixins import Audited, enum_type


class Stance(Labelled):
    AGREE = "agree"
    RESERVATION = "reservation"
    OBJECT = "object"

    @classmethod
    def labels(cls):
        return STANCE_LABELS

    @property
    def symbol(self) -> str:
        # Shapes, not colours: legible in print and for colour-blind readers.
        return STANCE_SYMBOLS[self]


STANCE_LABELS = {
    Stance.AGREE: _l("Agrees"),
    Stance.RESERVATION: _l("Agrees with a reservation"),
    Stance.OBJECT: _l("Objects"),
}
STANCE_SYMBOLS = {Stance.AGREE: "\u2713", Stance.RESERVATION: "!", Stance.OBJECT: "\u2717"}


class ReservationStatus(Labelled):
    OPEN = "open"
    RESOLVED_BY_CHANGE = "resolved_by_change"
    WITHDRAWN = "withdrawn"
    OVERRULED = "overruled"

    @classmethod
    def labels(cls):
        return STATUS_LABELS


STATUS_LABELS = {
    ReservationStatus.OPEN: lazy_pgettext("status", "Open"),
    ReservationStatus.RESOLVED_BY_CHANGE: _l("Resolved by a change of the text"),
    ReservationStatus.WITHDRAWN: _l("Withdrawn"),
    ReservationStatus.OVERRULED: _l("Overruled by decision"),
}


class SectionSignoff(Audited, db.Model):
    __tablename__ = "section_signoff"
    __audit_label__ = _l("Sign-off")
    __table_args__ = (Index("ix_section_signoff_draft_key", "draft_id", "section_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    # The section as it was signed (see drafting.signoff.sections).
    section_key: Mapped[str] = mapped_column(String(200))
    section_title: Mapped[str] = mapped_column(String(200), default="")
    section_position: Mapped[int] = mapped_column(default=0)
    section_text: Mapped[str] = mapped_column(Text, default="")
    section_hash: Mapped[str] = mapped_column(String(64))
    stance: Mapped[Stance] = mapped_column(enum_type(Stance))
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_wording: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # True when the person who recorded it is not the institution's own focal point or
    # member, e.g. the coordinator entering a position sent by letter.
    acting_for: Mapped[bool] = mapped_column(default=False)
    # The register (reservations and objections only; None for an agreement).
    status: Mapped[ReservationStatus | None] = mapped_column(enum_type(ReservationStatus))
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str] = mapped_column(Text, default="")
    decision_reference: Mapped[str] = mapped_column(String(200), default="")

    draft = relationship("Draft")
    organisation = relationship("Organisation")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])

    @property
    def in_register(self) -> bool:
        return self.stance != Stance.AGREE

    @property
    def is_open(self) -> bool:
        return self.status == ReservationStatus.OPEN

    def audit_title(self) -> str:
        org = self.organisation.name if self.organisation else ""
        return f"{org}: {self.section_title} ({self.stance.label if self.stance else ''})"
