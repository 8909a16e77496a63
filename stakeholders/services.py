"""Public services of the stakeholders package, for other packages (exports, workshops).

Every function takes a ``process_id`` and reads only that process. Write functions
flush; the caller commits once.

- ``consulted_stakeholders(process_id)``: who was heard, with categories and stages.
- ``consultation_report(process_id)``: consultations, participation by category and sex,
  inputs with their dispositions ("you said, we did"), commitments.
- ``coverage(process_id)``: the coverage dashboard (``stakeholders.coverage.Coverage``).
- ``record_workshop_consultation(...)``: a live workshop recorded as a consultation.
- ``import_file(...)``: organisations or ties from CSV/XLSX, all or nothing.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.models import CATEGORY_LABELS, Organisation, OrganisationCategory
from facilitation.sorting import collation_key
from facilitation.stages import STAGE_BY_KEY
from facilitation.validation import ValidationFailed

from . import consultations as consultation_services
from . import coverage as coverage_module
from . import importing, registry
from .models import TIE_LABELS, ConsultationParticipant, Disposition

__all__ = [
    "consulted_stakeholders",
    "consultation_report",
    "coverage",
    "record_workshop_consultation",
    "import_file",
]


def category_label(key: str) -> str:
    try:
        return str(CATEGORY_LABELS[OrganisationCategory(key)])
    except ValueError:
        return key


def consulted_stakeholders(process_id: int) -> list[dict]:
    """Organisations that took part in at least one held consultation, by name.

    Each item: ``{"id", "name", "acronym", "category", "category_label",
    "in_core_group", "stages": [stage keys], "consultations": n, "women", "men",
    "other"}`` (attendance summed over the consultations).
    """
    rows = db.session.execute(
        db.select(ConsultationParticipant, Organisation)
        .join(Organisation, Organisation.id == ConsultationParticipant.organisation_id)
        .where(ConsultationParticipant.process_id == process_id)
    ).all()
    held = {c.id: c for c in consultation_services.consultations(process_id) if c.held}
    result: dict[int, dict] = {}
    for participant, org in rows:
        consultation = held.get(participant.consultation_id)
        if consultation is None:
            continue
        item = result.setdefault(
            org.id,
            {
                "id": org.id,
                "name": org.name,
                "acronym": org.acronym,
                "category": str(org.category),
                "category_label": category_label(str(org.category)),
                "in_core_group": org.in_core_group,
                "stages": set(),
                "consultations": 0,
                "women": 0,
                "men": 0,
                "other": 0,
            },
        )
        item["stages"].add(consultation.stage)
        item["consultations"] += 1
        for key in ("women", "men", "other"):
            item[key] += getattr(participant, key)
    ordered = sorted(result.values(), key=lambda i: collation_key(i["name"]))
    for item in ordered:
        item["stages"] = [key for key in STAGE_BY_KEY if key in item["stages"]]
    return ordered


def consultation_report(process_id: int) -> dict:
    """Everything a consultation annex of the policy document needs.

    ``{"consultations": [{"id", "title", "stage", "stage_label", "method",
    "method_label", "starts_on", "ends_on", "held", "purpose", "topics", "sections",
    "participants": [{"organisation", "category", "women", "men", "other"}],
    "women", "men", "other"}],
    "participation_by_category": {category label: {"women", "men", "other", "total"}},
    "inputs": [{"organisation", "consultation", "text", "concerns", "disposition",
    "disposition_label", "justification", "feedback_sent_on"}],
    "dispositions": {disposition label: count, "No decision yet": count},
    "commitments": [{"text", "organisation", "responsible", "status", "status_label",
    "due_on", "overdue"}]}``
    """
    today = date.today()
    items, by_category = consultation_summaries(process_id)
    inputs = []
    dispositions: dict[str, int] = {}
    for row in consultation_services.inputs(process_id):
        label = Disposition(row.disposition).label if row.disposition else _("No decision yet")
        dispositions[label] = dispositions.get(label, 0) + 1
        inputs.append(
            {
                "organisation": row.organisation.name if row.organisation else "",
                "consultation": row.consultation.title if row.consultation else "",
                "text": row.text,
                "concerns": row.concerns,
                "disposition": row.disposition,
                "disposition_label": label,
                "justification": row.justification,
                "feedback_sent_on": row.feedback_sent_on,
            }
        )
    commitments = [
        {
            "text": c.text,
            "organisation": c.organisation.name if c.organisation else "",
            "responsible": c.responsible,
            "status": c.status,
            "status_label": c.status_label,
            "due_on": c.due_on,
            "overdue": c.overdue(today),
        }
        for c in consultation_services.commitments(process_id)
    ]
    return {
        "consultations": items,
        "participation_by_category": by_category,
        "inputs": inputs,
        "dispositions": dispositions,
        "commitments": commitments,
    }


def consultation_summaries(
    process_id: int, method: str | None = None
) -> tuple[list[dict], dict[str, dict[str, int]]]:
    """The report's ``consultations`` and ``participation_by_category`` alone (see
    ``consultation_report``), of one ``method`` if given: the validation page lists round
    tables and needs neither the inputs nor the commitments."""
    items = []
    by_category: dict[str, dict[str, int]] = {}
    listed = consultation_services.consultations(process_id, method=method, with_inputs=False)
    for c in reversed(listed):
        participants = []
        for p in sorted(c.participants, key=lambda p: collation_key(p.organisation.name)):
            label = category_label(str(p.organisation.category))
            participants.append(
                {
                    "organisation": p.organisation.name,
                    "category": label,
                    "women": p.women,
                    "men": p.men,
                    "other": p.other,
                }
            )
            if c.held:
                bucket = by_category.setdefault(
                    label, {"women": 0, "men": 0, "other": 0, "total": 0}
                )
                for key in ("women", "men", "other"):
                    bucket[key] += getattr(p, key)
                bucket["total"] += p.total
        items.append(
            {
                "id": c.id,
                "title": c.title,
                "stage": c.stage,
                "stage_label": str(STAGE_BY_KEY[c.stage].label),
                "method": str(c.method),
                "method_label": c.method_label,
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
                "held": c.held,
                "purpose": c.purpose,
                "topics": c.topics,
                "sections": c.sections,
                "participants": participants,
                **{k: sum(p[k] for p in participants) for k in ("women", "men", "other")},
            }
        )
    return items, by_category


def coverage(process_id: int, today: date | None = None) -> coverage_module.Coverage:
    """The coverage dashboard: category x stage matrix (consultations, inputs, answered),
    category x draft section matrix, and the gap lists (see ``stakeholders.coverage``)."""
    return coverage_module.build(process_id, today)


def record_workshop_consultation(process_id, title, on, stage, participants_by_org, **extra):
    """See ``stakeholders.consultations.record_workshop_consultation``: a held
    consultation of method "workshop" with attendance counts by organisation id."""
    return consultation_services.record_workshop_consultation(
        process_id, title, on, stage, participants_by_org, **extra
    )


def check_import(
    process_id: int, kind: str, filename: str, data: bytes, mapping: dict[str, str]
) -> tuple[object, list[importing.RowError]]:
    """Read and check a file without writing anything: (parsed rows, row errors). Quick
    (no database writes), so the mapping page runs it in the request and the job only
    writes (``stakeholders.import_jobs``). Raises ``ValidationFailed`` for an unreadable
    file or an incomplete mapping."""
    try:
        header, rows = importing.read_table(filename, data)
    except importing.UnreadableFile as exc:
        raise ValidationFailed({"file": str(exc)}) from None
    problems = importing.check_mapping(kind, header, mapping)
    if problems:
        raise ValidationFailed(problems)
    names = {o.name.lower() for o in registry.organisations(process_id)}
    if kind == "organisations":
        parsed = importing.parse_organisations(header, rows, mapping, names)
    else:
        parsed = importing.parse_ties(header, rows, mapping, names, TIE_LABELS)
    return parsed, [] if parsed.ok else parsed.errors


def import_file(
    process_id: int, kind: str, filename: str, data: bytes, mapping: dict[str, str]
) -> tuple[int, list[importing.RowError]]:
    """Import organisations or ties; returns (rows imported, row errors).

    Nothing is written when any row is bad: the errors list every bad row with its
    line number and reason. ``mapping`` maps our field keys to the file's column names.
    Raises ``ValidationFailed`` for an unreadable file or an incomplete mapping.
    """
    parsed, errors = check_import(process_id, kind, filename, data, mapping)
    if errors:
        return 0, errors
    by_name = {o.name.lower(): o for o in registry.organisations(process_id)}
    if kind == "organisations":
        add_parsed_organisations(process_id, parsed.records, by_name)
        return len(parsed.records), []
    for record in parsed.records:
        registry.add_tie(
            process_id,
            source_id=by_name[record["source"]].id,
            target_id=by_name[record["target"]].id,
            type=record["type"],
            mutual=record["mutual"],
            strength=record["strength"],
        )
    return len(parsed.records), []


def add_parsed_organisations(
    process_id: int, records: list[dict], by_name: dict[str, Organisation]
) -> list[Organisation]:
    """Write records checked by ``importing.parse_organisations`` (parents by name, found
    among ``by_name`` or the records themselves). Flushes; the caller commits."""
    created = {}
    for record in records:
        org = Organisation(
            process_id=process_id, **{k: record[k] for k in importing.ORGANISATION_COLUMNS}
        )
        db.session.add(org)
        created[record["name"].lower()] = org
    db.session.flush()
    known = {**by_name, **created}
    for record in records:
        if record["parent"]:
            created[record["name"].lower()].parent_id = known[record["parent"].lower()].id
    db.session.flush()
    return list(created.values())
