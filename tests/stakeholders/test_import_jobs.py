"""A stakeholder file import is written by the job worker (issue 14): the confirming
request checks the file and returns at once with a job; the job imports exactly what the
request used to (all rows or none); a register that changed meanwhile fails plainly; the
per-user job limit applies."""

from __future__ import annotations

import io
import re

from facilitation.extensions import db
from facilitation.jobs.models import QUEUED, Job
from facilitation.models import Organisation
from stakeholders.models import Tie
from tests.stakeholders.jobs import wait_for_job

ORGS = "Institution,Kind\n" + "".join(f"Imported body {i},agency\n" for i in range(40))


def _names(pid) -> set[str]:
    db.session.expire_all()
    return set(
        db.session.scalars(db.select(Organisation.name).where(Organisation.process_id == pid))
    )


def _upload(client, pid, kind, text):
    response = client.post(
        f"/p/{pid}/stakeholders/import",
        data={"kind": kind, "file": (io.BytesIO(text.encode()), f"{kind}.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:400]


def test_import_runs_as_a_job_with_the_same_result(app, demo_context, login_as, job_worker):
    pid = demo_context.process.id
    client = login_as(demo_context.users["coordinator"])
    # A file whose rows no longer fit the register when the worker gets to it imports
    # nothing and says so plainly: someone adds the same organisation meanwhile.
    _upload(client, pid, "organisations", "Institution,Kind\nLate arrival,agency\n")
    late = client.post(
        f"/p/{pid}/stakeholders/import/columns",
        data={"map-name": "Institution", "map-category": "Kind"},
    ).headers["Location"]
    db.session.add(Organisation(process_id=pid, name="Late arrival", category="agency"))
    db.session.commit()
    before = _names(pid)

    _upload(client, pid, "organisations", ORGS)
    confirmed = client.post(
        f"/p/{pid}/stakeholders/import/columns",
        data={"map-name": "Institution", "map-category": "Kind"},
    )
    # At once: a queued job, nothing written yet, the file no longer waiting in the session.
    assert confirmed.status_code == 302
    location = confirmed.headers["Location"]
    job = db.session.get(Job, int(re.search(r"/jobs/(\d+)", location).group(1)))
    assert (job.kind, job.status, job.need) == ("stakeholder-import", QUEUED, "write")
    assert _names(pid) == before
    page = client.get(location).get_data(as_text=True)
    assert "Your import" in page and "Back to the stakeholder register" in page

    job_worker()
    assert wait_for_job(client, late) == "failed"
    page = client.get(late).get_data(as_text=True)
    assert "Nothing was imported: the register changed" in page and "Traceback" not in page
    assert wait_for_job(client, location) == "done"
    page = client.get(location).get_data(as_text=True)
    assert "40 rows imported." in page and "See the register" in page
    assert _names(pid) == before | {f"Imported body {i}" for i in range(40)}
    db.session.expire_all()
    assert "file" not in db.session.get(Job, job.id).params  # the upload is not kept

    # Ties too.
    ties = "From,To,Type\n" + "".join(
        f"Imported body {i},Imported body {i + 1},informs\n" for i in range(39)
    )
    _upload(client, pid, "ties", ties)
    tie_count = db.session.scalar(db.select(db.func.count(Tie.id)).where(Tie.process_id == pid))
    confirmed = client.post(
        f"/p/{pid}/stakeholders/import/columns",
        data={"map-source": "From", "map-target": "To", "map-type": "Type"},
    )
    assert wait_for_job(client, confirmed.headers["Location"]) == "done"
    db.session.expire_all()
    assert (
        db.session.scalar(db.select(db.func.count(Tie.id)).where(Tie.process_id == pid))
        == tie_count + 39
    )


def test_import_jobs_count_against_the_users_limit(app, demo_context, login_as):
    app.config["JOBS_PER_USER"] = 1
    pid = demo_context.process.id
    client = login_as(demo_context.users["coordinator"])
    client.post(f"/p/{pid}/stakeholders/figures/network/start")  # one job under way
    _upload(client, pid, "organisations", ORGS)
    refused = client.post(
        f"/p/{pid}/stakeholders/import/columns",
        data={"map-name": "Institution", "map-category": "Kind"},
    )
    assert refused.status_code == 200
    assert "You already have 1 job under way" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 1
