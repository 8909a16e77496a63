"""Readiness findings of the drafting area, shown on the process's readiness page."""

from __future__ import annotations

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.stages import Finding

from .models import Draft, DraftKind, DraftSection, SectionStatus


def drafting_rule(process_id: int) -> list[Finding]:
    """A policy draft exists, and each of its sections is agreed before validation."""
    drafts = db.session.scalars(
        db.select(Draft).where(Draft.process_id == process_id, Draft.kind == DraftKind.POLICY)
    ).all()
    if not drafts:
        return [
            Finding(
                "validation",
                _("There is no policy draft yet: create it under Drafts."),
                "drafting.index",
                severity="warning",
            )
        ]
    findings = []
    for draft in drafts:
        open_sections = db.session.scalars(
            db.select(DraftSection.title).where(
                DraftSection.process_id == process_id,
                DraftSection.draft_id == draft.id,
                DraftSection.status != SectionStatus.AGREED,
            )
        ).all()
        if open_sections:
            findings.append(
                Finding(
                    "validation",
                    _(
                        "“%(draft)s”: %(count)d sections are not agreed yet (%(titles)s).",
                        draft=draft.title,
                        count=len(open_sections),
                        titles=", ".join(open_sections),
                    ),
                    "drafting.outline",
                    {"draft_id": draft.id},
                    severity="warning",
                )
            )
    return findings
