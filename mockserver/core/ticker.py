"""The server's heartbeat: fires due timers and delivers other processes' effects with no request.

Agents wait on websockets for a RONA that must arrive although nobody calls the server, so a
served app (uvicorn runs its lifespan) runs one asyncio task that, every 50 ms:
- takes in what other processes changed (a memory read; the outbox is drained when they rang),
- fires the timers that fell due on the sandbox clock (with the real clock this is what fires
  them; a moved manual clock fires them before the move returns),
- delivers and announces the outbox rows that firing wrote,
and every second sweeps the outbox for rows a crashed writer committed but never announced.

It runs in the event loop's thread, like the routes, so no handler ever runs concurrently with a
request. With several workers each has a ticker, but a timer fires once per deployment: firing
takes the timer's row inside a serialized write transaction, and the loser finds nothing due.
In-process tests (httpx's ASGI transport runs no lifespan) have no ticker: there, timers fire
when the clock is moved or before the next request, as they always have.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator

from mockserver.core.cache import changes
from mockserver.core.outbox import outbox
from mockserver.core.shared import shared
from mockserver.core.timers import timers

log = logging.getLogger("mockserver.ticker")

INTERVAL_S = 0.05
SWEEP_EVERY = 20  # ticks: about a second
PRUNE_EVERY = 1200  # ticks: about a minute


def tick(n: int = 0) -> None:
    if shared.enabled:
        shared.sync()
    timers.maybe_fire()
    outbox.flush()
    if changes.unannounced:  # writes made outside an HTTP response (a websocket's handler, say)
        changes.announce()
    if n % SWEEP_EVERY == 0:
        outbox.drain()
    if n and n % PRUNE_EVERY == 0:
        outbox.sweep()


async def run() -> None:
    n = 0
    while True:
        await asyncio.sleep(INTERVAL_S)
        n += 1
        try:
            tick(n)
        except Exception:  # noqa: BLE001 - the heartbeat must survive one bad beat
            log.exception("ticker beat failed")


@contextlib.asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    task = asyncio.create_task(run(), name="sandbox-ticker")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
