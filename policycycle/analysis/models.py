"""Helper tables of the analysis stages: agreed prioritisation criteria, members'
ratings of issues against them, dot votes, and the alignment of objectives with the
national plans and strategies of the framework inventory. The chain artefacts
themselves are the shared ``policycycle.models`` tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.mixins import Audited
from facilitation.models import User
from policycycle.models import FrameworkItem


class PriorityCriterion(Audited, db.Model):
    """A criterion the group agreed to prioritise issues with (e.g. urgency)."""

    __tablename__ = "agenda_criterion"
    __audit_label__ = _l("Prioritisation criterion")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(default=0)


class PriorityRating(Audited, db.Model):
    """One member's 1-5 rating of one issue on one criterion."""

    __tablename__ = "agenda_rating"
    __audit_label__ = _l("Issue rating")
    __table_args__ = (UniqueConstraint("issue_id", "criterion_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("policy_issue.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_criterion.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    score: Mapped[int]

    user: Mapped[User] = relationship()

    def audit_title(self) -> str:
        return f"{self.score}/5"


class DotVote(Audited, db.Model):
    """The dots one member put on one issue."""

    __tablename__ = "agenda_dot_vote"
    __audit_label__ = _l("Dot vote")
    __table_args__ = (UniqueConstraint("issue_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("policy_issue.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    dots: Mapped[int] = mapped_column(default=0)

    def audit_title(self) -> str:
        return str(self.dots)

    def audit_params(self) -> dict:
        return {"dots": self.dots, "issue_id": self.issue_id}


class ObjectiveAlignment(Audited, db.Model):
    """An objective's contribution to a national plan or strategy of the inventory."""

    __tablename__ = "objective_alignment"
    __audit_label__ = _l("Alignment")
    __table_args__ = (UniqueConstraint("objective_id", "framework_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    framework_item_id: Mapped[int] = mapped_column(
        ForeignKey("framework_item.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

    framework_item: Mapped[FrameworkItem] = relationship()

    def audit_title(self) -> str:
        return self.framework_item.title if self.framework_item else f"#{self.id}"
