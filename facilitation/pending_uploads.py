"""A file uploaded in one request and used in a later one (a two-step import).

With several server processes behind nginx (docs/scaling.md) the second request may reach
another process, which cannot read the first one's instance folder. The pending file
therefore waits in the shared database, tied to the person, the process and what it is
for, and expires: an upload that is never confirmed is deleted at the next upload of
anyone, after ``PENDING_UPLOAD_MINUTES``.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .mixins import ProcessScoped, utcnow

DEFAULT_MINUTES = 120


class PendingUpload(ProcessScoped, db.Model):
    __tablename__ = "pending_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, kept in the uploader's session cookie: the only way to reach the row.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    #: What the file waits for (``stakeholder-import``...).
    purpose: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    #: The step's own choices (what the file lists...), as the first request read them.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


def _lifetime() -> timedelta:
    return timedelta(minutes=int(current_app.config.get("PENDING_UPLOAD_MINUTES", DEFAULT_MINUTES)))


def purge_expired() -> int:
    """Delete every expired pending upload (anyone's); the caller commits."""
    result = db.session.execute(
        db.delete(PendingUpload).where(PendingUpload.expires_at <= utcnow())
    )
    return result.rowcount or 0


def keep(
    process_id: int, user_id: int, purpose: str, filename: str, data: bytes, details: dict
) -> str:
    """Store the file until step 2 (replacing this person's earlier one for the same
    purpose and process); returns the token for the session. The caller commits."""
    purge_expired()
    db.session.execute(
        db.delete(PendingUpload).where(
            PendingUpload.process_id == process_id,
            PendingUpload.user_id == user_id,
            PendingUpload.purpose == purpose,
        )
    )
    token = secrets.token_hex(16)
    db.session.add(
        PendingUpload(
            process_id=process_id,
            user_id=user_id,
            token=token,
            purpose=purpose,
            filename=filename[:255],
            details=details,
            data=data,
            expires_at=utcnow() + _lifetime(),
        )
    )
    return token


def find(token: str | None, process_id: int, user_id: int, purpose: str) -> PendingUpload | None:
    """The person's pending file, or None when it is unknown, someone else's or expired."""
    if not token:
        return None
    return db.session.scalar(
        db.select(PendingUpload).where(
            PendingUpload.token == token,
            PendingUpload.process_id == process_id,
            PendingUpload.user_id == user_id,
            PendingUpload.purpose == purpose,
            PendingUpload.expires_at > utcnow(),
        )
    )


def discard(token: str | None) -> None:
    """Forget a pending file (used or abandoned); the caller commits."""
    if token:
        db.session.execute(db.delete(PendingUpload).where(PendingUpload.token == token))
