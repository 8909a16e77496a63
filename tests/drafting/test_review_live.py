"""Accepting a Word reviewer's tracked change through the real co-editing server: the
change is applied as a CRDT update in the room, so an editor connected over Socket.IO
sees it live, and the reviewer's comment arrives anchored to the same words.

The import itself runs in a real job worker (another process, no Redis): the worker
writes the anchors to the draft's log, and the server's open room catches up when the
server sees the job done (``facilitation.jobs.follow_up``: nobody needs to watch the job's
page), so the connected editor sees them without reconnecting."""

from __future__ import annotations

import re

import pytest
import requests

from tests.jobs.worker import WorkerProcess

from .live import LiveServer, prepare_database
from .review_files import comment, open_docx, save, track_replace
from .yclient import YClient, wait_until

pytestmark = [pytest.mark.server, pytest.mark.slow]

PARAGRAPH = "The ministry shall publish migration data every year."


def _session(server, cookie: str) -> requests.Session:
    session = requests.Session()
    session.headers["Cookie"] = cookie
    return session


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_accepting_a_suggestion_reaches_connected_editors(tmp_path):
    server = LiveServer(tmp_path / "server")
    world = prepare_database(server.db_url, writers=2)
    editor = None
    instance = server.workdir / "instance"
    worker = WorkerProcess(
        server.db_url, str(instance / "jobs.sqlite3"), str(server.workdir / "worker-instance")
    )
    try:
        server.start(timeout=180)  # a loaded machine can take long to import the app
        worker.start(
            lambda: requests.get(f"{server.url}/health", timeout=5).json()["worker"] == "ok"
        )
        coordinator = server.login(world.emails["writer0"])
        editor = YClient(
            server.url, server.login(world.emails["writer1"]), world.process_id, world.draft_id
        )
        editor.connect()
        assert editor.wait_synced(10)
        assert wait_until(lambda: "Introduction" in str(editor.fragment))
        editor.add_paragraph(PARAGRAPH)  # typed under the "Introduction" heading
        # Another client sees it: the server has saved it (it saves before relaying).
        witness = YClient(server.url, coordinator, world.process_id, world.draft_id).connect()
        try:
            assert wait_until(lambda: PARAGRAPH in str(witness.fragment))
        finally:
            witness.disconnect()
        base = f"{server.url}/p/{world.process_id}/drafts/{world.draft_id}"
        http = _session(server, coordinator)
        copy = http.get(f"{base}/review/copy", timeout=30)
        assert copy.status_code == 200
        document = open_docx(copy.content)
        assert PARAGRAPH in "\n".join(p.text for p in document.paragraphs)
        comment(document, PARAGRAPH, "migration data", "Which sources?")
        track_replace(document, PARAGRAPH, "every year", "twice a year")
        page = http.get(f"{base}/review", timeout=10).text
        imported = http.post(
            f"{base}/review",
            data={
                "csrf_token": _token(page),
                "reviewer": "Ana Reviewer",
                "organisation": "EU Delegation",
                "category": "development_partner",
            },
            files={"file": ("returned.docx", save(document))},
            timeout=60,
            allow_redirects=False,
        )
        assert imported.status_code == 302, imported.text[-2000:]
        job_page = imported.headers["Location"]
        assert "/jobs/" in job_page
        progress = (server.url if job_page.startswith("/") else "") + job_page + "/progress"
        # Nobody looks at the job's page (the reviewer may have closed the tab): the server
        # follows the finished job up by itself, and its room catches up from the log.
        # The comment's anchor reaches the connected editor as a comment mark.
        assert wait_until(
            lambda: "comment" in str(editor.fragment) and "migration data" in str(editor.fragment),
            timeout=120,
            step=0.5,
        ), worker.log()[-3000:]
        assert "job-done" in http.get(progress, timeout=10).text
        panel = http.get(f"{base}/suggestions", timeout=10).text
        suggestion_id = re.search(r'id="suggestion-(\d+)"', panel).group(1)
        editor_page = http.get(base, timeout=10).text
        accepted = http.post(
            f"{base}/suggestions/{suggestion_id}/accept",
            data={"csrf_token": _token(editor_page)},
            timeout=30,
            allow_redirects=False,
        )
        assert accepted.status_code == 302
        assert wait_until(lambda: "data</comment> twice a year." in str(editor.fragment))
        assert "every year" not in str(editor.fragment)
        assert not editor.errors and not editor.refusals
        # A newcomer loads the same accepted text from the server's log.
        newcomer = YClient(server.url, coordinator, world.process_id, world.draft_id).connect()
        try:
            assert newcomer.wait_synced(10)
            assert wait_until(lambda: "twice a year" in str(newcomer.fragment))
        finally:
            newcomer.disconnect()
    finally:
        if editor is not None:
            editor.disconnect()
        worker.stop()
        server.stop()
