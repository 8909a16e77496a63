"""Readiness findings from the consultation coverage: the gaps the lead ministry must
close before a stage (and the policy) can be called consulted."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation.sorting import collation_key
from facilitation.stages import STAGE_KEYS, Finding

from . import coverage


def consultation_rule(process_id: int) -> list[Finding]:
    """Unanswered inputs break the "you said, we did" rule (error); the other coverage
    gaps are method advice (warnings), each linked to the page that mends it."""
    cov = coverage.build(process_id)
    stage = cov.current_stage or STAGE_KEYS[-1]
    values = {"process_id": process_id}
    findings = []
    # Each unanswered input sits under the stage of the consultation it came from,
    # naming who is waiting for an answer.
    by_stage: dict[str, list] = {}
    for row in cov.inputs_without_disposition:
        where = row.consultation.stage if row.consultation is not None else stage
        by_stage.setdefault(where, []).append(row)
    for where, rows in by_stage.items():
        names = sorted(
            {row.organisation.name for row in rows if row.organisation is not None},
            key=collation_key,
        )
        findings.append(
            Finding(
                where,
                ngettext(
                    "%(num)d stakeholder input has no documented answer yet (from %(names)s).",
                    "%(num)d stakeholder inputs have no documented answer yet (from %(names)s).",
                    len(rows),
                    names=", ".join(names) or _("an unnamed source"),
                ),
                "stakeholders.inputs",
                {**values, "show": "open"},
            )
        )
    if cov.overdue_commitments:
        count = len(cov.overdue_commitments)
        findings.append(
            Finding(
                stage,
                ngettext(
                    "%(num)d commitment to stakeholders is overdue.",
                    "%(num)d commitments to stakeholders are overdue.",
                    count,
                ),
                "stakeholders.coverage",
                values,
                severity="warning",
            )
        )
    if cov.key_players_not_consulted:
        findings.append(
            Finding(
                stage,
                _(
                    "Key players not consulted at this stage: %(names)s.",
                    names=", ".join(o.name for o in cov.key_players_not_consulted[:5]),
                ),
                "stakeholders.coverage",
                values,
                severity="warning",
            )
        )
    if cov.categories_never_consulted:
        findings.append(
            Finding(
                stage,
                ngettext(
                    "%(num)d stakeholder category has never been consulted.",
                    "%(num)d stakeholder categories have never been consulted.",
                    len(cov.categories_never_consulted),
                ),
                "stakeholders.coverage",
                values,
                severity="warning",
            )
        )
    if cov.mandated_outside_core:
        findings.append(
            Finding(
                stage,
                _(
                    "Institutions with a mandate in the policy area are outside the core group: "
                    "%(names)s.",
                    names=", ".join(o.name for o in cov.mandated_outside_core[:5]),
                ),
                "stakeholders.coverage",
                values,
                severity="warning",
            )
        )
    return findings
