"""The database side of a room: the append-only log, snapshots and compaction.

Core statements on their own short transactions: an update is durable when ``append``
returns, before it is relayed. Callers must not hold uncommitted ORM writes on the same
database while calling these (SQLite allows one writer).
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select

from facilitation.extensions import db
from facilitation.mixins import utcnow as now

from .models import DraftSnapshot, DraftUpdate

_updates = DraftUpdate.__table__
_snapshots = DraftSnapshot.__table__


def load(draft_id: int) -> tuple[bytes | None, list[bytes]]:
    """The snapshot (if any) and every logged update after it, in log order.

    Compaction deletes the rows its snapshot covers in the same transaction, so every row
    still in the log follows the snapshot, whatever its id (SQLite may reuse ids)."""
    with db.engine.connect() as conn:
        snapshot = conn.execute(
            select(_snapshots.c.data).where(_snapshots.c.draft_id == draft_id)
        ).scalar_one_or_none()
        rows = conn.execute(
            select(_updates.c.data).where(_updates.c.draft_id == draft_id).order_by(_updates.c.id)
        ).scalars()
        return (bytes(snapshot) if snapshot is not None else None), [bytes(r) for r in rows]


def append(process_id: int, draft_id: int, data: bytes) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            insert(_updates).values(
                process_id=process_id, draft_id=draft_id, data=data, created_at=now()
            )
        )


def compact(process_id: int, draft_id: int, snapshot: bytes, aside: list[bytes]) -> None:
    """Replace the log by ``snapshot``; updates still waiting for their causes stay logged."""
    with db.engine.begin() as conn:
        upto = conn.execute(
            select(func.coalesce(func.max(_updates.c.id), 0)).where(_updates.c.draft_id == draft_id)
        ).scalar_one()
        conn.execute(delete(_snapshots).where(_snapshots.c.draft_id == draft_id))
        conn.execute(
            insert(_snapshots).values(
                process_id=process_id,
                draft_id=draft_id,
                data=snapshot,
                upto_update_id=upto,
                created_at=now(),
            )
        )
        conn.execute(delete(_updates).where(_updates.c.draft_id == draft_id, _updates.c.id <= upto))
        for data in aside:
            conn.execute(
                insert(_updates).values(
                    process_id=process_id, draft_id=draft_id, data=data, created_at=now()
                )
            )


def log_length(draft_id: int) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(_updates).where(_updates.c.draft_id == draft_id)
        ).scalar_one()
