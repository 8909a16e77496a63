"""A repeat load of an unchanged stage page is answered ``304 Not Modified``, unrendered.

A stage page (a view marked :func:`~facilitation.early_headers.sends_headers_early`, read by
GET at its own address) is a function of:

- the database: :mod:`facilitation.change_stamp` moves with every committed write, in any
  process (web server or worker), so "nothing written since" is one number;
- who reads it and how: the signed-in session (user, sign-in token, CSRF token, language
  choice), the language the page is shown in, the host and path;
- the day: overdue actions, "today" on the Gantt chart, deadlines (``date.today()``; no
  stage page shows the time of day: ``tests/facilitation/test_page_validators.py`` renders
  every demo stage page at two times of one day and compares them);
- the code, templates, translations, static files and settings of this server (the
  ``build`` below, taken at start-up).

Those go into a weak ``ETag`` sent with the page and ``Cache-Control: private, no-cache``,
so the browser keeps the page and asks each time with ``If-None-Match``. When the tag it
sends is the one the page would get now, the answer is an empty 304 after the access check
(the membership is checked as for any request) instead of the view's queries and render:
the browser shows the copy it has. A page with a message to flash is always rendered.

The stamp is read *before* anything the page shows (a ``before_request`` hook registered
first, before the signed-in user is loaded), so a write that lands while a page renders
gives a newer stamp next time: a copy can be newer than its tag, never older.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from datetime import UTC, date, datetime

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from . import change_stamp, early_headers

STAMP_KEY = "policycycle.change_stamp"
TAG_KEY = "policycycle.page_tag"
CACHE_CONTROL = "private, no-cache"
_SOURCE_SUFFIXES = (".py", ".html", ".mo", ".js", ".css", ".svg", ".json")


def _read_stamp() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and early_headers.marked(view) and early_headers.plain_page_get():
        request.environ[STAMP_KEY] = change_stamp.current()


def _session_digest() -> str:
    return json.dumps(dict(session), sort_keys=True, default=str)


def page_tag() -> str | None:
    """The tag of the page this request would render, or None where none is safe."""
    stamp = request.environ.get(STAMP_KEY)
    if stamp is None or session.get("_flashes"):
        return None
    generate_csrf()  # the page puts the session's form token in it: have it there first
    parts = (
        current_app.extensions["policycycle.build"],
        stamp,
        current_user.get_id() if current_user.is_authenticated else "",
        _session_digest(),
        str(get_locale()),
        request.host,
        request.script_root,
        request.path,
        date.today().isoformat(),
        datetime.now(UTC).date().isoformat(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def not_modified_or_none():
    """Called by the access check once access is granted: a 304 when the browser's copy is
    still this page; else None, and the page's tag goes out with its headers."""
    tag = page_tag()
    if tag is None:
        return None
    request.environ[TAG_KEY] = tag
    if request.if_none_match.contains_weak(tag):
        return current_app.response_class(status=304)
    return None


def _add_validator(response):
    tag = request.environ.get(TAG_KEY)
    if tag is not None and response.status_code in (200, 304):
        response.set_etag(tag, weak=True)
        response.headers["Cache-Control"] = CACHE_CONTROL
    return response


_SKIPPED_DIRS = {"node_modules", "instance", "tests", "bench", "__pycache__", "docs"}


@functools.cache
def _sources_digest(root: str) -> str:
    """The code, templates, translations and static files under ``root``, by size and
    modification time: once per server process (a deployment restarts it)."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(_SOURCE_SUFFIXES):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def build_stamp(app: Flask) -> str:
    """What this server renders with, besides the database: its sources and its settings
    (plain values only: an object's repr may differ from one process to the next)."""
    settings = json.dumps(
        dict(app.config), sort_keys=True, default=lambda value: type(value).__name__
    )
    root = os.path.dirname(app.root_path)
    return hashlib.sha256((_sources_digest(root) + settings).encode()).hexdigest()[:16]


def _tag_sent_with_a_broken_page(app: Flask, headers: list[tuple[str, str]]) -> None:
    """A marked view failed after its 200 and tag had gone: the browser keeps an error page
    (or a redirecting one) under that tag. Moving the stamp makes every tag out of date, so
    the next load renders again."""
    if any(name.lower() == "etag" for name, _value in headers):
        with app.app_context():
            change_stamp.bump()


def init_app(app: Flask) -> None:
    app.extensions["policycycle.build"] = build_stamp(app)
    app.extensions.setdefault(early_headers.BROKEN_PROMISE_HOOKS, []).append(
        functools.partial(_tag_sent_with_a_broken_page, app)
    )
    # First, before anything reads what the page shows (the signed-in user included).
    app.before_request_funcs.setdefault(None, []).insert(0, _read_stamp)
    app.after_request(_add_validator)
