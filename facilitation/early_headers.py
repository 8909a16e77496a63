"""Stage pages answer with their status and headers before the view does its work.

A browser can only start turning a navigation into a page (tearing down the old document,
a new script context: 10-20 ms of its own work on the two-core test machine) once the response's
headers are in. Sent only with the finished page, that work waited for the whole of the
server's time. A stage page's GET answers 200 with a full page whenever its access check
passes, so :func:`sends_headers_early` marks such a view and the access check
(:mod:`facilitation.access`) calls :func:`send_now` right after it grants access: the
status, the headers and the page's first bytes (``<!doctype html>``) leave at once, through
the WSGI ``write`` callable (PEP 3333), and the browser's work overlaps the view's queries
and the render. docs/page-speed.md has the measurements.

What that costs, and how it is kept safe:

- The headers are those Flask would send with the finished page: an empty page response
  goes through the app's own ``after_request`` hooks and session saving once, before the
  view runs. Flashes are taken out of the session and the CSRF token put in it first, so
  the session cookie sent then is the final one.
- The body is compressed here (brotli or gzip, as the browser accepts), in one stream
  flushed after the first bytes; Flask-Compress is told to leave it alone.
- What can no longer be said after the headers are out is noticed and logged as an error:
  a view that changes the session or answers anything but 200 after all. A redirect is
  still followed (a page that refreshes to its target, with a link); an error page is
  still shown (the status line has gone, its text has not). Tests request every marked
  page and require neither.
- Only a GET of a marked view at its own address: with a query (a page number past the
  last, a filter) the view may still refuse it; not an htmx request either (htmx reads
  statuses and headers).
"""

from __future__ import annotations

import copy
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator

from flask import Flask, current_app, get_flashed_messages, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from .static_assets import preferred_encoding

log = logging.getLogger(__name__)

ENVIRON_KEY = "policycycle.early_headers"
# A page's first bytes: sent with the headers, then cut from the front of the page.
FIRST_BYTES = b"<!doctype html>"


def sends_headers_early(view: Callable) -> Callable:
    """Mark a view whose GET without a query, once access is granted, answers 200 with a page."""
    view.__sends_headers_early__ = True
    return view


def marked(view: Callable) -> bool:
    return getattr(view, "__sends_headers_early__", False)


class _Encoder:
    """One brotli or gzip stream for the whole body, flushed after the first bytes."""

    def __init__(self, encoding: str | None, config) -> None:
        self.encoding = encoding
        if encoding == "br":
            import brotli

            stream = brotli.Compressor(
                mode=config["COMPRESS_BR_MODE"],
                quality=config["COMPRESS_BR_LEVEL"],
                lgwin=config["COMPRESS_BR_WINDOW"],
                lgblock=config["COMPRESS_BR_BLOCK"],
            )
            self.part, self._flush, self.end = stream.process, stream.flush, stream.finish
        elif encoding == "gzip":
            stream = zlib.compressobj(config["COMPRESS_LEVEL"], zlib.DEFLATED, 31)
            self.part, self.end = stream.compress, stream.flush
            self._flush = lambda: stream.flush(zlib.Z_SYNC_FLUSH)
        else:
            self.part, self._flush, self.end = bytes, bytes, bytes

    def flushed(self, data: bytes) -> bytes:
        return self.part(data) + self._flush()


class _Exchange:
    """One request's state, shared through the WSGI environ (which middleware may copy)."""

    __slots__ = ("start_response", "write", "encoder", "cookies", "session_sent", "headers")

    def __init__(self, start_response) -> None:
        self.start_response = start_response
        self.write = None
        self.encoder: _Encoder | None = None
        self.cookies: set[str] = set()  # the names of the cookies sent early
        self.session_sent: dict = {}
        self.headers: list[tuple[str, str]] = []  # those sent early

    @property
    def sent(self) -> bool:
        return self.write is not None


def _exchange() -> _Exchange | None:
    return request.environ.get(ENVIRON_KEY)


def plain_page_get() -> bool:
    """A GET of a page at its own address: no query (a page number or a filter may yet be
    refused, 404 or 400) and not htmx (htmx reads statuses and headers)."""
    return (
        request.method == "GET"
        and not request.query_string
        and not request.headers.get("HX-Request")
    )


def send_now() -> None:
    """Send the status, the headers and the first bytes of the page now (see above)."""
    exchange = _exchange()
    if exchange is None or exchange.sent or not plain_page_get():
        return
    get_flashed_messages()  # taken now: the cookie sent below must already lack them
    generate_csrf()  # likewise, a new session's token must be in it
    app: Flask = current_app._get_current_object()
    # Empty, so Flask-Compress leaves it alone; the body's length and encoding are ours.
    response = app.process_response(app.response_class(b"", mimetype="text/html"))
    encoding = preferred_encoding()
    headers = [
        (k, v)
        for k, v in response.headers.items()
        if k.lower() not in ("content-length", "content-encoding")
    ]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    exchange.encoder = _Encoder(encoding, app.config)
    exchange.cookies = _cookie_names(headers)
    exchange.session_sent = copy.deepcopy(dict(session))
    exchange.headers = headers
    exchange.write = exchange.start_response("200 OK", headers)
    exchange.write(exchange.encoder.flushed(FIRST_BYTES))


def _cookie_names(headers) -> set[str]:
    return {v.split("=", 1)[0].strip() for k, v in headers if k.lower() == "set-cookie"}


def _leave_body_to_us(response):
    """Flask-Compress skips a response that says how it is encoded; we encode it."""
    exchange = _exchange()
    if exchange is not None and exchange.sent:
        response.headers["Content-Encoding"] = exchange.encoder.encoding or "identity"
        if dict(session) != exchange.session_sent:  # saved below, too late to be sent
            log.error(
                "%s changed the session after its headers were sent: the change is lost",
                request.path,
            )
    return response


def _late_body(exchange: _Exchange, body: Iterable[bytes], location: str | None) -> Iterator[bytes]:
    try:
        if location is not None:
            target = escape(location)
            page = (
                f'<meta http-equiv="refresh" content="0; url={target}">'
                f'<p><a href="{target}">{target}</a></p>'
            ).encode()
            yield exchange.encoder.part(page)
        else:
            first = True
            for chunk in body:
                if first and chunk:
                    first = False
                    chunk = chunk.removeprefix(FIRST_BYTES)  # already sent
                if chunk:
                    yield exchange.encoder.part(chunk)
        yield exchange.encoder.end()
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


#: ``app.extensions`` key: callables ``(headers)`` told of a page that broke its promise
#: after its headers (given) had gone: an error or a redirect sent as a 200 page.
BROKEN_PROMISE_HOOKS = "policycycle.early_headers.broken"


class EarlyHeaders:
    """WSGI middleware, outermost: hands :func:`send_now` the server's start_response."""

    def __init__(self, wsgi_app, hooks: list | None = None) -> None:
        self.wsgi_app = wsgi_app
        self.hooks = hooks if hooks is not None else []

    def __call__(self, environ, start_response):
        exchange = environ[ENVIRON_KEY] = _Exchange(start_response)

        def late_start_response(status, headers, exc_info=None):
            if not exchange.sent:
                return start_response(status, headers, exc_info)
            late[:] = [status, headers]
            return exchange.write

        late = []
        body = self.wsgi_app(environ, late_start_response)
        if not exchange.sent:
            return body
        status, headers = late or ("200 OK", [])
        path = environ.get("PATH_INFO", "")
        if not status.startswith("200"):
            log.error("%s answered %s after its headers were sent", path, status)
            for hook in self.hooks:
                hook(exchange.headers)
        # By name: a session cookie sent again carries a new timestamp in its signature.
        if _cookie_names(headers) - exchange.cookies:
            log.error("%s set a cookie after its headers were sent: it is lost", path)
        location = next((v for k, v in headers if k.lower() == "location"), None)
        return _late_body(exchange, body, location if status.startswith("3") else None)


def init_app(app: Flask) -> None:
    # Registered after Flask-Compress's hook, so it runs before it (Flask runs them in reverse).
    app.after_request(_leave_body_to_us)
    app.wsgi_app = EarlyHeaders(app.wsgi_app, app.extensions.setdefault(BROKEN_PROMISE_HOOKS, []))
