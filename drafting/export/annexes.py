"""The annexes of the policy document: the long and tabular material the body refers
to. No Flask import besides flask_babel.

Order: action plan; results framework; costing and financing plan; multi-criteria
analysis; stakeholders and consultations ("you said, we did"); data-source inventory;
risk matrix; sign-off matrix and reservations register (``signoff_annex``); document
control and sign-off. An annex without data is left out.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from . import action_plan, figures, signoff_annex
from . import docx_base as dx
from .collect import CycleData
from .option_text import option_status, sensitivity_sentence
from .plan_content import risk_rows
from .policy_data import PolicyExtras


@dataclass
class Annexes:
    """Parts from the stakeholder and consultation packages (None = absent)."""

    stakeholders: list[list[str]] | None = None  # name, category, stages, consultations
    stakeholder_map_png: bytes | None = None
    power_interest_png: bytes | None = None
    consultation: Callable | None = None  # (doc, counters, width) -> writes the report
    signoff: signoff_annex.SignoffAnnex | None = None  # institutions × sections, register


def _financing_annex() -> Callable | None:
    """The costing and financing plan (``financing.add_financing_annex(doc, data,
    counters, width) -> bool``; the caller writes the heading), when installed."""
    try:
        module = importlib.import_module(f"{__package__}.financing")
    except ImportError:
        return None
    return getattr(module, "add_financing_annex", None)


class _Numbering:
    def __init__(self, doc):
        self.doc = doc
        self.number = 0
        self.first: str | None = None

    def heading(self, text: str) -> None:
        self.number += 1
        title = _("Annex %(n)d: %(title)s", n=self.number, title=text)
        self.first = self.first or title
        dx.add_heading(self.doc, title, 1, numbered=False)


def add_all(
    doc,
    data: CycleData,
    extras: PolicyExtras,
    annexes: Annexes,
    counters: dx.Counters,
    width: float,
    version: tuple[str, str] = ("", ""),
) -> str | None:
    """Write every annex; returns the first annex heading's text (None without annexes)."""
    numbering = _Numbering(doc)
    portrait = width
    if any(g.actions for g in data.actions):
        section = dx.add_section(doc, landscape=True)
        numbering.heading(_("Action plan"))
        action_plan.add_action_table(
            doc, data.actions, counters, data.currency, data.process.language or "en"
        )
        action_plan.add_gantt(doc, data.actions, counters, dx.text_width_cm(section))
        dx.add_section(doc, landscape=False)
    _results(doc, data, extras, numbering, counters, portrait)
    financing = _financing_annex()
    if financing is not None and any(a.cost for g in data.actions for a in g.actions):
        numbering.heading(_("Costing and financing plan"))
        financing(doc, data, counters, portrait)
    _mca(doc, data, numbering, counters, portrait)
    _stakeholders(doc, annexes, numbering, counters, portrait)
    _sources(doc, extras, numbering, portrait)
    _risks(doc, data, extras, numbering, portrait)
    if annexes.signoff is not None:
        # One column per core institution: past a few, the grid needs a landscape page
        # for "– Not yet" and "! Reservation" to stay on one line.
        wide = len(annexes.signoff.institutions) > signoff_annex.PORTRAIT_INSTITUTIONS
        matrix_width = dx.text_width_cm(dx.add_section(doc, landscape=True)) if wide else portrait
        numbering.heading(_("Sign-off matrix"))
        signoff_annex.add_matrix(doc, annexes.signoff, matrix_width)
        if wide:
            dx.add_section(doc, landscape=False)
        numbering.heading(_("Reservations register"))
        signoff_annex.add_register(doc, annexes.signoff, portrait)
    _document_control(doc, data, extras, numbering, portrait, version)
    return numbering.first


def _results(doc, data, extras, numbering, counters, width) -> bool:
    rows = []
    for code, objective, indicators in data.objectives:
        for i in indicators:
            rows.append([code or objective.level.label, i, objective.title])
    for group in data.actions:
        for action in group.actions:
            for i in action.indicators:
                rows.append([action.code, i, action.title])
    if not rows:
        return False
    numbering.heading(_("Results framework"))
    dx.add_paragraph(
        doc,
        _(
            "Each objective and activity with its indicators. A source is usable only when "
            "each of its six quality dimensions is rated at least 2 (from 1 to 4); the data-"
            "source inventory gives the full profile."
        ),
    )
    dx.add_caption(doc, _("Table"), _("Results framework"), counters, kind="Table")
    dx.add_table(
        doc,
        [
            _("Code"),
            _("Indicator"),
            _("Baseline"),
            _("Target"),
            _("Means of verification"),
            _("Source (usable?)"),
        ],
        [
            [
                code,
                f"{i.name} ({i.unit})" if i.unit else i.name,
                i.baseline,
                i.target,
                i.verification,
                "; ".join(extras.indicator_sources.get(i.id, [])) or _("No source linked yet"),
            ]
            for code, i, _title in rows
        ],
        [width * f for f in (0.09, 0.27, 0.13, 0.13, 0.19, 0.19)],
    )
    return True


def _mca(doc, data: CycleData, numbering, counters, width) -> None:
    tables = [t for t in data.mca if t.criteria and len(t.result.ranking) > 1]
    if not tables:
        return
    numbering.heading(_("Multi-criteria analysis"))
    dx.add_paragraph(
        doc,
        _(
            "Options were scored from -3 to +3 against the baseline (0) on each criterion; "
            "the weighted total ranks them. Discarded options are not ranked."
        ),
    )
    options_by_id = {o.id: o for o in data.options}
    for table in tables:
        result = table.result
        names = {oid: title for oid, title, _b, _s in table.options}
        crit_w = (width * 0.42) / max(len(table.criteria), 1)
        header = [_("Option"), _("Status")]
        header += [
            f"{name} (\u00d7{format_decimal(weight)})" for _c, name, weight in table.criteria
        ]
        header += [_("Total"), _("Rank")]
        rows = []
        for oid in result.ranking:
            option = options_by_id.get(oid)
            cells = [names[oid], option_status(option) if option else ""]
            for cid, _n, _w in table.criteria:
                cell = result.cells[(oid, cid)]
                mean = "\u2013" if cell.missing and oid != result.baseline else cell.mean
                cells.append(
                    dx.Cell(
                        mean if isinstance(mean, str) else format_decimal(mean, "+0.0;-0.0"),
                        align="center",
                    )
                )
            cells.append(
                dx.Cell(format_decimal(result.totals[oid], "+0.00;-0.00"), bold=True, align="right")
            )
            cells.append(dx.Cell(str(result.rank_of(oid)), align="center"))
            rows.append(cells)
        dx.add_caption(
            doc,
            _("Table"),
            _(
                "Multi-criteria analysis, %(code)s %(title)s",
                code=table.objective_code,
                title=table.objective_title,
            ),
            counters,
            kind="Table",
        )
        dx.add_table(
            doc,
            header,
            rows,
            [width * 0.27, width * 0.13]
            + [crit_w] * len(table.criteria)
            + [width * 0.1, width * 0.08],
        )
        dx.add_paragraph(doc, sensitivity_sentence(table), italic=True)
    _ranking_figure(doc, tables, counters, width)


RANKING_BARS_PER_FIGURE = 30


def _ranking_figure(doc, tables, counters, width) -> None:
    groups = []
    for table in tables[:20]:
        names = {oid: title for oid, title, _b, _s in table.options}
        result = table.result
        shown = list(result.ranking[:3])
        if result.baseline is not None and result.baseline not in shown:
            shown.append(result.baseline)
        bars = [(names[oid], result.totals[oid], oid == result.baseline) for oid in shown]
        groups.append((table.objective_code or table.objective_title[:20], bars))
    # A chart of more than RANKING_BARS_PER_FIGURE bars would be shrunk below 8 pt to fit
    # the page: split it, each part naming the objectives it shows.
    chunks, chunk, size = [], [], 0
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
        caption = _("Best-ranked options and the baseline by weighted score")
        if len(chunks) > 1:
            codes = ", ".join(code for code, _options in part)
            caption = _(
                "Best-ranked options and the baseline by weighted score, %(codes)s", codes=codes
            )
        dx.add_figure(doc, png, figure_width, caption, counters, label=_("Figure"))


def _stakeholders(doc, annexes: Annexes, numbering, counters, width) -> None:
    if not (
        annexes.stakeholders
        or annexes.consultation
        or annexes.stakeholder_map_png
        or annexes.power_interest_png
    ):
        return
    numbering.heading(_("Stakeholders and consultations"))
    if annexes.stakeholders:
        dx.add_heading(doc, _("Stakeholders consulted"), 2, numbered=False)
        dx.add_table(
            doc,
            [_("Stakeholder"), _("Category"), _("Stages consulted"), _("Consultations")],
            annexes.stakeholders,
            [width * 0.38, width * 0.22, width * 0.28, width * 0.12],
            align=["", "", "", "right"],
        )
    if annexes.consultation is not None:
        # the consultation report: held consultations, then "you said, we did"
        annexes.consultation(doc, counters, width)
    figure_width = min(width, 16.0)
    if annexes.stakeholder_map_png:
        dx.add_figure(
            doc,
            annexes.stakeholder_map_png,
            figure_width,
            _("Stakeholder map: institutions and their ties"),
            counters,
            label=_("Figure"),
        )
    if annexes.power_interest_png:
        dx.add_figure(
            doc,
            annexes.power_interest_png,
            figure_width,
            _("Power\u2013interest grid"),
            counters,
            label=_("Figure"),
        )


def _sources(doc, extras: PolicyExtras, numbering, width) -> None:
    if not extras.sources:
        return
    numbering.heading(_("Data-source inventory"))
    dx.add_paragraph(
        doc,
        _(
            "Quality is rated from 1 to 4 on six dimensions; \u201c\u2013\u201d marks a "
            "dimension not rated yet. A source is usable for indicators only when every "
            "dimension is rated at least 2."
        ),
    )
    dx.add_table(
        doc,
        [_("Source"), _("Owner"), _("Periodicity"), _("Access"), _("Quality profile"), _("Usable")],
        [
            [s.name, s.owner, s.periodicity, s.access, s.profile.replace("; ", "\n"), s.usable]
            for s in extras.sources
        ],
        [width * f for f in (0.2, 0.17, 0.12, 0.12, 0.25, 0.14)],
    )


def _risks(doc, data: CycleData, extras: PolicyExtras, numbering, width) -> None:
    rows = risk_rows(data, extras)
    if not rows:
        return
    numbering.heading(_("Risk matrix"))
    dx.add_table(
        doc,
        [_("Code"), _("Option or activity"), _("Risk"), _("Assumption")],
        rows,
        [width * f for f in (0.09, 0.31, 0.3, 0.3)],
    )


def _document_control(doc, data: CycleData, extras, numbering, width, version) -> None:
    numbering.heading(_("Document control and sign-off"))
    status = _("Draft: not yet validated") if data.is_draft else _("Validated")
    rows = [
        [_("Document"), data.process.title],
        [_("Version"), version[0]],
        [_("Date"), version[1]],
        [_("Status"), status],
        [_("Lead institution"), data.lead],
    ]
    if extras.validated_by or extras.validated_on:
        rows.append(
            [
                _("Validated by the core group"),
                " ".join(filter(None, (extras.validated_by, extras.validated_on))),
            ]
        )
    rows = [r for r in rows if r[1]]
    dx.add_table(doc, [_("Item"), _("Value")], rows, [width * 0.3, width * 0.7])
    dx.add_heading(doc, _("Endorsements"), 2, numbered=False)
    if extras.endorsements:
        dx.add_table(
            doc,
            [_("Body"), _("Decision"), _("Date"), _("Reference"), _("Version")],
            [list(e) for e in extras.endorsements],
            [width * f for f in (0.28, 0.2, 0.18, 0.18, 0.16)],
        )
    else:
        dx.add_paragraph(doc, _("No endorsement has been recorded yet."), italic=True)
