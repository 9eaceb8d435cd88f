// The gateway through Node's `ws` (npm, pinned in package-lock.json and
// installed by scripts/deps), a client we did not write, over wss:// with
// a test CA made here by openssl, against the real truinlagd: a runner's
// phone logs in, sends its location, completes a challenge with a proof
// photo; the catcher's phone catches it; both see the broadcasts.
//
// Usage: node ws_client_test.mjs TRUINLAGD TRUINLAG_CLI PROOF_JPEG
// Prints one line per check; exits 0 only if all held.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";

const [truinlagd, cliPath, proofJpeg] = process.argv.slice(2);
const failures = [];
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "truinlag-node-"));
const file = (name) => path.join(dir, name);
const openssl = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test CA",
        "-keyout", "ca.key", "-out", "ca.pem");
openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
        "-out", "server.csr");
fs.writeFileSync(file("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf", "-out", "server.pem");

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const socket = file("t.sock");
let log = "";
const daemon = spawn(truinlagd, ["--socket", socket, "--db", file("t.db"), "--listen",
                                 `127.0.0.1:${port}`, "--tls-cert", file("server.pem"),
                                 "--tls-key", file("server.key")]);
daemon.stderr.on("data", (d) => { log += d; });
daemon.stdout.on("data", (d) => { log += d; });
for (let i = 0; i < 1000 && !log.includes("gateway listening on"); ++i) {
  await new Promise((r) => setTimeout(r, 10));
}
const cli = (...args) => execFileSync(cliPath, ["--socket", socket, ...args], { encoding: "utf8" });

// The zone whose local time is now about noon, so the game's day window
// (06:00 to 22:00) is open.
let offset = 12 - new Date().getUTCHours();
if (offset > 14) offset -= 24;
if (offset < -12) offset += 24;
const zone = offset === 0 ? "Etc/UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;

try {
  cli("zone", "add", "110", "--conn-zones", "6", "--connections", "16", "--train-through", "--s-bahn");
  cli("set", "add", "Standard");
  for (let i = 1; i <= 5; ++i) {
    cli("challenge", "add", JSON.stringify({ kind: "unspezifisch", status: "approved", sets: [1],
        title: `Challenge ${i}`, description: "Do it", additional_points: 100 * i }));
  }
  cli("session", "add", "OG");
  for (const p of ["Ada", "Bo", "Cy", "Di"]) {
    cli("player", "add", p, "--passphrase", `pass-${p}`, "--session", "OG");
  }
  cli("team", "add", "OG", "Blau");
  cli("team", "add", "OG", "Rot");
  for (const [p, t] of [["Ada", "Blau"], ["Bo", "Blau"], ["Cy", "Rot"], ["Di", "Rot"]]) {
    cli("team", "assign", "OG", p, t);
  }
  cli("config", "set", "OG", "num_catchers=1", "challenge_sets=Standard", `time_zone=${zone}`,
      "start_time=06:00", "end_time=22:00");
  cli("game", "start", "OG");
  const global = JSON.parse(cli("--json", "state"));
  const names = Object.fromEntries(global.players.map((p) => [p.id, p.name]));
  const state = JSON.parse(cli("--json", "state", "OG"));
  const runner = state.teams.find((t) => t.role === "runner");
  const catcher = state.teams.find((t) => t.role === "catcher");
  const session = global.sessions[0].id;

  // One phone: a connection with request ids and a broadcast inbox.
  async function phone(passphrase) {
    const ws = new WebSocket(`wss://127.0.0.1:${port}/v1`, { ca: fs.readFileSync(file("ca.pem")) });
    await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
    const waiting = new Map();
    const broadcasts = [];
    let next = 1;
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString());
      if ("broadcast" in m) broadcasts.push(m);
      else if (m.welcome) waiting.get("hello")?.(m);
      else waiting.get(m.id)?.(m);
    });
    const send = (body) => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, ...body }));
    });
    const welcome = await new Promise((resolve) => {
      waiting.set("hello", resolve);
      ws.send(JSON.stringify({ hello: { version: 1, client: "node-ws" } }));
    });
    const login = await send({ login: { passphrase } });
    return { ws, send, broadcasts, welcome, login };
  }

  const nameOf = (p) => (typeof p === "object" ? p.name : names[p] ?? p);
  const runnerPhone = await phone(`pass-${nameOf(runner.players[0])}`);
  check(runnerPhone.welcome.welcome.version === 1, "hello → welcome");
  check(runnerPhone.login.logged_in?.team === runner.id, `the runner logs in: ${JSON.stringify(runnerPhone.login)}`);
  const me = runnerPhone.login.logged_in.player;
  const location = { latitude: 47.3779, longitude: 8.5403, accuracy: 8, heading: 0, speed: 0,
                     timestamp: Date.now() };
  const sent = await runnerPhone.send({ command: { type: "send_location", session, player: me, location } });
  check(sent.result?.type === "success", `send_location → ${JSON.stringify(sent)}`);

  const points = runner.challenges[0].points;
  const completed = await runnerPhone.send({ command: { type: "complete", session, team: runner.id,
    challenge_index: 0, period_id: 0 } });
  check(completed.result?.type === "period", `complete → ${JSON.stringify(completed)}`);
  const after = JSON.parse(cli("--json", "state", "OG")).teams.find((t) => t.id === runner.id);
  check(after.points === points, `the runner's points moved to ${after.points} (expected ${points})`);
  const photo = fs.readFileSync(proofJpeg).toString("base64");
  const uploaded = await runnerPhone.send({ command: { type: "upload_period_pictures", session,
    team: runner.id, period: 0, jpegs: [photo] } });
  check(uploaded.result?.type === "picture_ids" && uploaded.result.ids.length === 1,
        `a proof photo for the finished period 0 → ${JSON.stringify(uploaded)}`);


  const catcherPhone = await phone(`pass-${nameOf(catcher.players[0])}`);
  const caughtAnswer = await catcherPhone.send({ command: { type: "catch", session,
    catcher: catcher.id, caught: runner.id, period_id: 0 } });
  check(caughtAnswer.result?.type === "period", `catch → ${JSON.stringify(caughtAnswer)}`);
  const roles = JSON.parse(cli("--json", "state", "OG")).teams;
  check(roles.find((t) => t.id === runner.id).role === "catcher", "the caught runner is now a catcher");

  // A catcher may not complete or catch for another team.
  const foreign = await catcherPhone.send({ command: { type: "complete", session, team: runner.id,
    challenge_index: 0, period_id: 1 } });
  check(foreign.result?.error?.type === "forbidden", `completing for another team → ${JSON.stringify(foreign)}`);

  await new Promise((r) => setTimeout(r, 300));
  const types = runnerPhone.broadcasts.map((b) => b.broadcast.event.type);
  check(types.includes("completed") && types.includes("caught"),
        `the runner's phone got the broadcasts: ${types.join(", ")}`);
  const events = JSON.parse(cli("--json", "events", "OG"));
  check(JSON.stringify(events).includes(String(uploaded.result.ids[0])),
        "the proof photo's id is in the session's events");
  const everything = JSON.stringify(runnerPhone.broadcasts) + JSON.stringify(catcherPhone.broadcasts);
  check(!everything.includes("pass-"), "no passphrase in anything the phones received");
  runnerPhone.ws.close();
  catcherPhone.ws.close();
} catch (e) {
  check(false, `the scenario ran: ${e.stack ?? e}`);
} finally {
  daemon.kill("SIGTERM");
  const code = await new Promise((r) => daemon.once("exit", r));
  check(code === 0, `the daemon exits cleanly (exit ${code})`);
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(failures.length ? `${failures.length} check(s) failed` : "all checks held");
process.exit(failures.length ? 1 : 0);
