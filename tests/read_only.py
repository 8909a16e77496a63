"""Walk every page of the access matrix and find what a read-only reader must not see.

Shared by the observer test and the agreed-stage test: both build the matrix's world
(every package's ``build``), open every GET page the reader may read, and list each
form that posts to a route changing something, and each link to a page the reader
would be refused. New pages are covered as soon as they have an access case.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException

from facilitation.access import policy_of

from .access import sign_in
from .test_access_matrix import CASES, _build_world, _rule_for, _url

WRITE_NEEDS = {"write", "manage"}


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.forms.append(("POST", attrs.get("action") or ""))
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _route(app, path: str, method: str):
    """(endpoint, view_args, need) of a local URL, or None for other URLs."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match(parts.path, method=method)
    except HTTPException:
        return None
    policy, need, safe_need = policy_of(app.view_functions[endpoint])
    if policy != "process":
        return None
    if method == "GET" and safe_need:
        need = safe_need
    return endpoint, args, need


def read_pages(app, world, role: str):
    """(case, url, response) for every GET page of the matrix that ``role`` may read."""
    client = app.test_client()
    sign_in(client, world.users[role])
    for case in CASES:
        if case.method != "GET" or case.need != "read":
            continue
        url = _url(app, case, world, _rule_for(app, case.endpoint))
        yield case, url, client.get(url)


def forbidden_targets(app, url: str, html: str, refused) -> list[str]:
    """Forms and links in ``html`` whose target ``refused(endpoint, args, need)`` says no."""
    parser = _Targets()
    parser.feed(html)
    found = []
    for method, action in parser.forms:
        route = _route(app, action or url, method)
        if route and refused(*route):
            found.append(f"form posting to {action or url} ({route[0]})")
    for href in parser.links:
        route = _route(app, href, "GET")
        if route and refused(*route):
            found.append(f"link to {href} ({route[0]})")
    return found


def build_world(app):
    return _build_world(app)
