"""Readiness rules of the evidence base: claims that cite nothing, and indicators that no
usable source can feed."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation.stages import Finding

from .links import unsupported_claims
from .mapping import indicator_gaps


def unsupported_claims_rule(process_id: int) -> list[Finding]:
    missing = unsupported_claims(process_id)
    if not missing:
        return []
    counts = {"swot": 0, "node": 0, "statement": 0}
    for claim in missing:
        counts[claim.kind] += 1
    parts = []
    if counts["swot"]:
        parts.append(ngettext("%(num)d SWOT item", "%(num)d SWOT items", counts["swot"]))
    if counts["node"]:
        parts.append(ngettext("%(num)d cause", "%(num)d causes", counts["node"]))
    if counts["statement"]:
        parts.append(_("the problem statement"))
    message = ngettext(
        "%(num)d claim cites no source or document: %(parts)s.",
        "%(num)d claims cite no source or document: %(parts)s.",
        len(missing),
        parts=", ".join(parts),
    )
    return [
        Finding(
            "analysis",
            message,
            "evidence.links_page",
            {"process_id": process_id},
            severity="warning",
        )
    ]


def indicator_gap_rule(process_id: int) -> list[Finding]:
    findings = []
    for row in indicator_gaps(process_id):
        if row.gap_actions:
            message = _(
                "Indicator “%(name)s” has no usable source yet; the data-development "
                "activity “%(action)s” is planned.",
                name=row.indicator.name,
                action=row.gap_actions[0].title,
            )
            severity = "warning"
        else:
            message = _("Indicator “%(name)s” has no usable data source.", name=row.indicator.name)
            severity = "error"
        findings.append(
            Finding(
                row.section,
                message,
                "evidence.indicators",
                {"process_id": process_id, "_anchor": f"ind-{row.indicator.id}"},
                severity=severity,
            )
        )
    return findings
