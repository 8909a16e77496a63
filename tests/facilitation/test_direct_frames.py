"""A room's frame is written straight to an idle WebSocket, never ahead of what is queued
(docs/coediting-latency.md, fourth pass).

Real parts: a real engine.io server and socket (gevent queue), gevent sockets in pairs,
gevent-websocket's WebSocket as the server uses it, and the writer's own loop (engine.io's
``poll`` then ``ws.send`` for each packet)."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import engineio
import gevent
from engineio import packet as eio_packet
from engineio.socket import Socket
from gevent import socket as gsocket
from geventwebsocket.websocket import Stream

from facilitation.direct_frames import WRITING, FrameTail, write_now
from facilitation.http_server import PreparedFrameWebSocket
from facilitation.prepared_frames import prepared_text


def connected_socket():
    """An upgraded engine.io socket whose WebSocket is one end of a gevent socket pair."""
    server_end, client_end = gsocket.socketpair()
    handler = SimpleNamespace(
        rfile=server_end.makefile("rb"), socket=server_end, server=SimpleNamespace(application=None)
    )
    ws = PreparedFrameWebSocket({}, Stream(handler), handler)
    eio_socket = Socket(engineio.Server(async_mode="gevent"), "sid-1")
    eio_socket.connected = eio_socket.upgraded = True
    eio_socket.prepared_websocket = ws
    return eio_socket, ws, server_end, client_end


def write_queued(eio_socket, ws) -> None:
    """What engine.io's writer greenlet does with what is queued."""
    for pkt in eio_socket.poll():
        ws.send(pkt.encode())


def frame_of(text: str) -> bytes:
    return prepared_text(text).frame


def received(sock, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        assert chunk, "connection closed early"
        data += chunk
    return data


def message(text: str):
    """A message packet as events._send_update builds it (its frame prepared)."""
    pkt = eio_packet.Packet(eio_packet.MESSAGE, text)
    pkt.encode_cache = prepared_text(pkt.encode())
    return pkt


def test_an_idle_socket_gets_the_frame_at_once_without_the_queue():
    eio_socket, _ws, server_end, client_end = connected_socket()
    update = message('2/drafting,["y","AAE="]')
    assert write_now(eio_socket, update.encode_cache)
    assert eio_socket.queue.qsize() == 0  # no hand-off to the writer greenlet
    expected = update.encode_cache.frame
    assert received(client_end, len(expected)) == expected
    server_end.close()
    client_end.close()


def test_a_frame_never_overtakes_packets_already_queued():
    eio_socket, ws, server_end, client_end = connected_socket()
    ping = eio_packet.Packet(eio_packet.PING)
    eio_socket.send(ping)  # waiting for the writer greenlet
    update = message('2/drafting,["y","AAI="]')
    assert not write_now(eio_socket, update.encode_cache)  # the caller queues it instead
    eio_socket.send(update)
    write_queued(eio_socket, ws)
    expected = frame_of(ping.encode()) + update.encode_cache.frame
    assert received(client_end, len(expected)) == expected
    server_end.close()
    client_end.close()


def test_nothing_is_written_while_the_writer_is_in_the_middle_of_a_frame():
    eio_socket, ws, server_end, client_end = connected_socket()
    WRITING.add(ws)  # as PreparedFrameWebSocket.send marks itself while writing
    try:
        assert not write_now(eio_socket, message("2x").encode_cache)
    finally:
        WRITING.discard(ws)
    assert write_now(eio_socket, message("2y").encode_cache)
    server_end.close()
    client_end.close()


def test_a_socket_not_upgraded_or_closed_goes_through_the_queue():
    eio_socket, ws, server_end, client_end = connected_socket()
    eio_socket.upgrading = True
    assert not write_now(eio_socket, message("2a").encode_cache)
    eio_socket.upgrading = False
    ws.closed = True
    assert not write_now(eio_socket, message("2b").encode_cache)
    del eio_socket.prepared_websocket  # a socket the server did not record (long polling)
    assert not write_now(eio_socket, message("2c").encode_cache)
    server_end.close()
    client_end.close()


def test_a_slow_reader_never_holds_up_the_sender_and_receives_every_frame_in_order():
    eio_socket, ws, server_end, client_end = connected_socket()
    server_end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    client_end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sent_frames = []
    direct = 0
    for n in range(200):  # far more than the buffers hold; the reader reads nothing yet
        update = message(f'2/drafting,["y","{n:04d}{"A" * 400}"]')
        sent_frames.append(update.encode_cache.frame)
        if write_now(eio_socket, update.encode_cache):
            direct += 1
        else:
            eio_socket.send(update)
    assert 0 < direct < 200  # written at once until the buffer filled, then queued
    queued = list(eio_socket.queue.queue)
    assert isinstance(queued[0], FrameTail)  # the rest of the frame cut short goes first
    writer = gevent.spawn(write_queued, eio_socket, ws)
    expected = b"".join(sent_frames)
    assert received(client_end, len(expected)) == expected
    writer.join(timeout=10)
    assert eio_socket.queue.qsize() == 0
    server_end.close()
    client_end.close()
