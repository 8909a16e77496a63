"""The evidence base of a process: data sources with their quality profile, the documents
the group relies on, which source feeds which indicator, and what each claim cites."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.mixins import Audited
from facilitation.models import Organisation, User
from policycycle.models import Action, Indicator, ProblemNode, ProblemStatement, SwotItem

from .catalogue import (
    STANDARD_VARIABLE_LABELS,
    Access,
    Dimension,
    DocumentKind,
    Periodicity,
    SharingAgreement,
    SourceType,
)


def _enum_label(enum_type, value) -> str:
    """The translated label of a stored enum value (rows loaded back hold plain strings)."""
    try:
        return enum_type(value).label
    except ValueError:
        return str(value or "")


class DataSource(Audited, db.Model):
    """One entry of the inventory: a census, survey, register or other data holding."""

    __tablename__ = "data_source"
    __audit_label__ = _l("Data source")
    __table_args__ = (UniqueConstraint("process_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source_type: Mapped[SourceType] = mapped_column(String(40))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    # Comma-separated keys of STANDARD_VARIABLES, then any free-text variables.
    variables: Mapped[str] = mapped_column(Text, default="")
    migrant_definition: Mapped[str] = mapped_column(Text, default="")
    periodicity: Mapped[Periodicity] = mapped_column(String(20), default=Periodicity.ANNUAL)
    latest_period: Mapped[str] = mapped_column(String(60), default="")
    access: Mapped[Access] = mapped_column(String(20), default=Access.ON_REQUEST)
    access_conditions: Mapped[str] = mapped_column(Text, default="")
    sharing_agreement: Mapped[SharingAgreement] = mapped_column(
        String(20), default=SharingAgreement.NONE
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    owner: Mapped[Organisation | None] = relationship()
    ratings: Mapped[list[QualityRating]] = relationship(
        back_populates="source",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[QualityRating.rated_on, QualityRating.id]",
    )

    @property
    def type_label(self) -> str:
        return _enum_label(SourceType, self.source_type)

    @property
    def periodicity_label(self) -> str:
        return _enum_label(Periodicity, self.periodicity)

    @property
    def access_label(self) -> str:
        return _enum_label(Access, self.access)

    @property
    def agreement_label(self) -> str:
        return _enum_label(SharingAgreement, self.sharing_agreement)

    @property
    def variable_list(self) -> list[str]:
        return [v.strip() for v in self.variables.split(",") if v.strip()]

    @property
    def variable_labels(self) -> list[str]:
        return [str(STANDARD_VARIABLE_LABELS.get(v, v)) for v in self.variable_list]

    def latest_ratings(self) -> dict[Dimension, QualityRating]:
        """The latest rating of each dimension (later date, then later entry, wins)."""
        latest: dict[Dimension, QualityRating] = {}
        for rating in self.ratings:  # ordered by date then id
            latest[Dimension(rating.dimension)] = rating
        return latest


class QualityRating(Audited, db.Model):
    """One rating of one quality dimension of a source. Ratings are never overwritten:
    a new rating is added and the latest one per dimension is shown."""

    __tablename__ = "quality_rating"
    __audit_label__ = _l("Quality rating")

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("data_source.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[Dimension] = mapped_column(String(20))
    score: Mapped[int]
    note: Mapped[str] = mapped_column(Text)
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    rater_name: Mapped[str] = mapped_column(String(120), default="")
    rated_on: Mapped[date]

    source: Mapped[DataSource] = relationship(back_populates="ratings")
    rater: Mapped[User | None] = relationship()

    @property
    def dimension_label(self) -> str:
        return _enum_label(Dimension, self.dimension)

    def audit_title(self) -> str:
        return f"{self.dimension_label}: {self.score}"

    def audit_params(self) -> dict:
        return {"dimension": self.dimension, "score": self.score}


class IndicatorSource(Audited, db.Model):
    """A source mapped to an indicator, with the group's judgement whether it can feed it."""

    __tablename__ = "indicator_source"
    __audit_label__ = _l("Indicator source")
    __table_args__ = (UniqueConstraint("indicator_id", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int] = mapped_column(
        ForeignKey("data_source.id", ondelete="CASCADE"), index=True
    )
    can_feed: Mapped[bool] = mapped_column(default=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    indicator: Mapped[Indicator] = relationship()
    source: Mapped[DataSource] = relationship()

    def audit_title(self) -> str:
        return f"{self.source.name if self.source else self.source_id}"


class DataGapAction(Audited, db.Model):
    """A data-development activity of the action plan that closes an indicator's gap."""

    __tablename__ = "data_gap_action"
    __audit_label__ = _l("Data-development activity")
    __table_args__ = (UniqueConstraint("indicator_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)

    indicator: Mapped[Indicator] = relationship()
    action: Mapped[Action] = relationship()

    def audit_title(self) -> str:
        return self.action.title if self.action else f"#{self.action_id}"


class EvidenceDocument(Audited, db.Model):
    """A study, report or migration profile the group relies on."""

    __tablename__ = "evidence_document"
    __audit_label__ = _l("Evidence document")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None]
    reference: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    @property
    def kind_label(self) -> str:
        return _enum_label(DocumentKind, self.kind)


class EvidenceLink(Audited, db.Model):
    """A claim (SWOT item, problem tree node or the problem statement) citing a data
    source or a document. Exactly one claim and exactly one cited item are set."""

    __tablename__ = "evidence_link"
    __audit_label__ = _l("Evidence link")

    id: Mapped[int] = mapped_column(primary_key=True)
    swot_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("swot_item.id", ondelete="CASCADE"), index=True
    )
    problem_node_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem_node.id", ondelete="CASCADE"), index=True
    )
    problem_statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem_statement.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_source.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence_document.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

    swot_item: Mapped[SwotItem | None] = relationship()
    problem_node: Mapped[ProblemNode | None] = relationship()
    problem_statement: Mapped[ProblemStatement | None] = relationship()
    source: Mapped[DataSource | None] = relationship()
    document: Mapped[EvidenceDocument | None] = relationship()

    @property
    def cited_title(self) -> str:
        if self.source is not None:
            return self.source.name
        return self.document.title if self.document else ""

    def audit_title(self) -> str:
        return self.cited_title or f"#{self.id}"
