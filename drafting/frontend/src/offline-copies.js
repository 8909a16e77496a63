// The drafts this browser keeps offline (IndexedDB, one database per draft opened here),
// settled at sign-out so the next person at a shared computer cannot read them: each copy
// is sent to the server (only what the server lacks), then deleted.
//
// A copy is deleted once the server holds all of it, or when the server will never take
// it (this user may not open or edit that draft, or the draft is gone). A copy the server
// did not confirm in time stays, so that no edit made offline is lost; sign-out goes on.
import * as Y from "yjs";
import { IndexeddbPersistence } from "y-indexeddb";
import { SocketIOProvider } from "./provider.js";

const PREFIX = "policycycle-draft-";
const CONFIRM_MS = 8000;
// Refusals after which the copy can never be saved by this user.
const FINAL = new Set(["read-only", "not-found", "unauthorized"]);

// "policycycle-draft-<process>-<draft>-<created>" (drafting/editor.html's store key).
function parseKey(name) {
  const match = /^policycycle-draft-(\d+)-(\d+)-(\d+)$/.exec(name || "");
  if (!match) return null;
  return { processId: Number(match[1]), draftId: Number(match[2]), created: match[3] };
}

function covers(serverState, doc) {
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((serverState.get(client) || 0) < clock) return false;
  }
  return true;
}

// "saved" (the server holds it all), "unsaveable" (it never will) or "kept".
function sendCopy(name, origin) {
  const key = parseKey(name);
  if (!key) return Promise.resolve("unsaveable");
  return new Promise((resolve) => {
    const doc = new Y.Doc();
    let stored = null;
    let provider = null;
    let answered = false;
    let finished = false;
    const finish = (outcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (provider) provider.destroy();
      const closed = Promise.resolve(stored && stored.destroy()).catch(() => null);
      // A copy to delete is closed first, or deleting it would be blocked by it.
      if (outcome === "kept") resolve(outcome);
      else closed.then(() => resolve(outcome));
    };
    // Also bounds reading the copy itself (a damaged store never answers).
    const timer = setTimeout(() => finish("kept"), CONFIRM_MS);
    stored = new IndexeddbPersistence(name, doc);
    stored.whenSynced.then(() => {
      provider = new SocketIOProvider(origin, doc, {
        auth: { process_id: key.processId, draft_id: key.draftId, created: key.created },
        presence: false,
        resyncMs: 1000,
      });
      provider.on("server-state", (state) => {
        // The first state may predate our answer to the server's greeting: ask again
        // (the server handles one client's messages in order).
        if (!answered) {
          answered = true;
          provider.resync();
          return;
        }
        if (covers(state, doc)) finish("saved");
      });
      provider.on("refused", (payload) => {
        if (payload && FINAL.has(payload.code)) finish("unsaveable");
      });
      provider.socket.on("connect_error", (err) => {
        if (err && FINAL.has(err.message)) finish("unsaveable");
      });
    }, () => finish("kept"));
  });
}

function remove(name) {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

// Settles every copy; resolves to {saved, removed, kept} names.
export function settle(origin = window.location.origin) {
  if (!window.indexedDB || !indexedDB.databases) return Promise.resolve({ kept: [] });
  // The editor open on this page lets go of its copy, or deleting it would wait for it.
  const open = window.draftEditor && window.draftEditor.offline;
  const released = open ? Promise.resolve(open.destroy()).catch(() => null) : Promise.resolve();
  return released.then(() => indexedDB.databases()).then((all) => {
    const names = all.map((db) => db.name).filter((n) => n && n.startsWith(PREFIX));
    const report = { saved: [], removed: [], kept: [] };
    return Promise.all(
      names.map((name) =>
        sendCopy(name, origin).then((outcome) => {
            if (outcome === "kept") {
              report.kept.push(name);
              return null;
            }
            report[outcome === "saved" ? "saved" : "removed"].push(name);
            return remove(name);
          }),
      ),
    ).then(() => report);
  });
}
