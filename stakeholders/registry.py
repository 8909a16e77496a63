"""Registry operations: organisations (a tree), focal points, assessments and ties.

Services flush; the caller commits once. Every refusal is a ``ValidationFailed`` with a
field-level plain message, raised before anything is written.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from facilitation.extensions import db
from facilitation.models import Organisation, OrganisationCategory, OrganisationLevel
from facilitation.services import organisation_defaults  # noqa: F401 (the registry's defaults)
from facilitation.sorting import collation_key
from facilitation.validation import ValidationFailed, in_process

from . import assessment as derive
from .models import Assessment, FocalPoint, Tie, TieType

ORG_FIELDS = ("name", "acronym", "category", "level", "mandate", "policy_tags", "in_core_group")


def organisations(process_id: int) -> list[Organisation]:
    """The registry in accent-aware name order (Câmara before Cruz)."""
    return sorted(
        db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars(),
        key=lambda o: collation_key(o.name),
    )


def _tree_order(items) -> list[tuple]:
    """``items`` (anything with ``id``, ``parent_id``, ``name``; already in name order) in
    tree order with their depth: roots first, each one's children below it."""
    children: dict = {}
    ids = {item.id for item in items}
    for item in items:
        parent = item.parent_id if item.parent_id in ids else None
        children.setdefault(parent, []).append(item)
    ordered: list[tuple] = []
    stack = [(item, 0) for item in reversed(children.get(None, []))]
    while stack:
        item, depth = stack.pop()
        ordered.append((item, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(item.id, [])))
    return ordered


def tree(process_id: int) -> list[tuple[Organisation, int]]:
    """Organisations in tree order with their depth (roots first, children below)."""
    return _tree_order(organisations(process_id))


def tree_rows(process_id: int, *, with_text: bool = False) -> list[tuple]:
    """The registry's tree from columns only, as (row, depth): a row has ``id``,
    ``parent_id``, ``name``, ``acronym`` and ``category`` (and ``mandate`` and
    ``policy_tags`` with ``with_text``, for a words filter). The registry page orders
    and filters 2,000 institutions this way and loads only the page's as objects."""
    columns = [
        Organisation.id,
        Organisation.parent_id,
        Organisation.name,
        Organisation.acronym,
        Organisation.category,
    ]
    if with_text:
        columns += [Organisation.mandate, Organisation.policy_tags]
    rows = db.session.execute(
        db.select(*columns).where(Organisation.process_id == process_id)
    ).all()
    return _tree_order(sorted(rows, key=lambda r: collation_key(r.name)))


def _check_name(process_id: int, name: str, org_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed({"name": _("Enter the organisation's name.")})
    clash = db.session.execute(
        db.select(Organisation.id).where(
            Organisation.process_id == process_id,
            func.lower(Organisation.name) == name.lower(),
            Organisation.id != (org_id or 0),
        )
    ).first()
    if clash:
        raise ValidationFailed({"name": _("An organisation with this name is already listed.")})
    return name


def _check_parent(process_id: int, org: Organisation | None, parent_id) -> int | None:
    parent = in_process(Organisation, parent_id, process_id, "parent_id", _("an organisation"))
    if parent is None:
        return None
    if org is not None:
        node = parent
        seen = set()
        while node is not None and node.id not in seen:
            if node.id == org.id:
                raise ValidationFailed(
                    {
                        "parent_id": _(
                            "%(p)s is already part of %(o)s: this would make a circle "
                            "in the hierarchy.",
                            p=parent.name,
                            o=org.name,
                        )
                    }
                )
            seen.add(node.id)
            node = node.parent
    return parent.id


def save_organisation(process_id: int, org: Organisation | None = None, **fields) -> Organisation:
    """Create (``org`` None) or update an organisation; refuses duplicates and cycles."""
    name = _check_name(process_id, fields.get("name", ""), org.id if org else None)
    try:
        category = OrganisationCategory(fields.get("category") or "ministry")
        level = OrganisationLevel(fields.get("level") or "national")
    except ValueError:
        raise ValidationFailed({"category": _("Choose a category from the list.")}) from None
    parent_id = _check_parent(process_id, org, fields.get("parent_id"))
    if org is None:
        org = Organisation(process_id=process_id, name=name)
        db.session.add(org)
    org.name = name
    org.acronym = (fields.get("acronym") or "").strip()
    org.category = category
    org.level = level
    org.mandate = fields.get("mandate") or ""
    org.policy_tags = ", ".join(
        t.strip() for t in (fields.get("policy_tags") or "").split(",") if t.strip()
    )
    org.in_core_group = bool(fields.get("in_core_group"))
    org.parent_id = parent_id
    db.session.flush()
    return org


def delete_organisation(org: Organisation) -> None:
    """Remove an organisation; its departments move up one level and its ties are removed
    one by one so the activity record lists them."""
    for child in org.children:
        child.parent_id = org.parent_id
    for tie in ties(org.process_id, org.id):
        db.session.delete(tie)
    db.session.delete(org)
    db.session.flush()


def focal_points(org_id: int) -> list[FocalPoint]:
    return list(
        db.session.execute(
            db.select(FocalPoint)
            .where(FocalPoint.organisation_id == org_id)
            .order_by(FocalPoint.ended_on.is_(None).desc(), FocalPoint.started_on.desc())
        ).scalars()
    )


def add_focal_point(
    org: Organisation,
    *,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    started_on: date | None = None,
    replaces: FocalPoint | None = None,
    end_reason: str = "",
) -> FocalPoint:
    """Add a focal point; when ``replaces`` is given, close that one and link them."""
    if not (name or "").strip():
        raise ValidationFailed({"name": _("Enter the person's name.")})
    started_on = started_on or date.today()
    if replaces is not None:
        if replaces.organisation_id != org.id:
            raise ValidationFailed({"replaces": _("Choose a focal point of this organisation.")})
        if replaces.ended_on is not None:
            raise ValidationFailed({"replaces": _("This person was already replaced.")})
        if started_on < replaces.started_on:
            raise ValidationFailed(
                {"started_on": _("The successor cannot start before the person replaced.")}
            )
    person = FocalPoint(
        process_id=org.process_id,
        organisation_id=org.id,
        name=name.strip(),
        role=(role or "").strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        started_on=started_on,
    )
    db.session.add(person)
    db.session.flush()
    if replaces is not None:
        replaces.ended_on = started_on
        replaces.replaced_by_id = person.id
        replaces.end_reason = (end_reason or "").strip()
        db.session.flush()
    return person


def turnover(process_id: int) -> dict[int, int]:
    """Organisation id -> number of focal points replaced (staff turnover)."""
    rows = db.session.execute(
        db.select(FocalPoint.organisation_id, func.count(FocalPoint.id))
        .where(FocalPoint.process_id == process_id, FocalPoint.ended_on.is_not(None))
        .group_by(FocalPoint.organisation_id)
    ).all()
    return {org_id: count for org_id, count in rows}


def add_assessment(org: Organisation, *, assessed_by, assessed_on: date | None = None, **scores):
    """Record a dated assessment signed by ``assessed_by`` (a User). Scores are checked
    (1-5, position -2..+2) and engagement levels must be known ones."""
    numbers = {
        k: scores.get(k)
        for k in ("power", "interest", "impact", "position", "legitimacy", "urgency")
    }
    errors = derive.check_scores(**numbers)
    current = scores.get("current_engagement") or None
    target = scores.get("target_engagement") or None
    levels = {level.value for level in derive.EngagementLevel}
    if current is not None and current not in levels:
        errors["current_engagement"] = _("Choose an engagement level from the list.")
    if target not in levels:
        errors["target_engagement"] = _("Choose the engagement level you aim for.")
    if errors:
        raise ValidationFailed(errors)
    row = Assessment(
        process_id=org.process_id,
        organisation_id=org.id,
        assessed_on=assessed_on or date.today(),
        assessed_by_id=assessed_by.id if assessed_by else None,
        assessed_by_name=assessed_by.name if assessed_by else "",
        current_engagement=current,
        target_engagement=target,
        note=scores.get("note") or "",
        **numbers,
    )
    db.session.add(row)
    db.session.flush()
    return row


def latest_assessments(process_id: int, org_ids=None) -> dict[int, Assessment]:
    """Organisation id -> its most recent assessment (one query); only those of
    ``org_ids`` when given (a page of the registry)."""
    query = db.select(Assessment).where(Assessment.process_id == process_id)
    if org_ids is not None:
        query = query.where(Assessment.organisation_id.in_(list(org_ids)))
    rows = db.session.execute(
        query.order_by(Assessment.organisation_id, Assessment.assessed_on, Assessment.id)
    ).scalars()
    latest: dict[int, Assessment] = {}
    for row in rows:
        latest[row.organisation_id] = row
    return latest


def assessment_history(org_id: int) -> list[Assessment]:
    return list(
        db.session.execute(
            db.select(Assessment)
            .where(Assessment.organisation_id == org_id)
            .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        ).scalars()
    )


def add_tie(
    process_id: int,
    *,
    source_id,
    target_id,
    type: str,
    mutual: bool = False,
    strength: int = 2,
    note: str = "",
) -> Tie:
    """Refuses an organisation of another process, a tie to itself, an unknown type and a
    strength outside 1-3."""
    source = in_process(Organisation, source_id, process_id, "source_id", _("an organisation"))
    target = in_process(Organisation, target_id, process_id, "target_id", _("an organisation"))
    errors = {}
    if source is None:
        errors["source_id"] = _("Choose the organisation the tie starts from.")
    if target is None:
        errors["target_id"] = _("Choose the organisation the tie goes to.")
    if source is not None and target is not None and source.id == target.id:
        errors["target_id"] = _("A tie needs two different organisations.")
    if type not in {t.value for t in TieType}:
        errors["type"] = _("Choose a type of tie from the list.")
    if not isinstance(strength, int) or not 1 <= strength <= 3:
        errors["strength"] = _("The strength must be 1 (weak), 2 (medium) or 3 (strong).")
    if errors:
        raise ValidationFailed(errors)
    tie = Tie(
        process_id=process_id,
        source=source,
        target=target,
        type=TieType(type),
        mutual=bool(mutual),
        strength=strength,
        note=(note or "").strip(),
    )
    db.session.add(tie)
    db.session.flush()
    return tie


def ties(
    process_id: int,
    org_id: int | None = None,
    tie_type: TieType | None = None,
    with_ends: bool = False,
) -> list[Tie]:
    """The process's ties; ``with_ends`` loads both organisations in one query each, for
    callers that show them (a lazy load per tie made thousands of queries)."""
    query = db.select(Tie).where(Tie.process_id == process_id)
    if org_id is not None:
        query = query.where(or_(Tie.source_id == org_id, Tie.target_id == org_id))
    if tie_type is not None:
        query = query.where(Tie.type == tie_type)
    if with_ends:
        query = query.options(selectinload(Tie.source), selectinload(Tie.target))
    return list(db.session.execute(query.order_by(Tie.id)).scalars())
