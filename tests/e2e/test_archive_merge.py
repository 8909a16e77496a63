"""A coordinator merges a laptop's archive back in the browser: upload, the preview job's
progress, a choice for the row changed on both sides, the merge (real server, real job
worker, Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from facilitation.extensions import db as _db
from facilitation.models import Organisation, Role
from tests.archive.conftest import rich_process  # noqa: F401 (fixture)
from tests.archive.test_merge import story  # noqa: F401 (fixture)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_coordinator_merges_a_laptop_archive(
    live_server,
    job_worker,
    app,
    story,  # noqa: F811 (the fixture imported above)
    member,
    make_user,
    page,
    tmp_path,
):
    pid = story["server"].id
    member(story["server"], Role.COORDINATOR, user=make_user(email="coord@merge.test"))
    path = tmp_path / "laptop.pcarchive.zip"
    path.write_bytes(story["archive"])
    server = live_server({"JOBS_SQLITE_PATH": app.config["JOBS_SQLITE_PATH"]})
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coord@merge.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/p/{pid}/archive/")
    page.get_by_role("link", name="Merge an archive back").click()
    page.get_by_label("Archive to merge back (.zip)").set_input_files(str(path))
    page.get_by_role("button", name="Prepare the preview").click()
    # The preview is a job: its progress shows, and says plainly why it waits.
    expect(page.get_by_role("status")).to_contain_text("worker is not running")
    job_worker()
    expect(page.get_by_role("heading", name="What the merge changes")).to_be_visible(timeout=90_000)
    expect(page.locator("#merge-counts")).to_contain_text("Organisation")
    conflict = page.locator("fieldset.merge-conflict")
    expect(conflict).to_contain_text("Ministry of Labour")
    page.screenshot(path=str(tmp_path / "merge-preview.png"), full_page=True)
    conflict.get_by_label("Take the archive's version").check()
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text("Merged.")).to_be_visible(timeout=90_000)  # the merge is a job
    _db.session.expire_all()
    mandate = _db.session.scalar(
        _db.select(Organisation.mandate).where(
            Organisation.process_id == pid, Organisation.name == "Ministry of Labour"
        )
    )
    assert mandate == "Laptop mandate"
