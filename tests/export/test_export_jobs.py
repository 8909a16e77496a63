"""Exports as jobs in the real worker process: progress, the file, no draft version
unless asked, a plain failure, the per-user limit, and a worker that is not running."""

from __future__ import annotations

import io
import re
import time

from docx import Document

from drafting import services as drafting_services
from drafting.models import DraftVersion
from facilitation.extensions import db
from facilitation.jobs.models import Job


def _start(client, process, **form):
    response = client.post(f"/p/{process.id}/exports/start", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _job_id(location: str) -> int:
    return int(re.search(r"/jobs/(\d+)", location).group(1))


def _wait(client, process, job_id, timeout=300.0) -> tuple[str, list[str]]:
    """Poll the fragment the page polls until the job is finished; the statuses seen."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()  # the test shares one session; a real request starts afresh
        html = client.get(f"/p/{process.id}/jobs/{job_id}/progress").get_data(as_text=True)
        status = re.search(r'class="job-progress job-(\w+)"', html).group(1)
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in ("done", "failed"):
            return html, seen
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {seen}")


def _versions() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(DraftVersion))


def test_export_runs_in_the_worker_and_records_a_version_only_when_asked(
    full_process, login_as, job_worker, app
):
    drafting_services.create_draft(
        full_process.id, full_process.owner, "National policy text", "policy", ["Introduction"]
    )
    db.session.commit()
    client = login_as(full_process.coordinator)
    # No worker yet: the job waits, and the page says why in plain words.
    location = _start(client, full_process, kind="policy")
    page = client.get(location).get_data(as_text=True)
    assert "job-queued" in page and "The job worker is not running" in page
    assert client.get("/health").get_json()["worker"] == "down"

    job_worker()
    health = client.get("/health").get_json()  # one answer: its age moves between two
    assert health == {
        "status": "ok",
        "database": "ok",
        "worker": "ok",
        "worker_seen_seconds_ago": health["worker_seen_seconds_ago"],
        "queue": "sqlite",
    }
    assert 0 <= health["worker_seen_seconds_ago"] < 60
    html, seen = _wait(client, full_process, _job_id(location))
    assert seen[0] in ("queued", "running") and seen[-1] == "done", seen
    assert set(seen) <= {"queued", "running", "done"}
    download = re.search(r'href="([^"]+/download)"', html).group(1)
    response = client.get(download)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    doc = Document(io.BytesIO(response.data))
    assert any(p.text == "National Migration Policy 2026–2030" for p in doc.paragraphs)
    assert _versions() == 0  # an export alone adds nothing to the draft's history

    # Asked for: the exported text is kept as a version; the observer may not ask.
    observer = login_as(full_process.observer)
    assert (
        observer.post(
            f"/p/{full_process.id}/exports/start", data={"kind": "policy", "record_version": "1"}
        ).status_code
        == 403
    )
    client = login_as(full_process.coordinator)
    location = _start(client, full_process, kind="policy", record_version="1")
    _html, seen = _wait(client, full_process, _job_id(location))
    assert seen[-1] == "done" and _versions() == 1

    # A direct download link, while the worker runs, is built there too.
    before = db.session.scalar(db.select(db.func.count()).select_from(Job))
    workbook = client.get(f"/p/{full_process.id}/exports/action-plan-xlsx")
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == before + 1

    # A failure is a plain message on the page, never a page that waits for ever.
    job_worker_failure = Job(
        process_id=full_process.id, user_id=full_process.coordinator.id, kind="no-such-work"
    )
    db.session.add(job_worker_failure)
    db.session.commit()
    from facilitation.jobs import services as jobs

    with app.test_request_context():
        jobs.enqueue(job_worker_failure)
    html, seen = _wait(client, full_process, job_worker_failure.id)
    assert seen[-1] == "failed" and "Something went wrong on the server" in html
    assert "Traceback" not in html


def test_pdf_without_libreoffice_fails_plainly(full_process, login_as, job_worker):
    job_worker({"SOFFICE_PATH": "/nonexistent/soffice"})
    client = login_as(full_process.observer)
    location = _start(client, full_process, kind="action-plan", format="pdf")
    html, seen = _wait(client, full_process, _job_id(location))
    assert seen[-1] == "failed"
    assert "PDF export needs LibreOffice on the server" in html


def test_jobs_per_user_are_limited_and_results_stay_in_the_process(
    full_process, login_as, app, make_process, member
):
    app.config["JOBS_PER_USER"] = 2
    client = login_as(full_process.observer)
    first = _start(client, full_process, kind="action-plan-xlsx")
    _start(client, full_process, kind="mca-xlsx")
    refused = client.post(
        f"/p/{full_process.id}/exports/start", data={"kind": "policy"}, follow_redirects=True
    )
    assert "You already have 2 jobs under way" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 2
    # Someone else is not held back by this person's jobs.
    _start(login_as(full_process.coordinator), full_process, kind="policy")
    # A member of another process does not see this process's jobs; nor by its own URL.
    other = make_process()
    stranger = member(other)
    client = login_as(stranger)
    assert client.get(first).status_code == 404
    assert client.get(f"/p/{other.id}/jobs/{_job_id(first)}").status_code == 404
    # The scorers' names are for those who may ask for them.
    coordinator = login_as(full_process.coordinator)
    personal = _start(coordinator, full_process, kind="mca-xlsx", personal="1")
    assert login_as(full_process.observer).get(personal).status_code == 403


def test_cli_export_shows_progress_on_a_terminal(app, full_process, tmp_path):
    """`policycycle export` in a real terminal (a pty): a progress bar to 100 %."""
    import os
    import pty
    import subprocess
    import sys

    db.session.commit()
    (tmp_path / "cli-instance").mkdir()
    out = tmp_path / "plan.xlsx"
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_PATH": str(tmp_path / "cli-instance"),
        "SECRET_KEY": "cli-secret",
    }
    terminal, tty = pty.openpty()
    command = "from facilitation.cli import cli; cli()"
    args = ["export", "action-plan-xlsx", "--process", str(full_process.id), "--out", str(out)]
    process = subprocess.Popen(
        [sys.executable, "-c", command, *args], env=env, stdout=subprocess.PIPE, stderr=tty
    )
    os.close(tty)
    screen = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the command closed its end
            break
        if not chunk:
            break
        screen += chunk
    os.close(terminal)
    printed, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    text = screen.decode(errors="replace")
    assert "100%" in text and "Ready" in text, text
    assert b"Wrote" in printed and out.stat().st_size > 0
