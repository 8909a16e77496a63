"""Which stage a draft belongs to: the action-plan narrative to the action plan, the
policy document to validation. Once that stage is agreed the draft is read-only, on its
pages (through the stage registry) and on the co-editing socket."""

from __future__ import annotations

from facilitation.extensions import db

from .models import Draft, DraftKind

DRAFT_STAGE = {DraftKind.ACTION_PLAN: "action_plan", DraftKind.POLICY: "validation"}

# Views that show or change a draft's text; comments and named versions stay open.
CONTENT_ENDPOINTS = frozenset(
    {
        "drafting.edit",
        "drafting.section",
        "drafting.outline",
        "drafting.insert_block",
        "drafting.restore",
    }
)


def stage_of_draft(draft_id: int) -> str | None:
    kind = db.session.scalar(db.select(Draft.kind).where(Draft.id == draft_id))
    return DRAFT_STAGE.get(kind) if kind is not None else None


def resolve(endpoint: str, view_args: dict) -> str | None:
    """Stage-registry resolver for the drafting pages."""
    if endpoint in CONTENT_ENDPOINTS and "draft_id" in view_args:
        return stage_of_draft(view_args["draft_id"])
    return None
