"""The coordinator exports every document of the demo process from the Exports page (each
built by the real job worker, with a progress bar, then downloaded) and uploads the
ministry's template, in the browser, against the real server."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from demo import loader as demo

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


def _export(page, label, tmp_path):
    """Click Export in the document's row, wait for the job, download the file."""
    page.get_by_role("row", name=label).get_by_role("button", name="Export", exact=True).click()
    expect(page.get_by_role("heading", name="Your export")).to_be_visible()
    download = page.get_by_role("link", name="Download", exact=True)
    expect(download).to_be_visible(timeout=90_000)
    with page.expect_download() as info:
        download.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    page.get_by_role("link", name="Back to the exports").click()
    return path


def test_coordinator_exports_every_document_and_sets_a_template(
    live_server, job_worker, app, db, page, tmp_path
):
    demo.load(app)
    server = live_server({"JOBS_SQLITE_PATH": app.config["JOBS_SQLITE_PATH"]})
    _sign_in(page, server)
    page.get_by_role("link", name="Exports", exact=True).click()
    expect(page.get_by_role("heading", name="Exports", exact=True)).to_be_visible()

    # Before the worker runs: the progress bar, and a plain word on why it waits.
    row = page.get_by_role("row", name="Policy document (.docx)")
    row.get_by_role("button", name="Export", exact=True).click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_text("The job worker is not running")).to_be_visible()
    page.screenshot(path=str(tmp_path / "job-waiting.png"), full_page=True)
    job_worker()
    # htmx polls the progress until the file is ready.
    download = page.get_by_role("link", name="Download", exact=True)
    expect(download).to_be_visible(timeout=90_000)
    page.screenshot(path=str(tmp_path / "job-ready.png"), full_page=True)
    with page.expect_download() as info:
        download.click()
    policy = tmp_path / info.value.suggested_filename
    info.value.save_as(policy)
    assert any("Migration" in p.text for p in Document(str(policy)).paragraphs)
    page.get_by_role("link", name="Back to the exports").click()

    for label, ext in list(DOWNLOADS.items())[1:]:  # the policy document is done above
        path = _export(page, label, tmp_path)
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
    expect(page.locator("p.error", has_text="cannot be opened as a Word document")).to_be_visible()

    template = tmp_path / "ministry.docx"
    ministry = Document()
    ministry.styles["Normal"].font.name = "Georgia"
    ministry.save(str(template))
    page.get_by_label("Word template (.docx)").set_input_files(str(template))
    page.get_by_role("button", name="Upload template").click()
    expect(page.get_by_text("The exports use the template ministry.docx")).to_be_visible()
    data = _export(page, "Action plan (.docx)", tmp_path)
    assert Document(io.BytesIO(data.read_bytes())).styles["Normal"].font.name == "Georgia"
    expect(page.get_by_role("heading", name="Your recent exports")).to_be_visible()
    page.screenshot(path=str(tmp_path / "exports.png"), full_page=True)
