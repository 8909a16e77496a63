"""Waiting for a job the way its page does: polling the progress fragment."""

from __future__ import annotations

import re
import time

from facilitation.extensions import db


def wait_for_job(client, location: str, timeout: float = 300.0) -> str:
    """Poll the job page's fragment until the job is done or failed; its last status."""
    fragment = location.rstrip("/") + "/progress"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()  # the test shares one session; a real request starts afresh
        html = client.get(fragment).get_data(as_text=True)
        status = re.search(r'class="job-progress job-(\w+)"', html).group(1)
        if status in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"{location} did not finish")
