"""One WebSocket frame for many recipients.

gevent-websocket encodes a message's text and builds its frame header again for every
socket it is written to; a keystroke in a draft with a hundred readers is a hundred
identical frames. :func:`prepared_text` builds the frame once and attaches it to the
text; the server's WebSocket (:class:`facilitation.http_server.PreparedFrameWebSocket`)
writes it as it is. Any other transport (long polling, the test client, a server
without it) sees a plain string. No gevent here: importable before monkey-patching.
"""

from __future__ import annotations

from geventwebsocket.websocket import Header, WebSocket


class PreparedText(str):
    """A text message carrying its complete server-to-client WebSocket frame."""

    frame: bytes


def prepared_text(text: str) -> PreparedText:
    """``text`` with its unmasked, final text frame attached (built once)."""
    prepared = PreparedText(text)
    payload = text.encode("utf-8")
    header = Header.encode_header(True, WebSocket.OPCODE_TEXT, b"", len(payload), 0)
    prepared.frame = header + payload
    return prepared
