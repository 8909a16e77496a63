"""Exports of a process: gathers the data (cycle, draft, stakeholders, consultations,
evidence), builds the file in the process's working language, and records provenance.
Services flush; the caller (view or CLI) commits.

Public functions:

- ``KINDS``: the export kinds, ``policy``, ``action-plan``, ``consultation-report``,
  ``action-plan-xlsx``, ``mca-xlsx``.
- ``available(process_id) -> dict[kind, bool]``: which exports have data now.
- ``export(process, kind, user=None, draft_id=None, record_version=False, progress=None)
  -> ExportFile`` (filename, mimetype, data); records an audit event and, for a document
  built from a draft, which draft state it came from (a new named version of the draft only
  when ``record_version`` is asked for). ``progress(percent, step)`` hears how far it got;
  it runs as a job in the worker (``drafting.export.jobs``).
- ``template_for(process_id)``, ``save_template(process, filename, data, user)``,
  ``remove_template(process)``: the process's own Word template.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import func

from facilitation import audit, money
from facilitation.extensions import db
from facilitation.models import Process
from facilitation.validation import ValidationFailed
from policycycle.models import Action, OptionScore, PolicyOption

from . import (
    action_plan,
    collect,
    consultation,
    doc_locale,
    pdf,
    policy_data,
    policy_doc,
    workbooks,
)
from . import docx_base as dx
from .annexes import Annexes
from .models import ExportTemplate

KINDS = ("policy", "action-plan", "consultation-report", "action-plan-xlsx", "mca-xlsx")
WORD_KINDS = ("policy", "action-plan", "consultation-report")  # these also come as PDF
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@dataclass
class ExportFile:
    kind: str
    filename: str
    mimetype: str
    data: bytes


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _count(model, process_id: int) -> int:
    return (
        db.session.scalar(
            db.select(func.count()).select_from(model).where(model.process_id == process_id)
        )
        or 0
    )


def _consultation_report(process_id: int) -> dict | None:
    if not _has("stakeholders.services"):
        return None
    from stakeholders import services as stakeholder_services

    report = stakeholder_services.consultation_report(process_id)
    if not consultation.has_content(report):
        return None
    # Only planned consultations and no input: nothing has taken place to report on.
    held = any(c.get("held") for c in report.get("consultations", []))
    return report if held or report.get("inputs") else None


def _has_consultations(process_id: int) -> bool:
    """Cheap check for the offer on the page; the report itself comes from
    ``stakeholders.services.consultation_report``."""
    if not _has("stakeholders.models"):
        return False
    from stakeholders.models import Consultation, ConsultationInput

    held = db.session.scalar(
        db.select(func.count())
        .select_from(Consultation)
        .where(Consultation.process_id == process_id, Consultation.held.is_(True))
    )
    return bool(held or _count(ConsultationInput, process_id))


def available(process_id: int) -> dict[str, bool]:
    actions = _count(Action, process_id) > 0
    options = _count(PolicyOption, process_id) > 0 and _count(OptionScore, process_id) > 0
    return {
        "policy": True,
        "action-plan": actions,
        "action-plan-xlsx": actions,
        "mca-xlsx": options,
        "consultation-report": _has_consultations(process_id),
    }


# --- the template ------------------------------------------------------------------------


def template_for(process_id: int) -> ExportTemplate | None:
    return db.session.execute(
        db.select(ExportTemplate).where(ExportTemplate.process_id == process_id)
    ).scalar_one_or_none()


def save_template(process: Process, filename: str, data: bytes, user=None) -> ExportTemplate:
    """Store a coordinator's .docx as the process's template (replacing any earlier)."""
    filename = dx.safe_text(filename or "template.docx").strip()[:200] or "template.docx"
    if not data:
        raise ValidationFailed({"template": _("Choose a Word file (.docx) to upload.")})
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationFailed(
            {
                "template": _(
                    "The file is larger than 5 MB; a template "
                    "needs only its styles and page set-up."
                )
            }
        )
    errors, missing = dx.template_problems(data)
    if errors == ["too-big"]:
        raise ValidationFailed(
            {
                "template": _(
                    "This file would take more than %(n)d MB once opened, which a template "
                    "never needs. Remove large pictures or embedded files and upload it again.",
                    n=dx.MAX_TEMPLATE_INFLATED // (1024 * 1024),
                )
            }
        )
    if errors:
        raise ValidationFailed(
            {
                "template": _(
                    "This file cannot be opened as a Word document (.docx). Save it from Word as "
                    "\u201cWord Document (.docx)\u201d and upload it again."
                )
            }
        )
    row = template_for(process.id)
    if row is None:
        row = ExportTemplate(process_id=process.id, filename=filename, data=data)
        db.session.add(row)
    row.filename = filename
    row.data = data
    row.size = len(data)
    row.merged_styles = ", ".join(missing)[:500]
    row.uploaded_by_id = getattr(user, "id", None)
    db.session.flush()
    return row


def remove_template(process: Process) -> bool:
    row = template_for(process.id)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


# --- building ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "process"


def filename(process: Process, kind: str, today: date | None = None) -> str:
    extension = "xlsx" if kind.endswith("xlsx") else "docx"
    stem = kind.removesuffix("-xlsx")
    return f"{_slug(process.title)}_{stem}_{(today or date.today()).isoformat()}.{extension}"


def policy_draft(process_id: int, draft_id: int | None = None, kind: str = "policy"):
    """The draft the policy document is built from: the one asked for, else the first
    draft of ``kind`` (None when the drafting package or a draft is missing)."""
    if not _has("drafting.services"):
        return None
    from drafting import services as drafting_services

    if draft_id is not None:
        return drafting_services.get_draft(process_id, draft_id)
    drafts = drafting_services.drafts_of(process_id)
    policy = [d for d in drafts if str(getattr(d, "kind", "")) == kind]
    return (policy or [None])[0]


def _annexes(process_id: int) -> Annexes:
    annexes = Annexes()
    if _has("stakeholders.services"):
        from stakeholders import figures as stakeholder_figures
        from stakeholders import services as stakeholder_services
        from stakeholders.models import Assessment, Tie

        consulted = stakeholder_services.consulted_stakeholders(process_id)
        if consulted:
            from facilitation.stages import STAGE_BY_KEY

            annexes.stakeholders = [
                [
                    f"{s['name']} ({s['acronym']})" if s["acronym"] else s["name"],
                    s["category_label"],
                    ", ".join(str(STAGE_BY_KEY[k].label) for k in s["stages"] if k in STAGE_BY_KEY),
                    str(s["consultations"]),
                ]
                for s in consulted
            ]
        report = _consultation_report(process_id)
        if report is not None:
            annexes.consultation = lambda doc, counters, width: consultation.add_report(
                doc, report, counters, width, level=2, numbered=False
            )
        if _count(Tie, process_id):
            annexes.stakeholder_map_png = stakeholder_figures.network_map_png(process_id, dpi=200)
        if _count(Assessment, process_id):
            annexes.power_interest_png = stakeholder_figures.power_interest_png(process_id, dpi=200)
    return annexes


def _mark(data_is_draft: bool) -> str:
    return _("DRAFT") if data_is_draft else ""


def _no_progress(percent: int, step: str) -> None:
    return None


def _build_policy(process: Process, draft_id: int | None, progress) -> tuple[bytes, dict]:
    progress(5, "collect")
    data = collect.cycle(process)
    template = template_for(process.id)
    draft_part, info = None, {}
    draft = policy_draft(process.id, draft_id)
    if draft is not None:
        progress(20, "draft")
        from drafting import services as drafting_services

        tree, info = drafting_services.export_tree(process.id, draft.id)
        label = info.get("version_name") or _(
            "Working text of %(date)s", date=doc_locale.day(date.today())
        )
        draft_part = policy_doc.DraftPart(
            tree=tree, title=info.get("title", ""), version_label=label
        )
    progress(30, "figures")
    annexes = _annexes(process.id)
    if draft_part is not None and _has("drafting.signoff.annex_data"):
        from drafting.signoff import annex_data

        annexes.signoff = annex_data.collect(process.id, draft, draft_part.tree)
    progress(50, "build")
    out = policy_doc.build(
        data,
        draft=draft_part,
        annexes=annexes,
        extras=policy_data.collect(process.id, data.code_map),
        template=template.data if template else None,
        version_label=draft_part.version_label if draft_part else "",
    )
    return out, info


def _record_draft_export(
    process_id: int, info: dict, user, file_format: str, record_version: bool
) -> dict:
    """Record which draft state an export came from; its provenance ({} without a draft).
    A new named version of the draft only when asked (an export alone changes nothing in
    the draft's history; its state's fingerprint is in the audit record)."""
    if not info:
        return {}
    from drafting import services as drafting_services

    record = drafting_services.record_export(
        process_id, info, user, file_format, save_version=record_version
    )
    return {
        "draft_id": info["draft_id"],
        "version_id": record.version_id,
        "state_sha256": info["state_sha256"],
    }


def _build_action_plan(process: Process, template: bytes | None, progress) -> tuple[bytes, dict]:
    """The stand-alone plan: the matrix, money and timeline, with the co-edited
    action-plan narrative when the group keeps one."""
    progress(5, "collect")
    data = collect.cycle(process)
    tree, info = None, {}
    draft = policy_draft(process.id, kind="action_plan")
    if draft is not None:
        progress(20, "draft")
        from drafting import services as drafting_services

        tree, info = drafting_services.export_tree(process.id, draft.id)
    today = date.today()
    version = (info.get("version_name") if info else "") or _(
        "Working text of %(date)s", date=format_date(today, "long")
    )
    progress(40, "build")
    out = action_plan.build(
        data.actions,
        action_plan.PlanInfo(
            title=process.title,
            country=process.country,
            lead=data.lead,
            version=version,
            today=today,
            status=_("Draft — not yet validated")
            if data.is_draft
            else _("Validated by the core group"),
            mark=_mark(data.is_draft),
            currency=data.currency,
            locale=process.language or "en",
            acronyms=data.acronyms,
            narrative=tree,
            cycle=data,
            extras=policy_data.collect(process.id, data.code_map) if tree else None,
        ),
        template=template,
    )
    return out, info


def build(
    process: Process,
    kind: str,
    user=None,
    draft_id: int | None = None,
    include_personal: bool = False,
) -> ExportFile:
    """Build one export (no audit record; see :func:`export`)."""
    if kind not in KINDS:
        raise LookupError(kind)
    file, _provenance, _info = _build(process, kind, draft_id, include_personal)
    return file


def _build(
    process: Process, kind: str, draft_id, include_personal: bool = False, progress=_no_progress
):
    """The file, its provenance and the draft state it came from ({} without a draft).
    Writes nothing: :func:`export` records once the file is complete."""
    provenance: dict = {}
    info: dict = {}
    template_row = template_for(process.id)
    template = template_row.data if template_row else None
    with force_locale(process.language or "en"):
        subtitle = process.country
        lead = getattr(process, "lead_organisation", None)
        author = getattr(lead, "name", "") or ""
        mark = _mark(not collect.validation_agreed(process.id))
        if kind == "policy":
            data, info = _build_policy(process, draft_id, progress)
        elif kind == "action-plan":
            data, info = _build_action_plan(process, template, progress)
        elif kind == "action-plan-xlsx":
            progress(10, "collect")
            data = workbooks.action_plan(
                collect.action_plan(process.id), process.title, money.currency_of(process)
            )
        elif kind == "mca-xlsx":
            progress(10, "collect")
            data = workbooks.mca(
                collect.mca_tables(process.id), process.title, include_names=include_personal
            )
            provenance["scorer_names"] = include_personal
        else:
            progress(10, "collect")
            report = _consultation_report(process.id)
            if report is None:
                raise LookupError(kind)
            progress(40, "build")
            data = consultation.build(
                report,
                title=process.title,
                subtitle=subtitle,
                mark=mark,
                template=template,
                author=author,
            )
    mimetype = XLSX if kind.endswith("xlsx") else DOCX
    if template_row is not None and mimetype == DOCX:
        provenance["template"] = template_row.filename
    return ExportFile(kind, filename(process, kind), mimetype, data), provenance, info


def export(
    process: Process,
    kind: str,
    user=None,
    draft_id: int | None = None,
    include_personal: bool = False,
    fmt: str = "docx",
    record_version: bool = False,
    progress=_no_progress,
) -> ExportFile:
    """Build one export and record it in the audit trail (the caller commits).
    ``include_personal``: scorers' names in the MCA workbook (a coordinator's choice;
    pseudonyms otherwise). ``fmt="pdf"`` converts a Word export with LibreOffice (table of
    contents with its page numbers); raises :class:`pdf.PdfUnavailable` when LibreOffice is
    not installed and :class:`pdf.PdfFailed` when the conversion fails, before anything is
    recorded. ``record_version``: keep the exported draft text as a named version of the
    draft (the user's choice; by default an export adds nothing to the draft's history)."""
    if kind not in KINDS or (fmt == "pdf" and kind not in WORD_KINDS):
        raise LookupError(kind)
    if fmt == "pdf" and not pdf.available():
        raise pdf.PdfUnavailable("LibreOffice (soffice) is not installed on the server.")
    file, provenance, info = _build(process, kind, draft_id, include_personal, progress)
    if fmt == "pdf":
        progress(80, "pdf")
        stem = file.filename.removesuffix(".docx")
        file = ExportFile(kind, f"{stem}.pdf", PDF, pdf.convert(file.data, stem))
    progress(95, "save")
    provenance.update(_record_draft_export(process.id, info, user, fmt, record_version))
    audit.record(
        db.session,
        process.id,
        "export",
        "Export",
        _("Export: %(file)s", file=file.filename),
        changes={"kind": kind, "bytes": len(file.data), **provenance},
        params={"file": file.filename},
    )
    db.session.flush()
    return file
