"""What an operator relies on: JSON log lines, and a job whose worker is gone says so."""

from __future__ import annotations

import json
import logging
import sys

from facilitation.jobs import runner
from facilitation.jobs.logs import JsonFormatter
from facilitation.jobs.models import RUNNING, Job


def test_json_log_lines_carry_the_message_and_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "policycycle.jobs", logging.ERROR, __file__, 1, "job %s failed", (7,), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "job 7 failed" and entry["level"] == "ERROR"
    assert "ValueError: boom" in entry["exception"] and "\n" not in line


def test_a_job_left_running_by_a_stopped_worker_says_so(db, make_user, make_process, login_as):
    owner = make_user()
    process = make_process(owner=owner)
    job = Job(
        process_id=process.id,
        user_id=owner.id,
        kind="export",
        params={"kind": "policy"},
        status=RUNNING,
        worker=runner.worker_name().split(":")[0] + ":999999999",
    )
    db.session.add(job)
    db.session.commit()
    client = login_as(owner)
    page = client.get(f"/p/{process.id}/jobs/{job.id}/progress").get_data(as_text=True)
    assert "job-running" in page and "The job worker has not been heard from" in page
    # When a worker starts again, it marks the job failed, and the page says so and stops.
    assert runner.fail_orphans(lambda pid: False) == 1
    db.session.expire_all()
    assert db.session.get(Job, job.id).error == "interrupted"
    page = client.get(f"/p/{process.id}/jobs/{job.id}/progress").get_data(as_text=True)
    assert "job-failed" in page and "The job worker stopped while working on this" in page
    assert "hx-trigger" not in page
