"""The live stream of the control plane: ``WS /sandbox/events`` sends every event that crosses
processes (the outbox's) to whoever watches, whichever worker holds their connection.

A watcher's connection lives in one worker; the event may be committed by another. Delivery
goes through the outbox (core/outbox.py): each worker hands the events it drains to the
watchers it holds. The first message names the worker, so a test can tell where it landed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from mockserver.core.clock import clock
from mockserver.core.lifecycle import forget_on_new_app

QUEUE_LIMIT = 1000  # a watcher that stops reading loses the oldest events, never the server's memory


class Watcher:
    def __init__(self, pod: int | None, topics: frozenset[str] | None) -> None:
        self.pod = pod
        self.topics = topics
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self.dropped = 0

    def wants(self, topic: str, pod: int | None) -> bool:
        return (self.topics is None or topic in self.topics) and (self.pod is None or pod is None or pod == self.pod)

    def offer(self, message: dict[str, Any]) -> None:
        if self.queue.full():
            self.queue.get_nowait()
            self.dropped += 1
        self.queue.put_nowait(message)


_watchers: set[Watcher] = set()
forget_on_new_app("sandbox.stream", _watchers.clear)


def subscribe(pod: int | None = None, topics: frozenset[str] | None = None) -> Watcher:
    """A watcher of this worker's share of the live events (the console's server-sent events use it)."""
    w = Watcher(pod, topics)
    _watchers.add(w)
    return w


def unsubscribe(w: Watcher) -> None:
    _watchers.discard(w)


def deliver(event: Any) -> None:
    """A live subscriber (wiring.py): one event drained from the outbox, to this worker's watchers."""
    if not _watchers:
        return
    topic = type(event).__name__
    data = dataclasses.asdict(event)
    pod = data.get("pod")
    message = {"type": "event", "topic": topic, "pod": pod, "time": clock.iso(), "data": data}
    for w in list(_watchers):
        if w.wants(topic, pod):
            w.offer(message)


async def watch(ws: WebSocket) -> None:
    # The admin token (?token= or X-Sandbox-Token) is checked by the middleware, as for HTTP.
    pod_q = ws.query_params.get("pod")
    topics_q = ws.query_params.get("topics")
    if pod_q is not None and not pod_q.isdigit():
        await ws.close(code=1008, reason="pod: must be a POD number")
        return
    await ws.accept()
    w = subscribe(int(pod_q) if pod_q else None,
                  frozenset(t.strip() for t in topics_q.split(",") if t.strip()) if topics_q else None)
    await ws.send_json({"type": "hello", "worker": os.getpid(), "pod": w.pod,
                        "topics": sorted(w.topics) if w.topics else None, "time": clock.iso()})
    reader = asyncio.create_task(_until_closed(ws))
    try:
        while True:
            getter = asyncio.create_task(w.queue.get())
            done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                getter.cancel()
                break
            await ws.send_json(getter.result())
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        unsubscribe(w)
        reader.cancel()


async def _until_closed(ws: WebSocket) -> None:
    try:
        while True:
            await ws.receive_text()  # watchers have nothing to say; this notices the close
    except (WebSocketDisconnect, RuntimeError):
        return
