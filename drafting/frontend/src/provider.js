// A small Yjs provider over Socket.IO (namespace /drafting).
//
// Wire format: every message is one "y" event shaped like y-websocket's:
//   [0][sync message of y-protocols/sync]   state vectors and updates
//   [1][var-length awareness update]        presence (names, colours, cursors)
// carried as base64 text: one WebSocket frame, where Socket.IO sends bytes as two (a
// header packet, then the attachment), which cost the server a fifth of its time.
// Bytes are still read, from an older server.
// The server answers our step 1 with its step 2 and asks for what it lacks with its own
// step 1. We resync on every (re)connect, every `resyncMs` and when the tab becomes
// visible, because an update can be missed under load (COEDITING.md, trap 9).
//
// A refused update must not stay in this editor: everything typed after it would build on
// it, and the server could place none of it. When the server refuses an update
// ("draft-refused" with action "revert" and its state vector), or when an update is too
// large to send at all, we delete locally what we wrote and the server does not hold, then
// resync; the user sees their editor match the server and the reason ("refused" event).
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { fromBase64, toBase64 } from "lib0/buffer";
import { io } from "socket.io-client";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
// The server refuses larger updates with a clear error; the transport would drop a
// message above its buffer size silently, so we never send one that big.
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
// The origin of our own take-backs: sent to the server like any local change.
const REVERT = Symbol("revert");

// An update holding only a delete set: `client`'s structs from clock `from` to `to`.
function deletionUpdate(client, from, to) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // one client in the delete set
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, from);
  encoding.writeVarUint(encoder, to - from);
  return encoding.toUint8Array(encoder);
}

export class SocketIOProvider {
  constructor(
    url,
    doc,
    {
      auth,
      resyncMs = 30000,
      path = "/socket.io",
      extraHeaders,
      maxMessageBytes,
      presence = true,
    } = {},
  ) {
    this.doc = doc;
    this.maxMessageBytes = maxMessageBytes || MAX_MESSAGE_BYTES;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.status = "connecting";
    this.synced = false;
    this.lastError = null;
    this._listeners = new Map();
    this.socket = io(`${url}/drafting`, {
      auth,
      path,
      transports: ["websocket"],
      extraHeaders,
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket.on("connect", () => {
      this._setStatus("connected");
      this.resync();
      // Without presence (a copy sent at sign-out), the others never see this client.
      if (presence) this._sendAwareness([this.doc.clientID]);
      // Until the server's answer arrives, ask again every few seconds.
      clearInterval(this._syncWatch);
      this._syncWatch = setInterval(() => {
        if (this.synced || !this.socket.connected) clearInterval(this._syncWatch);
        else this.resync();
      }, 3000);
    });
    this.socket.on("disconnect", () => {
      this.synced = false;
      this._setStatus("offline");
      const others = [...this.awareness.getStates().keys()].filter(
        (id) => id !== this.doc.clientID,
      );
      awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    });
    this.socket.on("connect_error", (err) => {
      this.lastError = { code: "connect", message: err.message };
      this._setStatus("offline");
    });
    this.socket.on("y", (data) =>
      this._receive(typeof data === "string" ? fromBase64(data) : new Uint8Array(data)),
    );
    this.socket.on("draft-error", (payload) => {
      this.lastError = payload;
      this._emit("error", payload);
      if (payload && payload.code === "not-joined") this.socket.disconnect().connect();
    });
    this.socket.on("draft-refused", (payload) => this._refused(payload || {}));
    this._onUpdate = (update, origin) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      if (message.length > this.maxMessageBytes) {
        // Never sent: take it back here and now, and say why.
        // After this tick: the editor binding ignores Yjs changes made while it is still
        // writing its own into Yjs, and would keep showing the paste.
        const { from, to } = Y.parseUpdateMeta(update);
        const ours = this.doc.clientID;
        setTimeout(() => {
          if (to.has(ours)) this._takeBack(from.get(ours) || 0, to.get(ours));
          this._report({ code: "too-large", message: this.tooLargeMessage || "" });
        }, 0);
        return;
      }
      if (this.socket.connected) this._emitY(message);
    };
    this.doc.on("update", this._onUpdate);
    this._onAwareness = ({ added, updated, removed }, origin) => {
      if (origin !== "local") return;
      this._sendAwareness(added.concat(updated, removed));
    };
    this.awareness.on("update", this._onAwareness);
    this._timer = setInterval(() => this.resync(), resyncMs);
    this._onVisible = () => {
      if (document.visibilityState === "visible") this.resync();
    };
    if (typeof document !== "undefined") {
      document.addEventListener("visibilitychange", this._onVisible);
    }
  }

  on(name, fn) {
    if (!this._listeners.has(name)) this._listeners.set(name, []);
    this._listeners.get(name).push(fn);
  }

  _emit(name, ...args) {
    for (const fn of this._listeners.get(name) || []) fn(...args);
  }

  _setStatus(status) {
    this.status = status;
    this._emit("status", status);
  }

  _sendY(message) {
    if (message.length > this.maxMessageBytes) {
      this._report({ code: "too-large", message: this.tooLargeMessage || "" });
      return;
    }
    this._emitY(message);
  }

  _emitY(message) {
    this.socket.emit("y", toBase64(message));
  }

  _report(payload) {
    this.lastError = payload;
    this._emit("refused", payload);
  }

  // Delete what this client wrote from clock `fromClock` on. Applied as a delete set, so
  // Yjs splits items at the boundary and frees the content (a refused paste becomes a
  // few bytes); the change goes to the server like any other.
  _takeBack(fromClock, toClock = Y.getState(this.doc.store, this.doc.clientID)) {
    if (toClock > fromClock) {
      Y.applyUpdate(this.doc, deletionUpdate(this.doc.clientID, fromClock, toClock), REVERT);
    }
  }

  // Take back exactly the refused update's structs (what was typed after it stays and is
  // placed once the server has the taken-back structs, now a few bytes, from the resync).
  _refused(payload) {
    if (payload.action === "revert") {
      const ours = this.doc.clientID;
      const ranges = (payload.ranges || []).filter(([client]) => client === ours);
      for (const [, from, to] of ranges) this._takeBack(from, to);
      if (!payload.ranges && payload.state) {
        const state = Y.decodeStateVector(new Uint8Array(payload.state));
        this._takeBack(state.get(ours) || 0);
      }
    }
    this._report(payload);
    this.resync();
  }

  resync() {
    if (!this.socket.connected) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this._emitY(encoding.toUint8Array(encoder));
  }

  _sendAwareness(clients) {
    if (!this.socket.connected) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients),
    );
    this._emitY(encoding.toUint8Array(encoder));
  }

  _receive(message) {
    const decoder = decoding.createDecoder(message);
    const kind = decoding.readVarUint(decoder);
    if (kind === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const peek = decoding.clone(decoder);
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) this._sendY(encoding.toUint8Array(encoder));
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        // What the server holds, after our answer (the update it lacked) has gone out.
        decoding.readVarUint(peek);
        this._emit("server-state", Y.decodeStateVector(decoding.readVarUint8Array(peek)));
      }
      if (syncType === syncProtocol.messageYjsSyncStep2 && !this.synced) {
        this.synced = true;
        this._setStatus("synced");
      }
    } else if (kind === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        decoding.readVarUint8Array(decoder),
        this,
      );
    }
  }

  destroy() {
    clearInterval(this._timer);
    clearInterval(this._syncWatch);
    if (typeof document !== "undefined") {
      document.removeEventListener("visibilitychange", this._onVisible);
    }
    this.doc.off("update", this._onUpdate);
    this.awareness.off("update", this._onAwareness);
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "local");
    this.socket.close();
  }
}

export { Y };
