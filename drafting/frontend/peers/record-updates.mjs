// Records the updates of several Yjs peers editing one document concurrently, for the
// server's out-of-order regression test. Prints JSON: the updates (base64) in the order
// they were made, the final state of the merged document, and its text and XML.
//   node record-updates.mjs SEED [PEERS] [ROUNDS]
import * as Y from "yjs";

const seed = Number(process.argv[2] || 1);
const peers = Number(process.argv[3] || 3);
const rounds = Number(process.argv[4] || 40);
let state = seed >>> 0 || 1;
const random = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
};
const pick = (n) => Math.floor(random() * n);
const words = ["migration", "policy", "ministry", "labour", "diaspora", "return", "border", "data"];

const docs = [];
const updates = [];
for (let i = 0; i < peers; i++) {
  const doc = new Y.Doc();
  doc.clientID = 1000 + i;
  doc.on("update", (u, origin) => origin !== "sync" && updates.push({ peer: i, update: Buffer.from(u).toString("base64") }));
  docs.push(doc);
}

function edit(doc) {
  const text = doc.getText("plain");
  const frag = doc.getXmlFragment("default");
  const roll = random();
  if (roll < 0.4 || text.length === 0) {
    text.insert(pick(text.length + 1), `${words[pick(words.length)]} `);
  } else if (roll < 0.55) {
    const at = pick(text.length);
    text.delete(at, Math.min(1 + pick(4), text.length - at));
  } else if (roll < 0.8 || frag.length === 0) {
    const p = new Y.XmlElement("paragraph");
    const t = new Y.XmlText();
    t.insert(0, words[pick(words.length)], random() < 0.3 ? { bold: {} } : undefined);
    p.insert(0, [t]);
    frag.insert(pick(frag.length + 1), [p]);
  } else if (roll < 0.9) {
    frag.delete(pick(frag.length), 1);
  } else {
    const el = frag.get(pick(frag.length));
    const t = el && el.get(0);
    if (t instanceof Y.XmlText) t.insert(pick(t.length + 1), ` ${words[pick(words.length)]}`);
  }
}

for (let r = 0; r < rounds; r++) {
  for (const doc of docs) if (random() < 0.7) edit(doc);
  if (random() < 0.3) {
    // Partial exchange: two peers sync, the others stay behind.
    const a = docs[pick(peers)], b = docs[pick(peers)];
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), "sync");
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), "sync");
  }
}
const merged = new Y.Doc();
for (const { update } of updates) Y.applyUpdate(merged, Buffer.from(update, "base64"));
console.log(JSON.stringify({
  updates: updates.filter((u, i, all) => all.findIndex((o) => o.update === u.update) === i)
    .map((u) => u.update),
  final: Buffer.from(Y.encodeStateAsUpdate(merged)).toString("base64"),
  text: merged.getText("plain").toString(),
  xml: merged.getXmlFragment("default").toString(),
}));
