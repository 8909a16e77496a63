"""Situation analysis services: SWOT (with merging duplicates), TOWS strategies and
candidate options drawn from them, the framework inventory and its gaps (a gap can
become a cause in the problem tree). Flush, never commit."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.validation import ValidationFailed, in_process
from policycycle.analysis.models import ObjectiveAlignment
from policycycle.models import (
    FrameworkItem,
    FrameworkKind,
    Gap,
    GapRating,
    NodeKind,
    Objective,
    ObjectiveLevel,
    PolicyOption,
    ProblemNode,
    Quadrant,
    SwotItem,
    TowsKind,
    TowsStrategy,
)

__all__ = [
    "swot_quadrants",
    "save_swot_item",
    "swot_dependents",
    "merged_into",
    "delete_swot_item",
    "merge_swot_items",
    "tows_by_kind",
    "options_from_tows",
    "save_tows",
    "tows_dependents",
    "delete_tows",
    "specific_objectives",
    "option_from_tows",
    "framework_items",
    "save_framework_item",
    "framework_dependents",
    "delete_framework_item",
    "gaps",
    "save_gap",
    "gap_causes",
    "gap_dependents",
    "delete_gap",
    "cause_from_gap",
]


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _organisation(process_id: int, organisation_id, field: str = "organisation_id"):
    org = in_process(Organisation, organisation_id, process_id, field, _("an institution"))
    return org.id if org else None


# --- Situation analysis: SWOT and TOWS ---------------------------------------------------


def swot_quadrants(process_id: int) -> dict[Quadrant, list[SwotItem]]:
    items = db.session.execute(
        db.select(SwotItem)
        .where(SwotItem.process_id == process_id, SwotItem.merged_into_id.is_(None))
        .options(joinedload(SwotItem.organisation))
        .order_by(SwotItem.position, SwotItem.id)
    ).scalars()
    grid: dict[Quadrant, list[SwotItem]] = {q: [] for q in Quadrant}
    for item in items:
        grid[Quadrant(item.quadrant)].append(item)
    return grid


def save_swot_item(
    process_id: int,
    *,
    quadrant: str,
    statement: str,
    evidence: str = "",
    organisation_id=None,
    item: SwotItem | None = None,
) -> SwotItem:
    if quadrant not in Quadrant.__members__.values():
        raise ValidationFailed({"quadrant": _("Choose strength, weakness, opportunity or threat.")})
    if not _clean(statement):
        raise ValidationFailed({"statement": _("Write the statement.")})
    org = _organisation(process_id, organisation_id)
    if item is None:
        item = SwotItem(process_id=process_id)
        db.session.add(item)
    elif item.quadrant != quadrant and _tows_citing(item):
        raise ValidationFailed(
            {
                "quadrant": _(
                    "TOWS strategies cite this item in its present quadrant: %(list)s.",
                    list="; ".join(t.text[:60] for t in _tows_citing(item)),
                )
            }
        )
    item.quadrant = Quadrant(quadrant)
    item.statement = _clean(statement)
    item.evidence = _clean(evidence)
    item.organisation_id = org
    db.session.flush()
    return item


def _tows_citing(item: SwotItem) -> list[TowsStrategy]:
    return list(
        db.session.execute(
            db.select(TowsStrategy).where(
                TowsStrategy.process_id == item.process_id,
                TowsStrategy.swot_items.any(SwotItem.id == item.id),
            )
        ).scalars()
    )


def swot_dependents(item: SwotItem) -> list[str]:
    return [_("TOWS strategy: %(text)s", text=t.text) for t in _tows_citing(item)]


def merged_into(item: SwotItem) -> list[SwotItem]:
    """The duplicates folded into this item."""
    return list(
        db.session.execute(db.select(SwotItem).where(SwotItem.merged_into_id == item.id)).scalars()
    )


def delete_swot_item(item: SwotItem) -> None:
    dependents = swot_dependents(item)
    if dependents:
        raise ValidationFailed(
            _("This item is cited by: %(list)s. Edit those first.", list="; ".join(dependents))
        )
    db.session.delete(item)
    db.session.flush()


def merge_swot_items(keep: SwotItem, duplicate_id) -> SwotItem:
    """Fold a duplicate into ``keep``: its evidence and TOWS citations move over."""
    duplicate = in_process(
        SwotItem, duplicate_id, keep.process_id, "duplicate_id", _("an item of this SWOT")
    )
    if duplicate is None or duplicate.id == keep.id:
        raise ValidationFailed({"duplicate_id": _("Choose another item to merge into this one.")})
    if duplicate.quadrant != keep.quadrant:
        raise ValidationFailed(
            {"duplicate_id": _("Only items of the same quadrant can be merged.")}
        )
    if duplicate.merged_into_id is not None:
        raise ValidationFailed({"duplicate_id": _("This item is already merged.")})
    if duplicate.evidence and duplicate.evidence not in keep.evidence:
        keep.evidence = "\n".join(filter(None, [keep.evidence, duplicate.evidence]))
    for tows in _tows_citing(duplicate):
        tows.swot_items = [i for i in tows.swot_items if i.id != duplicate.id]
        if keep not in tows.swot_items:
            tows.swot_items.append(keep)
    for child in db.session.execute(
        db.select(SwotItem).where(SwotItem.merged_into_id == duplicate.id)
    ).scalars():
        child.merged_into_id = keep.id
    duplicate.merged_into_id = keep.id
    db.session.flush()
    return keep


def tows_by_kind(process_id: int) -> dict[TowsKind, list[TowsStrategy]]:
    rows = db.session.execute(
        db.select(TowsStrategy)
        .where(TowsStrategy.process_id == process_id)
        .options(selectinload(TowsStrategy.swot_items))
        .order_by(TowsStrategy.id)
    ).scalars()
    grid: dict[TowsKind, list[TowsStrategy]] = {k: [] for k in TowsKind}
    for row in rows:
        grid[TowsKind(row.kind)].append(row)
    return grid


def options_from_tows(process_id: int) -> dict[int, list[PolicyOption]]:
    rows = db.session.execute(
        db.select(PolicyOption).where(
            PolicyOption.process_id == process_id, PolicyOption.tows_strategy_id.is_not(None)
        )
    ).scalars()
    result: dict[int, list[PolicyOption]] = {}
    for option in rows:
        result.setdefault(option.tows_strategy_id, []).append(option)
    return result


def save_tows(
    process_id: int, *, kind: str, text: str, swot_item_ids=(), strategy: TowsStrategy | None = None
) -> TowsStrategy:
    if kind not in TowsKind.__members__.values():
        raise ValidationFailed({"kind": _("Choose SO, WO, ST or WT.")})
    if not _clean(text):
        raise ValidationFailed({"text": _("Describe the strategy.")})
    items = [
        in_process(SwotItem, i, process_id, "swot_item_ids", _("SWOT items of this process"))
        for i in swot_item_ids or ()
    ]
    items = [i for i in items if i is not None]
    wrong = [i for i in items if i.quadrant not in kind]
    if wrong:
        raise ValidationFailed(
            {
                "swot_item_ids": _(
                    "A %(kind)s strategy draws on %(first)s and %(second)s items only.",
                    kind=kind,
                    first=Quadrant(kind[0]).label,
                    second=Quadrant(kind[1]).label,
                )
            }
        )
    if strategy is None:
        strategy = TowsStrategy(process_id=process_id)
        db.session.add(strategy)
    strategy.kind = TowsKind(kind)
    strategy.text = _clean(text)
    strategy.swot_items = items
    db.session.flush()
    return strategy


def tows_dependents(strategy: TowsStrategy) -> list[str]:
    return [
        _("Policy option: %(title)s", title=o.title)
        for o in options_from_tows(strategy.process_id).get(strategy.id, [])
    ]


def delete_tows(strategy: TowsStrategy) -> None:
    dependents = tows_dependents(strategy)
    if dependents:
        raise ValidationFailed(
            _("These depend on the strategy: %(list)s.", list="; ".join(dependents))
        )
    db.session.delete(strategy)
    db.session.flush()


def specific_objectives(process_id: int) -> list[Objective]:
    return list(
        db.session.execute(
            db.select(Objective)
            .where(Objective.process_id == process_id, Objective.level == ObjectiveLevel.SPECIFIC)
            .order_by(Objective.position, Objective.id)
        ).scalars()
    )


def option_from_tows(strategy: TowsStrategy, *, objective_id, title: str = "") -> PolicyOption:
    """Turn a TOWS strategy into a candidate policy option under a specific objective."""
    objective = in_process(
        Objective,
        objective_id,
        strategy.process_id,
        "objective_id",
        _("a specific objective of this process"),
    )
    if objective is None:
        raise ValidationFailed(
            {"objective_id": _("Choose the specific objective this option serves.")}
        )
    if objective.level != ObjectiveLevel.SPECIFIC:
        raise ValidationFailed({"objective_id": _("Options answer a specific objective.")})
    option = PolicyOption(
        process_id=strategy.process_id,
        objective_id=objective.id,
        title=(_clean(title) or strategy.text)[:300],
        description=strategy.text,
        tows_strategy_id=strategy.id,
    )
    db.session.add(option)
    db.session.flush()
    return option


# --- Gap analysis ---------------------------------------------------------------------------


def framework_items(process_id: int) -> list[FrameworkItem]:
    return list(
        db.session.execute(
            db.select(FrameworkItem)
            .where(FrameworkItem.process_id == process_id)
            .order_by(FrameworkItem.kind, FrameworkItem.area, FrameworkItem.title)
        ).scalars()
    )


def save_framework_item(
    process_id: int,
    *,
    kind: str,
    title: str,
    reference: str = "",
    area: str = "",
    description: str = "",
    item: FrameworkItem | None = None,
) -> FrameworkItem:
    if kind not in FrameworkKind.__members__.values():
        raise ValidationFailed({"kind": _("Choose law, policy, institution or agreement.")})
    if not _clean(title):
        raise ValidationFailed({"title": _("Give the title.")})
    if item is None:
        item = FrameworkItem(process_id=process_id)
        db.session.add(item)
    item.kind = FrameworkKind(kind)
    item.title = _clean(title)
    item.reference = _clean(reference)
    item.area = _clean(area)
    item.description = _clean(description)
    db.session.flush()
    return item


def framework_dependents(item: FrameworkItem) -> list[str]:
    gaps = db.session.execute(db.select(Gap).where(Gap.framework_item_id == item.id)).scalars()
    found = [_("Gap: %(text)s", text=g.statement) for g in gaps]
    aligned = db.session.execute(
        db.select(Objective.title)
        .join(ObjectiveAlignment, ObjectiveAlignment.objective_id == Objective.id)
        .where(ObjectiveAlignment.framework_item_id == item.id)
    ).scalars()
    return found + [_("Objective aligned with it: %(title)s", title=t) for t in aligned]


def delete_framework_item(item: FrameworkItem) -> None:
    dependents = framework_dependents(item)
    if dependents:
        raise ValidationFailed(
            _("These refer to it: %(list)s. Edit them first.", list="; ".join(dependents))
        )
    db.session.delete(item)
    db.session.flush()


def gaps(process_id: int) -> list[Gap]:
    return list(
        db.session.execute(
            db.select(Gap)
            .where(Gap.process_id == process_id)
            .options(joinedload(Gap.framework_item))
            .order_by(Gap.area, Gap.id)
        ).scalars()
    )


def save_gap(
    process_id: int,
    *,
    area: str,
    statement: str,
    rating: str,
    framework_item_id=None,
    gap: Gap | None = None,
) -> Gap:
    if not _clean(area):
        raise ValidationFailed({"area": _("Name the area (for example: labour migration).")})
    if not _clean(statement):
        raise ValidationFailed({"statement": _("State the gap.")})
    if rating not in GapRating.__members__.values():
        raise ValidationFailed({"rating": _("Rate the framework: absent, partial or complete.")})
    item = in_process(
        FrameworkItem,
        framework_item_id,
        process_id,
        "framework_item_id",
        _("an item of this inventory"),
    )
    if gap is None:
        gap = Gap(process_id=process_id)
        db.session.add(gap)
    gap.area = _clean(area)
    gap.statement = _clean(statement)
    gap.rating = GapRating(rating)
    gap.framework_item_id = item.id if item else None
    db.session.flush()
    return gap


def gap_causes(process_id: int) -> dict[int, list[ProblemNode]]:
    rows = db.session.execute(
        db.select(ProblemNode).where(
            ProblemNode.process_id == process_id, ProblemNode.gap_id.is_not(None)
        )
    ).scalars()
    result: dict[int, list[ProblemNode]] = {}
    for node in rows:
        result.setdefault(node.gap_id, []).append(node)
    return result


def gap_dependents(gap: Gap) -> list[str]:
    return [
        _("Problem tree cause: %(text)s", text=n.text)
        for n in gap_causes(gap.process_id).get(gap.id, [])
    ]


def delete_gap(gap: Gap) -> None:
    dependents = gap_dependents(gap)
    if dependents:
        raise ValidationFailed(_("These depend on the gap: %(list)s.", list="; ".join(dependents)))
    db.session.delete(gap)
    db.session.flush()


def cause_from_gap(gap: Gap, *, parent_id) -> ProblemNode:
    """Add the gap to the problem tree as a cause below ``parent_id`` (focal or cause)."""
    from .problems import save_node

    return save_node(
        gap.process_id,
        kind=NodeKind.CAUSE,
        text=gap.statement,
        parent_id=parent_id,
        evidence="",
        gap_id=gap.id,
    )
