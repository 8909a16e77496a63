"""Writing a room's prepared frame straight to each recipient's WebSocket.

engine.io hands every packet to a per-socket queue, and a writer greenlet per socket
takes it out and writes it: for a keystroke in a draft with a hundred readers, a hundred
queue hand-offs, a hundred greenlet switches and a hundred timers (the writer waits with
a timeout), before the hundred ``send`` calls that are the actual work. py-spy put that
machinery at about a quarter of the server's time under load.

:func:`write_now` writes the frame from the fan-out greenlet itself when nothing can be
ahead of it: the socket is an upgraded WebSocket, its engine.io queue is empty and its
writer is not in the middle of a frame (:data:`WRITING`). It never waits: the frame is
written with one non-blocking ``send``; whatever the socket buffer does not take (a slow
reader) is queued as the socket's next packet, so a slow phone never holds up the room
and the bytes still leave in order. In every other case it returns False and the caller
queues the packet as engine.io would. The engine.io socket learns its WebSocket from
:class:`RecordingWebSocketWSGI`, installed by :func:`install`.
"""

from __future__ import annotations

import socket

from engineio.async_drivers.gevent import WebSocketWSGI

from .prepared_frames import PreparedText

#: WebSockets a greenlet is writing to right now (a write may wait for a full buffer):
#: nothing may be written to them from elsewhere until it is done. (gevent-websocket's
#: WebSocket has slots and no weak references; the writer removes it when done.)
WRITING: set = set()


class FrameTail:
    """What a non-blocking write left over, queued as the socket's next packet: the
    writer greenlet writes it as it is (``PreparedFrameWebSocket.send``)."""

    __slots__ = ("text",)

    def __init__(self, rest: bytes) -> None:
        self.text = PreparedText("")
        self.text.frame = rest

    def encode(self, *args, **kwargs) -> PreparedText:
        return self.text


def send_without_waiting(sock, data: bytes) -> int:
    """Bytes of ``data`` the socket took at once (0 when its buffer is full)."""
    try:
        if hasattr(sock, "_write_event"):  # a gevent socket: timeout 0 never waits
            return sock.send(data, 0, 0.0)
        return sock.send(data, socket.MSG_DONTWAIT)
    except BlockingIOError:
        return 0


def write_now(eio_socket, prepared: PreparedText) -> bool:
    """Write ``prepared``'s frame to ``eio_socket`` now if nothing can be ahead of it.

    True: written (or, like engine.io's ``send``, dropped for a client gone silent).
    False: the caller must queue the packet (``socket.send``) as usual."""
    ws = getattr(eio_socket, "prepared_websocket", None)
    if (
        ws is None
        or ws.closed
        or eio_socket.closed
        or not eio_socket.upgraded
        or eio_socket.upgrading
        or eio_socket.queue.qsize()  # packets waiting: this one goes behind them
        or ws in WRITING  # the writer is in the middle of a frame
    ):
        return False
    if not eio_socket.check_ping_timeout():
        return True
    frame = prepared.frame
    try:
        sent = send_without_waiting(ws.handler.socket, frame)
    except OSError:
        return False  # the writer meets the error too and closes the socket, as before
    if sent < len(frame):
        eio_socket.queue.put(FrameTail(frame[sent:]))
    return True


class RecordingWebSocketWSGI(WebSocketWSGI):
    """engine.io's gevent WebSocket wrapper, telling the engine.io socket which
    gevent-websocket WebSocket it writes to (``prepared_websocket``)."""

    def __call__(self, environ, start_response):
        owner = getattr(self.app, "__self__", None)  # the bound _websocket_handler
        if owner is not None:
            owner.prepared_websocket = environ.get("wsgi.websocket")
        return super().__call__(environ, start_response)


def install(eio_server) -> None:
    """Let ``eio_server``'s sockets be written to directly (a copy of its driver table:
    the module's own is shared by every server of the process)."""
    eio_server._async = dict(eio_server._async, websocket=RecordingWebSocketWSGI)
