// The reference server for bench/coedit.py --reference: stock @hocuspocus/server, in memory,
// with its default settings (updates coalesced per event-loop turn, one encode per broadcast).
//   node hocuspocus-server.mjs PORT
// Prints "ready" on stdout once it listens on 127.0.0.1:PORT.
import { Server } from "@hocuspocus/server";

const port = Number(process.argv[2] || 1234);
const server = new Server({ port, address: "127.0.0.1", quiet: true, stopOnSignals: true });
await server.listen();
process.stdout.write("ready\n");
