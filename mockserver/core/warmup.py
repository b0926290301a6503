"""What `serve` listens with from its first moment: the sandbox is built in the background while
the socket already answers.

Building the app (FastAPI, SQLAlchemy, every product's tables and models, the seeded PODs) takes
a second or two; a CI job that starts the sandbox has its own start-up to do meanwhile (a test
runner collecting, a client importing). So `serve` binds, answers `GET /sandbox/health` at once,
and builds on a thread. Every other request (and a websocket) arriving before the build is done
is held, not refused, and handed to the built app the moment it exists: whatever a client sends
after the first 200 gets the answer it would have got from a fully started sandbox, only later.
`health` says so: `ready` (requests are taken and answered) is true from the first moment,
`warm` (no request waits for the build) once it is done. That is the contract moto and LocalStack
keep too: they answer at once and load a service on its first use. The early health answer has
the built app's headers; it is not in the request journal, and a browser's (with an Origin
header, which needs the CORS answer) is held like any other request.

Deterministic starts stay deterministic: no request reaches the app (nor draws an id, nor reads the
clock) before the build has seeded. A build that fails (an unreachable database, an unknown
scenario) ends the process with the same one-line message it always gave; requests held meanwhile
get a 503 saying why.

This module is imported before the heavy ones and imports nothing of the sandbox's but the light
core/access.py: `serve` (cli.py) hands it the build, the Host check and the access-line writer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from typing import Any, Callable

from mockserver.core.access import access_line

log = logging.getLogger("mockserver")

_HEALTH = "/sandbox/health"


class WarmingApp:
    """An ASGI app that builds the real one on a thread at lifespan start-up and then passes
    everything to it (lifespan included)."""

    def __init__(self, build: Callable[[], Any], *, version: str, pods: list[int], database: str, clock_mode: str,
                 on_warm: Callable[[], None] | None = None, on_failure: Callable[[BaseException], None] | None = None,
                 access: Callable[[str], None] | None = None, host_refused: Callable[[dict], Any] | None = None) -> None:
        self._build = build
        self._version = version
        self._pods = pods
        self._database = database
        self._clock_mode = clock_mode
        self._on_warm = on_warm
        self._on_failure = on_failure
        self._access = access
        self._host_refused = host_refused  # the built app's Host check (sandbox/guards.py), given by the caller
        self.app: Any = None
        self.failure: BaseException | None = None
        self._done: asyncio.Event | None = None
        self._started = time.time()
        self._lifespan_in: asyncio.Queue | None = None
        self._lifespan_task: asyncio.Task | None = None
        self._lifespan_state: dict = {}
        self._app_stopped: asyncio.Event | None = None
        self._tasks: set[asyncio.Task] = set()

    # --- ASGI --------------------------------------------------------------------------------
    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if self.app is None:
            if self._done is None:  # no lifespan ran (an ASGI host without one): build here
                await self._start()
            if scope["type"] == "http" and scope["path"] == _HEALTH and scope["method"] == "GET" \
                    and self.failure is None and not self._done.is_set() and not _has_origin(scope):
                await self._health(scope, send)
                return
            await self._done.wait()
        if self.app is None:
            await self._refuse(scope, send)
            return
        await self.app(scope, receive, send)

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self._start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self._stop_app_lifespan()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # --- the build -----------------------------------------------------------------------------
    async def _start(self) -> None:
        if self._done is not None:
            return
        loop = asyncio.get_running_loop()
        self._done = asyncio.Event()

        def build() -> None:
            try:
                app = self._build()
            except BaseException as exc:  # noqa: BLE001 - reported on the loop, ends the process
                failure = exc  # the except clause unbinds its name when it ends
                loop.call_soon_threadsafe(self._spawn, self._failed(failure))
                return
            loop.call_soon_threadsafe(self._spawn, self._built(app))

        threading.Thread(target=build, name="sandbox-build", daemon=True).start()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(self._tasks.discard)

    async def _built(self, app: Any) -> None:
        try:
            await self._start_app_lifespan(app)
        except BaseException as exc:  # noqa: BLE001
            await self._failed(exc)
            return
        self.app = app
        self._done.set()  # type: ignore[union-attr]
        if self._on_warm is not None:
            self._on_warm()

    async def _failed(self, exc: BaseException) -> None:
        self.failure = exc
        self._done.set()  # type: ignore[union-attr]
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            log.error("the sandbox failed to start: %s", exc)

    async def _start_app_lifespan(self, app: Any) -> None:
        """Runs the built app's lifespan (its ticker) as a server would have."""
        self._lifespan_in = asyncio.Queue()
        started, self._app_stopped = asyncio.Event(), asyncio.Event()
        failed: list[str] = []

        async def send(message: dict) -> None:
            kind = message["type"]
            if kind == "lifespan.startup.complete":
                started.set()
            elif kind == "lifespan.startup.failed":
                failed.append(message.get("message", ""))
                started.set()
            elif kind in ("lifespan.shutdown.complete", "lifespan.shutdown.failed"):
                self._app_stopped.set()  # type: ignore[union-attr]

        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self._lifespan_state}
        self._lifespan_task = asyncio.create_task(app(scope, self._lifespan_in.get, send))
        self._lifespan_in.put_nowait({"type": "lifespan.startup"})
        await started.wait()
        if failed:
            raise RuntimeError(f"the app's start-up failed: {failed[0]}")

    async def _stop_app_lifespan(self) -> None:
        if self._lifespan_task is None or self._lifespan_in is None:
            return
        self._lifespan_in.put_nowait({"type": "lifespan.shutdown"})
        try:
            await asyncio.wait_for(self._app_stopped.wait(), timeout=10)  # type: ignore[union-attr]
        except asyncio.TimeoutError:
            self._lifespan_task.cancel()

    # --- answers while building ---------------------------------------------------------------
    async def _health(self, scope: dict, send: Any) -> None:
        if self._host_refused is not None and self._host_refused(scope) is not None:
            # the Host check is the one gate health passes through: the built app refuses it
            await self._done.wait()  # type: ignore[union-attr]
            await self._refuse(scope, send) if self.app is None else await self.app(scope, _no_body, send)
            return
        started = time.perf_counter()
        now_ms = int(time.time() * 1000)
        body = json.dumps({
            "ready": True, "warm": False, "version": self._version, "pods": self._pods, "database": self._database,
            "clock": {"now": _iso(now_ms), "mode": self._clock_mode, "epochMs": now_ms},
            "uptimeMs": now_ms - int(self._started * 1000),
        }, separators=(",", ":")).encode()
        tid = _tracking_of(scope) or _tracking()
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-length", str(len(body)).encode()), (b"content-type", b"application/json"),
            (b"trackingid", tid.encode()), (b"vary", b"Origin")]})  # the built app's headers
        await send({"type": "http.response.body", "body": body})
        if self._access is not None:
            self._access(access_line(scope, 200, started, tid))

    async def _refuse(self, scope: dict, send: Any) -> None:
        reason = f"{self.failure}" if self.failure is not None else "it is stopping"
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1011, "reason": f"the sandbox failed to start: {reason}"[:120]})
            return
        if scope["type"] != "http":
            return
        tid = _tracking()
        body = json.dumps({"message": "Service unavailable.", "errors": [
            {"description": f"The sandbox failed to start: {reason}"}], "trackingId": tid}).encode()
        await send({"type": "http.response.start", "status": 503, "headers": [
            (b"content-type", b"application/json"), (b"trackingid", tid.encode())]})
        await send({"type": "http.response.body", "body": body})


def _has_origin(scope: dict) -> bool:
    """A browser's request: the built app answers it, with its CORS headers."""
    return any(k == b"origin" for k, _ in scope.get("headers") or ())


async def _no_body() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}


def _iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def _tracking_of(scope: dict) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == b"trackingid":
            return value.decode("latin-1")
    return None


def _tracking() -> str:
    b = os.urandom(16).hex().upper()
    return f"SANDBOX_{b[:8]}-{b[8:12]}-{b[12:16]}-{b[16:20]}-{b[20:]}"
