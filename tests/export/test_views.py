"""The Exports page: downloads from the UI, template upload, refusal of bad files."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from drafting.export import docx_base as dx
from drafting.export.models import ExportTemplate
from facilitation.extensions import db
from facilitation.models import AuditEvent


def _url(process, suffix=""):
    return f"/p/{process.id}/exports/{suffix}"


def test_page_lists_downloads_and_observer_can_download(full_process, login_as):
    client = login_as(full_process.observer)
    page = client.get(_url(full_process))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for kind in ("policy", "action-plan", "action-plan-xlsx", "mca-xlsx"):
        assert f'name="kind" value="{kind}"' in html  # started as a job (test_export_jobs)
    assert "Keep the draft text as a version" not in html  # observers cannot record one
    assert "Upload template" not in html  # observers cannot manage
    response = client.get(_url(full_process, "action-plan"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "_action-plan_" in response.headers["Content-Disposition"]
    doc = Document(io.BytesIO(response.data))
    assert doc.tables[0].rows[0].cells[0].text == "Document control"
    assert any(t.rows[0].cells[0].text == "Code" for t in doc.tables)
    xlsx = client.get(_url(full_process, "mca-xlsx"))
    assert load_workbook(io.BytesIO(xlsx.data)).sheetnames == ["Criteria", "Scores", "Ranking"]


def test_unknown_or_empty_export_is_404(full_process, login_as):
    client = login_as(full_process.observer)
    assert client.get(_url(full_process, "nonsense")).status_code == 404
    # no consultations in this process yet: the report is not offered
    assert client.get(_url(full_process, "consultation-report")).status_code == 404


def test_outsider_gets_404(full_process, login_as, make_user):
    client = login_as(make_user())
    assert client.get(_url(full_process, "policy")).status_code == 404


def _ministry_template() -> bytes:
    """A 'ministry' template: different body font, no Policy Table style."""
    doc = Document()
    doc.styles["Normal"].font.name = "Georgia"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_uploaded_template_is_used_by_the_next_export_and_can_be_reverted(full_process, login_as):
    client = login_as(full_process.coordinator)
    response = client.post(
        _url(full_process, "template"),
        data={"template": (io.BytesIO(_ministry_template()), "ministry.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "ministry.docx" in response.get_data(as_text=True)
    row = db.session.scalar(db.select(ExportTemplate))
    assert row.process_id == full_process.id and "Policy Table" in row.merged_styles
    doc = Document(io.BytesIO(client.get(_url(full_process, "action-plan")).data))
    assert doc.styles["Normal"].font.name == "Georgia"
    assert doc.tables[0].style.name == dx.TABLE_STYLE  # merged from the reference
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "export")).all()[-1]
    assert event.changes["template"] == "ministry.docx"
    client.post(_url(full_process, "template/remove"))
    assert db.session.scalar(db.select(ExportTemplate)) is None
    doc = Document(io.BytesIO(client.get(_url(full_process, "action-plan")).data))
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_a_file_that_is_not_docx_is_refused_with_a_message(full_process, login_as):
    client = login_as(full_process.coordinator)
    response = client.post(
        _url(full_process, "template"),
        data={"template": (io.BytesIO(b"%PDF-1.4 not a word file"), "letter.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "cannot be opened as a Word document" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(ExportTemplate)) is None
    empty = client.post(_url(full_process, "template"), data={}, content_type="multipart/form-data")
    assert empty.status_code == 400
    assert "Choose a Word file" in empty.get_data(as_text=True)


def test_member_cannot_upload_a_template(full_process, login_as, member):
    from facilitation.models import Role

    client = login_as(member(full_process, Role.MEMBER))
    response = client.post(
        _url(full_process, "template"),
        data={"template": (io.BytesIO(_ministry_template()), "ministry.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
