"""A message for a whole draft room is framed once and written as it is to every
WebSocket (docs/coediting-latency.md): the bytes each reader receives are exactly the
frame gevent-websocket would have built for it, and no frame is built per recipient.

Real sockets (socket pairs) and gevent-websocket's own WebSocket class."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest
from geventwebsocket.websocket import Header, Stream, WebSocket

from facilitation.http_server import PreparedFrameWebSocket
from facilitation.prepared_frames import PreparedText, prepared_text

TEXT = '42/drafting,["y","AAIRAQ7T4rUDAIQC1NAAAQAAAA=="]' + " é✓"  # not only ASCII


def websocket_pair(cls):
    """A server-side WebSocket of class ``cls`` on one end of a socket pair."""
    server_end, client_end = socket.socketpair()
    handler = SimpleNamespace(
        rfile=server_end.makefile("rb"),
        socket=server_end,
        server=SimpleNamespace(application=None),
    )
    return cls({}, Stream(handler), handler), server_end, client_end


def received(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        data += sock.recv(size - len(data))
    return data


def test_prepared_text_reads_as_the_plain_text():
    prepared = prepared_text(TEXT)
    assert isinstance(prepared, PreparedText)
    assert prepared == TEXT and str(prepared) == TEXT and "4" + prepared[1:] == TEXT


def test_every_reader_gets_the_frame_gevent_websocket_would_build(monkeypatch):
    stock, stock_server, stock_client = websocket_pair(WebSocket)
    stock.send(TEXT)
    expected_length = len(TEXT.encode()) + 2
    expected = received(stock_client, expected_length)
    assert expected[0] == 0x81  # final text frame, unmasked from the server

    prepared = prepared_text(TEXT)
    built = []
    original = Header.encode_header
    monkeypatch.setattr(
        Header, "encode_header", staticmethod(lambda *a: built.append(a) or original(*a))
    )
    pairs = [websocket_pair(PreparedFrameWebSocket) for _ in range(5)]
    for ws, _server_end, _client_end in pairs:
        ws.send(prepared)
    assert built == []  # framed once, before: not per recipient
    for _ws, server_end, client_end in pairs:
        assert received(client_end, expected_length) == expected
        server_end.close()
        client_end.close()
    stock_server.close()
    stock_client.close()


def test_other_messages_are_sent_as_before():
    ws, server_end, client_end = websocket_pair(PreparedFrameWebSocket)
    ws.send("3probe")
    assert received(client_end, 8) == b"\x81\x063probe"
    ws.send(b"\x01\x02")
    assert received(client_end, 4) == b"\x82\x02\x01\x02"
    server_end.close()
    client_end.close()


def test_a_closed_websocket_refuses_a_prepared_frame():
    from geventwebsocket.exceptions import WebSocketError

    ws, server_end, client_end = websocket_pair(PreparedFrameWebSocket)
    server_end.close()
    client_end.close()
    with pytest.raises(WebSocketError):
        ws.send(prepared_text(TEXT))
