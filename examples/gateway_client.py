#!/usr/bin/env python3
"""A small gateway client (docs/gateway.md): logs in as a player, sends one
location, then prints every broadcast it may see until interrupted.

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


async def main(url, passphrase, ca):
    context = None
    if url.startswith("wss://"):
        context = ssl.create_default_context(cafile=ca)
    ids = itertools.count(1)
    async with websockets.connect(url, ssl=context) as ws:
        async def call(message):
            message["id"] = next(ids)
            await ws.send(json.dumps(message))
            while True:
                answer = json.loads(await ws.recv())
                if answer.get("id") == message["id"]:
                    return answer
                print("broadcast:", answer)  # arrived while waiting

        await ws.send(json.dumps({"hello": {"version": 1, "client": "example"}}))
        print(json.loads(await ws.recv()))
        login = await call({"login": {"passphrase": passphrase}})
        if "logged_in" not in login:
            raise SystemExit(f"login failed: {login}")
        me = login["logged_in"]
        print("logged in:", me)
        if me["session"] is not None:
            where = {"latitude": 47.3779, "longitude": 8.5403, "accuracy": 10.0, "heading": 0.0,
                     "speed": 0.0, "timestamp": int(time.time() * 1000)}
            print(await call({"command": {"type": "send_location", "session": me["session"],
                                          "player": me["player"], "location": where}}))
        async for text in ws:
            print("broadcast:", json.loads(text))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("passphrase")
    parser.add_argument("--ca", help="PEM file of the CA that signed the gateway's certificate")
    args = parser.parse_args()
    try:
        asyncio.run(main(args.url, args.passphrase, args.ca))
    except KeyboardInterrupt:
        pass
