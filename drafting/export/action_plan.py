"""The action plan in Word: a landscape table grouped by specific objective with a
repeated header row, cost subtotals per objective and a total, and a Gantt chart.
No Flask import; labels through flask_babel (untranslated outside an app)."""

from __future__ import annotations

from docx.shared import Cm
from flask_babel import gettext as _

from . import doc_locale, figures
from . import docx_base as dx
from .collect import ObjectiveGroup

SUBTOTAL_FILL = "F2F2F2"
GROUP_FILL = "EAF1FB"
TOTAL_FILL = "DCE6F2"
# Column widths in cm for a landscape A4 text width of about 25.7 cm.
WIDTHS = (1.5, 2.8, 2.0, 1.8, 1.9, 2.0, 2.0, 2.1, 1.6, 1.5, 1.8, 1.7, 1.3, 1.3)


def columns() -> list[str]:
    return [
        _("Code"),
        _("Activity"),
        _("Output"),
        _("Lead (accountable)"),
        _("Partners (responsible)"),
        _("Start"),
        _("End"),
        _("Indicator"),
        _("Baseline"),
        _("Target"),
        _("Means of verification"),
        _("Cost"),
        _("Funding source"),
        _("Assumptions"),
    ]


def _date(value) -> str:
    return doc_locale.day(value)


def table_rows(groups: list[ObjectiveGroup]):
    """Rows of the action-plan table: group title, one row per action, subtotal; then
    the total."""
    span = len(WIDTHS)
    total = 0.0
    for group in groups:
        title = (
            f"{group.code}: {group.title}"
            if group.code
            else (group.title or _("Activities not linked to a specific objective"))
        )
        yield [dx.Cell(title, bold=True, span=span, shade=GROUP_FILL)]
        for a in group.actions:
            yield [
                a.code,
                a.title,
                a.output,
                a.lead,
                a.partners,
                _date(a.start),
                _date(a.end),
                "\n".join(i.name for i in a.indicators),
                "\n".join(i.baseline for i in a.indicators),
                "\n".join(i.target for i in a.indicators),
                "\n".join(i.verification for i in a.indicators),
                dx.Cell(dx.money(a.cost), align="right"),
                a.funding,
                a.assumptions,
            ]
        total += group.cost
        label = _("Subtotal %(code)s", code=group.code) if group.code else _("Subtotal")
        yield [
            dx.Cell(label, bold=True, span=11, shade=SUBTOTAL_FILL),
            dx.Cell(dx.money(group.cost), bold=True, align="right", shade=SUBTOTAL_FILL),
            dx.Cell("", span=2, shade=SUBTOTAL_FILL),
        ]
    yield [
        dx.Cell(_("Total cost of the action plan"), bold=True, span=11, shade=TOTAL_FILL),
        dx.Cell(dx.money(total), bold=True, align="right", shade=TOTAL_FILL),
        dx.Cell("", span=2, shade=TOTAL_FILL),
    ]


def add_action_table(doc, groups: list[ObjectiveGroup], counters: dx.Counters):
    dx.add_caption(doc, _("Table"), _("Action plan by specific objective"), counters, kind="Table")
    return dx.add_table(doc, columns(), table_rows(groups), WIDTHS)


GANTT_DETAIL_LIMIT = 45


def gantt_png(groups: list[ObjectiveGroup], width_in: float = 9.8) -> tuple[bytes, bool] | None:
    """The Gantt chart: one bar per activity, or per specific objective when the plan
    is too long to read bar by bar. Returns (png, detailed) or None without dates."""
    actions = [a for g in groups for a in g.actions]
    if not any(a.start and a.end for a in actions):
        return None
    if len(actions) <= GANTT_DETAIL_LIMIT:
        rows = [(f"{a.code} {a.title}", g.code, a.start, a.end) for g in groups for a in g.actions]
        return figures.gantt(rows, width_in=width_in, group_labels=_group_names(groups)), True
    rows = []
    for g in groups:
        dated = [a for a in g.actions if a.start and a.end]
        if dated:
            rows.append(
                (
                    f"{g.code} {g.title}",
                    g.code,
                    min(a.start for a in dated),
                    max(a.end for a in dated),
                )
            )
    return figures.gantt(rows, width_in=width_in, group_labels=_group_names(groups)), False


def _group_names(groups: list[ObjectiveGroup]) -> dict:
    return {g.code: f"{g.code} {g.title}".strip() for g in groups}


def add_gantt(doc, groups: list[ObjectiveGroup], counters: dx.Counters, width_cm: float):
    drawn = gantt_png(groups, width_in=width_cm / 2.54)
    if drawn is None:
        return
    png, detailed = drawn
    caption = (
        _("Timeline of the activities")
        if detailed
        else _("Timeline by specific objective (first start to last end)")
    )
    dx.add_figure(doc, png, width_cm, caption, counters, label=_("Figure"))


def build(
    groups: list[ObjectiveGroup],
    *,
    title: str,
    subtitle: str,
    mark: str,
    template: bytes | None = None,
    author: str = "",
) -> bytes:
    """The stand-alone action plan document (``author``: the lead institution)."""
    doc = dx.new_document(template)
    dx.set_properties(doc, title=f"{title}: {_('Action plan')}", subject=subtitle, author=author)
    section = doc.sections[0]
    dx.set_landscape(section)
    section.left_margin = section.right_margin = Cm(2.0)
    dx.set_header_footer(
        section, f"{title} \u2014 {_('Action plan')}", _("Page"), _("of"), mark=mark
    )
    counters = dx.Counters()
    dx.add_paragraph(doc, _("Action plan"), style=dx.style_or(doc, "Title"))
    dx.add_paragraph(doc, subtitle, style=dx.style_or(doc, "Subtitle"))
    if mark:
        dx.add_paragraph(doc, mark, style=dx.style_or(doc, "Draft Mark"))
    actions = sum(len(g.actions) for g in groups)
    total = sum(g.cost for g in groups)
    dx.add_paragraph(
        doc,
        _(
            "%(count)d activities under %(groups)d specific objectives; total cost %(total)s.",
            count=actions,
            groups=len(groups),
            total=dx.money(total) or "0",
        ),
    )
    add_action_table(doc, groups, counters)
    add_gantt(doc, groups, counters, dx.text_width_cm(section))
    return dx.to_bytes(doc)
