"""The real server (`python -m facilitation`, gevent) serves pages and Socket.IO."""

import pytest
import socketio

from facilitation import services

from ..conftest import PASSWORD

pytestmark = pytest.mark.server


def test_real_server_serves_pages_and_socketio(live_server, make_process, make_user):
    process = make_process()
    owner = process.memberships[0].user
    server = live_server()
    session = server.login(owner.email, PASSWORD)
    dashboard = session.get(f"{server.url}/p/{process.id}/")
    assert dashboard.status_code == 200 and process.title in dashboard.text
    assert session.get(f"{server.url}/static/vendor/htmx.min.js").status_code == 200

    # An engine.io handshake answers on the same port (polling transport).
    handshake = session.get(f"{server.url}/socket.io/?EIO=4&transport=polling")
    assert handshake.status_code == 200 and '"sid"' in handshake.text


def test_server_survives_sigkill_and_keeps_committed_data(live_server, make_process, db):
    process = make_process()
    owner = process.memberships[0].user
    server = live_server()
    session = server.login(owner.email, PASSWORD)
    page = session.get(f"{server.url}/p/{process.id}/").text
    assert process.title in page
    server.restart()
    session = server.login(owner.email, PASSWORD)
    assert process.title in session.get(f"{server.url}/p/{process.id}/").text
    assert services.find_user(owner.email) is not None
    assert socketio  # the client library is installed for the socket tests
