"""Drafts, their outline, the co-editing log, named versions, comments and exports.

The document itself is a Yjs document: ``DraftUpdate`` is its append-only log (each row
one update, saved before it is relayed), ``DraftSnapshot`` the compacted state the log
continues from. Neither is ``Audited``: a keystroke is not an audit event; versions,
sections and comments are.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.labelled import Labelled
from facilitation.mixins import Audited, ProcessScoped, Timestamped, enum_type, utcnow

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
LogId = BigInteger().with_variant(Integer, "sqlite")


class DraftKind(Labelled):
    POLICY = "policy"
    ACTION_PLAN = "action_plan"
    TERMS_OF_REFERENCE = "terms_of_reference"
    OTHER = "other"

    @classmethod
    def labels(cls):
        return DRAFT_KIND_LABELS


DRAFT_KIND_LABELS = {
    DraftKind.POLICY: _l("Policy document"),
    DraftKind.ACTION_PLAN: _l("Action-plan narrative"),
    DraftKind.TERMS_OF_REFERENCE: _l("Terms of reference"),
    DraftKind.OTHER: _l("Other document"),
}


class SectionStatus(Labelled):
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    AGREED = "agreed"

    @classmethod
    def labels(cls):
        return SECTION_STATUS_LABELS


SECTION_STATUS_LABELS = {
    SectionStatus.DRAFTING: _l("Drafting"),
    SectionStatus.IN_REVIEW: _l("In review"),
    SectionStatus.AGREED: _l("Agreed"),
}


class Draft(Audited, db.Model):
    __tablename__ = "draft"
    __audit_label__ = _l("Draft")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DraftKind] = mapped_column(enum_type(DraftKind), default=DraftKind.OTHER)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    sections: Mapped[list[DraftSection]] = relationship(
        back_populates="draft",
        order_by="DraftSection.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft",
        order_by="DraftVersion.created_at.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def offline_stamp(self) -> str:
        """Names this very draft in a browser's offline copy (ids repeat after a rebuild)."""
        return self.created_at.strftime("%Y%m%d%H%M%S%f")


class DraftSection(Audited, db.Model):
    """One entry of a draft's outline, with who drafts it, who reviews it, and its status."""

    __tablename__ = "draft_section"
    __audit_label__ = _l("Draft section")

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    drafter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[SectionStatus] = mapped_column(
        enum_type(SectionStatus), default=SectionStatus.DRAFTING
    )

    draft: Mapped[Draft] = relationship(back_populates="sections")
    organisation = relationship("Organisation")
    drafter = relationship("User", foreign_keys=[drafter_id])
    reviewer = relationship("User", foreign_keys=[reviewer_id])


class DraftUpdate(ProcessScoped, db.Model):
    """One Yjs update, appended before it is relayed. Never edited; compaction replaces a
    prefix of the log by a snapshot that holds the same content."""

    __tablename__ = "draft_update"
    # Ids only grow, even after compaction empties the log (SQLite reuses them otherwise).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(LogId, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DraftSnapshot(ProcessScoped, db.Model):
    """The compacted state of a draft; the log rows after ``upto_update_id`` follow it."""

    __tablename__ = "draft_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(
        ForeignKey("draft.id", ondelete="CASCADE"), index=True, unique=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
    upto_update_id: Mapped[int] = mapped_column(LogId, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DraftVersion(Audited, db.Model):
    """A named, read-only state of a draft ("v0.3 for the round table")."""

    __tablename__ = "draft_version"
    __audit_label__ = _l("Draft version")

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[bytes] = mapped_column(LargeBinary)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    restored_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_version.id", ondelete="SET NULL")
    )

    draft: Mapped[Draft] = relationship(back_populates="versions")
    created_by = relationship("User")

    def audit_title(self) -> str:
        return self.name


class DraftComment(Audited, db.Model):
    """A comment anchored to a passage (a ``comment`` mark in the document) or a reply."""

    __tablename__ = "draft_comment"
    __audit_label__ = _l("Draft comment")

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_comment.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text, default="")
    resolved: Mapped[bool] = mapped_column(default=False)
    #: A comment imported from a returned Word copy (``drafting.review``): its reviewer.
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_review.id", ondelete="SET NULL")
    )

    author = relationship("User")
    review = relationship("DraftReview")
    replies: Mapped[list[DraftComment]] = relationship(
        order_by="DraftComment.id", cascade="all, delete-orphan", passive_deletes=True
    )

    def audit_title(self) -> str:
        return self.body[:80]


class DraftExport(ProcessScoped, Timestamped, db.Model):
    """An export taken from a draft, and the version it was taken from."""

    __tablename__ = "draft_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_version.id", ondelete="SET NULL")
    )
    file_format: Mapped[str] = mapped_column(String(10), default="docx")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    version = relationship("DraftVersion")
