"""A Word template that inflates far beyond its size is refused at upload, and one stored
before the check is ignored at export (issue 13: a 1 MB template inflating to 1 GiB cost
13 s per export)."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from drafting.export import docx_base as dx
from drafting.export.models import ExportTemplate
from facilitation.extensions import db


def inflating_template(inflated: int) -> bytes:
    """A valid .docx plus a media part of ``inflated`` zero bytes (~1/1000 compressed)."""
    out = io.BytesIO()
    Document().save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            package.writestr(item, source.read(item))
        with package.open("word/media/image1.bin", "w") as part:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated // len(chunk)):
                part.write(chunk)
    return bomb.getvalue()


def test_inflating_template_is_refused_with_a_message(full_process, login_as):
    data = inflating_template(dx.MAX_TEMPLATE_INFLATED * 4)
    assert len(data) < 1024 * 1024
    client = login_as(full_process.coordinator)
    response = client.post(
        f"/p/{full_process.id}/exports/template",
        data={"template": (io.BytesIO(data), "ministry.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "once opened" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(ExportTemplate)) is None


def test_a_stored_inflating_template_falls_back_to_the_reference(full_process, login_as):
    data = inflating_template(dx.MAX_TEMPLATE_INFLATED * 2)
    db.session.add(
        ExportTemplate(process_id=full_process.id, filename="old.docx", data=data, size=len(data))
    )
    db.session.commit()
    client = login_as(full_process.coordinator)
    response = client.get(f"/p/{full_process.id}/exports/action-plan")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.data))
    assert doc.styles["Normal"].font.name == "Times New Roman"  # the reference look
