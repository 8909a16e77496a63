"""A stakeholder import across several server processes (issue 14, point 2): step 1
(upload) on one process, step 2 (columns, confirm) on another behind nginx. Two apps on
one database, each with its own instance folder, stand for the two processes."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from facilitation.extensions import db
from facilitation.jobs.models import QUEUED, Job
from facilitation.mixins import utcnow
from facilitation.pending_uploads import PendingUpload
from tests.conftest import make_test_app

ORGS = "Institution,Kind\n" + "".join(f"Imported body {i},agency\n" for i in range(12))


@pytest.fixture
def second_process(app, app_config, tmp_path, monkeypatch):
    """Another server process of the same site: same database and secret, its own
    instance folder."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "second-instance"))
    other = make_test_app(dict(app_config))
    assert other.instance_path != app.instance_path
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _client_on(application, first_client):
    """A browser's next request reaching ``application``: the same cookies."""
    client = application.test_client()
    cookie = first_client.get_cookie("session")
    client.set_cookie("session", cookie.value)
    return client


def _upload(client, pid, text, kind="organisations"):
    return client.post(
        f"/p/{pid}/stakeholders/import",
        data={"kind": kind, "file": (io.BytesIO(text.encode()), f"{kind}.csv")},
        content_type="multipart/form-data",
    )


def _pending_count() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(PendingUpload))


def test_step_two_on_another_process_finds_the_file(app, demo_context, login_as, second_process):
    pid = demo_context.process.id
    first = login_as(demo_context.users["coordinator"])
    assert _upload(first, pid, ORGS).status_code == 302
    other = _client_on(second_process, first)

    page = other.get(f"/p/{pid}/stakeholders/import/columns")
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text[:400]
    assert "has expired" not in text and "12 rows" in text

    confirmed = other.post(
        f"/p/{pid}/stakeholders/import/columns",
        data={"map-name": "Institution", "map-category": "Kind"},
    )
    assert confirmed.status_code == 302
    job_id = int(re.search(r"/jobs/(\d+)", confirmed.headers["Location"]).group(1))
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert (job.kind, job.status) == ("stakeholder-import", QUEUED)
    # Used: the file no longer waits anywhere, and a second confirm finds nothing.
    assert _pending_count() == 0
    again = first.get(f"/p/{pid}/stakeholders/import/columns")
    assert again.status_code == 302


def test_pending_file_is_the_uploaders_own(app, demo_context, login_as, member, make_user):
    pid = demo_context.process.id
    first = login_as(demo_context.users["coordinator"])
    assert _upload(first, pid, ORGS).status_code == 302
    token = db.session.scalar(db.select(PendingUpload.token))
    # Someone else who learnt the token (it lives in the uploader's signed cookie) gets
    # nothing: the file is tied to its uploader.
    colleague = member(demo_context.process, "coordinator", user=make_user())
    other = login_as(colleague)
    with other.session_transaction() as session:
        session["stakeholder_import"] = token
    response = other.get(f"/p/{pid}/stakeholders/import/columns", follow_redirects=True)
    assert "has expired" in response.get_data(as_text=True)


def test_expired_uploads_are_refused_and_cleaned_up(app, demo_context, login_as, second_process):
    pid = demo_context.process.id
    first = login_as(demo_context.users["coordinator"])
    assert _upload(first, pid, ORGS).status_code == 302
    db.session.execute(db.update(PendingUpload).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()

    other = _client_on(second_process, first)
    response = other.get(f"/p/{pid}/stakeholders/import/columns", follow_redirects=True)
    assert "The uploaded file has expired. Upload it again." in response.get_data(as_text=True)

    # The next upload (anyone's, on any process) deletes every expired file.
    assert _upload(other, pid, ORGS).status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(db.select(PendingUpload)).all()
    assert len(rows) == 1 and rows[0].expires_at > utcnow()


def test_a_new_upload_replaces_the_earlier_one(app, demo_context, login_as):
    pid = demo_context.process.id
    first = login_as(demo_context.users["coordinator"])
    assert _upload(first, pid, ORGS).status_code == 302
    assert _upload(first, pid, "Institution\nOnly one\n").status_code == 302
    assert _pending_count() == 1
    page = first.get(f"/p/{pid}/stakeholders/import/columns").get_data(as_text=True)
    assert "1 row." in page


def test_sizes_are_limited_as_before_and_nothing_is_kept(app, demo_context, login_as):
    pid = demo_context.process.id
    first = login_as(demo_context.users["coordinator"])
    too_many = "Institution\n" + "".join(f"Body {i}\n" for i in range(5001))
    response = _upload(first, pid, too_many)
    assert response.status_code == 400
    assert "5,000" in response.get_data(as_text=True)
    assert _pending_count() == 0
    app.config["MAX_CONTENT_LENGTH"] = 1024
    assert _upload(first, pid, ORGS * 20).status_code == 413
    assert _pending_count() == 0
