"""Word reviews of a draft: each returned file, and the tracked changes it brought."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.labelled import Labelled
from facilitation.mixins import Audited


class SuggestionStatus(Labelled):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @classmethod
    def labels(cls):
        return SUGGESTION_STATUS_LABELS


SUGGESTION_STATUS_LABELS = {
    SuggestionStatus.OPEN: lazy_pgettext("status", "Open"),
    SuggestionStatus.ACCEPTED: _l("Accepted"),
    SuggestionStatus.REJECTED: _l("Rejected"),
}


class DraftReview(Audited, db.Model):
    """One returned review copy: who sent it, and what became of its remarks."""

    __tablename__ = "draft_review"
    __audit_label__ = _l("Word review")

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_version.id", ondelete="SET NULL")
    )
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL")
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    reviewer: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(200), default="")
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    comment_count: Mapped[int] = mapped_column(default=0)
    suggestion_count: Mapped[int] = mapped_column(default=0)
    #: Remarks that could not be placed in the text, as JSON: listed, never dropped.
    unmatched: Mapped[str] = mapped_column(Text, default="[]")

    organisation = relationship("Organisation")
    consultation = relationship("Consultation")
    suggestions: Mapped[list[DraftSuggestion]] = relationship(
        back_populates="review",
        order_by="DraftSuggestion.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def audit_title(self) -> str:
        return self.reviewer


class DraftSuggestion(Audited, db.Model):
    """A tracked insertion, deletion or replacement from a Word review."""

    __tablename__ = "draft_suggestion"
    __audit_label__ = _l("Suggested change")

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("draft_review.id", ondelete="CASCADE"), index=True
    )
    input_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_input.id", ondelete="SET NULL")
    )
    section_key: Mapped[str] = mapped_column(String(40), default="")
    section_title: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(10))
    before: Mapped[str] = mapped_column(Text, default="")
    old_text: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    new_paragraph: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default=SuggestionStatus.OPEN)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]

    review: Mapped[DraftReview] = relationship(back_populates="suggestions")
    decided_by = relationship("User")

    @property
    def status_label(self) -> str:
        return SuggestionStatus(self.status).label

    def audit_title(self) -> str:
        return (self.new_text or self.old_text)[:80]
