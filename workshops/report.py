"""The session report (.docx): agenda, attendance, outputs, votes and evaluation,
built with the drafting package's public Word helpers (``drafting.export.docx_base``
and ``doc_locale``; see ``drafting/export/__init__.py``)."""

from __future__ import annotations

from flask_babel import format_date, ngettext, pgettext
from flask_babel import gettext as _

from drafting.export import doc_locale
from drafting.export import docx_base as dx

from . import activities, intake
from .models import ActivityKind, CycleTarget, ItemState, Workshop
from .records import verdict_label


def build(workshop: Workshop, record: dict, include_personal: bool = False) -> bytes:
    """The session report; the register gives each participant's sex only with
    ``include_personal`` (a coordinator's choice)."""
    doc = dx.new_document()
    title = _("Workshop report: %(title)s", title=workshop.title)
    dx.set_properties(doc, title=title, subject=_("Workshop session report"))
    dx.set_header_footer(
        doc.sections[0], title=workshop.title, page_label=_("Page"), of_label=_("of")
    )
    counters = dx.Counters()
    dx.add_paragraph(doc, title, style=dx.style_or(doc, "Title"))
    dx.add_labelled(doc, _("Date"), format_date(workshop.session_date, "long"))
    dx.add_labelled(doc, _("Venue"), workshop.venue)
    dx.add_labelled(doc, _("Purpose"), workshop.purpose)

    _agenda(doc, workshop, counters)
    _attendance(doc, record["attendance"], counters, include_personal)
    _outputs(doc, record, counters)
    _evaluation(doc, record, counters)
    return dx.to_bytes(doc)


def _agenda(doc, workshop: Workshop, counters) -> None:
    dx.add_heading(doc, _("Agenda"), 1)
    rows = [
        [
            str(n),
            item.title,
            ActivityKind(item.kind).label,
            CycleTarget(item.feeds).label,
            str(item.duration_minutes),
            ItemState(item.state).label,
        ]
        for n, item in enumerate(workshop.items, start=1)
    ]
    dx.add_table(
        doc,
        ["#", _("Item"), _("Activity"), _("Feeds"), pgettext("duration", "Minutes"), _("Status")],
        rows,
        widths_cm=[0.8, 5.2, 3.2, 3.6, 1.6, 2.0],
        align=["right", "", "", "", "right", ""],
        caption=_("Agenda of the session"),
        counters=counters,
    )


def _participants_signed_in(n: int) -> str:
    return ngettext("%(num)d participant signed in.", "%(num)d participants signed in.", n)


def _participants_answered(n: int) -> str:
    return ngettext("%(num)d participant answered.", "%(num)d participants answered.", n)


def _attendance(doc, attendance: dict, counters, include_personal: bool = False) -> None:
    dx.add_heading(doc, _("Attendance"), 1)
    dx.add_paragraph(doc, _participants_signed_in(attendance["total"]))
    labels = attendance["sex_labels"]
    dx.add_table(
        doc,
        [_("Sex"), _("Participants")],
        [[labels[k], str(v)] for k, v in attendance["by_sex"].items()],
        widths_cm=[8, 4],
        align=["", "right"],
        caption=_("Participants by sex"),
        counters=counters,
    )
    dx.add_table(
        doc,
        [_("Institution"), _("Participants")],
        [[name, str(n)] for name, n in attendance["by_institution"]],
        widths_cm=[12, 4],
        align=["", "right"],
        caption=_("Participants by institution"),
        counters=counters,
    )
    dx.add_heading(doc, _("Attendance register"), 2)
    if include_personal:
        dx.add_table(
            doc,
            [_("Name"), _("Institution"), _("Sex")],
            [[p.name, p.institution, labels[p.sex]] for p in attendance["participants"]],
            widths_cm=[6, 7.5, 3],
        )
    else:
        dx.add_table(
            doc,
            [_("Name"), _("Institution")],
            [[p.name, p.institution] for p in attendance["participants"]],
            widths_cm=[7.5, 9],
        )


def _idea_status(idea, record: dict) -> str:
    link = record["accepted"].get(idea.id)
    if link is not None:
        return _("Accepted as %(what)s", what=intake.target_label(link.object_type))
    if idea.merged_into_id:
        return _("Merged")
    if idea.hidden:
        return _("Hidden by the facilitator")
    return ""


def _outputs(doc, record: dict, counters) -> None:
    dx.add_heading(doc, _("Outputs"), 1)
    for entry in record["outputs"]:
        item = entry["item"]
        kind = ActivityKind(item.kind)
        if kind in (ActivityKind.DISCUSSION, ActivityKind.EVALUATION):
            continue
        dx.add_heading(doc, item.title, 2)
        if kind == ActivityKind.BRAINSTORM:
            if not entry["ideas"]:
                dx.add_paragraph(doc, _("No ideas were given."))
                continue
            columns = {c["key"]: str(c["label"]) for c in activities.board_columns(item)}
            rows = [
                [
                    columns.get(idea.board_column, idea.board_column),
                    idea.text,
                    idea.cluster,
                    _idea_status(idea, record),
                ]
                for idea in entry["ideas"]
            ]
            dx.add_table(
                doc,
                [_("Column"), _("Idea"), _("Cluster"), _("Outcome")],
                rows,
                widths_cm=[2.2, 8.6, 2.6, 3.6],
                caption=_("Ideas: %(title)s", title=item.title),
                counters=counters,
            )
            continue
        _results(doc, kind, item, entry["results"] or {}, record, counters)


def _results(doc, kind, item, results: dict, record: dict, counters) -> None:
    responses = results.get("voters", results.get("responses", 0))
    dx.add_paragraph(doc, _participants_answered(responses))
    if kind == ActivityKind.DOT_VOTE:
        rows = [[r["label"], str(r["dots"]), str(r["voters"])] for r in results.get("totals", [])]
        dx.add_table(
            doc,
            [_("Choice"), _("Dots"), _("Voters")],
            rows,
            widths_cm=[11, 2.5, 2.5],
            align=["", "right", "right"],
            caption=_("Results: %(title)s", title=item.title),
            counters=counters,
        )
    elif kind == ActivityKind.RANKING:
        rows = [
            [str(n), r["label"], str(r["points"]), str(r["first_places"])]
            for n, r in enumerate(results.get("ranking", []), start=1)
        ]
        dx.add_table(
            doc,
            ["#", _("Choice"), _("Borda points"), _("First places")],
            rows,
            widths_cm=[0.8, 10, 2.6, 2.6],
            align=["right", "", "right", "right"],
            caption=_("Results: %(title)s", title=item.title),
            counters=counters,
        )
    elif kind == ActivityKind.SCORING:
        criteria = results.get("criteria", [])
        header = [_("Option"), *[c["name"] for c in criteria], _("Weighted")]
        rows = [
            [
                o["label"],
                *[_signed(o["means"].get(str(c["id"]))) for c in criteria],
                _signed(o["weighted"]),
            ]
            for o in results.get("options", [])
        ]
        width = 9.0 / max(len(criteria) + 1, 1)
        dx.add_table(
            doc,
            header,
            rows,
            widths_cm=[7.0, *[width] * (len(criteria) + 1)],
            align=["", *["right"] * (len(criteria) + 1)],
            caption=_("Results: %(title)s", title=item.title),
            counters=counters,
        )
    elif kind == ActivityKind.AGREEMENT:
        dx.add_labelled(doc, _("Statement"), item.statement)
        labels = record["agreement_labels"]
        rows = [
            [str(lvl["level"]), labels[lvl["level"]], str(lvl["count"])]
            for lvl in results.get("levels", [])
        ]
        dx.add_table(
            doc,
            ["#", _("Level"), _("Participants")],
            rows,
            widths_cm=[0.8, 11, 3],
            align=["right", "", "right"],
            caption=_("Results: %(title)s", title=item.title),
            counters=counters,
        )
        dx.add_labelled(doc, _("Outcome"), verdict_label(results.get("verdict", "")))


def _signed(value) -> str:
    return "" if value is None else doc_locale.signed(value)


def _evaluation(doc, record: dict, counters) -> None:
    dx.add_heading(doc, _("Evaluation"), 1)
    summary = record["evaluation"]
    dx.add_paragraph(
        doc,
        _(
            "%(n)d participants evaluated the session (1 = poor, 5 = excellent).",
            n=summary["responses"],
        ),
    )
    labels = record["dimension_labels"]
    rows = [
        [
            labels[d],
            "" if v["mean"] is None else f"{v['mean']:.1f}",
            *[str(n) for n in v["distribution"]],
        ]
        for d, v in summary["dimensions"].items()
    ]
    dx.add_table(
        doc,
        [_("Dimension"), _("Mean"), "1", "2", "3", "4", "5"],
        rows,
        widths_cm=[6, 2, 1.6, 1.6, 1.6, 1.6, 1.6],
        align=["", *["right"] * 6],
        caption=_("Evaluation of the session"),
        counters=counters,
    )
    if record["comments"]:
        dx.add_heading(doc, _("Comments"), 2)
        dx.add_bullets(doc, record["comments"])
