// The Node `ws` peer of truinlag-bench's ws-ping workload: a WebSocket
// server that answers every message with a reply of the gateway's shape
// and does nothing else (no engine, no broadcast), so that the figure it
// gives is the cost of WebSocket + JSON in Node, the floor a gateway could
// reach on this machine.
//
// With the argument `broadcast` it also sends, after each answer, a
// broadcast of the gateway's Pinged shape to every connected client, as
// the gateway does for a Ping (the same messages, still no engine).
//
// Usage: node ws_echo_server.mjs [broadcast]   (prints "listening PORT"
// when ready; stops on SIGTERM or when its stdin closes)
//
// `ws` is the one tests/gateway/node pins (package-lock.json, installed by
// scripts/deps with `npm ci`); it is loaded from there rather than from a
// second copy under bench/.
import { createRequire } from "node:module";

const require = createRequire(new URL("../tests/gateway/node/package.json", import.meta.url));
const { WebSocketServer } = require("ws");

const welcome = JSON.stringify({
  welcome: { max_message_bytes: 1048576, server: "node-ws-echo", version: 1 },
});

const broadcast = process.argv[2] === "broadcast";
let seq = 0;

const server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/v1" });
server.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => {
    if (isBinary) return;
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      socket.send(JSON.stringify({ error: { kind: "bad_message", text: "$: not valid JSON" }, id: null }));
      return;
    }
    if (message.hello) {
      socket.send(welcome);
    } else if (message.login) {
      socket.send(JSON.stringify({
        id: message.id,
        logged_in: { player: null, role: "admin", session: null, team: null },
      }));
    } else {
      // A Ping's answer, as the gateway writes it.
      socket.send(`{"id":${message.id},"result":{"type":"success"}}`);
      if (broadcast) {
        ++seq;
        const text = `{"broadcast":{"event":{"payload":"bench","type":"pinged"},"session":null},` +
                     `"epoch":4467889664016067,"seq":${seq}}`;
        for (const client of server.clients) client.send(text);
      }
    }
  });
});
server.on("listening", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
