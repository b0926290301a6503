"""Where a webhook may go, and the HTTP POST itself.

The sandbox delivers to loopback receivers and to the hosts named in ``MOCKSERVER_WEBHOOK_ALLOW``
only: a subscription may name any URL (as on a real tenant), but a delivery elsewhere is logged as
``blocked`` instead of leaving the machine. Names are never resolved to decide: ``localhost``,
an IP literal on loopback, or an allow-listed name.

A served app sends from its event loop (an asyncio task: a slow receiver never stalls a request);
in-process (tests, no heartbeat) the POST is made where the outbox is drained, so when a request
returns, what it caused has been delivered.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import httpx

SEND_TIMEOUT_S = 5.0  # Cisco asks receivers to answer within 5 s
_EXCERPT = 512


def _allow_list() -> list[str]:
    from mockserver.core.runtime import runtime

    raw = getattr(runtime.settings, "webhook_allow", "") if runtime.settings is not None else ""
    return [h.strip().lower() for h in raw.split(",") if h.strip()]


def destination_allowed(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        pass
    for entry in _allow_list():
        if entry.startswith("*.") and host.endswith(entry[1:]) or host == entry:
            return True
    return False


@dataclass
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: float
    excerpt: str | None
    retry_after_s: float | None = None


def _outcome(started: float, r: httpx.Response | None, err: Exception | None) -> Outcome:
    import httpx

    ms = round((time.perf_counter() - started) * 1000, 3)
    if r is None:
        kind = "timed out after 5 s" if isinstance(err, httpx.TimeoutException) else f"{type(err).__name__}: {err}"
        return Outcome(None, f"no response: {kind}", ms, None)
    retry_after = None
    ra = r.headers.get("retry-after")
    if ra and ra.strip().isdigit():
        retry_after = float(ra.strip())
    return Outcome(r.status_code, None if 200 <= r.status_code < 300 else f"HTTP {r.status_code}", ms,
                   r.text[:_EXCERPT] if r.content else None, retry_after)


# One client per process (and one per event loop for the async sends): a new client builds a TLS
# context each time, which cost more than the POST itself; kept ones also reuse connections.
_sync_client: httpx.Client | None = None
_async_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient]" = weakref.WeakKeyDictionary()
_OPTIONS = {"timeout": SEND_TIMEOUT_S, "follow_redirects": False, "trust_env": False}


def send_sync(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    import httpx  # on the first delivery: a served sandbox that never sends does not pay for it at start

    global _sync_client
    if _sync_client is None:
        _sync_client = httpx.Client(**_OPTIONS)  # type: ignore[arg-type]
    started = time.perf_counter()
    try:
        return _outcome(started, _sync_client.post(url, content=body, headers=headers), None)
    except httpx.HTTPError as exc:
        return _outcome(started, None, exc)


async def send_async(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    import httpx

    loop = asyncio.get_running_loop()
    client = _async_clients.get(loop)
    if client is None:
        client = _async_clients[loop] = httpx.AsyncClient(**_OPTIONS)  # type: ignore[arg-type]
    started = time.perf_counter()
    try:
        return _outcome(started, await client.post(url, content=body, headers=headers), None)
    except httpx.HTTPError as exc:
        return _outcome(started, None, exc)


def served_loop() -> asyncio.AbstractEventLoop | None:
    """The running loop when it is a served app's (its heartbeat runs in it), else None."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop if any(t.get_name() == "sandbox-ticker" for t in asyncio.all_tasks(loop)) else None
