"""The coordinator downloads every export of the demo process from the Exports page and
uploads the ministry's template, in the browser, against the real server."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from facilitation import demo

pytestmark = pytest.mark.browser

DOWNLOADS = {
    "Policy document (.docx)": "docx",
    "Action plan (.docx)": "docx",
    "Action plan (.xlsx)": "xlsx",
    "Multi-criteria analysis (.xlsx)": "xlsx",
    "Consultation report (.docx)": "docx",
}


def _sign_in(page, server):
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="National Migration and Citizenship Policy 2027–2031").click()


def test_coordinator_downloads_every_export_and_sets_a_template(
    live_server, app, db, page, tmp_path
):
    demo.load(app)
    server = live_server()
    _sign_in(page, server)
    page.get_by_role("link", name="Exports", exact=True).click()
    expect(page.get_by_role("heading", name="Exports", exact=True)).to_be_visible()

    for label, ext in DOWNLOADS.items():
        row = page.get_by_role("row", name=label)
        with page.expect_download() as info:
            row.get_by_role("link", name="Download", exact=True).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.suffix == f".{ext}"
        if ext == "docx":
            assert Document(str(path)).paragraphs, label
        else:
            assert load_workbook(str(path)).sheetnames, label

    # A file that is not a Word document is refused with a plain message.
    bad = tmp_path / "letter.docx"
    bad.write_bytes(b"this is not a word file")
    page.get_by_label("Word template (.docx)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload template").click()
    expect(page.get_by_text("cannot be opened as a Word document")).to_be_visible()

    template = tmp_path / "ministry.docx"
    ministry = Document()
    ministry.styles["Normal"].font.name = "Georgia"
    ministry.save(str(template))
    page.get_by_label("Word template (.docx)").set_input_files(str(template))
    page.get_by_role("button", name="Upload template").click()
    expect(page.get_by_text("The exports use the template ministry.docx")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("row", name="Action plan (.docx)").get_by_role(
            "link", name="Download", exact=True
        ).click()
    data = tmp_path / "after.docx"
    info.value.save_as(data)
    assert Document(io.BytesIO(data.read_bytes())).styles["Normal"].font.name == "Georgia"
    page.screenshot(path=str(tmp_path / "exports.png"), full_page=True)
