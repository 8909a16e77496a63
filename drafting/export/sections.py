"""The policy document's chapters generated from the cycle's artefacts: situation
analysis, problem, objectives, options and MCA, instruments, institutional arrangements,
monitoring and evaluation. Each ``add_*`` writes nothing when its data does not exist
yet. No Flask import; labels through flask_babel."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _

from policycycle.models import InstrumentKind, NodeKind, ObjectiveLevel, OptionStatus, Quadrant

from . import doc_locale, figures, tree_figures
from . import docx_base as dx
from .collect import CycleData


def _bullet_cell(items: list[str]) -> str:
    return "\n".join(f"\u2022 {dx.safe_text(i).strip()}" for i in items if i and i.strip())


def add_situation(doc, data: CycleData, counters: dx.Counters, width: float) -> bool:
    has_swot = any(data.swot.values())
    if not (has_swot or data.tows or data.gaps or data.framework):
        return False
    dx.add_heading(doc, _("Situation analysis"), 1)
    if has_swot:
        dx.add_heading(doc, _("Strengths, weaknesses, opportunities and threats"), 2)
        dx.add_paragraph(
            doc,
            _(
                "Strengths and weaknesses are internal to the administration; opportunities "
                "and threats come from its environment."
            ),
        )
        dx.add_caption(doc, _("Table"), _("SWOT analysis"), counters, kind="Table")
        swot = data.swot
        dx.add_table(
            doc,
            [Quadrant.STRENGTH.label, Quadrant.WEAKNESS.label],
            [
                [_bullet_cell(swot.get("S", [])), _bullet_cell(swot.get("W", []))],
                [
                    dx.Cell(Quadrant.OPPORTUNITY.label, bold=True, shade="DCE6F2"),
                    dx.Cell(Quadrant.THREAT.label, bold=True, shade="DCE6F2"),
                ],
                [_bullet_cell(swot.get("O", [])), _bullet_cell(swot.get("T", []))],
            ],
            [width / 2, width / 2],
        )
    if data.tows:
        dx.add_heading(doc, _("Strategies drawn from the SWOT (TOWS)"), 2)
        dx.add_caption(doc, _("Table"), _("TOWS strategies"), counters, kind="Table")
        dx.add_table(
            doc,
            [_("Kind"), _("Strategy")],
            [list(t) for t in data.tows],
            [width * 0.35, width * 0.65],
        )
    if data.framework or data.gaps:
        dx.add_heading(doc, _("Existing framework and gaps"), 2)
    if data.framework:
        dx.add_caption(
            doc,
            _("Table"),
            _("Laws, policies, institutions and agreements in force"),
            counters,
            kind="Table",
        )
        dx.add_table(
            doc,
            [_("Kind"), _("Title"), _("Reference"), _("Area")],
            [
                [f.kind.label if hasattr(f.kind, "label") else f.kind, f.title, f.reference, f.area]
                for f in data.framework
            ],
            [width * 0.18, width * 0.42, width * 0.2, width * 0.2],
        )
    if data.gaps:
        dx.add_caption(doc, _("Table"), _("Gap analysis"), counters, kind="Table")
        dx.add_table(
            doc,
            [_("Area"), _("Gap"), _("Coverage"), _("Related instrument")],
            [
                [
                    g.area,
                    g.statement,
                    g.rating.label if hasattr(g.rating, "label") else g.rating,
                    g.framework_item.title if g.framework_item else "",
                ]
                for g in data.gaps
            ],
            [width * 0.18, width * 0.47, width * 0.13, width * 0.22],
        )
    return True


def _quoted(text: str, limit: int = 90) -> str:
    """A branch head in a caption: quoted and shortened."""
    text = " ".join((text or "").split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1] + "\u2026") + "\u201d"


def add_problem(doc, data: CycleData, counters: dx.Counters, width: float) -> bool:
    statement = data.statement
    if not data.problem_nodes and statement is None:
        return False
    dx.add_heading(doc, _("The problem"), 1)
    if data.problem_nodes:
        dx.add_heading(doc, _("Problem tree"), 2)
        labels = {k.value: k.label for k in NodeKind}
        parts = tree_figures.problem_tree_parts(data.problem_nodes, labels, width / 2.54)
        for part in parts:
            if part.head:
                caption = _("Problem tree, continued: causes of %(head)s", head=_quoted(part.head))
            elif part.continued:
                caption = _("Problem tree, continued: further causes of the focal problem")
            else:
                caption = _("Problem tree: effects above the focal problem, causes below it")
            dx.add_figure(doc, part.png, part.width_cm, caption, counters, label=_("Figure"))
    if statement is not None:
        dx.add_heading(doc, _("Problem statement"), 2)
        for label, value in (
            (_("Nature of the problem"), statement.nature),
            (_("Scale"), statement.scale),
            (_("Who is affected"), statement.affected),
            (_("Drivers"), statement.drivers),
            (_("How it evolves without action"), statement.baseline),
            (_("Assumptions"), statement.assumptions),
            (_("Why government must act"), statement.why_government),
        ):
            dx.add_labelled(doc, label, value)
        if statement.rationale or statement.vision:
            dx.add_heading(doc, _("Rationale and vision"), 2)
            dx.add_labelled(doc, _("Rationale"), statement.rationale)
            dx.add_labelled(doc, _("Vision"), statement.vision)
    return True


def _indicator_table(doc, rows, width: float) -> None:
    dx.add_table(
        doc,
        [_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Means of verification")],
        [[i.name, i.unit, i.baseline, i.target, i.verification] for i in rows],
        [width * 0.34, width * 0.1, width * 0.15, width * 0.15, width * 0.26],
    )


def add_objectives(doc, data: CycleData, counters: dx.Counters, width: float) -> bool:
    if not data.objectives:
        return False
    dx.add_heading(doc, _("Objectives"), 1)
    nodes = [
        (o.id, o.parent_id, str(o.level), f"{code} {o.title}".strip())
        for code, o, _ind in data.objectives
    ]
    if len(nodes) <= 40:
        labels = {k.value: k.label for k in ObjectiveLevel}
        for part in tree_figures.objectives_tree_parts(nodes, labels, width / 2.54):
            caption = (
                _("Objectives tree, continued: under %(head)s", head=_quoted(part.head))
                if part.continued
                else _("Objectives tree")
            )
            dx.add_figure(doc, part.png, part.width_cm, caption, counters, label=_("Figure"))
    for level in ObjectiveLevel:
        items = [t for t in data.objectives if str(t[1].level) == level.value]
        if not items:
            continue
        heading = {
            ObjectiveLevel.GENERAL: _("General objective"),
            ObjectiveLevel.SPECIFIC: _("Specific objectives"),
            ObjectiveLevel.OPERATIONAL: _("Operational objectives"),
        }[level]
        dx.add_heading(doc, heading, 2)
        for code, objective, indicators in items:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            if code:
                dx.add_run(paragraph, f"{code}  ", bold=True)
            dx.add_run(paragraph, objective.title, bold=True)
            if objective.description:
                dx.add_paragraph(doc, objective.description)
            dx.add_labelled(doc, _("Alignment with national plans"), objective.alignment)
            if indicators:
                _indicator_table(doc, indicators, width)
                doc.add_paragraph()
    return True


def add_options(doc, data: CycleData, counters: dx.Counters, width: float) -> bool:
    if not data.options:
        return False
    dx.add_heading(doc, _("Policy options considered"), 1)
    dx.add_paragraph(
        doc,
        _(
            "For each specific objective the group compared the options below with the "
            "baseline (no new action), on weighted criteria scored from -3 to +3 relative to "
            "the baseline."
        ),
    )
    by_objective = defaultdict(list)
    for option in data.options:
        by_objective[option.objective_id].append(option)
    tables = {t.objective_title: t for t in data.mca}
    for options in by_objective.values():
        objective = options[0].objective
        code = data.code_map.get(("objective", objective.id), "")
        dx.add_heading(doc, f"{code} {objective.title}".strip(), 2)
        dx.add_table(
            doc,
            [_("Option"), _("Status"), _("Costs (one-off / recurrent)"), _("Benefits")],
            [
                [
                    o.title + (f" ({_('baseline')})" if o.is_baseline else ""),
                    o.status.label if hasattr(o.status, "label") else o.status,
                    " / ".join(
                        x for x in (dx.money(o.cost_one_off), dx.money(o.cost_recurrent)) if x
                    ),
                    o.benefits,
                ]
                for o in options
            ],
            [width * 0.3, width * 0.15, width * 0.18, width * 0.37],
        )
        table = tables.get(objective.title)
        if table is not None and table.criteria and len(table.options) > 1:
            _mca(doc, table, counters, width)
        preferred = [o for o in options if o.status == OptionStatus.PREFERRED]
        for option in preferred:
            dx.add_labelled(
                doc,
                _("Preferred option: %(title)s", title=option.title),
                option.preferred_rationale or option.description,
            )
        discarded = [o for o in options if o.status == OptionStatus.DISCARDED]
        if discarded:
            dx.add_heading(doc, _("Options discarded and why"), 3)
            dx.add_bullets(
                doc,
                [f"{o.title}: {o.discard_reason or _('no reason recorded')}" for o in discarded],
            )
    _rankings(doc, [t for t in data.mca if t.criteria and len(t.options) > 1], counters, width)
    return True


RANKING_BARS_PER_FIGURE = 30  # a taller chart would be shrunk below 8 pt to fit the page
RANKING_TOP = 3  # options charted per objective (plus the baseline); tables list them all


def _rankings(doc, tables, counters: dx.Counters, width: float) -> None:
    """One chart of the weighted totals of every objective's best options and baseline
    (split when long); the tables above rank every option."""
    if not tables:
        return
    dx.add_heading(doc, _("Ranking of the options"), 2)
    groups = []
    for table in tables:
        names = {oid: title for oid, title, _b, _s in table.options}
        result = table.result
        shown = list(result.ranking[:RANKING_TOP])
        if result.baseline is not None and result.baseline not in shown:
            shown.append(result.baseline)
        bars = [(names[oid], result.totals[oid], oid == result.baseline) for oid in shown]
        groups.append((table.objective_code or table.objective_title[:20], bars))
    chunk, size = [], 0
    chunks = []
    for group in groups:
        if chunk and size + len(group[1]) > RANKING_BARS_PER_FIGURE:
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(group)
        size += len(group[1])
    chunks.append(chunk)
    figure_width = min(width, 16.0)
    for part in chunks:
        png = figures.mca_ranking(
            part, _("Weighted score relative to the baseline"), width_in=figure_width / 2.54
        )
        codes = ", ".join(code for code, _options in part)
        dx.add_figure(
            doc,
            png,
            figure_width,
            _("Best-ranked options and the baseline by weighted score, %(codes)s", codes=codes),
            counters,
            label=_("Figure"),
        )


def _mca(doc, table, counters: dx.Counters, width: float) -> None:
    result = table.result
    names = {oid: title for oid, title, _b, _s in table.options}
    crit_w = (width * 0.45) / max(len(table.criteria), 1)
    header = [_("Option")] + [
        f"{name} (\u00d7{doc_locale.number(weight)})" for _c, name, weight in table.criteria
    ]
    header += [_("Weighted total"), _("Rank")]
    rank = {oid: i for i, oid in enumerate(result.ranking, 1)}
    rows = []
    for oid in result.ranking:
        cells = [names[oid]]
        for cid, _n, _w in table.criteria:
            cell = result.cells[(oid, cid)]
            cells.append(
                dx.Cell(
                    "\u2013"
                    if cell.missing and oid != result.baseline
                    else doc_locale.signed(cell.mean, 1),
                    align="center",
                )
            )
        cells.append(dx.Cell(doc_locale.signed(result.totals[oid]), bold=True, align="right"))
        cells.append(dx.Cell(str(rank[oid]), align="center"))
        rows.append(cells)
    dx.add_caption(
        doc,
        _("Table"),
        _("Multi-criteria analysis, %(code)s (mean scores)", code=table.objective_code),
        counters,
        kind="Table",
    )
    dx.add_table(
        doc,
        header,
        rows,
        [width * 0.33] + [crit_w] * len(table.criteria) + [width * 0.13, width * 0.09],
    )
    changes = [v for v in result.sensitivity.variations if v.changes_top]
    dx.add_paragraph(
        doc,
        _(
            "Sensitivity: the first-ranked option changes under %(n)d of %(total)d variations "
            "(each weight \u00b120%%, each criterion left out).",
            n=len(changes),
            total=len(result.sensitivity.variations),
        )
        if changes
        else _(
            "Sensitivity: the first-ranked option stays first when any weight moves by 20% or "
            "any criterion is left out."
        ),
        italic=True,
    )


def add_instruments(doc, data: CycleData, counters: dx.Counters, width: float) -> bool:
    selected = [i for i in data.instruments if i.selected]
    if not selected:
        return False
    dx.add_heading(doc, _("Policy instruments"), 1)
    for kind in InstrumentKind:
        items = [i for i in selected if str(i.kind) == kind.value]
        if not items:
            continue
        dx.add_heading(doc, kind.label, 2)
        dx.add_table(
            doc,
            [
                _("Instrument"),
                _("Lead institution"),
                _("Legal basis"),
                _("Cost"),
                _("Time to effect"),
            ],
            [
                [
                    i.title + (f"\n{i.description}" if i.description else ""),
                    i.lead_organisation.display_name if i.lead_organisation else "",
                    i.legal_basis,
                    dx.Cell(dx.money(i.cost), align="right"),
                    i.time_to_effect,
                ]
                for i in items
            ],
            [width * 0.42, width * 0.2, width * 0.16, width * 0.1, width * 0.12],
        )
    return True


def add_arrangements(doc, data: CycleData, counters: dx.Counters, width: float) -> bool:
    leads: dict[str, list[str]] = defaultdict(list)
    partners: dict[str, list[str]] = defaultdict(list)
    for instrument in data.instruments:
        if instrument.selected and instrument.lead_organisation:
            leads[instrument.lead_organisation.acronym or instrument.lead_organisation.name].append(
                instrument.title
            )
    for group in data.actions:
        for action in group.actions:
            for name in filter(None, (n.strip() for n in action.lead.split(","))):
                leads[name].append(action.code)
            for name in filter(None, (n.strip() for n in action.partners.split(","))):
                partners[name].append(action.code)
    if not leads and not partners:
        return False
    dx.add_heading(doc, _("Institutional arrangements"), 1)
    dx.add_paragraph(doc, data.process.mandate)
    if data.lead:
        dx.add_labelled(doc, _("Lead institution"), data.lead)
    dx.add_caption(doc, _("Table"), _("Who leads what"), counters, kind="Table")
    by_key = {(o.acronym or o.name): o for o in data.organisations}
    rows = []
    for key in sorted(set(leads) | set(partners), key=str.lower):
        org = by_key.get(key)
        rows.append(
            [
                org.display_name if org else key,
                _compact(leads.get(key, [])),
                _compact(partners.get(key, [])),
                org.mandate if org else "",
            ]
        )
    dx.add_table(
        doc,
        [_("Institution"), _("Leads (accountable)"), _("Partner in (responsible)"), _("Mandate")],
        rows,
        [width * 0.25, width * 0.25, width * 0.2, width * 0.3],
    )
    return True


def _compact(items: list[str], limit: int = 12) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + " " + _("and %(n)d more", n=len(items) - limit)


def add_monitoring(
    doc, data: CycleData, counters: dx.Counters, width: float, sources: dict | None = None
) -> bool:
    """``sources``: indicator id -> data-source names from the evidence base."""
    rows = []
    for code, objective, indicators in data.objectives:
        for i in indicators:
            rows.append(
                [
                    code or objective.level.label,
                    objective.title,
                    i.name,
                    i.baseline,
                    i.target,
                    _source(i, sources),
                ]
            )
    for group in data.actions:
        for action in group.actions:
            for i in action.indicators:
                rows.append(
                    [action.code, action.title, i.name, i.baseline, i.target, _source(i, sources)]
                )
    if not rows:
        return False
    dx.add_heading(doc, _("Monitoring and evaluation framework"), 1)
    dx.add_paragraph(
        doc,
        _(
            "Each objective and activity is followed by the indicators below; the lead "
            "institution reports progress against the targets from the sources named."
        ),
    )
    dx.add_caption(
        doc, _("Table"), _("Indicators, baselines, targets and sources"), counters, kind="Table"
    )
    dx.add_table(
        doc,
        [
            _("Code"),
            _("Objective or activity"),
            _("Indicator"),
            _("Baseline"),
            _("Target"),
            _("Source"),
        ],
        rows,
        [width * 0.08, width * 0.27, width * 0.25, width * 0.12, width * 0.12, width * 0.16],
    )
    return True


def _source(indicator, sources: dict | None) -> str:
    names = (sources or {}).get(indicator.id)
    if names:
        return "; ".join(names)
    return indicator.verification
