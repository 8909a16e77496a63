"""Stakeholder registry around ``facilitation.models.Organisation``: focal points with
history, dated assessments, typed ties, consultations, their inputs and commitments."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.labelled import Labelled
from facilitation.mixins import Audited
from facilitation.models import Organisation, User

from . import assessment as derive


class TieType(Labelled):
    HIERARCHY = "hierarchy"
    COORDINATES = "coordinates_with"
    SHARES_DATA = "shares_data_with"
    FUNDS = "funds"
    LEGAL_AUTHORITY = "legal_authority_over"
    INFORMS = "informs"
    CONFLICT = "conflict"

    @classmethod
    def labels(cls):
        return TIE_LABELS


TIE_LABELS = {
    TieType.HIERARCHY: _l("Hierarchy (is above)"),
    TieType.COORDINATES: _l("Coordinates with"),
    TieType.SHARES_DATA: _l("Shares data with"),
    TieType.FUNDS: _l("Funds"),
    TieType.LEGAL_AUTHORITY: _l("Has legal authority over"),
    TieType.INFORMS: _l("Informs"),
    TieType.CONFLICT: _l("Conflict"),
}


class ConsultationMethod(Labelled):
    SURVEY = "survey"
    INTEREST_GROUP_MEETING = "interest_group_meeting"
    E_CONSULTATION = "e_consultation"
    PUBLIC_HEARING = "public_hearing"
    FOCUS_GROUP = "focus_group"
    BILATERAL = "bilateral"
    WORKSHOP = "workshop"
    VALIDATION_ROUND_TABLE = "validation_round_table"

    @classmethod
    def labels(cls):
        return METHOD_LABELS


METHOD_LABELS = {
    ConsultationMethod.SURVEY: _l("Survey or questionnaire"),
    ConsultationMethod.INTEREST_GROUP_MEETING: _l("Meeting with an interest group"),
    ConsultationMethod.E_CONSULTATION: _l("E-consultation"),
    ConsultationMethod.PUBLIC_HEARING: _l("Public hearing or listening event"),
    ConsultationMethod.FOCUS_GROUP: _l("Focus group"),
    ConsultationMethod.BILATERAL: _l("Bilateral meeting"),
    ConsultationMethod.WORKSHOP: _l("Workshop"),
    ConsultationMethod.VALIDATION_ROUND_TABLE: _l("Validation round table"),
}


class Disposition(Labelled):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"
    NOTED = "noted"
    OUT_OF_SCOPE = "out_of_scope"

    @classmethod
    def labels(cls):
        return DISPOSITION_LABELS


DISPOSITION_LABELS = {
    Disposition.ACCEPTED: _l("Accepted"),
    Disposition.PARTLY_ACCEPTED: _l("Partly accepted"),
    Disposition.NOT_ACCEPTED: _l("Not accepted"),
    Disposition.NOTED: _l("Noted"),
    Disposition.OUT_OF_SCOPE: _l("Out of scope"),
}


class CommitmentStatus(Labelled):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"

    @classmethod
    def labels(cls):
        return COMMITMENT_LABELS


COMMITMENT_LABELS = {
    CommitmentStatus.OPEN: lazy_pgettext("status", "Open"),
    CommitmentStatus.IN_PROGRESS: _l("In progress"),
    CommitmentStatus.CLOSED: _l("Closed"),
}


class FocalPoint(Audited, db.Model):
    """A person an organisation names as its contact. Personal data: never exported
    unless asked. Replacing one closes it (``ended_on``) and links its successor, so
    staff turnover stays visible."""

    __tablename__ = "focal_point"
    __audit_label__ = _l("Focal point")

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("focal_point.id", ondelete="SET NULL")
    )
    end_reason: Mapped[str] = mapped_column(String(200), default="")

    organisation: Mapped[Organisation] = relationship()
    replaced_by: Mapped[FocalPoint | None] = relationship(remote_side="FocalPoint.id")

    @property
    def current(self) -> bool:
        return self.ended_on is None


class Assessment(Audited, db.Model):
    """One dated, signed judgement of an organisation; the latest one is shown."""

    __tablename__ = "stakeholder_assessment"
    __audit_label__ = _l("Assessment")
    __table_args__ = tuple(
        CheckConstraint(f"{c} BETWEEN 1 AND 5", name=f"{c}_range")
        for c in ("power", "interest", "impact", "legitimacy", "urgency")
    ) + (CheckConstraint("position BETWEEN -2 AND 2", name="position_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[date]
    assessed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    assessed_by_name: Mapped[str] = mapped_column(String(120), default="")
    power: Mapped[int]
    interest: Mapped[int]
    # Impact, legitimacy and urgency may be left "not assessed" (None).
    impact: Mapped[int | None]
    position: Mapped[int]
    legitimacy: Mapped[int | None]
    urgency: Mapped[int | None]
    current_engagement: Mapped[str | None] = mapped_column(String(20))
    target_engagement: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()
    assessed_by: Mapped[User | None] = relationship()

    def audit_title(self) -> str:
        return f"{self.organisation.name if self.organisation else ''} {self.assessed_on}"

    def audit_params(self) -> dict:
        name = self.organisation.name if self.organisation else ""
        return {"title": name, "assessed_on": self.assessed_on}

    @property
    def quadrant(self) -> derive.Quadrant:
        return derive.quadrant(self.power, self.interest)

    @property
    def salience(self) -> derive.Salience | None:
        """None while legitimacy or urgency is not assessed: never invented."""
        return derive.salience(self.power, self.legitimacy, self.urgency)

    @property
    def gap(self) -> derive.Gap | None:
        return derive.engagement_gap(self.current_engagement, self.target_engagement)


class Tie(Audited, db.Model):
    """A typed relation from ``source`` to ``target`` (both ways when ``mutual``)."""

    __tablename__ = "stakeholder_tie"
    __audit_label__ = _l("Tie")
    __table_args__ = (
        CheckConstraint("source_id <> target_id", name="distinct_ends"),
        CheckConstraint("strength BETWEEN 1 AND 3", name="strength_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[TieType] = mapped_column(String(30))
    mutual: Mapped[bool] = mapped_column(default=False)
    strength: Mapped[int] = mapped_column(default=2)
    note: Mapped[str] = mapped_column(String(300), default="")

    source: Mapped[Organisation] = relationship(foreign_keys=[source_id])
    target: Mapped[Organisation] = relationship(foreign_keys=[target_id])

    def audit_title(self) -> str:
        source = self.source.name if self.source else self.source_id
        target = self.target.name if self.target else self.target_id
        return f"{source} → {target} ({TieType(self.type).label})"

    def audit_params(self) -> dict:
        source = self.source.name if self.source else self.source_id
        target = self.target.name if self.target else self.target_id
        return {"title": f"{source} → {target}", "type": self.type}


class Consultation(Audited, db.Model):
    __tablename__ = "consultation"
    __audit_label__ = _l("Consultation")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(30))
    method: Mapped[ConsultationMethod] = mapped_column(String(30))
    participation_level: Mapped[str] = mapped_column(String(20), default="consult")
    purpose: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    target_groups: Mapped[str] = mapped_column(String(500), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    responsible: Mapped[str] = mapped_column(String(200), default="")
    held: Mapped[bool] = mapped_column(default=False)
    topics: Mapped[str] = mapped_column(Text, default="")
    sections: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    # Attendance counted for the whole event when no one recorded it by institution
    # (a seminar's sign-in sheet); None means "count the participants below".
    attendance_women: Mapped[int | None]
    attendance_men: Mapped[int | None]
    attendance_other: Mapped[int | None]

    participants: Mapped[list[ConsultationParticipant]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", passive_deletes=True
    )
    inputs: Mapped[list[ConsultationInput]] = relationship(
        back_populates="consultation", passive_deletes=True
    )

    @property
    def method_label(self) -> str:
        return ConsultationMethod(self.method).label

    @property
    def level_label(self) -> str:
        return derive.EngagementLevel(self.participation_level).label

    @property
    def has_aggregate_attendance(self) -> bool:
        return any(getattr(self, f"attendance_{k}") is not None for k in ("women", "men", "other"))

    @property
    def attendance(self) -> dict[str, int]:
        """Women, men, other and total: the event's own count when recorded, otherwise
        the sum over the participating organisations."""
        keys = ("women", "men", "other")
        if self.has_aggregate_attendance:
            counts = {k: getattr(self, f"attendance_{k}") or 0 for k in keys}
        else:
            counts = {k: sum(getattr(p, k) for p in self.participants) for k in keys}
        counts["total"] = sum(counts.values())
        return counts


class ConsultationParticipant(Audited, db.Model):
    """An organisation present at a consultation, with attendance counts by sex."""

    __tablename__ = "consultation_participant"
    __audit_label__ = _l("Participation")
    __table_args__ = (
        UniqueConstraint("consultation_id", "organisation_id"),
        CheckConstraint("women >= 0 AND men >= 0 AND other >= 0", name="counts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    women: Mapped[int] = mapped_column(default=0)
    men: Mapped[int] = mapped_column(default=0)
    other: Mapped[int] = mapped_column(default=0)

    consultation: Mapped[Consultation] = relationship(back_populates="participants")
    organisation: Mapped[Organisation] = relationship()

    @property
    def total(self) -> int:
        return self.women + self.men + self.other

    def audit_title(self) -> str:
        return self.organisation.name if self.organisation else f"#{self.id}"

    def audit_params(self) -> dict:
        # The relationship may not be loaded yet at flush: the record names it when shown.
        return {"organisation_id": self.organisation_id, "consultation_id": self.consultation_id}


class ConsultationInput(Audited, db.Model):
    """One input received ("you said") and the process's answer ("we did")."""

    __tablename__ = "consultation_input"
    __audit_label__ = _l("Consultation input")

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    concerns: Mapped[str] = mapped_column(String(200), default="")
    disposition: Mapped[str | None] = mapped_column(String(20))
    justification: Mapped[str] = mapped_column(Text, default="")
    feedback_sent_on: Mapped[date | None]

    consultation: Mapped[Consultation | None] = relationship(back_populates="inputs")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def disposition_label(self) -> str:
        return Disposition(self.disposition).label if self.disposition else ""


class Commitment(Audited, db.Model):
    """A promise made to stakeholders, followed up to closure."""

    __tablename__ = "stakeholder_commitment"
    __audit_label__ = _l("Commitment")

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default=CommitmentStatus.OPEN)
    due_on: Mapped[date | None]

    consultation: Mapped[Consultation | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def status_label(self) -> str:
        return CommitmentStatus(self.status).label

    def overdue(self, today: date) -> bool:
        return self.status != CommitmentStatus.CLOSED and bool(self.due_on) and self.due_on < today
