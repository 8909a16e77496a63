"""The action plan in Word: a landscape matrix grouped by specific objective (repeated
header row, all four RACI roles, cost with the secured part), the costing and financing
plan and a Gantt chart with its legend. The stand-alone document adds the policy's name,
version, date, acronyms and the co-edited action-plan narrative.
No Flask import; labels through flask_babel (untranslated outside an app)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date
from docx.shared import Cm
from flask_babel import gettext as _

from facilitation import money as currency_tools

from . import docx_base as dx
from . import draft_docx, figures, financing, policy_body
from .collect import ActionRowData, CycleData, ObjectiveGroup
from .policy_data import PolicyExtras

SUBTOTAL_FILL = "F2F2F2"
GROUP_FILL = "EAF1FB"
TOTAL_FILL = "DCE6F2"
# Seven readable columns for a landscape A4 text width of about 25.7 cm (a 14-column
# matrix broke words mid-word); results and money have their own tables.
WIDTHS = (1.5, 6.3, 4.4, 2.3, 5.2, 2.5, 3.5)
DASH = "\u2013"
# Twelve colours told apart in print (and by most colour-blind readers: blue/orange first).
GANTT_PALETTE = (
    "2E75B6", "C55A11", "548235", "7030A0", "BF9000", "1F3864",
    "A5A5A5", "843C0C", "00B0F0", "FF66CC", "375623", "000000",
)  # fmt: skip


def columns(currency: str = "") -> list[str]:
    cost = _("Cost (%(code)s)", code=currency) if currency else _("Cost")
    return [
        _("Code"),
        _("Activity and output"),
        _("Responsibilities"),
        _("Period"),
        _("Indicator: baseline \u2192 target"),
        cost,
        _("Assumptions and risks"),
    ]


def _date(value, locale: str) -> str:
    return format_date(value, "MMM yyyy", locale=locale) if value else ""


def _roles(a: ActionRowData) -> str:
    lines = []
    for letter, names in (("A", a.lead), ("R", a.partners), ("C", a.consulted), ("I", a.informed)):
        if names:
            lines.append(f"{letter}: {names}")
    return "\n".join(lines)


def _activity(a: ActionRowData) -> str:
    text = a.title
    if a.output:
        text += "\n" + _("Output: %(output)s", output=a.output)
    return text


def _indicator(a: ActionRowData) -> str:
    parts = []
    for i in a.indicators:
        line = i.name + (f" ({i.unit})" if i.unit else "")
        if i.baseline or i.target:
            line += "\n" + f"{i.baseline or DASH} \u2192 {i.target or DASH}"
        if i.verification:
            line += "\n" + _("Source: %(means)s", means=i.verification)
        parts.append(line)
    return "\n".join(parts)


def _cost(a: ActionRowData, w: financing.Writer) -> str:
    money = a.money
    if not money.costed:
        return ""
    text = w.number(money.total)
    text += "\n" + _("secured %(amount)s", amount=w.number(money.secured))
    if money.gap:
        text += "\n" + _("gap %(amount)s", amount=w.number(money.gap))
    if a.funding:
        text += "\n" + a.funding
    return text


def _risks(a: ActionRowData) -> str:
    return "\n".join(t for t in (a.assumptions, a.risks) if t)


def table_rows(groups: list[ObjectiveGroup], w: financing.Writer, locale: str):
    """Group title, one row per action, subtotal per group; then the total."""
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
            period = "\n".join(p for p in (_date(a.start, locale), _date(a.end, locale)) if p)
            yield [
                a.code,
                _activity(a),
                _roles(a),
                period,
                _indicator(a),
                dx.Cell(_cost(a, w), align="right"),
                _risks(a),
            ]
        money = group.money
        total += money.total
        label = _("Subtotal %(code)s", code=group.code) if group.code else _("Subtotal")
        yield [
            dx.Cell(label, bold=True, span=5, shade=SUBTOTAL_FILL),
            dx.Cell(w.number(money.total), bold=True, align="right", shade=SUBTOTAL_FILL),
            dx.Cell("", shade=SUBTOTAL_FILL),
        ]
    yield [
        dx.Cell(_("Total cost of the action plan"), bold=True, span=5, shade=TOTAL_FILL),
        dx.Cell(w.number(total), bold=True, align="right", shade=TOTAL_FILL),
        dx.Cell("", shade=TOTAL_FILL),
    ]


def add_action_table(
    doc,
    groups: list[ObjectiveGroup],
    counters: dx.Counters,
    currency: str = currency_tools.FALLBACK_CURRENCY,
    locale: str = "en",
):
    # The key first: a caption belongs directly above its table (a paragraph between
    # them made the finishing pass add a second caption to the same table).
    dx.add_paragraph(
        doc,
        _(
            "A: accountable (answers for the activity); R: responsible (does the work); "
            "C: consulted; I: informed. Amounts in %(code)s.",
            code=currency,
        ),
        italic=True,
    )
    dx.add_caption(doc, _("Table"), _("Action plan by specific objective"), counters, kind="Table")
    w = financing.Writer(currency, locale)
    return dx.add_table(doc, columns(currency), table_rows(groups, w, locale), WIDTHS)


GANTT_DETAIL_LIMIT = 45


def gantt_colours(groups: list[ObjectiveGroup]) -> dict[str, str]:
    return {g.code: GANTT_PALETTE[i % len(GANTT_PALETTE)] for i, g in enumerate(groups)}


def gantt_png(groups: list[ObjectiveGroup], width_in: float = 9.8) -> tuple[bytes, bool] | None:
    """The Gantt chart: one bar per activity, or per specific objective when the plan
    is too long to read bar by bar. Returns (png, detailed) or None without dates."""
    actions = [a for g in groups for a in g.actions]
    if not any(a.start and a.end for a in actions):
        return None
    colours = {code: f"#{hex_}" for code, hex_ in gantt_colours(groups).items()}
    if len(actions) <= GANTT_DETAIL_LIMIT:
        rows = [(f"{a.code} {a.title}", g.code, a.start, a.end) for g in groups for a in g.actions]
        return (
            figures.gantt(
                rows, group_colours=colours, width_in=width_in, group_labels=_group_names(groups)
            ),
            True,
        )
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
    return (
        figures.gantt(
            rows, group_colours=colours, width_in=width_in, group_labels=_group_names(groups)
        ),
        False,
    )


def _group_names(groups: list[ObjectiveGroup]) -> dict:
    return {g.code: f"{g.code} {g.title}".strip() for g in groups}


def add_gantt(
    doc,
    groups: list[ObjectiveGroup],
    counters: dx.Counters,
    width_cm: float,
    height_cm: float | None = None,
):
    """The chart, its caption and its legend; with ``height_cm`` (the page's text
    height) the chart is scaled so all three share one page."""
    drawn = gantt_png(groups, width_in=width_cm / 2.54)
    if drawn is None:
        return
    png, detailed = drawn
    caption = (
        _("Timeline of the activities")
        if detailed
        else _("Timeline by specific objective (first start to last end)")
    )
    # Printed at full width, never shrunk to share a page with its legend: shrinking
    # would print its labels under 8 pt. ``height_cm`` is kept for callers.
    # The chart draws its own legend (one colour per specific objective).
    dx.add_figure(doc, png, width_cm, caption, counters, label=_("Figure"))


@dataclass
class PlanInfo:
    """What the stand-alone plan says about itself (document control)."""

    title: str
    country: str = ""
    lead: str = ""
    version: str = ""
    today: date = field(default_factory=date.today)
    status: str = ""
    mark: str = ""
    currency: str = currency_tools.FALLBACK_CURRENCY
    locale: str = "en"
    acronyms: list[tuple[str, str]] = field(default_factory=list)
    narrative: dict | None = None  # the co-edited narrative as a drafting tree
    # The cycle's data, so the narrative's blocks (objectives, figures, money) are drawn
    # from the data of the day of export, as in the policy document.
    cycle: CycleData | None = None
    extras: PolicyExtras | None = None


def _front(doc, info: PlanInfo, groups: list[ObjectiveGroup], width: float) -> None:
    if info.country:
        dx.add_paragraph(doc, info.country, style=dx.style_or(doc, "Cover Meta"))
    dx.add_paragraph(doc, info.title, style=dx.style_or(doc, "Title"))
    dx.add_paragraph(doc, _("Action plan"), style=dx.style_or(doc, "Subtitle"))
    if info.mark:
        dx.add_paragraph(doc, info.mark, style=dx.style_or(doc, "Draft Mark"))
    control = [
        (_("Policy"), info.title),
        (_("Lead institution"), info.lead),
        (_("Version"), info.version),
        (_("Date"), format_date(info.today, "long", locale=info.locale)),
        (_("Status"), info.status),
        (
            _("Currency"),
            f"{currency_tools.currency_name(info.currency, info.locale)} ({info.currency})",
        ),
    ]
    dx.add_table(
        doc,
        [_("Document control"), ""],
        [[label, value] for label, value in control if value],
        [5.0, min(width, 20.0) - 5.0],
    )
    actions = sum(len(g.actions) for g in groups)
    total = financing.plan_total(groups)
    w = financing.Writer(info.currency, info.locale)
    dx.add_paragraph(doc, "")
    dx.add_paragraph(
        doc,
        _(
            "%(count)d activities under %(groups)d specific objectives; total cost %(total)s, "
            "of which %(secured)s secured (funding gap %(gap)s).",
            count=actions,
            groups=len([g for g in groups if g.code]),
            total=w.amount(total.total),
            secured=w.amount(total.secured),
            gap=w.amount(total.gap),
        ),
    )
    if info.acronyms:
        dx.add_heading(doc, _("Acronyms"), 1, numbered=False)
        dx.add_table(
            doc,
            [_("Acronym"), _("Meaning")],
            [list(a) for a in info.acronyms],
            [3.5, min(width, 20.0) - 3.5],
        )


def build(
    groups: list[ObjectiveGroup],
    info: PlanInfo | None = None,
    *,
    template: bytes | None = None,
    title: str = "",
    subtitle: str = "",
    mark: str = "",
) -> bytes:
    """The stand-alone action plan document (``title``/``subtitle``/``mark`` stand in
    for a ``PlanInfo`` when none is given)."""
    info = info or PlanInfo(title=title, country=subtitle, mark=mark)
    doc = dx.new_document(template)
    dx.set_properties(
        doc,
        title=f"{info.title}: {_('Action plan')}",
        subject=info.country,
        author=info.lead,
    )
    section = doc.sections[0]
    dx.set_landscape(section)
    section.left_margin = section.right_margin = Cm(2.0)
    dx.set_header_footer(
        section, f"{info.title} \u2014 {_('Action plan')}", _("Page"), _("of"), mark=info.mark
    )
    width = dx.text_width_cm(section)
    counters = dx.Counters()
    _front(doc, info, groups, width)
    if info.narrative and info.narrative.get("blocks"):
        dx.add_heading(doc, _("The action plan in brief"), 1, numbered=False)
        if info.cycle is not None and info.extras is not None:
            policy_body.render(
                doc,
                info.narrative,
                info.cycle,
                info.extras,
                counters,
                width,
                heading_offset=1,
                numbered=False,
                # As the portrait policy document leaves ~3/4 of its text height to a
                # tree, so a heading, the legend and the caption stay on its page.
                figure_height_cm=0.74 * dx.text_height_cm(section),
            )
        else:
            draft_docx.render_tree(doc, info.narrative, heading_offset=1)
    dx.add_heading(doc, _("Activities by specific objective"), 1, numbered=False)
    add_action_table(doc, groups, counters, info.currency, info.locale)
    dx.add_heading(doc, _("Costing and financing plan"), 1, numbered=False)
    if not financing.add_financing(doc, groups, info.currency, info.locale, counters, width):
        dx.add_paragraph(doc, _("No activity has a cost yet."))
    if any(a.start and a.end for g in groups for a in g.actions):
        dx.page_break(doc)
        dx.add_heading(doc, _("Timeline"), 1, numbered=False)
        height = dx.text_height_cm(section)
        add_gantt(doc, groups, counters, width, height)
    return dx.to_bytes(doc)
