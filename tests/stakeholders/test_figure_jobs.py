"""A large map's figure is drawn in the job worker, not in the request (issue 14): the
request returns at once with a job, the job draws the same PNG the request used to, a
failure is a plain message, and the per-user job limit applies."""

from __future__ import annotations

import re
import time

from facilitation.extensions import db
from facilitation.jobs.models import QUEUED, Job
from facilitation.models import Organisation
from stakeholders import figure_jobs


def _wait(client, pid, job_id, timeout=300.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        html = client.get(f"/p/{pid}/jobs/{job_id}/progress").get_data(as_text=True)
        if "job-done" in html or "job-failed" in html:
            return html
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def _job_id(location: str) -> int:
    return int(re.search(r"/jobs/(\d+)", location).group(1))


def test_a_large_maps_figure_is_drawn_in_the_worker(
    app, demo_context, login_as, job_worker, make_process
):
    # The demo register stands in for a large one: above 5 organisations, a job.
    app.config["FIGURE_IN_REQUEST_UP_TO"] = 5
    pid = demo_context.process.id
    client = login_as(demo_context.users["coordinator"])
    page = client.get(f"/p/{pid}/stakeholders/map").get_data(as_text=True)
    assert f'action="/p/{pid}/stakeholders/figures/network/start"' in page
    assert "/stakeholders/figures/network.png" not in page
    grid = client.get(f"/p/{pid}/stakeholders/grid").get_data(as_text=True)
    assert f'action="/p/{pid}/stakeholders/figures/power-interest/start"' in grid

    # No worker: a direct link answers at once and says how to get the image.
    direct = client.get(f"/p/{pid}/stakeholders/figures/network.png")
    assert direct.status_code == 303 and direct.headers["Location"].endswith("/stakeholders/map")
    assert "drawn in the background" in client.get(direct.headers["Location"]).get_data(
        as_text=True
    )

    # Starting it returns at once with a queued job and its page.
    started = client.post(f"/p/{pid}/stakeholders/figures/network/start", data={"dpi": "80"})
    assert started.status_code == 302
    job = db.session.get(Job, _job_id(started.headers["Location"]))
    assert (job.kind, job.status, job.params["dpi"]) == ("figure", QUEUED, 80)
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Your figure" in page and "Back to the stakeholder map" in page

    job_worker()
    html = _wait(client, pid, job.id)
    assert "job-done" in html and "network.png" in html
    download = re.search(r'href="([^"]+/download)"', html).group(1)
    drawn = client.get(download)
    assert drawn.mimetype == "image/png"
    with app.test_request_context():
        in_request = figure_jobs.render(pid, "network", 80, "betweenness")
    assert drawn.data == in_request  # the same figure as the request used to draw

    # With the worker running, a direct link (scripts, bookmarks) still gets the PNG.
    direct = client.get(f"/p/{pid}/stakeholders/figures/power-interest.png?dpi=60")
    assert direct.status_code == 200 and direct.data[:8] == b"\x89PNG\r\n\x1a\n"
    with app.test_request_context():
        assert direct.data == figure_jobs.render(pid, "power-interest", 60, "")

    # A failure is a plain message: an empty register has nothing to draw.
    empty = make_process(owner=demo_context.users["coordinator"])
    db.session.execute(db.delete(Organisation).where(Organisation.process_id == empty.id))
    db.session.commit()
    started = client.post(f"/p/{empty.id}/stakeholders/figures/network/start")
    html = _wait(client, empty.id, _job_id(started.headers["Location"]))
    assert "job-failed" in html and "There is nothing to draw yet" in html
    assert "Traceback" not in html


def test_figure_jobs_count_against_the_users_limit(app, demo_context, login_as):
    app.config.update(FIGURE_IN_REQUEST_UP_TO=5, JOBS_PER_USER=1)
    pid = demo_context.process.id
    client = login_as(demo_context.users["coordinator"])
    first = client.post(f"/p/{pid}/stakeholders/figures/network/start")
    assert "/jobs/" in first.headers["Location"]
    refused = client.post(f"/p/{pid}/stakeholders/figures/power-interest/start")
    assert refused.headers["Location"].endswith("/stakeholders/grid")
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "You already have 1 job under way" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 1


def test_a_small_maps_figure_is_still_drawn_at_once(demo_context, login_as):
    pid = demo_context.process.id
    client = login_as(demo_context.users["coordinator"])
    page = client.get(f"/p/{pid}/stakeholders/map").get_data(as_text=True)
    assert "/stakeholders/figures/network.png" in page
    response = client.get(f"/p/{pid}/stakeholders/figures/network.png?dpi=60")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 0
