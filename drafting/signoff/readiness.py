"""Readiness findings of the sign-off: open objections, and sections a core institution
has not signed off (or signed off on an earlier text). Advice, never a refusal."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation.extensions import db
from facilitation.stages import Finding

from ..models import Draft, DraftKind
from . import services


def signoff_rule(process_id: int) -> list[Finding]:
    findings = [
        Finding(
            "validation",
            _(
                "%(institution)s objects to “%(section)s” (%(draft)s): %(reason)s",
                institution=row.organisation.name,
                section=row.section_title or _("Opening text"),
                draft=row.draft.title,
                reason=row.reason,
            ),
            "signoff.detail",
            {"signoff_id": row.id},
            severity="warning",
        )
        for row in services.open_objections(process_id)
    ]
    institutions = services.core_institutions(process_id)
    if not institutions:
        return findings
    drafts = db.session.scalars(
        db.select(Draft).where(Draft.process_id == process_id, Draft.kind == DraftKind.POLICY)
    ).all()
    for draft in drafts:
        grid = services.matrix(process_id, draft)
        if not (grid.cells or grid.removed):
            continue  # the sign-off of this draft has not started: nothing to chase yet
        for institution in institutions:
            missing = [
                s
                for s in grid.sections
                if (placed := grid.cell(s, institution)) is None or not placed.on_current_text
            ]
            if missing:
                findings.append(
                    Finding(
                        "validation",
                        ngettext(
                            "“%(draft)s”: %(institution)s has %(num)d section to sign off "
                            "(not yet, or only on an earlier text).",
                            "“%(draft)s”: %(institution)s has %(num)d sections to sign off "
                            "(not yet, or only on an earlier text).",
                            len(missing),
                            draft=draft.title,
                            institution=institution.name,
                        ),
                        "signoff.matrix",
                        {"draft_id": draft.id},
                        severity="warning",
                    )
                )
    return findings
