#!/usr/bin/env python3
"""Resume across drops and restarts, through Python's `websockets` (a client
we did not write) against the real truinlagd over ws:// on loopback.

30 player connections follow a scripted game (each sends locations, every
location is a broadcast to all 30) while DROPS random drops happen:
  * the client closes its connection (close handshake),
  * the client's TCP connection is cut without one (transport.abort()),
  * the server cuts the connection (5 malformed messages: it closes),
  * the daemon is killed with SIGKILL and started again (every 100th drop).
After each drop the connection logs in again and sends
`resume {epoch, after_seq}` with the last seq it received. At the end an
admin resumes from seq 0 and gets the whole log; every connection's
received broadcasts must equal the log after its first login (0 missing,
0 duplicated, in order, the same events). A resume of another epoch or of
a seq before the window gets `resync_required`.

Usage: resume_drops_test.py TRUINLAGD TRUINLAG_CLI [DROPS]
"""
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time

import websockets

TRUINLAGD, CLI = sys.argv[1], sys.argv[2]
DROPS = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
PLAYERS = 30
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    def __init__(self, d, port):
        self.d, self.port = d, port
        self.socket = os.path.join(d, "t.sock")
        self.log_path = os.path.join(d, "daemon.log")
        self.process = None
        self.starts = 0

    def start(self, *extra):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [TRUINLAGD, "--socket", self.socket, "--db", os.path.join(self.d, "t.db"),
             "--listen", f"127.0.0.1:{self.port}", *extra], stdout=log, stderr=subprocess.STDOUT)
        self.starts += 1
        deadline = time.time() + 20
        while time.time() < deadline:
            with open(self.log_path) as f:
                if f.read().count("gateway listening on") >= self.starts:
                    return
            if self.process.poll() is not None:
                raise RuntimeError("truinlagd exited at start:\n" + open(self.log_path).read()[-3000:])
            time.sleep(0.01)
        raise RuntimeError("truinlagd did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        self.process.terminate()
        return self.process.wait(20)

    def cli(self, *args):
        out = subprocess.run([CLI, "--socket", self.socket, *args], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"truinlag-cli {' '.join(args)}: {out.stderr}")
        return out.stdout


class Follower:
    """One player's connection: what it received, and where to resume."""

    def __init__(self, name, passphrase, player, session):
        self.name, self.passphrase, self.player, self.session = name, passphrase, player, session
        self.received = []       # (seq, event) in arrival order, across all connections
        self.epoch = None
        self.last_seq = None     # None until the first login
        self.first_live = None   # the seq the first login started after
        self.ws = None
        self.next_id = 1
        self.pending = {}
        self.reader = None
        self.resyncs = 0

    def take_id(self):
        self.next_id += 1
        return self.next_id

    async def connect(self, url):
        # The daemon may be restarting: try again until it answers.
        for _ in range(400):
            try:
                self.ws = await websockets.connect(url, max_size=None, open_timeout=5)
                break
            except (OSError, websockets.InvalidHandshake, asyncio.TimeoutError):
                await asyncio.sleep(0.05)
        else:
            raise RuntimeError(f"{self.name}: cannot connect")
        await self.ws.send(json.dumps({"hello": {"version": 1, "client": self.name}}))
        json.loads(await self.ws.recv())
        await self.ws.send(json.dumps({"id": 1, "login": {"passphrase": self.passphrase}}))
        logged = json.loads(await self.ws.recv())["logged_in"]
        if self.last_seq is None:
            self.epoch, self.last_seq = logged["epoch"], logged["last_seq"]
            self.first_live = self.last_seq
        rid = self.take_id()
        await self.ws.send(json.dumps({"id": rid, "command": {
            "type": "resume", "epoch": self.epoch, "after_seq": self.last_seq, "session": None}}))
        # Replayed broadcasts come before the answer.
        while True:
            message = json.loads(await self.ws.recv())
            if "broadcast" in message:
                self.take(message)
                continue
            result = message["result"]
            if result["type"] != "success":
                self.resyncs += 1
                raise RuntimeError(f"{self.name}: resume failed: {message}")
            break
        self.reader = asyncio.create_task(self.read())

    def take(self, message):
        seq = message["seq"]
        if seq == 0:
            return  # a ping's echo: not logged, not resumed
        self.received.append((seq, message["broadcast"]))
        self.last_seq = seq

    async def read(self):
        try:
            async for text in self.ws:
                message = json.loads(text)
                if "broadcast" in message:
                    self.take(message)
                elif "id" in message and message["id"] in self.pending:
                    self.pending.pop(message["id"]).set_result(message)
        except websockets.ConnectionClosed:
            pass
        for future in self.pending.values():
            if not future.done():
                future.cancel()
        self.pending.clear()

    async def send_location(self, t):
        if self.ws is None or self.reader is None or self.reader.done():
            return
        rid = self.take_id()
        future = asyncio.get_running_loop().create_future()
        self.pending[rid] = future
        here = {"latitude": 47.37 + random.random() * 0.02, "longitude": 8.53 + random.random() * 0.02,
                "accuracy": 5.0, "heading": 0.0, "speed": 0.0, "timestamp": t}
        try:
            await self.ws.send(json.dumps({"id": rid, "command": {
                "type": "send_location", "session": self.session, "player": self.player,
                "location": here}}))
            await asyncio.wait_for(future, 10)
        except (websockets.ConnectionClosed, ConnectionError, asyncio.TimeoutError, asyncio.CancelledError):
            pass

    async def ping(self):
        if self.ws is None or self.reader is None or self.reader.done():
            return
        rid = self.take_id()
        future = asyncio.get_running_loop().create_future()
        self.pending[rid] = future
        try:
            await self.ws.send(json.dumps({"id": rid, "command": {"type": "ping", "payload": self.name}}))
            await asyncio.wait_for(future, 10)
        except (websockets.ConnectionClosed, ConnectionError, asyncio.TimeoutError, asyncio.CancelledError):
            pass

    async def drop(self, how):
        ws = self.ws
        if how == "close":
            await ws.close()
        elif how == "abort":
            ws.transport.abort()
        elif how == "garbage":
            # The server closes a connection after 5 malformed messages.
            try:
                for _ in range(5):
                    await ws.send("not json")
            except websockets.ConnectionClosed:
                pass
        await self.wait_closed()

    async def wait_closed(self):
        if self.reader is not None:
            try:
                await asyncio.wait_for(self.reader, 15)
            except asyncio.TimeoutError:
                self.ws.transport.abort()
                await self.reader
        self.reader = None


async def full_log(url, admin_token, epoch):
    return await full_log_after(url, admin_token, epoch, 0)


async def full_log_after(url, admin_token, epoch, after):
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(json.dumps({"hello": {"version": 1}}))
        await ws.recv()
        await ws.send(json.dumps({"id": 1, "login": {"token": admin_token}}))
        await ws.recv()
        await ws.send(json.dumps({"id": 2, "command": {"type": "resume", "epoch": epoch, "after_seq": after,
                                                       "session": None}}))
        log = []
        while True:
            message = json.loads(await ws.recv())
            if "broadcast" in message and message["seq"] != 0:
                log.append((message["seq"], message["broadcast"]))
            else:
                return log, message


async def resume_refusals(url, admin_token, epoch):
    async with websockets.connect(url) as ws:
        await ws.send(json.dumps({"hello": {"version": 1}}))
        await ws.recv()
        await ws.send(json.dumps({"id": 1, "login": {"token": admin_token}}))
        await ws.recv()
        await ws.send(json.dumps({"id": 2, "command": {"type": "resume", "epoch": epoch + 1,
                                                       "after_seq": 0, "session": None}}))
        while True:
            answer = json.loads(await ws.recv())
            if "broadcast" not in answer:
                break
        error = answer.get("result", {}).get("error", {})
        check(error.get("type") == "resync_required" and error.get("epoch") == epoch,
              f"a resume of another epoch → resync_required naming the daemon's ({answer})")
        await ws.send(json.dumps({"id": 3, "command": {"type": "resume", "epoch": epoch, "after_seq": 0,
                                                       "session": None}}))
        answer = json.loads(await ws.recv())
        check(answer.get("result", {}).get("error", {}).get("type") == "bad_data",
              f"resume as a later request → bad_data ({answer})")


async def main():
    random.seed(int(os.environ.get("SEED", "17")))
    with tempfile.TemporaryDirectory() as d:
        port = free_port()
        daemon = Daemon(d, port)
        daemon.start()
        url = f"ws://127.0.0.1:{port}/v1"
        try:
            # A running game (the day window open: a zone where it is noon).
            offset = 12 - time.gmtime().tm_hour
            offset = offset - 24 if offset > 14 else offset + 24 if offset < -12 else offset
            zone = "Etc/UTC" if offset == 0 else (f"Etc/GMT-{offset}" if offset > 0 else f"Etc/GMT+{-offset}")
            daemon.cli("zone", "add", "110", "--conn-zones", "6", "--connections", "16", "--train-through",
                       "--s-bahn")
            daemon.cli("set", "add", "Standard")
            for i in range(1, 6):
                daemon.cli("challenge", "add", json.dumps({
                    "kind": "unspezifisch", "status": "approved", "sets": [1], "title": f"Challenge {i}",
                    "description": "Do it", "additional_points": 100 * i}))
            daemon.cli("session", "add", "OG")
            for t in range(5):
                daemon.cli("team", "add", "OG", f"Team{t}")
            for i in range(PLAYERS):
                daemon.cli("player", "add", f"P{i}", "--passphrase", f"pw-{i}", "--session", "OG")
                daemon.cli("team", "assign", "OG", f"P{i}", f"Team{i % 5}")
            daemon.cli("config", "set", "OG", "num_catchers=1", "challenge_sets=Standard", f"time_zone={zone}",
                       "start_time=06:00", "end_time=22:00")
            daemon.cli("game", "start", "OG")
            state = json.loads(daemon.cli("--json", "state"))
            session = state["sessions"][0]["id"]
            ids = {p["name"]: p["id"] for p in state["players"]}
            admin = json.loads(daemon.cli("--json", "token", "add", "ops", "--role", "admin"))["secret"]
            followers = [Follower(f"P{i}", f"pw-{i}", ids[f"P{i}"], session) for i in range(PLAYERS)]
            await asyncio.gather(*(f.connect(url) for f in followers))

            stop = asyncio.Event()

            async def play(f):
                while not stop.is_set():
                    await f.send_location(int(time.time() * 1000))
                    if random.random() < 0.2:
                        await f.ping()
                    await asyncio.sleep(random.uniform(0.05, 0.4))

            players = [asyncio.create_task(play(f)) for f in followers]
            kinds = {"close": 0, "abort": 0, "garbage": 0, "kill -9": 0}
            started = time.time()
            for n in range(1, DROPS + 1):
                if n % 100 == 0:
                    # Every connection drops at once; all resume afterwards.
                    daemon.kill()
                    await asyncio.gather(*(f.wait_closed() for f in followers))
                    daemon.start()
                    await asyncio.gather(*(f.connect(url) for f in followers))
                    kinds["kill -9"] += 1
                    continue
                f = random.choice(followers)
                how = random.choice(["close", "abort", "garbage"])
                await f.drop(how)
                kinds[how] += 1
                await asyncio.sleep(random.uniform(0, 0.02))
                await f.connect(url)
            stop.set()
            await asyncio.gather(*players)
            await asyncio.sleep(0.5)  # the last broadcasts arrive
            print(f"{DROPS} drops in {time.time() - started:.1f} s: {kinds}", flush=True)

            epoch = followers[0].epoch
            log, answer = await full_log(url, admin, epoch)
            check(answer.get("result", {}).get("type") == "success", f"the admin's full replay → {answer}")
            seqs = [s for s, _ in log]
            check(seqs == sorted(set(seqs)) and len(seqs) > 100,
                  f"the log is in order, without repeats ({len(seqs)} broadcasts)")
            check(all(f.epoch == epoch for f in followers), "one epoch across restarts")
            bad = 0
            for f in followers:
                expected = [(s, b) for s, b in log if s > f.first_live]
                got = f.received
                if got != expected:
                    bad += 1
                    have = [s for s, _ in got]
                    want = [s for s, _ in expected]
                    missing = sorted(set(want) - set(have))
                    repeated = len(have) - len(set(have))
                    print(f"  {f.name}: {len(have)} received, {len(want)} expected, "
                          f"{len(missing)} missing (first {missing[:5]}), {repeated} repeated, "
                          f"in order: {have == sorted(have)}", flush=True)
            check(bad == 0, f"every connection received exactly the log after its first login "
                            f"({PLAYERS - bad}/{PLAYERS}; {sum(len(f.received) for f in followers)} "
                            f"broadcasts received in all)")
            for f in followers:
                await f.drop("close")
            await resume_refusals(url, admin, epoch)
            # A window of 50: a resume from the start is outside it.
            check(daemon.stop() == 0, "the daemon stops cleanly")
            daemon.start("--resume-window", "50")
            old, answer = await full_log(url, admin, epoch)
            error = answer.get("result", {}).get("error", {})
            check(error.get("type") == "resync_required" and error.get("last_seq") == seqs[-1]
                  and error.get("first_seq", 0) > 1 and not old,
                  f"a resume before the window → resync_required, nothing replayed ({error})")
            _, answer = await full_log_after(url, admin, epoch, seqs[-10])
            check(answer.get("result", {}).get("type") == "success",
                  "a resume inside the window still succeeds after the restart")
        finally:
            code = daemon.stop()
            check(code == 0, f"the daemon exits cleanly on SIGTERM (exit {code})")
    print(f"{len(failures)} check(s) failed" if failures else "all checks held")
    return 1 if failures else 0


sys.exit(asyncio.run(main()))
