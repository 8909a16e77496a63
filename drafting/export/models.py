"""The Word template a process uses for its exports (one per process, optional)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from facilitation.extensions import db
from facilitation.mixins import Audited


class ExportTemplate(Audited, db.Model):
    """A ministry's own .docx template; the exports take their styles from it."""

    __tablename__ = "export_template"
    __audit_label__ = _l("Word template")
    __table_args__ = (UniqueConstraint("process_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(default=0)
    # Styles the file lacked, taken from the reference template (comma-separated).
    merged_styles: Mapped[str] = mapped_column(String(500), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    def audit_title(self) -> str:
        return self.filename
