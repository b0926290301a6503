"""``GET /sandbox/console/live``: the console's live updates as server-sent events.

What one connection receives (each an SSE ``event:`` with a JSON ``data:``):

- ``hello``: {worker, pod, journalSeq, clock} once, first;
- ``event``: every event that crosses processes (the outbox's, as ``WS /sandbox/events`` sends them:
  {type, topic, pod, time, data}), filtered by ``?pod=`` and ``?topics=A,B``;
- ``journal`` (with ``?journal=1``): each new request-journal entry, summarised (``id:`` is its seq, so
  a reconnecting EventSource resumes after the last one it saw; ``?since=`` does the same);
- ``clock``: the sandbox clock's state whenever it moved or changed mode (not every real-time tick);
- ``faults``: the fault rules whenever they (or their hits) changed;
- ``changed``: {writes} when the database took writes since the last one (any product, any POD;
  at most once a second): a page that shows state re-reads itself (``data-live="... changes"``).

Events reach every worker through the outbox, so they arrive whichever worker holds the connection.
The request journal and fault hit counts are each worker's own memory (as ``GET /sandbox/requests``
is): under ``serve --workers N`` one connection shows the requests its worker answered.
``?limit=N`` ends the stream after N messages (scripts and tests; a browser never sets it).
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any, AsyncIterator

from mockserver.core.cache import changes
from mockserver.core.clock import clock, iso_ms
from mockserver.sandbox import stream
from mockserver.sandbox.faults import faults
from mockserver.sandbox.journal import journal

POLL_S = 0.2  # the journal, clock and faults are looked at this often (a few comparisons)
KEEPALIVE_S = 15.0
CHANGED_EVERY_S = 1.0


def journal_summary(e: dict[str, Any]) -> dict[str, Any]:
    return {"seq": e["seq"], "time": iso_ms(e["timeMs"]), "method": e["method"], "path": e["path"],
            "query": e.get("query", ""), "status": e["status"], "durationMs": e["durationMs"],
            "trackingId": e.get("trackingId"), "fault": e.get("fault")}


def _sse(event: str, data: Any, id_: str | None = None) -> bytes:
    head = f"id: {id_}\n" if id_ is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, separators=(',', ':'), default=str)}\n\n".encode()


def _clock_view() -> dict[str, Any]:
    return {"now": clock.iso(), "mode": clock.mode, "epochMs": clock.now_ms()}


def _clock_key() -> tuple:
    # A manual clock changes only when moved; a real one every millisecond, so only its mode counts.
    return (clock.mode, clock.now_ms() if clock.mode == "manual" else None)


def _faults_key() -> tuple:
    return tuple((r.id, r.hits, r.count) for r in faults.rules)


def _new_entries(after: int) -> list[dict[str, Any]]:
    out = []
    for e in reversed(journal.entries):
        if e["seq"] <= after:
            break
        out.append(e)
    out.reverse()
    return out


async def messages(*, pod: int | None, topics: frozenset[str] | None, with_journal: bool, since: int | None,
                   limit: int | None) -> AsyncIterator[bytes]:
    watcher = stream.subscribe(pod, topics)
    try:
        last_seq = journal.entries[-1]["seq"] if journal.entries else 0
        if since is not None:
            last_seq = min(since, last_seq)
        yield _sse("hello", {"worker": os.getpid(), "pod": pod, "journalSeq": last_seq, "clock": _clock_view()})
        sent = 0
        clock_key, faults_key = _clock_key(), _faults_key()
        idle = 0.0
        writes, since_changed = changes.total, CHANGED_EVERY_S
        while limit is None or sent < limit:
            out: list[bytes] = []
            try:
                msg = await asyncio.wait_for(watcher.queue.get(), POLL_S)
                out.append(_sse("event", msg))
                while not watcher.queue.empty():
                    out.append(_sse("event", watcher.queue.get_nowait()))
            except asyncio.TimeoutError:
                pass
            if with_journal and journal.entries and journal.entries[-1]["seq"] > last_seq:
                for e in _new_entries(last_seq):
                    out.append(_sse("journal", journal_summary(e), str(e["seq"])))
                    last_seq = e["seq"]
            key = _clock_key()
            if key != clock_key:
                clock_key = key
                out.append(_sse("clock", _clock_view()))
            key = _faults_key()
            if key != faults_key:
                faults_key = key
                out.append(_sse("faults", [r.public() for r in faults.rules]))
            since_changed += POLL_S
            if changes.total != writes and since_changed >= CHANGED_EVERY_S:
                writes, since_changed = changes.total, 0.0
                out.append(_sse("changed", {"writes": writes}))
            if limit is not None:
                out = out[: limit - sent]
            if out:
                sent += len(out)
                idle = 0.0
                yield b"".join(out)
            else:
                idle += POLL_S
                if idle >= KEEPALIVE_S:  # proxies close a silent connection
                    idle = 0.0
                    yield b": keep-alive\n\n"
    finally:
        stream.unsubscribe(watcher)
