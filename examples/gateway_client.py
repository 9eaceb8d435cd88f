#!/usr/bin/env python3
"""A small gateway client (docs/gateway.md): logs in as a player, sends one
location, then prints every broadcast it may see until interrupted; when
the connection drops (the phone changed towers, the daemon restarted) it
connects again with backoff and resumes, so no broadcast is missed or
printed twice.

    python3 examples/gateway_client.py wss://HOST:8443/v1 PASSPHRASE [--ca ca.pem]

Needs Python's `websockets` (Debian: python3-websockets). Without --ca the
system's certificate authorities are used; a ws:// URL needs none.
"""
import argparse
import asyncio
import itertools
import json
import ssl
import time

import websockets


class Follower:
    def __init__(self, url, passphrase, context):
        self.url, self.passphrase, self.context = url, passphrase, context
        self.epoch = None     # where the broadcasts stand: resumed from here
        self.last_seq = None
        self.ids = itertools.count(1)
        self.located = False  # the one location is sent once

    def show(self, message):
        if message["seq"] == 0:  # a ping's echo: not logged, never replayed
            print("broadcast:", message["broadcast"])
            return
        if message["seq"] <= (self.last_seq or 0) and message["epoch"] == self.epoch:
            return  # already printed
        self.epoch, self.last_seq = message["epoch"], message["seq"]
        print("broadcast:", message["seq"], message["broadcast"])

    async def call(self, ws, message):
        message["id"] = next(self.ids)
        await ws.send(json.dumps(message))
        while True:
            answer = json.loads(await ws.recv())
            if "broadcast" in answer:
                self.show(answer)  # replayed, or arrived while waiting
            elif answer.get("id") == message["id"]:
                return answer

    async def session(self):
        async with websockets.connect(self.url, ssl=self.context) as ws:
            await ws.send(json.dumps({"hello": {"version": 1, "client": "example"}}))
            print(json.loads(await ws.recv()))
            login = await self.call(ws, {"login": {"passphrase": self.passphrase}})
            if "logged_in" not in login:
                raise SystemExit(f"login failed: {login}")
            me = login["logged_in"]
            print("logged in:", me)
            if self.epoch is None:
                self.epoch, self.last_seq = me["epoch"], me["last_seq"]
            # The first request after the login: the missed broadcasts come
            # first, in order, then the answer, then live ones.
            resumed = await self.call(ws, {"command": {"type": "resume", "epoch": self.epoch,
                                                       "after_seq": self.last_seq, "session": None}})
            result = resumed["result"]
            if result["type"] != "success":
                # Too long away (or a new database): read the state afresh.
                error = result["error"]
                print("resync required; continuing from", error["last_seq"])
                self.epoch, self.last_seq = error["epoch"], me["last_seq"]
            if not self.located and me["session"] is not None:
                self.located = True
                where = {"latitude": 47.3779, "longitude": 8.5403, "accuracy": 10.0, "heading": 0.0,
                         "speed": 0.0, "timestamp": int(time.time() * 1000)}
                # A key makes the retry after a drop safe: it runs once.
                print(await self.call(ws, {"key": f"loc-{where['timestamp']}", "command": {
                    "type": "send_location", "session": me["session"], "player": me["player"],
                    "location": where}}))
            async for text in ws:
                message = json.loads(text)
                if "broadcast" in message:
                    self.show(message)

    async def run(self):
        delay = 0.5
        while True:
            try:
                await self.session()
            except (OSError, websockets.ConnectionClosed, websockets.InvalidHandshake) as e:
                print(f"connection lost ({e}); again in {delay:.1f} s")
            else:
                print("connection closed; again in", delay, "s")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("passphrase")
    parser.add_argument("--ca", help="PEM file of the CA that signed the gateway's certificate")
    args = parser.parse_args()
    context = ssl.create_default_context(cafile=args.ca) if args.url.startswith("wss://") else None
    try:
        asyncio.run(Follower(args.url, args.passphrase, context).run())
    except KeyboardInterrupt:
        pass
