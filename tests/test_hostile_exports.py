"""Every export of a process whose every text holds the hostile corpus opens (issue 13:
control characters gave a 500 on the inventory .xlsx and GraphML, broke the GEXF XML,
and formulas typed as names became live formulas in workbooks and CSV files)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from docx import Document
from openpyxl import load_workbook
from pycrdt import Doc

from demo import loader as demo
from drafting import prosemirror
from drafting.models import Draft, DraftUpdate
from facilitation import spreadsheets
from facilitation.extensions import db
from facilitation.models import Organisation, Process, User
from policycycle.evidence.models import DataSource
from stakeholders.exporting import read_csv_pair
from workshops.models import Workshop, WorkshopStatus

from .access import sign_in
from .test_escaping import (
    HOSTILE,
    HOSTILE_PREFIX,
    HOSTILE_SUFFIX,
    _poison_every_text,
    text_fields,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def hostile_process(app):
    demo.load(app)
    db.session.commit()
    process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
    draft = db.session.scalars(db.select(Draft).where(Draft.process_id == process.id)).first()
    doc = Doc()
    blocks = [
        {"type": "paragraph", "runs": [prosemirror.plain_run(text)]} for text in HOSTILE.values()
    ]
    prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks)
    db.session.add(DraftUpdate(process_id=process.id, draft_id=draft.id, data=doc.get_update()))
    _add_rows_the_demo_lacks(process, draft, doc.get_update())
    db.session.commit()
    process.poisoned = _poison_every_text(
        process.id, HOSTILE_PREFIX, HOSTILE_SUFFIX, fill_empty_except=NOT_USER_TEXT
    )
    assert len(process.poisoned) > 20
    return process


def _add_rows_the_demo_lacks(process, draft, state: bytes) -> None:
    """A named version, a returned review with a suggestion and a Word template, so the
    corpus reaches their text too (the demo has none of them)."""
    from drafting.export.docx_styles import REFERENCE_TEMPLATE
    from drafting.export.models import ExportTemplate
    from drafting.models import DraftVersion
    from drafting.review.models import DraftReview, DraftSuggestion

    db.session.add(
        DraftVersion(
            process_id=process.id, draft_id=draft.id, name="Before the review", state=state
        )
    )
    review = DraftReview(
        process_id=process.id,
        draft_id=draft.id,
        reviewer="Ana Reviewer",
        filename="Review copy.docx",
    )
    review.suggestions.append(
        DraftSuggestion(
            process_id=process.id, draft_id=draft.id, kind="delete", old_text="Old sentence."
        )
    )
    with open(REFERENCE_TEMPLATE, "rb") as reference:
        data = reference.read()
    db.session.add(
        ExportTemplate(
            process_id=process.id, filename="Our template.docx", data=data, size=len(data)
        )
    )
    db.session.add(review)


def _export_urls(process_id: int) -> list[str]:
    from drafting.export import services as export_services

    workshops = db.session.scalars(
        db.select(Workshop.id).where(
            Workshop.process_id == process_id, Workshop.status != WorkshopStatus.PLANNED
        )
    )
    drafts = db.session.scalars(db.select(Draft.id).where(Draft.process_id == process_id)).all()
    sources = db.session.scalars(
        db.select(DataSource.id).where(DataSource.process_id == process_id)
    )
    urls = [f"/p/{process_id}/exports/{kind}" for kind in export_services.KINDS]
    urls += [f"/p/{process_id}/exports/policy?draft={d}" for d in drafts]
    urls += [f"/p/{process_id}/evidence/inventory.xlsx"]
    for fmt in ("graphml", "gexf", "nodes_csv", "edges_csv", "kumu"):
        urls += [
            f"/p/{process_id}/stakeholders/export/{fmt}",
            f"/p/{process_id}/stakeholders/export/{fmt}?personal=1",
        ]
    urls += [f"/p/{process_id}/stakeholders/map.json", f"/p/{process_id}/stakeholders/metrics.json"]
    urls += [f"/p/{process_id}/stakeholders/figures/{n}.png" for n in ("network", "power-interest")]
    urls += [f"/p/{process_id}/exports/{kind}?personal=1" for kind in export_services.KINDS]
    urls += [f"/p/{process_id}/drafts/{d}/review/copy" for d in drafts]
    urls += [f"/p/{process_id}/evidence/sources/{s}/profile.png" for s in sources]
    # a workshop that has not taken place has no report (it redirects with a message)
    for w in workshops:
        urls += [f"/p/{process_id}/workshops/{w}/report.docx{q}" for q in ("", "?personal=1")]
        urls += [f"/p/{process_id}/workshops/{w}/qr.svg"]
    return urls


# Every route that sends a file or data is walked above, or is here with the reason.
DOWNLOADS = re.compile(r"(\.\w+$|/export/|/exports/<|/copy$|/download$)")
WALKED_ELSEWHERE = {
    # LibreOffice takes seconds per file; the Word file it converts is walked above.
    "exports.download_pdf": "the walked Word export, converted (tests/export/test_cli_and_pdf)",
    # Serves the bytes a job stored from the same builders as exports.download.
    "jobs.download": "a stored copy of a walked export (tests/export/test_export_jobs)",
}


def test_every_download_route_is_in_the_walk(app, hostile_process):
    adapter = app.url_map.bind("localhost")
    walked = {adapter.match(url.split("?")[0])[0] for url in _export_urls(hostile_process.id)}
    downloads = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and DOWNLOADS.search(rule.rule) and "static" not in rule.endpoint
    }
    assert len(downloads) > 10
    missing = sorted(downloads - walked - set(WALKED_ELSEWHERE))
    assert not missing, f"download routes the hostile walk never reaches: {missing}"


def _formula_cells(workbook) -> list[str]:
    return [
        f"{ws.title}!{cell.coordinate}: {cell.value!r}"
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        # the app's own totals, gaps and weights are formulas; user text never is
        if cell.data_type == "f" and not re.match(r"^=(SUM|MAX)\(|^=B\d+/SUM\(", str(cell.value))
    ]


def _check_opens(url: str, response) -> str:
    kind = response.content_type.split(";")[0]
    body = response.data
    if kind == DOCX:
        text = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
        return text
    if kind == XLSX:
        workbook = load_workbook(io.BytesIO(body))
        assert not _formula_cells(workbook), f"{url}: user text became formulas"
        return " ".join(
            str(c.value) for ws in workbook.worksheets for r in ws.iter_rows() for c in r
        )
    if kind == "text/csv":
        text = body.decode("utf-8")
        for row in csv.reader(io.StringIO(text)):
            for value in row:
                assert not spreadsheets.looks_like_formula(value), f"{url}: {value[:40]!r}"
        return text
    if kind.endswith("xml"):
        ET.fromstring(body)  # GraphML, GEXF: well-formed XML 1.0
        return body.decode("utf-8")
    if kind == "image/svg+xml":
        ET.fromstring(body)
        return ""
    if kind == "image/png":
        assert body.startswith(b"\x89PNG"), f"{url}: not a PNG"
        return ""
    if kind == "application/json":
        return json.dumps(json.loads(body), ensure_ascii=False)
    raise AssertionError(f"{url}: unexpected content type {kind}")


def test_every_export_of_a_hostile_process_opens(app, client, hostile_process):
    pid = hostile_process.id
    coordinator = db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))
    sign_in(client, coordinator)
    failures, contents = [], {}
    for url in _export_urls(pid):
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
            continue
        try:
            contents[url] = _check_opens(url, response)
        except Exception as exc:  # collect every broken export, not only the first
            failures.append(f"{url}: {type(exc).__name__}: {str(exc)[:200]}")
    assert not failures, "\n".join(failures)
    assert len(contents) >= 20
    # the hostile text really went through: shown literally, control characters gone
    assert any('=HYPERLINK("http://evil.test' in text for text in contents.values())
    assert all("\x07" not in text and "\x1b" not in text for text in contents.values())


def test_gephi_csv_keeps_names_as_text_and_reads_back(app, client, hostile_process):
    pid = hostile_process.id
    coordinator = db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))
    sign_in(client, coordinator)
    nodes = client.get(f"/p/{pid}/stakeholders/export/nodes_csv").get_data(as_text=True)
    edges = client.get(f"/p/{pid}/stakeholders/export/edges_csv").get_data(as_text=True)
    assert "'=HYPERLINK(" in nodes
    node_map, _ties = read_csv_pair(nodes, edges)
    labels = {attrs["label"] for attrs in node_map.values()}
    assert any(label.startswith('=HYPERLINK("http://evil.test') for label in labels)


def test_control_characters_are_stripped_before_they_are_stored(app, hostile_process):
    organisation = Organisation(
        process_id=hostile_process.id, name="Ministry\x00 of\x0b Labour\x1b", acronym="M\x07L"
    )
    db.session.add(organisation)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Organisation, organisation.id)
    assert (stored.name, stored.acronym) == ("Ministry of Labour", "ML")
    stored.mandate = "line one\nline two\ttab\x0c"
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).mandate == "line one\nline two\ttab"


def _reasons(reason: str, *columns: str) -> dict[str, str]:
    return dict.fromkeys(columns, reason)


# Text columns that hold no free user text, and why; the corpus fills every other text
# column of every row of the demo, blank ones included. A new text column is reached
# automatically, or ``test_the_corpus_reaches_every_text_field`` names it.
NOT_USER_TEXT: dict[str, str] = {
    **_reasons(
        "a choice from a fixed list (an enum stored as text), checked by its form",
        "action.end_precision",
        "action.start_precision",
        "consultation.method",
        "consultation.participation_level",
        "consultation.stage",
        "consultation_input.disposition",
        "data_source.access",
        "data_source.periodicity",
        "data_source.sharing_agreement",
        "data_source.source_type",
        "evidence_document.kind",
        "stakeholder_assessment.current_engagement",
        "stakeholder_assessment.target_engagement",
        "stakeholder_commitment.status",
        "stakeholder_tie.type",
        "workshop_agenda_item.feeds",
        "workshop_agenda_item.kind",
        "workshop_agenda_item.state",
        "workshop_participant.sex",
        "workshop.status",
        "draft_suggestion.kind",
        "draft_suggestion.status",
        "section_signoff.decision",
    ),
    **_reasons(
        "a key, code, hash or token the app makes (identifier-like by name or value)",
        "action.code",
        "objective.code",
        "instrument_score.criterion",
        "option_score.scorer_key",
        "quality_rating.dimension",
        "stage_state.stage",
        "section_signoff.section_hash",
        "section_signoff.section_key",
        "draft_suggestion.section_key",
        "workshop_vote.choice_key",
        "workshop.code",
        "workshop_participant.token_hash",
        "workshop_participant.join_source",
        "invitation.token_hash",
        "invitation.email",
        "process.language",
        "draft_export.file_format",
        "draft_review.unmatched",
        "export_template.merged_styles",
        "audit_event.action",
        "audit_event.object_type",
    ),
    **_reasons(
        "written by the server, not typed by a user",
        "workshop.join_base",
        "job.error",
        "job.kind",
        "job.need",
        "job.result_name",
        "job.result_file",
        "job.result_type",
        "job.status",
        "job.step",
        "job.worker",
        "site_installation.installation_id",
        "archive_lineage.source_installation",
        "archive_origin.origin",
        "archive_origin.table_name",
        "archive_origin.base_hash",
        "archive_merge_base.installation",
        "archive_merge_base.origin",
        "archive_merge_base.table_name",
        "archive_merge_base.fingerprint",
        "pending_upload.purpose",
        "pending_upload.token",
    ),
    **_reasons(
        "a file one person is half-way through importing: in no export or archive; its "
        "name shows, escaped, only on that person's import page",
        "pending_upload.filename",
    ),
    **_reasons(
        "an account, not a process's text: test_escaping marks user names on every page",
        "user_account.email",
        "user_account.locale",
        "user_account.name",
        "user_account.password_hash",
        "user_session.token_hash",
        "user_session.user_agent",
    ),
    **_reasons(
        "an e-mail address: the personal-data exports carry it, validated as an address",
        "focal_point.email",
    ),
}


def test_the_corpus_reaches_every_text_field(app, hostile_process):
    missed = sorted(
        f"{model.__table__.name}.{column.name}"
        for model, column in text_fields()
        if f"{model.__table__.name}.{column.name}" not in hostile_process.poisoned
        and f"{model.__table__.name}.{column.name}" not in NOT_USER_TEXT
    )
    assert not missed, "text fields the hostile corpus never reaches: " + ", ".join(missed)


def test_the_process_archive_of_a_hostile_process_is_written_and_reads_back(app, hostile_process):
    """The archive (a job's file, served by jobs.download) holds the corpus and is read
    back by the importer's own checks without a refusal."""
    import zipfile

    from archive import reader, writer

    data = writer.build(hostile_process.id)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        texts = [
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".json")
        ]
    assert any("=HYPERLINK(" in text for text in texts)
    assert reader.read(data, app.config) is not None
