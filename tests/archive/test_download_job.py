"""The coordinator's download: a job whose file is the archive, for managers only."""

import io
import zipfile

from facilitation.extensions import db
from facilitation.jobs import runner
from facilitation.jobs.models import Job
from facilitation.models import AuditEvent, Role


def test_coordinator_downloads_the_archive_through_a_job(
    app, rich_process, make_user, member, login_as, client
):
    pid = rich_process.id
    coordinator = member(rich_process, Role.COORDINATOR, user=make_user())
    login_as(coordinator)
    page = client.get(f"/p/{pid}/archive/")
    assert page.status_code == 200 and b"Prepare the archive" in page.data
    started = client.post(f"/p/{pid}/archive/start")
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    job_id = db.session.scalars(db.select(Job.id).where(Job.kind == "archive")).one()
    runner.run(job_id)  # what the worker does (it ends its session)
    job = db.session.get(Job, job_id)
    assert job.status == "done", job.error
    download = client.get(f"/p/{pid}/jobs/{job.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        assert "manifest.json" in archive.namelist()
    assert db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.process_id == pid, AuditEvent.action == "archive")
    ).one()

    # a member may neither start one nor fetch the file: it holds personal data
    from facilitation.models import Process

    writer = member(db.session.get(Process, pid), Role.MEMBER, user=make_user())
    login_as(writer)
    assert client.post(f"/p/{pid}/archive/start").status_code == 403
    assert client.get(f"/p/{pid}/jobs/{job.id}/download").status_code == 403
