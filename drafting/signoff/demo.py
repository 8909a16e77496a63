"""Demo positions on the demo policy draft: agreements, a reservation and an open
objection, so the matrix, the register and the validation gate have something to show."""

from __future__ import annotations

from flask_babel import force_locale
from pycrdt import Doc

from facilitation.extensions import db

from .. import outline, prosemirror
from ..models import Draft, DraftKind, DraftSnapshot, DraftUpdate
from . import services
from .sections import normalise, sections_of

# (institution key, member key, chapter key, stance, reason, proposed wording)
POSITIONS = [
    ("interior", "coordinator", "introduction", "agree", "", ""),
    ("immigration", "member1", "introduction", "agree", "", ""),
    ("labour", "member3", "introduction", "agree", "", ""),
    (
        "stats",
        "member4",
        "situation",
        "reservation",
        "Emigration figures rest on the 2019 census alone; the 2025 labour force survey "
        "should be cited beside it.",
        "",
    ),
    (
        "labour",
        "member3",
        "objectives",
        "object",
        "The objective on bilateral labour agreements commits the ministry to three "
        "agreements without a budget line for negotiating them.",
        "Conclude at least one bilateral labour agreement by 2029 and prepare two more.",
    ),
]


def _tree(draft: Draft) -> dict:
    """The demo draft's text from its log in this session (nothing is committed yet)."""
    doc = Doc()
    snapshot = db.session.scalar(
        db.select(DraftSnapshot.data).where(DraftSnapshot.draft_id == draft.id)
    )
    if snapshot:
        doc.apply_update(bytes(snapshot))
    for data in db.session.scalars(
        db.select(DraftUpdate.data).where(DraftUpdate.draft_id == draft.id).order_by(DraftUpdate.id)
    ):
        doc.apply_update(bytes(data))
    return prosemirror.to_tree(doc)


def load_demo(process, context=None) -> None:
    orgs = getattr(context, "orgs", {}) or {}
    users = getattr(context, "users", {}) or {}
    draft = db.session.scalars(
        db.select(Draft)
        .where(Draft.process_id == process.id, Draft.kind == DraftKind.POLICY)
        .order_by(Draft.id)
    ).first()
    if draft is None:
        return
    with force_locale(process.language or "en"):
        titles = {c.key: normalise(str(c.title)) for c in outline.flat()}
    sections = sections_of(_tree(draft))
    keys = {s.key for s in sections}
    for org_key, user_key, chapter, stance, reason, wording in POSITIONS:
        if org_key not in orgs or user_key not in users or titles.get(chapter) not in keys:
            continue
        services.record(
            process.id,
            draft,
            users[user_key],
            sections,
            organisation_id=orgs[org_key].id,
            section_key=titles[chapter],
            stance=stance,
            reason=reason,
            proposed_wording=wording,
        )
