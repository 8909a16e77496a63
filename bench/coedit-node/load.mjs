// The co-editing load generator of bench/coedit.py --reference: N stock-Yjs clients in one
// document, W of them typing one character every INTERVAL ms at a random place, against
// either this project's server (Socket.IO namespace /drafting, y-sync messages as base64
// "y" events, as drafting/frontend/src/provider.js speaks; "wire": "binary" sends bytes,
// for servers before that change) or @hocuspocus/server (its own
// provider). The same code measures both: a keystroke's latency is the time from its
// insertion in the writer's document to its arrival in each other client's document.
//   node load.mjs '{"target": "ours"|"hocuspocus", "url": ..., ...}'
// ("urls": [...] instead of "url" spreads our clients over several server processes)
// Prints one JSON object.
import { HocuspocusProvider } from "@hocuspocus/provider";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { io } from "socket.io-client";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

const options = JSON.parse(process.argv[2]);
const {
  target,
  url,
  clients,
  writers,
  seconds,
  intervalMs = 100,
  seed = 1,
  settleSeconds = 5,
} = options;

let state = seed >>> 0 || 1;
const random = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

// --- measuring -----------------------------------------------------------------------

const sent = new Map(); // writer client id -> Map(clock -> time inserted)
const latencies = [];
let keystrokes = 0;
let disconnects = 0;

function watch(doc) {
  const seen = new Map(); // writer client id -> next clock not yet seen here
  doc.on("update", (_update, origin) => {
    if (origin === "local") return;
    const at = now();
    for (const [client, times] of sent) {
      if (client === doc.clientID) continue;
      const have = Y.getState(doc.store, client);
      let from = seen.get(client) || 0;
      for (; from < have; from++) {
        const t = times.get(from);
        if (t !== undefined) latencies.push(at - t);
      }
      seen.set(client, have);
    }
  });
}

// --- clients -------------------------------------------------------------------------

const LOCAL = "local";

const toWire = (bytes) => options.wire === "binary" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
const fromWire = (data) => (typeof data === "string" ? new Uint8Array(Buffer.from(data, "base64")) : new Uint8Array(data));

function ourClient(index) {
  // One socket per client (forceNew), stock y-protocols sync over "y" events carried as
  // base64 text, as drafting/frontend/src/provider.js speaks (bytes from an older server).
  const doc = new Y.Doc();
  // Several server processes ("urls"): client i talks to process i mod N.
  const base = options.urls ? options.urls[index % options.urls.length] : url;
  const socket = io(`${base}/drafting`, {
    forceNew: true,
    transports: ["websocket"],
    reconnection: false,
    auth: { process_id: options.processId, draft_id: options.draftId },
    extraHeaders: { Cookie: options.cookies[index % options.cookies.length] },
  });
  let resolveSynced;
  const synced = new Promise((resolve) => { resolveSynced = resolve; });
  socket.on("connect", () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, doc);
    socket.emit("y", toWire(encoding.toUint8Array(encoder)));
  });
  socket.on("y", (data) => {
    const decoder = decoding.createDecoder(fromWire(data));
    if (decoding.readVarUint(decoder) !== 0) return; // presence: not measured
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    const kind = syncProtocol.readSyncMessage(decoder, encoder, doc, socket);
    if (encoding.length(encoder) > 1) socket.emit("y", toWire(encoding.toUint8Array(encoder)));
    if (kind === syncProtocol.messageYjsSyncStep2) resolveSynced();
  });
  socket.on("disconnect", (reason) => { disconnects += 1; if (process.env.BENCH_DEBUG) console.error("disconnect", reason); });
  socket.on("draft-error", (e) => console.error("draft-error", JSON.stringify(e)));
  socket.on("draft-refused", (e) => console.error("draft-refused", e.code));
  doc.on("update", (update, origin) => {
    if (origin !== LOCAL) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    socket.emit("y", toWire(encoding.toUint8Array(encoder)));
  });
  return { doc, synced, close: () => socket.close() };
}

function hocuspocusClient() {
  const doc = new Y.Doc();
  let resolveSynced;
  const synced = new Promise((resolve) => { resolveSynced = resolve; });
  const provider = new HocuspocusProvider({
    url,
    name: options.documentName,
    document: doc,
    WebSocketPolyfill: WebSocket,
    onSynced: () => resolveSynced(),
    onDisconnect: () => { disconnects += 1; },
  });
  return { doc, synced, close: () => provider.destroy() };
}

// --- the run -------------------------------------------------------------------------

const makeClient = target === "ours" ? ourClient : hocuspocusClient;
const peers = [];
for (let i = 0; i < clients; i++) {
  const peer = makeClient(i);
  watch(peer.doc);
  peers.push(peer);
  if (i % 10 === 9) await sleep(50); // connect in small waves, as people arrive
}
const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error("sync timeout")), ms));
await Promise.race([Promise.all(peers.map((p) => p.synced)), timeout(60000)]);
await sleep(500);

const typists = peers.slice(0, writers);
for (const peer of typists) sent.set(peer.doc.clientID, new Map());
process.stdout.write("typing\n"); // the orchestrator measures server CPU from here
const typingStarted = now();
const stopAt = typingStarted + seconds * 1000;
await Promise.all(
  typists.map(async (peer) => {
    const text = peer.doc.getText("bench");
    let next = now() + random() * intervalMs;
    while (next < stopAt) {
      await sleep(Math.max(0, next - now()));
      const clock = Y.getState(peer.doc.store, peer.doc.clientID);
      sent.get(peer.doc.clientID).set(clock, now());
      peer.doc.transact(() => {
        text.insert(Math.floor(random() * (text.length + 1)), "abcdefghij "[Math.floor(random() * 11)]);
      }, LOCAL);
      keystrokes += 1;
      next += intervalMs;
    }
  }),
);
const typingSeconds = (now() - typingStarted) / 1000;
process.stdout.write("typed\n");
const expected = keystrokes * (clients - 1);
const settleUntil = now() + settleSeconds * 1000;
while (latencies.length < expected && now() < settleUntil) await sleep(20);

const same = () => {
  const text = peers[0].doc.getText("bench").toString();
  const vector = Buffer.from(Y.encodeStateVector(peers[0].doc)).toString("base64");
  return peers.every(
    (p) =>
      p.doc.getText("bench").toString() === text &&
      Buffer.from(Y.encodeStateVector(p.doc)).toString("base64") === vector,
  );
};
let converged = same();
while (!converged && now() < settleUntil) {
  await sleep(50);
  converged = same();
}

const sorted = latencies.slice().sort((a, b) => a - b);
const pick = (p) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1)))] * 10) / 10 : null;
const result = {
  target,
  clients,
  writers,
  seconds,
  interval_ms: intervalMs,
  typing_seconds: Math.round(typingSeconds * 100) / 100,
  keystrokes,
  expected,
  delivered: latencies.length,
  lost: Math.max(0, expected - latencies.length),
  converged,
  disconnects,
  p50_ms: pick(50),
  p95_ms: pick(95),
  p99_ms: pick(99),
  mean_ms: sorted.length ? Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 10) / 10 : null,
  document_chars: peers[0].doc.getText("bench").length,
};
if (process.env.BENCH_DEBUG) {
  console.error(peers.map((p) => p.doc.getText("bench").length).join(" "));
  const p = peers[peers.length - 1].doc;
  console.error("pending", JSON.stringify(p.store.pendingStructs && { missing: [...p.store.pendingStructs.missing] }), p.store.pendingDs ? "pendingDs" : "", JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(p))]));
  console.error("writer0", JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(peers[0].doc))]));
}
for (const peer of peers) peer.close();
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
