"""Sign-offs removed with their draft or their institution stay in the audit trail.

The database removes them itself (``ON DELETE CASCADE``), out of the session's sight, so
the trail would never know a ministry's position vanished. Before a flush that deletes a
draft or an organisation, their sign-offs are deleted through the session instead: the
audit hook then records each one, with its institution, section and stance. A deleted
process takes its trail with it, so its sign-offs are left to the database.
"""

from __future__ import annotations

from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from .models import SectionSignoff


def _deleted_ids(session: Session, table: str) -> set[int]:
    return {obj.id for obj in session.deleted if getattr(type(obj), "__tablename__", None) == table}


def _before_flush(session: Session, flush_context, instances) -> None:
    drafts = _deleted_ids(session, "draft")
    organisations = _deleted_ids(session, "organisation")
    if not (drafts or organisations):
        return
    processes = _deleted_ids(session, "process")
    with session.no_autoflush:
        rows = session.scalars(
            select(SectionSignoff).where(
                or_(
                    SectionSignoff.draft_id.in_(drafts),
                    SectionSignoff.organisation_id.in_(organisations),
                )
            )
        ).all()
        for row in rows:
            if row.process_id in processes or row in session.deleted:
                continue
            row.organisation  # noqa: B018 - loaded now: the record names it after the flush
            session.delete(row)


def install() -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
