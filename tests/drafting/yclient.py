"""A Yjs peer in Python (pycrdt + python-socketio) speaking our /drafting protocol.

Used by the server tests and by bench/coedit.py. It keeps its own document, sends its
local edits as updates, answers the server's sync steps, and resyncs on reconnect, like
the browser provider.
"""

from __future__ import annotations

import base64
import contextlib
import threading
import time
from collections.abc import Callable

import socketio
from pycrdt import Doc, Text, XmlElement, XmlFragment, XmlText

from drafting import crdt

SYNC, AWARENESS = 0, 1
STEP1, STEP2, UPDATE = 0, 1, 2


class YClient:
    def __init__(
        self,
        url: str,
        cookie: str,
        process_id: int,
        draft_id: int,
        *,
        on_remote: Callable[[bytes], None] | None = None,
        reconnection: bool = True,
    ) -> None:
        self.url = url
        self.cookie = cookie
        self.auth = {"process_id": process_id, "draft_id": draft_id}
        self.doc = Doc(allow_multithreading=True)
        self.lock = threading.RLock()
        self.synced = threading.Event()
        self.errors: list[dict] = []
        self.refusals: list[dict] = []  # draft-refused events
        self.received: list[bytes] = []  # every "y" message, as it came
        self.on_remote = on_remote
        self._remote = False
        self.sio = socketio.Client(
            reconnection=reconnection,
            reconnection_delay=0.2,
            reconnection_delay_max=1,
            request_timeout=10,
        )
        _deliver_in_order(self.sio)
        self.doc.observe(self._on_doc_event)
        self.sio.on("connect", self._on_connect, namespace="/drafting")
        self.sio.on("disconnect", self._on_disconnect, namespace="/drafting")
        self.sio.on("y", self._on_message, namespace="/drafting")
        self.sio.on("draft-error", self.errors.append, namespace="/drafting")
        self.sio.on("draft-refused", self._on_refused, namespace="/drafting")

    # connection -----------------------------------------------------------------------

    def connect(self, wait: float = 10) -> YClient:
        self.sio.connect(
            self.url,
            namespaces=["/drafting"],
            auth=self.auth,
            headers={"Cookie": self.cookie},
            transports=["websocket"],
            wait_timeout=wait,
        )
        return self

    def wait_synced(self, timeout: float = 10) -> bool:
        return self.synced.wait(timeout)

    def disconnect(self) -> None:
        """Close the connection in the background: websocket-client waits up to 3 s for
        the server's closing frame, which gevent's server does not always send."""
        threading.Thread(
            target=self.sio.eio.disconnect, kwargs={"abort": True}, daemon=True
        ).start()

    def _on_connect(self) -> None:
        self.resync()

    def _on_refused(self, payload: dict) -> None:
        self.refusals.append(payload)
        self.errors.append(payload)

    def _on_disconnect(self, *args) -> None:
        self.synced.clear()

    def resync(self) -> None:
        with self.lock:
            message = crdt.create_sync_step1_message(self.doc.get_state())
        self._send(message)

    def _send(self, message: bytes) -> None:
        # Offline: the edit stays in our document and goes out at the next sync.
        with contextlib.suppress(socketio.exceptions.BadNamespaceError):
            self.sio.emit("y", to_wire(message), namespace="/drafting")

    # messages -------------------------------------------------------------------------

    def _on_doc_event(self, event) -> None:
        if not self._remote:
            self._send(crdt.update_message(event.update))

    def _on_message(self, data) -> None:
        data = from_wire(data)
        self.received.append(data)
        kind, pos = crdt.read_var_uint(data, 0)
        if kind != SYNC:
            return
        sync_type, pos = crdt.read_var_uint(data, pos)
        payload, _ = crdt.read_var_bytes(data, pos)
        if sync_type == STEP1:
            with self.lock:
                reply = crdt.create_sync_step2_message(self.doc.get_update(payload))
            self._send(reply)
            return
        with self.lock:
            self._remote = True
            try:
                self.doc.apply_update(payload)
            finally:
                self._remote = False
        if sync_type == STEP2:
            self.synced.set()
        if self.on_remote is not None:
            self.on_remote(payload)

    # editing --------------------------------------------------------------------------

    @property
    def text(self) -> Text:
        return self.doc.get("plain", type=Text)

    @property
    def fragment(self) -> XmlFragment:
        return self.doc.get("default", type=XmlFragment)

    def insert_text(self, index: int, value: str) -> None:
        with self.lock:
            text = self.text
            text.insert(min(index, len(text)), value)

    def delete_text(self, index: int, length: int) -> None:
        with self.lock:
            text = self.text
            if index < len(text):
                del text[index : min(index + length, len(text))]

    def add_paragraph(self, value: str) -> None:
        with self.lock:
            paragraph = self.fragment.children.append(XmlElement("paragraph"))
            paragraph.children.append(XmlText(value))

    def snapshot(self) -> tuple[str, str, bytes]:
        with self.lock:
            return str(self.text), str(self.fragment), self.doc.get_state()


def to_wire(message: bytes) -> str:
    """As the browser sends a ``y`` message: base64 text, one WebSocket frame."""
    return base64.b64encode(message).decode("ascii")


def from_wire(data) -> bytes:
    """A received ``y`` message: base64 text (bytes from an older server)."""
    return base64.b64decode(data) if isinstance(data, str) else bytes(data)


def _deliver_in_order(sio: socketio.Client) -> None:
    """Handle incoming messages one by one on the reader thread.

    python-engineio's client hands each message to a new thread, while python-socketio
    reassembles a binary event (a header packet, then its attachment) with per-client
    state: under load two threads interleave and the client reads an attachment as a
    packet. The browser client has no such problem; this keeps the Python peers honest.
    """
    eio = sio.eio
    trigger = eio._trigger_event

    def in_order(event, *args, **kwargs):
        if event == "message":
            kwargs["run_async"] = False
        return trigger(event, *args, **kwargs)

    eio._trigger_event = in_order


def wait_until(predicate: Callable[[], bool], timeout: float = 15, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
