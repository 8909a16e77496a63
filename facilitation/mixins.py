"""Column mixins shared by every package's models."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class ProcessScoped:
    """Every artefact belongs to exactly one policy process and is deleted with it."""

    @declared_attr
    def process_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Audited(ProcessScoped, Timestamped):
    """A process artefact: its creates, updates and deletes land in the audit trail.

    Subclasses set ``__audit_label__`` (a lazy translated noun such as
    ``_l("SWOT item")``) and may override ``audit_title`` for the feed.
    """

    __audit_label__ = None

    def audit_title(self) -> str:
        for attr in ("title", "name", "statement", "label", "text"):
            value = getattr(self, attr, None)
            if value:
                return str(value)
        return f"#{getattr(self, 'id', '?')}"

    def audit_params(self) -> dict:
        """The row as the activity record describes it, as data (no translated words):
        by default its title; a row with numbers or codes adds them."""
        return {"title": self.audit_title()}


def enum_type(enum_cls, length: int = 40) -> sa.Enum:
    """A portable enum column: VARCHAR storing the member's value, loaded as the member.

    No native enum and no CHECK constraint, so adding a member needs no migration on
    either SQLite or PostgreSQL; unknown strings are refused on write.
    """
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )
