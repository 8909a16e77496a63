// A small Yjs provider over Socket.IO (namespace /drafting).
//
// Wire format: every message is one binary "y" event shaped like y-websocket's:
//   [0][sync message of y-protocols/sync]   state vectors and updates
//   [1][var-length awareness update]        presence (names, colours, cursors)
// The server answers our step 1 with its step 2 and asks for what it lacks with its own
// step 1. We resync on every (re)connect, every `resyncMs` and when the tab becomes
// visible, because an update can be missed under load (COEDITING.md, trap 9).
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { io } from "socket.io-client";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
// The server refuses larger updates with a clear error; the transport would drop a
// message above its buffer size silently, so we never send one that big.
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export class SocketIOProvider {
  constructor(url, doc, { auth, resyncMs = 30000, path = "/socket.io", extraHeaders } = {}) {
    this.doc = doc;
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
      this._sendAwareness([this.doc.clientID]);
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
    this.socket.on("y", (data) => this._receive(new Uint8Array(data)));
    this.socket.on("draft-error", (payload) => {
      this.lastError = payload;
      this._emit("error", payload);
    });
    this._onUpdate = (update, origin) => {
      if (origin === this || !this.socket.connected) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this._sendY(encoding.toUint8Array(encoder));
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
    if (message.length > MAX_MESSAGE_BYTES) {
      this.lastError = { code: "too-large", message: "" };
      this._emit("error", { code: "too-large", message: this.tooLargeMessage || "" });
      return;
    }
    this.socket.emit("y", message);
  }

  resync() {
    if (!this.socket.connected) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.socket.emit("y", encoding.toUint8Array(encoder));
  }

  _sendAwareness(clients) {
    if (!this.socket.connected) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients),
    );
    this.socket.emit("y", encoding.toUint8Array(encoder));
  }

  _receive(message) {
    const decoder = decoding.createDecoder(message);
    const kind = decoding.readVarUint(decoder);
    if (kind === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) this._sendY(encoding.toUint8Array(encoder));
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
