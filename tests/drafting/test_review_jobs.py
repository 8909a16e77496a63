"""The Word review import is a job (issue 14): the page returns at once with the job's
page; a real worker parses the file, stores the remarks and anchors the comments in the
draft's log; the web process's open room catches up from the log when the job's page
sees the job done, so people in the draft see the anchors without reloading; a refused
file fails plainly; the per-user job limit applies."""

from __future__ import annotations

import re

from drafting import rooms
from drafting.models import DraftComment
from drafting.review.models import DraftReview
from facilitation.extensions import db
from facilitation.jobs.models import QUEUED, Job
from stakeholders.models import ConsultationInput
from tests.stakeholders.jobs import wait_for_job

from .test_review import _commented, _copy, _returned, _send, setup  # noqa: F401 (fixture)


def _job(location: str) -> Job:
    db.session.expire_all()
    return db.session.get(Job, int(re.search(r"/jobs/(\d+)", location).group(1)))


def test_upload_job_result_page_and_the_open_room_catches_up(
    setup,  # noqa: F811 (the fixture imported above)
    job_worker,
):
    process, draft, client = setup
    pid, draft_id = process.id, draft.id
    returned = _returned(_copy(client, process, draft))
    # Someone has the draft open in this web process: its room is loaded here.
    room = rooms.get_room(pid, draft_id)
    assert _commented(room.doc) == {}

    refused = _send(client, process, draft, b"%PDF-1.4 not a docx")
    sent = _send(client, process, draft, returned)
    # At once: a queued job holding the file, nothing imported yet.
    assert sent.status_code == 302 and "/jobs/" in sent.headers["Location"]
    job = _job(sent.headers["Location"])
    assert (job.kind, job.status, job.need) == ("review-import", QUEUED, "write")
    assert DraftReview.query.count() == 0
    waiting = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Your Word review import" in waiting and "Back to the Word review" in waiting

    job_worker()
    # A file that is not a Word document: a plain message, nothing saved.
    assert wait_for_job(client, refused.headers["Location"]) == "failed"
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "This is not a Word document (.docx)." in page and "Traceback" not in page

    assert wait_for_job(client, sent.headers["Location"]) == "done"
    # The poll that saw it done made this process's open room take the anchors from the
    # log the worker wrote: the same room object, not a reload.
    assert rooms.registry().peek((pid, draft_id)) is room
    threads = [str(c.id) for c in DraftComment.query.filter_by(draft_id=draft_id, parent_id=None)]
    assert {_commented(room.doc)[i] for i in threads} == {"migration data", "by half"}
    # The job's page then sends the reader on to the result page, as the import did.
    done = client.get(sent.headers["Location"])
    assert done.status_code == 302 and "/review/" in done.headers["Location"]
    result = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Returned copy from Ana Reviewer" in result
    assert "Every remark found its place in the text." in result
    assert ConsultationInput.query.count() == 4
    assert "file" not in _job(sent.headers["Location"]).params  # the upload is not kept


def test_names_are_checked_at_once_and_the_job_limit_applies(
    setup,  # noqa: F811 (the fixture imported above)
    app,
):
    process, draft, client = setup
    returned = _returned(_copy(client, process, draft))
    nameless = _send(client, process, draft, returned, reviewer=" ", org="")
    assert nameless.status_code == 400
    assert "Write the name of the person" in nameless.get_data(as_text=True)
    app.config["JOBS_PER_USER"] = 1
    assert _send(client, process, draft, returned).status_code == 302
    second = _send(client, process, draft, returned)
    assert second.status_code == 400
    assert "You already have 1 job under way." in second.get_data(as_text=True)
    assert Job.query.count() == 1


def test_a_command_line_import_reaches_the_room_open_in_a_web_process(
    setup,  # noqa: F811 (the fixture imported above)
    app,
    tmp_path,
):
    """`policycycle review import` runs in a process of its own: it records a finished
    review-import job, and the web process's follow-up brings the anchors the command
    wrote into the room open there (without Redis, nothing else would)."""
    from datetime import timedelta

    from facilitation.jobs.follow_up import FollowUp
    from facilitation.jobs.models import DONE
    from facilitation.mixins import utcnow

    process, draft, client = setup
    pid, draft_id = process.id, draft.id
    path = tmp_path / "returned.docx"
    path.write_bytes(_returned(_copy(client, process, draft)))
    room = rooms.get_room(pid, draft_id)  # someone is editing in the web process
    watcher = FollowUp(utcnow() - timedelta(seconds=1))
    web_rooms = app.extensions["drafting_rooms"]
    app.extensions["drafting_rooms"] = None  # the command's process has rooms of its own
    try:
        result = app.test_cli_runner().invoke(
            args=["review", "import", "--process", pid, "--draft", draft_id]
            + ["--file", str(path), "--reviewer", "Ana Reviewer"]
            + ["--organisation", "EU Delegation"]
        )
    finally:
        app.extensions["drafting_rooms"] = web_rooms
    assert result.exit_code == 0, result.output
    assert _commented(room.doc) == {}  # the web process's room has not heard

    job = db.session.scalar(db.select(Job).where(Job.process_id == pid))
    assert (job.kind, job.status, job.params) == ("review-import", DONE, {"draft_id": draft_id})
    assert watcher.run_once() == 1
    assert rooms.registry().peek((pid, draft_id)) is room
    threads = [str(c.id) for c in DraftComment.query.filter_by(draft_id=draft_id, parent_id=None)]
    assert {_commented(room.doc)[i] for i in threads} == {"migration data", "by half"}
