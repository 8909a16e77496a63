// A real Yjs peer for the server tests: our browser provider (src/provider.js) running in
// Node, editing the draft's text and XML, then reporting what it ends up with.
//   node socket-peer.mjs URL COOKIE PROCESS_ID DRAFT_ID EDITS SEED
// Prints one JSON line when done: {"text": ..., "state": base64 state vector, "update": base64}.
import * as Y from "yjs";
import { SocketIOProvider } from "../src/provider.js";

const [url, cookie, processId, draftId, edits = "20", seed = "1"] = process.argv.slice(2);
let state = Number(seed) >>> 0 || 1;
const random = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
};

const doc = new Y.Doc();
const provider = new SocketIOProvider(url, doc, {
  auth: { process_id: Number(processId), draft_id: Number(draftId) },
  extraHeaders: { Cookie: cookie },
  resyncMs: 1000,
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const synced = new Promise((resolve) => provider.on("status", (s) => s === "synced" && resolve()));
const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));

try {
  await Promise.race([synced, timeout(15000)]);
  const text = doc.getText("plain");
  const fragment = doc.getXmlFragment("default");
  for (let i = 0; i < Number(edits); i++) {
    if (random() < 0.7) {
      text.insert(Math.floor(random() * (text.length + 1)), `node${i} `);
    } else {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(`node paragraph ${i}`)]);
      fragment.insert(fragment.length, [paragraph]);
    }
    await sleep(20 + random() * 30);
  }
  // Wait for the others: the test tells us through stdin when everyone has finished.
  await new Promise((resolve) => process.stdin.once("data", resolve));
  provider.resync();
  await sleep(1500);
  console.log(JSON.stringify({
    text: doc.getText("plain").toString(),
    state: Buffer.from(Y.encodeStateVector(doc)).toString("base64"),
    update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64"),
  }));
  provider.destroy();
  process.exit(0);
} catch (err) {
  console.error(String(err && err.stack || err), provider.lastError);
  process.exit(1);
}
