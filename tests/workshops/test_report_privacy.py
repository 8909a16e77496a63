"""The session report: nothing to report before the session; each participant's sex
only when a coordinator asks for it."""

from __future__ import annotations

import io

import docx

from .test_views import _run_session


def test_report_of_a_workshop_not_yet_held_is_a_clear_message(plan, client, login_as):
    session = plan()
    login_as(session.users["facilitator"])
    base = f"/p/{session.process.id}/workshops/{session.workshop.id}"
    response = client.get(base + "/report.docx")
    assert response.status_code == 302 and response.headers["Location"].endswith("/records")
    page = client.get(response.headers["Location"]).text
    assert "has not taken place yet" in page


def test_register_gives_sex_only_on_a_coordinators_request(plan, client, login_as):
    session = plan()
    workshop, _people, _ideas = _run_session(session)
    base = f"/p/{session.process.id}/workshops/{workshop.id}"
    login_as(session.users["member"])
    plain = docx.Document(io.BytesIO(client.get(base + "/report.docx").data))
    register = plain.tables[-2] if len(plain.tables) > 1 else plain.tables[0]
    headers = [[c.text for c in t.rows[0].cells] for t in plain.tables]
    assert ["Name", "Institution"] in headers
    assert ["Name", "Institution", "Sex"] not in headers
    assert register is not None
    assert client.get(base + "/report.docx?personal=1").status_code == 403
    login_as(session.users["facilitator"])
    named = docx.Document(io.BytesIO(client.get(base + "/report.docx?personal=1").data))
    assert ["Name", "Institution", "Sex"] in [
        [c.text for c in t.rows[0].cells] for t in named.tables
    ]
