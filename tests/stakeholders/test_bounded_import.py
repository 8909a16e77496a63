"""Hostile upload files: the import refuses them quickly, with a field-level message,
without building the sheet in memory (issue 13, "A 5 KB .xlsx exhausts memory")."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile

import pytest

from stakeholders import importing

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def huge_sheet_xlsx() -> bytes:
    """~1 KB: a sheet declaring A1:XFD1048576, a header and one cell in the last row."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def inflating_xlsx(inflated: int) -> bytes:
    """A workbook whose sheet part inflates to ``inflated`` bytes of blank XML."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with package.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(head.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def test_the_crafted_workbook_is_small():
    assert len(huge_sheet_xlsx()) < 5 * 1024


def test_huge_declared_sheet_is_refused_under_a_memory_cap():
    """In a child process capped at 1.5 GB of address space: building the declared
    sheet would need gigabytes, so only a streaming, bounded read gets the message."""
    script = textwrap.dedent(
        """
        import resource, sys
        from tests.stakeholders.test_bounded_import import huge_sheet_xlsx
        from facilitation.app import create_app
        from stakeholders import importing
        data = huge_sheet_xlsx()
        app = create_app({"TESTING": True, "SECRET_KEY": "x",
                          "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        cap = 1536 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        with app.test_request_context():
            try:
                importing.read_table("bomb.xlsx", data)
            except importing.UnreadableFile as exc:
                print("REFUSED:", exc)
                sys.exit(0)
        print("ACCEPTED")
        sys.exit(3)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "more than 5,000 rows" in done.stdout


def test_workbook_that_inflates_beyond_the_limit_is_refused(app):
    data = inflating_xlsx(importing.MAX_XLSX_INFLATED + 1024 * 1024)
    assert len(data) < 200 * 1024
    with app.test_request_context(), pytest.raises(importing.UnreadableFile) as refused:
        importing.read_table("big.xlsx", data)
    assert "too large once opened" in str(refused.value)


def test_too_many_columns_is_refused(app):
    row = ",".join(f"c{i}" for i in range(importing.MAX_COLUMNS + 5))
    with app.test_request_context(), pytest.raises(importing.UnreadableFile) as refused:
        importing.read_table("wide.csv", (row + "\n" + row + "\n").encode())
    assert "more than 100 columns" in str(refused.value)


def test_binary_file_named_csv_is_refused_clearly(app):
    data = bytes(range(256)) * 40
    with app.test_request_context(), pytest.raises(importing.UnreadableFile) as refused:
        importing.read_table("photo.csv", data)
    assert "not a text (CSV) file" in str(refused.value)
    with app.test_request_context(), pytest.raises(importing.UnreadableFile) as refused:
        importing.read_table("book.csv", huge_sheet_xlsx())
    assert "not a CSV" in str(refused.value)


def test_cr_only_line_ends_are_read_as_rows(app):
    data = b"Name;Category\rMinistry of Labour;ministry\rRefugee Council;civil society\r"
    with app.test_request_context():
        header, rows = importing.read_table("old-mac.csv", data)
    assert header == ["Name", "Category"]
    assert rows == [["Ministry of Labour", "ministry"], ["Refugee Council", "civil society"]]


def test_unbalanced_quote_is_a_message_not_a_crash(app):
    data = b'Name\n"Ministry of Labour\n' + b"x" * (200 * 1024)
    with app.test_request_context():
        try:
            header, rows = importing.read_table("odd.csv", data)
        except importing.UnreadableFile:
            return
    assert header == ["Name"]


def test_upload_page_shows_the_limit_on_the_file_field(url, demo_context, coordinator_client):
    pid = demo_context.process.id
    response = coordinator_client.post(
        url("stakeholders.import_upload", process_id=pid),
        data={"kind": "organisations", "file": (io.BytesIO(huge_sheet_xlsx()), "orgs.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "more than 5,000 rows" in text
    response = coordinator_client.post(
        url("stakeholders.import_upload", process_id=pid),
        data={"kind": "organisations", "file": (io.BytesIO(b"\x00\x01\x02" * 500), "o.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "not a text (CSV) file" in response.get_data(as_text=True)
