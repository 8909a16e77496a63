// A real Yjs peer for the refusal tests: our browser provider (src/provider.js) in Node
// pastes more than may be sent, types on, and reports what its editor holds.
//   node refusal-peer.mjs URL COOKIE PROCESS_ID DRAFT_ID MODE
// MODE "server": the provider sends the paste and the server refuses it;
// MODE "client": the provider's own limit stops it before it is sent.
// Prints one JSON line: {"text": ..., "refusals": [...], "size": encoded state bytes}.
import * as Y from "yjs";
import { SocketIOProvider } from "../src/provider.js";

const [url, cookie, processId, draftId, mode = "server"] = process.argv.slice(2);
const doc = new Y.Doc();
const provider = new SocketIOProvider(url, doc, {
  auth: { process_id: Number(processId), draft_id: Number(draftId) },
  extraHeaders: { Cookie: cookie },
  resyncMs: 1000,
  maxMessageBytes: mode === "server" ? 6 * 1024 * 1024 : undefined,
});
provider.tooLargeMessage = "too large to send (the page gives this text, translated)";
const refusals = [];
provider.on("refused", (payload) => refusals.push({ code: payload.code, action: payload.action || null, message: payload.message }));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const synced = new Promise((resolve) => provider.on("status", (s) => s === "synced" && resolve()));
const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));

try {
  await Promise.race([synced, timeout(15000)]);
  const text = doc.getText("plain");
  text.insert(text.length, `before-${mode} `);
  await sleep(300);
  text.insert(text.length, "P".repeat(3 * 1024 * 1024)); // the paste
  for (const word of ["typed", "after", "the", `paste-${mode}`]) {
    text.insert(text.length, `${word} `);
    await sleep(50);
  }
  const deadline = Date.now() + 15000;
  while (!refusals.length && Date.now() < deadline) await sleep(50);
  await sleep(2500); // a resync or two
  const line = JSON.stringify({
    text: text.toString(),
    refusals,
    size: Y.encodeStateAsUpdate(doc).length,
  });
  provider.destroy();
  process.stdout.write(`${line}\n`, () => process.exit(0)); // a pipe: flush before exit
} catch (err) {
  console.error(String((err && err.stack) || err), provider.lastError);
  process.exit(1);
}
