"""Endorsement of the policy: who endorsed which version, when, by which decision."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from facilitation.extensions import db
from facilitation.labelled import Labelled
from facilitation.mixins import Audited, enum_type


class Decision(Labelled):
    ENDORSED = "endorsed"
    ENDORSED_WITH_CHANGES = "endorsed_with_changes"
    RETURNED = "returned"

    @classmethod
    def labels(cls):
        return DECISION_LABELS


DECISION_LABELS = {
    Decision.ENDORSED: _l("Endorsed"),
    Decision.ENDORSED_WITH_CHANGES: _l("Endorsed with changes"),
    Decision.RETURNED: _l("Returned for revision"),
}


class Endorsement(Audited, db.Model):
    __tablename__ = "endorsement"
    __audit_label__ = _l("Endorsement")

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))
    decision: Mapped[Decision] = mapped_column(enum_type(Decision))
    decided_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(200), default="")
    version_label: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    def audit_title(self) -> str:
        return f"{self.body}: {self.decision.label if self.decision else ''}"

    def audit_params(self) -> dict:
        return {"title": self.body, "decision": self.decision}
