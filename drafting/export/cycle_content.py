"""What each cycle block says, from today's data: one definition used by the editor (a
table the group sees and refreshes) and by the policy document (paragraphs, tables and
figures). No Flask import besides flask_babel; no database access.

A block's content is a list of parts:

- ``Para(text, label="", italic=False)``: a paragraph, with an optional bold lead;
- ``Lead(text)``: a bold line that introduces what follows (kept with it);
- ``Bullets(items)``;
- ``Table(caption, header, rows, fractions)``: ``fractions`` of the text width per column;
- ``Figure(name, caption)``: ``problem_tree`` or ``objectives_tree`` (Word only).

An empty list means the block has nothing to say yet.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from policycycle.models import FrameworkKind, ObjectiveLevel, OptionStatus, Quadrant

from .collect import CycleData
from .cycle_parts import (
    OPTIONS_IN_BODY,
    Bullets,
    Figure,
    Lead,
    Para,
    Table,
    capped,
    coded,
    money,
)
from .cycle_parts import bullet_text as _bullets
from .option_text import option_status, sensitivity_sentence
from .plan_content import action_plan, financing, results, risks
from .policy_data import PolicyExtras


def _specific(data: CycleData):
    return [t for t in data.objectives if str(t[1].level) == ObjectiveLevel.SPECIFIC.value]


# --- the blocks -------------------------------------------------------------------------


def summary(data: CycleData, extras: PolicyExtras) -> list:
    parts: list = []
    statement = data.statement
    if statement is not None and statement.nature:
        parts.append(Para(statement.nature, label=_("The problem")))
    if statement is not None and statement.vision:
        parts.append(Para(statement.vision, label=_("Vision")))
    general = [o for _c, o, _i in data.objectives if str(o.level) == "general"]
    if general:
        parts.append(Para(general[0].title, label=_("General objective")))
    specific = _specific(data)
    if specific:
        parts.append(Para(_("The policy pursues these specific objectives:")))
        parts.append(Bullets([coded(c, o.title) for c, o, _i in specific]))
    preferred = [o for o in data.options if o.status == OptionStatus.PREFERRED]
    if preferred:
        parts.append(Para(_("After comparing the options with the baseline, the group chose:")))
        parts.append(
            Bullets(
                [
                    f"{data.code_map.get(('objective', o.objective_id), '')} {o.title}".strip()
                    for o in preferred
                ]
            )
        )
    actions = [a for g in data.actions for a in g.actions]
    if actions:
        starts = [a.start.year for a in actions if a.start]
        ends = [a.end.year for a in actions if a.end]
        cost = sum(a.cost or 0 for a in actions)
        text = ngettext(
            "The action plan sets out %(n)s activity",
            "The action plan sets out %(n)s activities",
            len(actions),
            n=format_decimal(len(actions)),
        )
        if starts and ends:
            text += " " + _("from %(start)d to %(end)d", start=min(starts), end=max(ends))
        if cost:
            text += ", " + _("at an estimated cost of %(cost)s", cost=money(cost, data.currency))
        parts.append(Para(text + "."))
    return parts


def mandate(data: CycleData, extras: PolicyExtras) -> list:
    parts: list = []
    if data.process.mandate:
        parts.append(Para(data.process.mandate))
    if data.lead:
        parts.append(Para(data.lead, label=_("Lead institution")))
    laws = [
        f
        for f in data.framework
        if str(f.kind) in (FrameworkKind.LAW.value, FrameworkKind.POLICY.value)
    ]
    if laws:
        parts.append(
            Table(
                _("Laws and policies this policy builds on"),
                [_("Kind"), _("Title"), _("Reference")],
                [[getattr(f.kind, "label", str(f.kind)), f.title, f.reference] for f in laws],
                [0.22, 0.53, 0.25],
            )
        )
    return parts


def making(data: CycleData, extras: PolicyExtras) -> list:
    parts: list = []
    if extras.issues:
        parts.append(
            Table(
                _("Issues placed on the agenda, their drivers and the decision"),
                [_("Issue"), _("Drivers and evidence"), _("Decision")],
                [
                    [
                        issue.title,
                        _bullets(
                            [f"{kind}: {text}" for kind, text in issue.drivers]
                            + ([f"{_('Evidence')}: {issue.evidence}"] if issue.evidence else [])
                        ),
                        issue.decision,
                    ]
                    for issue in extras.issues
                ],
                [0.28, 0.44, 0.28],
            )
        )
        if extras.issues_not_taken:
            parts.append(
                Para(
                    ngettext(
                        "%(num)d other issue was raised and not taken up.",
                        "%(num)d other issues were raised and not taken up.",
                        extras.issues_not_taken,
                    )
                )
            )
    if extras.core_group:
        parts.append(
            Para(
                _(
                    "The core group that drafted the policy brought together: %(names)s.",
                    names="; ".join(extras.core_group),
                )
            )
        )
    if extras.consultations_held:
        parts.append(
            Para(
                _(
                    "%(n)s consultations were held with %(people)s participants; the "
                    "%(inputs)s contributions received and what was done with each are "
                    "reported in the annex on stakeholders and consultations.",
                    n=format_decimal(extras.consultations_held),
                    people=format_decimal(extras.participants),
                    inputs=format_decimal(extras.inputs),
                )
            )
        )
    return parts


def swot(data: CycleData, extras: PolicyExtras) -> list:
    if not any(data.swot.values()):
        return []
    s = data.swot
    return [
        Table(
            _("Strengths, weaknesses, opportunities and threats"),
            [Quadrant.STRENGTH.label, Quadrant.WEAKNESS.label],
            [
                [_bullets(s.get("S", [])), _bullets(s.get("W", []))],
                [f"**{Quadrant.OPPORTUNITY.label}", f"**{Quadrant.THREAT.label}"],
                [_bullets(s.get("O", [])), _bullets(s.get("T", []))],
            ],
            [0.5, 0.5],
        )
    ]


def gaps(data: CycleData, extras: PolicyExtras) -> list:
    if not data.gaps:
        return []
    return [
        Table(
            _("Gaps in the existing framework"),
            [_("Area"), _("Gap"), _("Coverage")],
            [[g.area, g.statement, getattr(g.rating, "label", str(g.rating))] for g in data.gaps],
            [0.22, 0.58, 0.2],
        )
    ]


def problem(data: CycleData, extras: PolicyExtras) -> list:
    parts: list = []
    if data.problem_nodes:
        parts.append(
            Figure("problem_tree", _("Problem tree: causes below the focal problem, effects above"))
        )
    statement = data.statement
    if statement is not None:
        for label, value in (
            (_("Nature of the problem"), statement.nature),
            (_("Scale"), statement.scale),
            (_("Who is affected"), statement.affected),
            (_("Drivers"), statement.drivers),
            (_("How it evolves without action"), statement.baseline),
            (_("Why government must act"), statement.why_government),
        ):
            if value:
                parts.append(Para(value, label=label))
    causes = extras.causes
    if causes:
        parts.append(
            Table(
                _("The causes and the evidence behind each"),
                [_("Cause"), _("Evidence")],
                [[text, evidence or _("No evidence recorded yet")] for text, evidence in causes],
                [0.45, 0.55],
            )
        )
    return parts


def vision(data: CycleData, extras: PolicyExtras) -> list:
    statement = data.statement
    if statement is None:
        return []
    parts = []
    if statement.vision:
        parts.append(Para(statement.vision, label=_("Vision")))
    if statement.rationale:
        parts.append(Para(statement.rationale, label=_("Rationale")))
    return parts


def objectives(data: CycleData, extras: PolicyExtras) -> list:
    if not data.objectives:
        return []
    parts: list = []
    if len(data.objectives) <= 40:
        parts.append(Figure("objectives_tree", _("Objectives tree")))
    general = [t for t in data.objectives if str(t[1].level) == ObjectiveLevel.GENERAL.value]
    for code, objective, _indicators in general:
        parts.append(Para(coded(code, objective.title), label=_("General objective")))
        if objective.description:
            parts.append(Para(objective.description))
    specific = _specific(data)
    if specific:
        parts.append(Lead(_("Specific objectives")))
        parts.append(
            Bullets(
                [
                    f"{coded(c, o.title)}: {o.description}" if o.description else coded(c, o.title)
                    for c, o, _i in specific
                ]
            )
        )
    return parts


def statements(data: CycleData, extras: PolicyExtras) -> list:
    specific = _specific(data)
    if not specific:
        return []
    instruments = defaultdict(list)
    for instrument in data.instruments:
        if instrument.selected and instrument.option_id:
            instruments[instrument.option_id].append(instrument.title)
    parts: list = [
        Lead(_("Policy statements")),
        Para(_("For each specific objective, the Government commits to the following:")),
    ]
    for code, objective, _indicators in specific:
        parts.append(Lead(coded(code, objective.title)))
        chosen = [
            o
            for o in data.options
            if o.objective_id == objective.id and o.status == OptionStatus.PREFERRED
        ]
        if not chosen:
            parts.append(Para(_("No option has been chosen for this objective yet."), italic=True))
        for option in chosen:
            parts.append(
                Para(
                    option.preferred_rationale or option.description,
                    label=_("The Government will: %(title)s.", title=option.title.rstrip(".")),
                )
            )
            if instruments.get(option.id):
                parts.append(Bullets(capped(instruments[option.id])))
    return parts


def options(data: CycleData, extras: PolicyExtras) -> list:
    if not data.options:
        return []
    parts: list = [
        Para(
            _(
                "For each specific objective the group compared the options with the baseline "
                "(no new action) on weighted criteria; the scores are in the annex on the "
                "multi-criteria analysis. Discarded options are not ranked."
            )
        )
    ]
    tables = {t.objective_title: t for t in data.mca}
    by_objective = defaultdict(list)
    for option in data.options:
        by_objective[option.objective_id].append(option)
    for opts in by_objective.values():
        objective = opts[0].objective
        parts.append(
            Lead(coded(data.code_map.get(("objective", objective.id), ""), objective.title))
        )
        table = tables.get(objective.title)
        ranked = table is not None and table.criteria and len(table.result.ranking) > 1
        rank = {oid: table.result.rank_of(oid) for oid in table.result.ranking} if ranked else {}
        kept = sorted(
            (o for o in opts if o.status != OptionStatus.DISCARDED),
            key=lambda o: rank.get(o.id, 999),
        )
        # The best-ranked, the chosen and the baseline; the annex ranks every option.
        shown = [
            o
            for i, o in enumerate(kept)
            if i < OPTIONS_IN_BODY or o.is_baseline or o.status == OptionStatus.PREFERRED
        ]
        rows = []
        for option in shown:
            total = table.result.totals.get(option.id) if ranked else None
            rows.append(
                [
                    option.title,
                    option_status(option),
                    str(rank[option.id]) if option.id in rank else "",
                    format_decimal(total, format="+0.00;-0.00") if total is not None else "",
                ]
            )
        parts.append(
            Table(
                "",
                [_("Option"), _("Status"), _("Rank"), _("Weighted score")],
                rows,
                [0.5, 0.22, 0.1, 0.18],
            )
        )
        if len(kept) > len(shown):
            parts.append(
                Para(
                    ngettext(
                        "%(num)d other option was compared; the annex on the multi-criteria "
                        "analysis ranks every option.",
                        "%(num)d other options were compared; the annex on the multi-criteria "
                        "analysis ranks every option.",
                        len(kept) - len(shown),
                    ),
                    italic=True,
                )
            )
        if ranked:
            parts.append(Para(sensitivity_sentence(table), italic=True))
        discarded = [o for o in opts if o.status == OptionStatus.DISCARDED]
        if discarded:
            parts.append(Para(_("Discarded, and why:")))
            reasons = [
                f"{o.title}: {o.discard_reason or _('no reason recorded')}" for o in discarded
            ]
            parts.append(Bullets(capped(reasons)))
    return parts


def instruments(data: CycleData, extras: PolicyExtras) -> list:
    selected = [i for i in data.instruments if i.selected]
    if not selected:
        return []
    return [
        Table(
            _("Policy instruments"),
            [_("Instrument"), _("Kind"), _("Lead institution"), _("Legal basis")],
            [
                [
                    i.title,
                    getattr(i.kind, "label", str(i.kind)),
                    i.lead_organisation.display_name if i.lead_organisation else "",
                    i.legal_basis,
                ]
                for i in selected
            ],
            [0.42, 0.16, 0.24, 0.18],
        )
    ]


def _compact(items: list[str], limit: int = 10) -> str:
    items = [i for i in items if i]
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + " " + _("and %(n)d more", n=len(items) - limit)


def arrangements(data: CycleData, extras: PolicyExtras) -> list:
    leads: dict[str, list[str]] = defaultdict(list)
    partners: dict[str, list[str]] = defaultdict(list)
    for group in data.actions:
        for action in group.actions:
            for name in filter(None, (n.strip() for n in action.lead.split(","))):
                leads[name].append(action.code)
            for name in filter(None, (n.strip() for n in action.partners.split(","))):
                partners[name].append(action.code)
    names = set(leads) | set(partners) | set(extras.consulted) | set(extras.informed)
    if not names:
        return []
    by_key = {(o.acronym or o.name): o for o in data.organisations}
    parts: list = []
    if data.lead:
        parts.append(
            Para(
                _(
                    "%(lead)s coordinates the implementation and reports on it; each activity "
                    "has one accountable institution, the partners responsible with it, and "
                    "the institutions to consult or keep informed.",
                    lead=data.lead,
                )
            )
        )
    rows = [
        [
            by_key[key].display_name if key in by_key else key,
            _compact(leads.get(key, [])),
            _compact(partners.get(key, [])),
            _compact(extras.consulted.get(key, [])),
            _compact(extras.informed.get(key, [])),
        ]
        for key in sorted(names, key=str.lower)
    ]
    parts.append(
        Table(
            _("Who does what in the implementation"),
            [
                _("Institution"),
                _("Accountable for"),
                _("Responsible with others for"),
                _("Consulted on"),
                _("Informed of"),
            ],
            rows,
            [0.28, 0.18, 0.18, 0.18, 0.18],
        )
    )
    return parts


#: kind -> (label in the editor's menu, content function)
CONTENT = {
    "summary": (_l("Summary of the policy"), summary),
    "mandate": (_l("Mandate and legal basis"), mandate),
    "making": (_l("How the policy was made"), making),
    "swot": (_l("SWOT table"), swot),
    "gaps": (_l("Gaps in the framework"), gaps),
    "problem": (_l("Problem statement"), problem),
    "vision": (_l("Vision and rationale"), vision),
    "objectives": (_l("Objectives with indicators"), objectives),
    "statements": (_l("Policy statements by objective"), statements),
    "options": (_l("Options appraisal"), options),
    "instruments": (_l("Policy instruments"), instruments),
    "arrangements": (_l("Who does what"), arrangements),
    "financing": (_l("Cost by objective"), financing),
    "risks": (_l("Risks"), risks),
    "results": (_l("Results framework"), results),
    "action_plan": (_l("Action-plan summary"), action_plan),
}


def content(kind: str, data: CycleData, extras: PolicyExtras) -> list | None:
    """The parts of block ``kind``; None for a kind this version does not know."""
    entry = CONTENT.get(kind)
    return None if entry is None else entry[1](data, extras)
