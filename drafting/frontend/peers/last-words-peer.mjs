// A real Yjs peer that types and leaves at once: our browser provider (src/provider.js) in
// Node inserts WORDS and closes its socket in the same tick, as a tab that is closed.
//   node last-words-peer.mjs URL COOKIE PROCESS_ID DRAFT_ID WORDS
import * as Y from "yjs";
import { SocketIOProvider } from "../src/provider.js";

const [url, cookie, processId, draftId, words] = process.argv.slice(2);
const doc = new Y.Doc();
const provider = new SocketIOProvider(url, doc, {
  auth: { process_id: Number(processId), draft_id: Number(draftId) },
  extraHeaders: { Cookie: cookie },
});
const timer = setTimeout(() => process.exit(1), 15000);
provider.on("status", (status) => {
  if (status !== "synced") return;
  doc.getText("plain").insert(0, `${words} `);
  provider.destroy(); // a clean disconnect right after the edit
  clearTimeout(timer);
  setTimeout(() => process.exit(0), 500);
});
