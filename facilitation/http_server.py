"""The gevent WSGI server we run, without the 40 ms stall on kept-alive connections.

gevent's handler writes a response's status line and headers in one ``send`` and the body in
a second (and a chunked body's terminator in a third). With Nagle's algorithm on, the second
small segment waits until the first is acknowledged, and the client delays that
acknowledgement by up to 40 ms (Linux's delayed ACK): every request after the first on a
kept-alive connection cost ~44 ms, for pages, static files, htmx requests and Socket.IO
polling alike. Two fixes, each sufficient on its own, both cheap:

- ``TCP_NODELAY`` on every accepted socket, so no write ever waits for an ACK;
- the headers and the first body chunk leave in one write, so a typical response is one
  segment (one system call, one packet).

It also writes a message sent to many WebSockets as one frame prepared once
(:func:`facilitation.prepared_frames.prepared_text`): gevent-websocket encodes the text
and builds the frame header again for every recipient, a hundred times per keystroke in
a busy draft; and it lets such a frame be written straight to an idle socket
(:mod:`facilitation.direct_frames`) instead of through engine.io's queue and writer.

Import this module only after gevent's monkey-patching (``facilitation.__main__`` does).
"""

from __future__ import annotations

import socket

from gevent import pywsgi
from geventwebsocket.exceptions import WebSocketError
from geventwebsocket.handler import WebSocketHandler
from geventwebsocket.websocket import MSG_ALREADY_CLOSED, MSG_SOCKET_DEAD, WebSocket

from facilitation import direct_frames
from facilitation.direct_frames import WRITING


class PreparedFrameWebSocket(WebSocket):
    """gevent-websocket's WebSocket; a ``PreparedText`` is written as its own frame."""

    __slots__ = ()  # the same layout, so an upgraded socket can take this class

    def send(self, message, binary=None):
        # Marked while writing: a write may wait for a full buffer, and nothing may be
        # written to this socket directly meanwhile (facilitation/direct_frames.py).
        WRITING.add(self)
        try:
            self._send(message, binary)
        finally:
            WRITING.discard(self)

    def _send(self, message, binary) -> None:
        frame = getattr(message, "frame", None)
        if frame is None or binary:
            return super().send(message, binary)
        if self.closed:
            self.current_app.on_close(MSG_ALREADY_CLOSED)
            raise WebSocketError(MSG_ALREADY_CLOSED)
        try:
            self.raw_write(frame)
        except OSError:
            self.current_app.on_close(MSG_SOCKET_DEAD)
            raise WebSocketError(MSG_SOCKET_DEAD) from None


def disable_nagle(sock) -> None:
    """Send small writes at once. Unix-domain sockets have no Nagle to disable."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class PromptHandler(WebSocketHandler):
    """gevent-websocket's handler (WebSocket upgrades for Socket.IO) with prompt writes."""

    def __init__(self, sock, address, server, rfile=None):
        disable_nagle(sock)
        super().__init__(sock, address, server, rfile)

    def upgrade_connection(self):
        result = super().upgrade_connection()
        if type(getattr(self, "websocket", None)) is WebSocket:
            self.websocket.__class__ = PreparedFrameWebSocket  # same state, one more case
        return result

    def _write_with_headers(self, data) -> None:
        # Same bytes as gevent's own method, but one sendall instead of two.
        self.headers_sent = True
        self.finalize_headers()
        message = bytearray(b"HTTP/1.1 ")
        message += self.status
        message += b"\r\n"
        for header, value in self.response_headers:
            message += header
            message += b": "
            message += value
            message += b"\r\n"
        message += b"\r\n"
        if data:
            if self.response_use_chunked:
                message += b"%x\r\n" % len(data)
                message += data
                message += b"\r\n"
            else:
                message += data
        self._sendall(message)


def make_server(app, host: str, port: int, log_output: bool = False) -> pywsgi.WSGIServer:
    """The server ``python -m facilitation`` runs (what ``socketio.run`` would build)."""
    from facilitation.extensions import socketio

    if socketio.server is not None:  # a room's frames written straight to its sockets
        direct_frames.install(socketio.server.eio)
    return pywsgi.WSGIServer(
        (host, port), app, handler_class=PromptHandler, log="default" if log_output else None
    )
