"""A repeat load of an unchanged stage page is answered 304, unrendered (issue 18).

facilitation/change_stamp.py counts committed writes; facilitation/page_validators.py makes
a stage page's ETag of that count, the reader, the language, the day and the build. These
tests hold it to "a copy may be newer than its tag, never older": every way of writing
moves the stamp, and every input of the page changes the tag.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from freezegun import freeze_time
from sqlalchemy import text

from demo import loader as demo
from facilitation import change_stamp
from facilitation.models import Membership, Process, Role, User

from ..access import sign_in
from .test_early_headers import marked_page_paths, same_page


def _coordinator(db) -> User:
    return db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))


def _stamp(db) -> int:
    db.session.rollback()  # a fresh read, outside the test's own transaction
    return change_stamp.current()


def _rename(db, process: Process, title: str) -> None:
    process.title = title
    db.session.commit()


# -- the stamp ---------------------------------------------------------------------------


def test_every_way_of_writing_moves_the_stamp_and_reading_does_not(app, db, make_user):
    before = _stamp(db)
    assert before is not None
    make_user()  # the ORM: add, flush, commit
    after_orm = _stamp(db)
    assert after_orm > before
    with db.engine.begin() as conn:  # Core on its own connection (the co-editing log's way)
        conn.execute(
            User.__table__.update()
            .where(User.id == db.session.scalar(db.select(User.id)))
            .values(name="Renamed through Core")
        )
    after_core = _stamp(db)
    assert after_core > after_orm
    with db.engine.begin() as conn:  # a statement as text
        conn.exec_driver_sql("UPDATE user_account SET name = 'Plain SQL' WHERE id > 0")
    after_text = _stamp(db)
    assert after_text > after_core
    with db.engine.begin() as conn:
        conn.execute(text("SELECT count(*) FROM user_account")).scalar()
    db.session.scalars(db.select(User)).all()
    db.session.commit()  # a commit that wrote nothing
    assert _stamp(db) == after_text
    db.session.add(User(email="gone@example.org", name="Gone", password_hash="-"))
    db.session.flush()  # written, then taken back
    db.session.rollback()
    assert _stamp(db) == after_text


def test_a_write_committed_by_another_process_moves_the_stamp(app, db):
    """The worker and other server processes write through their own engines."""
    before = _stamp(db)
    script = textwrap.dedent(
        f"""
        from facilitation.app import create_app
        from facilitation.extensions import db
        from facilitation.models import Process
        app = create_app({{"SQLALCHEMY_DATABASE_URI": {app.config["SQLALCHEMY_DATABASE_URI"]!r},
                          "SECRET_KEY": "x", "TESTING": True}})
        with app.app_context():
            db.session.add(Process(title="Elsewhere", country="Testland", language="en"))
            db.session.commit()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert _stamp(db) > before


# -- the page's tag ----------------------------------------------------------------------


def test_every_marked_page_is_answered_304_until_something_is_written(
    app, db, client, demo_process
):
    tags = {}
    for endpoint, path in marked_page_paths(app, demo_process.id).items():
        page = client.get(path)
        assert page.status_code == 200, endpoint
        tag = page.headers["ETag"]
        assert tag.startswith('W/"'), endpoint
        assert page.headers["Cache-Control"] == "private, no-cache", endpoint
        again = client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304, endpoint
        assert again.get_data() == b"", endpoint
        assert again.headers["ETag"] == tag, endpoint
        assert again.headers["Content-Security-Policy"] == page.headers["Content-Security-Policy"]
        tags[path] = tag
    _rename(db, demo_process, "A title written after the pages were read")
    for path, tag in tags.items():
        page = client.get(path, headers={"If-None-Match": tag})
        assert page.status_code == 200, path
        assert "A title written after the pages were read" in page.get_data(as_text=True), path
        assert page.headers["ETag"] != tag, path


def test_the_tag_is_the_readers_own(app, db, client, demo_process, make_user):
    path = f"/p/{demo_process.id}/agenda"
    tag = client.get(path).headers["ETag"]
    # Nobody signed in: the sign-in page, not the coordinator's copy.
    stranger = app.test_client()
    assert stranger.get(path, headers={"If-None-Match": tag}).status_code == 302
    # Another member: their own page (their name in the top bar), not a 304.
    observer = make_user(name="Olive Observer")
    db.session.add(Membership(process_id=demo_process.id, user_id=observer.id, role=Role.OBSERVER))
    db.session.commit()
    tag = client.get(path).headers["ETag"]  # the coordinator's tag after that write
    other = app.test_client()
    sign_in(other, observer)
    theirs = other.get(path, headers={"If-None-Match": tag})
    assert theirs.status_code == 200
    assert "Olive Observer" in theirs.get_data(as_text=True)
    # A user who is not a member gets the same 404 with or without a tag.
    outsider = make_user()
    outside = app.test_client()
    sign_in(outside, outsider)
    tag = client.get(path).headers["ETag"]
    assert outside.get(path, headers={"If-None-Match": tag}).status_code == 404


def test_the_next_day_renders_the_page_again(app, db, client, demo_process):
    """Overdue actions and "today" on the Gantt chart move at midnight, with no write."""
    path = f"/p/{demo_process.id}/action-plan/gantt"
    coordinator = _coordinator(db)
    evening = datetime.combine(datetime.now().date(), datetime.min.time()) + timedelta(hours=23)
    with freeze_time(evening) as clock:
        sign_in(client, coordinator)  # a session well within its 12 hours
        tag = client.get(path).headers["ETag"]
        clock.tick(timedelta(minutes=50))
        assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
        clock.tick(timedelta(minutes=20))  # past midnight
        assert client.get(path, headers={"If-None-Match": tag}).status_code == 200


def test_a_new_language_or_a_flash_render_the_page_again(app, db, client, demo_process):
    path = f"/p/{demo_process.id}/agenda"
    page = client.get(path)
    tag = page.headers["ETag"]
    assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    # A message waiting to be shown: the page is rendered, and shows it once.
    with client.session_transaction() as stored:
        stored["_flashes"] = [("message", "Saved for the next page.")]
    flashed = client.get(path, headers={"If-None-Match": tag})
    assert flashed.status_code == 200
    assert "Saved for the next page." in flashed.get_data(as_text=True)
    assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    # The browser's language decides where the user chose none and the process's language
    # is not one the toolkit speaks: nothing written, only the request differs.
    demo_process.language = "de"
    db.session.commit()
    english = client.get(path, headers={"Accept-Language": "en"})
    french = client.get(
        path, headers={"Accept-Language": "fr", "If-None-Match": english.headers["ETag"]}
    )
    assert french.status_code == 200
    assert '<html lang="fr">' in french.get_data(as_text=True)


def test_no_tag_with_a_query_for_htmx_or_on_unmarked_pages(app, client, demo_process):
    path = f"/p/{demo_process.id}/agenda"
    for response in (
        client.get(path + "?page=1"),
        client.get(path, headers={"HX-Request": "true"}),
        client.get(f"/p/{demo_process.id}/members"),
    ):
        assert response.status_code == 200
        assert "ETag" not in response.headers
        assert response.headers.get("Cache-Control") != "private, no-cache"


def test_no_stage_page_shows_the_time_of_day(app, db, client, demo_process):
    """The tag holds the day, not the hour: a page rendered in the morning must be the page
    of the evening, byte for byte (CSRF tokens aside), with nothing written in between."""
    paths = marked_page_paths(app, demo_process.id)
    day = datetime.now().date()
    coordinator = _coordinator(db)

    def render(hour: int) -> dict[str, str]:
        with freeze_time(datetime(day.year, day.month, day.day, hour, 1, 2)):
            sign_in(client, coordinator)  # a session of that hour
            pages = {endpoint: client.get(path) for endpoint, path in paths.items()}
            assert {page.status_code for page in pages.values()} == {200}
            return {e: same_page(page.get_data(as_text=True)) for e, page in pages.items()}

    morning, evening = render(0), render(23)
    for endpoint in paths:
        assert morning[endpoint] == evening[endpoint], endpoint


def test_the_real_server_answers_304_on_a_kept_alive_connection(demo_process, live_server, db):
    server = live_server()
    signed_in = server.login("coordinator@demo.example", demo.DEMO_PASSWORD)
    cookie = "; ".join(f"{c.name}={c.value}" for c in signed_in.cookies)
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    path = f"/p/{demo_process.id}/action-plan"
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": "br"})
        first = connection.getresponse()
        first.read()
        tag = first.getheader("ETag")
        assert first.status == 200 and tag
        statuses = []
        for _ in range(3):
            connection.request("GET", path, headers={"Cookie": cookie, "If-None-Match": tag})
            response = connection.getresponse()
            assert response.read() == b""
            statuses.append(response.status)
        assert statuses == [304, 304, 304]
        process = db.session.get(Process, demo_process.id)
        _rename(db, process, "Renamed while the server ran")
        connection.request("GET", path, headers={"Cookie": cookie, "If-None-Match": tag})
        changed = connection.getresponse()
        assert changed.status == 200
        assert "Renamed while the server ran" in changed.read().decode()
        assert connection.sock is not None  # one connection throughout
    finally:
        connection.close()


def test_a_304_checks_access_first(app, db, client, demo_process):
    """Removing a member is a write, but the access check does not rely on that."""
    path = f"/p/{demo_process.id}/agenda"
    tag = client.get(path).headers["ETag"]
    coordinator = db.session.scalar(
        db.select(Membership).join(User).where(User.email == "coordinator@demo.example")
    )
    db.session.delete(coordinator)
    db.session.commit()
    assert client.get(path, headers={"If-None-Match": tag}).status_code == 404


def test_a_page_that_failed_after_its_tag_left_is_rendered_again(app, db, demo_process, caplog):
    """The 200 and the tag leave before the view runs; a view that then fails leaves an
    error page in the browser under that tag. The stamp moves, so it is not kept."""
    from flask import Blueprint

    from facilitation.access import process_access
    from facilitation.early_headers import sends_headers_early

    bp = Blueprint("failing_probe", __name__)
    failing = {"now": False}

    @bp.route("/p/<int:process_id>/probe/sometimes")
    @process_access("read")
    @sends_headers_early
    def sometimes(process_id):
        if failing["now"]:
            raise RuntimeError("a bug in a view")
        return "<!doctype html><html><body>the page</body></html>"

    app.register_blueprint(bp)
    client = app.test_client()
    sign_in(client, _coordinator(db))
    path = f"/p/{demo_process.id}/probe/sometimes"
    failing["now"] = True
    broken = client.get(path)
    assert "Something went wrong" in broken.get_data(as_text=True)  # sent as a 200, tagged
    failing["now"] = False
    again = client.get(path, headers={"If-None-Match": broken.headers["ETag"]})
    assert again.status_code == 200
    assert "the page" in again.get_data(as_text=True)
    assert client.get(path, headers={"If-None-Match": again.headers["ETag"]}).status_code == 304
