"""The websockets this process holds, and delivery of the frames the outbox drains to them.

A connection belongs to one subscription and one agent. ``deliver`` (a live outbox subscriber,
wired in wiring.py) runs wherever the outbox is drained — in the event loop's thread when served,
possibly another thread in in-process tests — so frames are handed over thread-safely.

Keepalive (errata A3): the server sends ``{"keepalive":"true"}`` every 4 s (the SDK reports a lost
connection after ~8 s of silence); it tolerates the client's keepalives always, and drops a client
that has been silent for 16 s on the sandbox clock only when its subscription asked for
``isKeepAliveEnabled``.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from mockserver.core.clock import clock
from mockserver.core.lifecycle import forget_on_new_app

QUEUE_LIMIT = 2000
SERVER_KEEPALIVE_S = 4.0
CHECK_EVERY_S = 0.2


class Connection:
    def __init__(self, sub_id: str, agent_id: str, keepalive: bool) -> None:
        self.sub_id = sub_id
        self.agent_id = agent_id
        self.keepalive = keepalive
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self.last_heard_ms = clock.now_ms()

    def _put(self, item: dict[str, Any] | None) -> None:
        if self.queue.full():
            self.queue.get_nowait()  # a client that stops reading loses the oldest, not the server's memory
        self.queue.put_nowait(item)

    def offer(self, item: dict[str, Any] | None) -> None:
        try:
            same = asyncio.get_running_loop() is self.loop
        except RuntimeError:
            same = False
        if same:
            self._put(item)
        else:
            self.loop.call_soon_threadsafe(self._put, item)


_by_agent: dict[str, set[Connection]] = defaultdict(set)
forget_on_new_app("wxcc.notifications.hub", _by_agent.clear)


def connections(agent_id: str | None = None) -> int:
    if agent_id is not None:
        return len(_by_agent.get(agent_id, ()))
    return sum(len(v) for v in _by_agent.values())


def deliver(event: Any) -> None:
    """Live subscriber of AgentFrame: to every connection of that agent held here."""
    for c in list(_by_agent.get(event.agent_id, ())):
        c.offer(event.frame)


def revoke(event: Any) -> None:
    """Live subscriber of SubscriptionsRevoked: tell the replaced connections, then close them."""
    gone = set(event.subscription_ids)
    for c in list(_by_agent.get(event.agent_id, ())):
        if c.sub_id in gone:
            c.offer({"type": "AGENT_MULTI_LOGIN", "orgId": event.org_id,
                     "data": {"type": "AGENT_MULTI_LOGIN", "agentId": event.agent_id,
                              "reason": "The user signed in on another desktop of the same client type."}})
            c.offer(None)  # then close


async def serve(ws: WebSocket, sub_id: str) -> None:
    from mockserver.core.db import db, write_intent
    from mockserver.wxcc.notifications.service import subscription

    token = write_intent.set(False)
    try:
        with db.session() as s:
            sub = subscription(s, sub_id)
            found = (sub.agent_id, sub.org_id, sub.keepalive) if sub else None
    finally:
        write_intent.reset(token)
    if found is None:
        await ws.close(code=1008, reason="Unknown or replaced subscription: POST /v1/notification/subscribe again.")
        return
    agent_id, org_id, keepalive = found
    await ws.accept()
    conn = Connection(sub_id, agent_id, keepalive)
    _by_agent[agent_id].add(conn)
    reader = asyncio.create_task(_read(ws, conn))
    try:
        await ws.send_text(json.dumps({"type": "Welcome", "orgId": org_id, "data": {"agentId": agent_id}}))
        last_sent = asyncio.get_running_loop().time()
        while True:
            getter = asyncio.ensure_future(conn.queue.get())
            done, _ = await asyncio.wait({getter, reader}, timeout=CHECK_EVERY_S, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                getter.cancel()
                break
            if getter in done:
                item = getter.result()
                if item is None:
                    await ws.close(code=1000, reason="AGENT_MULTI_LOGIN")
                    break
                await ws.send_text(json.dumps(item, separators=(",", ":")))
                last_sent = asyncio.get_running_loop().time()
                continue
            getter.cancel()
            now = asyncio.get_running_loop().time()
            if conn.keepalive and clock.now_ms() - conn.last_heard_ms > 16_000:
                await ws.close(code=1000, reason="No keepalive from the client for 16 seconds.")
                break
            if now - last_sent >= SERVER_KEEPALIVE_S:
                await ws.send_text('{"keepalive":"true"}')
                last_sent = now
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        _by_agent[agent_id].discard(conn)
        if not _by_agent[agent_id]:
            _by_agent.pop(agent_id, None)
        reader.cancel()


async def _read(ws: WebSocket, conn: Connection) -> None:
    try:
        while True:
            await ws.receive_text()  # keepalives (or anything): the client is alive
            conn.last_heard_ms = clock.now_ms()
    except (WebSocketDisconnect, RuntimeError):
        return
