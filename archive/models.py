"""Lineage of an imported process: where it came from and each row as it was imported.

A three-way merge needs a common ancestor. When an archive is imported, the new process
keeps the installation and process it came from (:class:`ArchiveLineage`) and, for every
row, the row's *origin* (the installation and id where the row was first created) and a
fingerprint of its content as imported (:class:`ArchiveOrigin`, the merge's BASE). An
archive of that process carries both in ``lineage.json`` (docs/archive.md)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from facilitation.extensions import db
from facilitation.mixins import utcnow


class SiteInstallation(db.Model):
    """One row: this installation's own id, made once, never exported as a secret (it
    only names where rows were created)."""

    __tablename__ = "site_installation"

    id: Mapped[int] = mapped_column(primary_key=True)
    installation_id: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@event.listens_for(SiteInstallation.__table__, "after_create")
def _first_row(table, connection, **_kw) -> None:
    """The id is made with the schema (the migration does the same), so that exporting,
    a read-only act, never has to write it."""
    connection.execute(
        table.insert().values(installation_id=str(uuid.uuid4()), created_at=utcnow())
    )


class ArchiveLineage(db.Model):
    """The installation and process an imported process was taken from."""

    __tablename__ = "archive_lineage"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), primary_key=True
    )
    source_installation: Mapped[str] = mapped_column(String(36))
    source_process_id: Mapped[int] = mapped_column(Integer)
    source_exported_at: Mapped[str] = mapped_column(String(40), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArchiveOrigin(db.Model):
    """One imported (or merged-in) row: its origin and its fingerprint as it arrived.

    ``local_id`` is not a foreign key on purpose: when the row is deleted here the entry
    stays, so an archive can say which rows of the base are gone."""

    __tablename__ = "archive_origin"
    __table_args__ = (
        UniqueConstraint("process_id", "table_name", "local_id", name="uq_archive_origin_row"),
        Index("ix_archive_origin_origin", "process_id", "table_name", "origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    table_name: Mapped[str] = mapped_column(String(60))
    local_id: Mapped[int] = mapped_column(Integer)
    #: ``<installation id>:<row id there>``
    origin: Mapped[str] = mapped_column(String(80))
    #: sha256 of the row's content as it arrived (see ``lineage.fingerprint``).
    base_hash: Mapped[str] = mapped_column(String(64))


class ArchiveMergeBase(db.Model):
    """The last state a process exchanged with another installation of it, per row.

    On the server, one entry per (laptop installation, row origin) after each merge: the
    row's fingerprint as the laptop had it, which is the common ancestor of the laptop's
    next archive and the server's row (see docs/archive.md, "The base moves forward").
    Link tables have no ids: their entries name each link by its fingerprint (``origin``
    and ``fingerprint`` both hold it). On an imported process the links as imported are
    kept the same way, under the installation the archive came from, so that the
    laptop's archive can say which links it removed."""

    __tablename__ = "archive_merge_base"
    __table_args__ = (
        UniqueConstraint(
            "process_id", "installation", "table_name", "origin", name="uq_archive_merge_base_row"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    #: the other installation (the laptop on a server; the server on a laptop)
    installation: Mapped[str] = mapped_column(String(36))
    table_name: Mapped[str] = mapped_column(String(60))
    origin: Mapped[str] = mapped_column(String(80))
    fingerprint: Mapped[str] = mapped_column(String(64))
