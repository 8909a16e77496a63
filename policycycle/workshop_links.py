"""What the live workshops read of the cycle: the objectives an agenda item or the
console can point at, and the SWOT quadrants. The ``workshops`` package, a floor above
this one, imports it (docs/architecture.md, "The packages are floors")."""

from __future__ import annotations

from facilitation.extensions import db

from .models import Objective, ObjectiveLevel, Quadrant


def objectives(process_id: int, *, specific_only: bool = False) -> list[Objective]:
    """The process's objectives in the cycle's order; only the specific ones (whose
    options a scoring activity scores) when asked."""
    query = db.select(Objective).where(Objective.process_id == process_id)
    if specific_only:
        query = query.where(Objective.level == ObjectiveLevel.SPECIFIC)
    query = query.order_by(Objective.level, Objective.position, Objective.id)
    return list(db.session.execute(query).scalars())


def swot_quadrants() -> list[tuple[str, str]]:
    return [(q.value, q.label) for q in Quadrant]
