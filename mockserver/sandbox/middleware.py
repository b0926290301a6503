"""The one middleware: tracking ids, the control plane's admin token, injected faults, the journal.

Pure ASGI (no BaseHTTPMiddleware), because it runs on every request and the hot path counts.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from mockserver.core.access import access_line, access_lines
from mockserver.core.cache import changes
from mockserver.core.clock import clock
from mockserver.core.db import write_intent
from mockserver.core.errors import ApiError, family_for
from mockserver.core.http import dumps
from mockserver.core.ids import ids
from mockserver.core.outbox import outbox
from mockserver.core.runtime import runtime
from mockserver.core.shared import shared
from mockserver.core.timers import timers
from mockserver.core.ids import same_secret
from mockserver.sandbox.faults import faults
from mockserver.sandbox import guards
from mockserver.sandbox.journal import journal

_CAPTURE = 4096
_SKIP_JOURNAL = ("/sandbox/requests",)
_HIDDEN_HEADERS = {b"authorization": "Bearer ***", b"x-sandbox-token": "***", b"cookie": "***"}
_JOURNAL_HEADERS = (b"content-type", b"user-agent", b"authorization", b"accept", b"x-sandbox-token", b"cookie",
                    b"origin")
log = logging.getLogger("mockserver")


# Open with or without the admin token: container health checks know no secret; the console's
# sign-in page, and its stylesheet and script (package files, no state), are what one reads before
# signing in.
_OPEN = frozenset({"/sandbox/health", "/sandbox/console/signin"})
_OPEN_PREFIX = "/sandbox/console/static/"
_CONSOLE = "/sandbox/console"
# The console's session cookie (set by POST /sandbox/console/signin): a browser cannot send
# X-Sandbox-Token when it navigates. Its value is derived from the admin token (console/auth.py),
# so every worker accepts it and changing the token signs everyone out.
CONSOLE_COOKIE = b"sandbox_console"


def unexpected(tid: str) -> ApiError:
    """What a bug answers: no exception text, SQL or parameter; the tracking id finds the log line."""
    return ApiError(500, "Internal error.", [
        f"The sandbox failed unexpectedly; the server log has the details under trackingId {tid}."])


def _error_response(path: str, tid: str, err: ApiError, method: str = "") -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    err.extra = {**(err.extra or {}), "method": method}  # a family may answer reads in another shape (WxCC's reports)
    body = dumps(family_for(path).render(err, tid))
    headers = [(b"content-type", b"application/json"), (b"trackingid", tid.encode())]
    headers += [(k.lower().encode(), str(v).encode()) for k, v in err.headers.items()]
    return err.status, headers, body


class SandboxMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket" and guards.host_refused(scope) is not None:
                await send({"type": "websocket.close", "code": 1008, "reason": "Host not allowed (MOCKSERVER_ALLOWED_HOSTS)"})
                return
            if scope["type"] == "websocket" and not self._websocket_ok(scope):
                # 1008: policy violation; the reason says what to send (browsers cannot set headers).
                await send({"type": "websocket.close", "code": 1008,
                            "reason": "MOCKSERVER_ADMIN_TOKEN is set: send ?token=<admin token> or X-Sandbox-Token"})
                return
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]
        tid = None
        auth = None
        for k, v in scope["headers"]:
            if k == b"trackingid":
                tid = v.decode("latin-1")
            elif k == b"authorization":
                auth = v
        if not tid:
            tid = ids.tracking(family_for(path).tracking_prefix)
        scope.setdefault("state", {})["tracking_id"] = tid

        # The console's own pages, assets and live stream would bury the traffic it shows; what it
        # does (a reset, a fault) goes through the JSON control plane and is recorded there.
        record = journal.enabled and path not in _SKIP_JOURNAL and not path.startswith(_CONSOLE)
        started = time.perf_counter()
        status_holder = [0]
        req_body = bytearray()
        resp_body = bytearray()
        fault_id = None

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                if changes.unannounced:  # other workers hear of this request's writes before its client does
                    changes.announce()
                status_holder[0] = message["status"]
                headers = list(message.get("headers", []))
                if not any(k == b"trackingid" for k, _ in headers):
                    headers.append((b"trackingid", tid.encode()))
                message = {**message, "headers": headers}
            elif record and message["type"] == "http.response.body" and len(resp_body) < _CAPTURE:
                resp_body.extend(message.get("body", b"")[: _CAPTURE - len(resp_body)])
            await send(message)

        async def receive_wrapper() -> dict:
            message = await receive()
            if message["type"] == "http.request" and len(req_body) < _CAPTURE:
                req_body.extend(message.get("body", b"")[: _CAPTURE - len(req_body)])
            return message

        intent = write_intent.set(method not in ("GET", "HEAD", "OPTIONS"))
        try:
            refused = guards.refused(scope)
            if refused is not None:
                raise refused
            if path.startswith("/sandbox"):
                admin = runtime.settings.admin_token
                if (admin and path not in _OPEN and not path.startswith(_OPEN_PREFIX)
                        and not self._admin_ok(scope, auth, admin)):
                    if path.startswith(_CONSOLE) and method == "GET" and not path.startswith(_CONSOLE + "/live"):
                        await _to_signin(scope, send, tid)  # a person navigating: the sign-in page
                        status_holder[0] = 303
                        return
                    raise ApiError(401, "Control plane requires the admin token.", [
                        "MOCKSERVER_ADMIN_TOKEN is set: send 'Authorization: Bearer <admin token>' or 'X-Sandbox-Token: <admin token>' to /sandbox."
                    ])
                if method not in ("GET", "HEAD", "OPTIONS"):
                    cross = guards.cross_site(scope)
                    if cross is not None:
                        raise cross
            if shared.enabled:  # several workers: take in what the others changed
                shared.sync()
            # Whatever fell due on the sandbox clock happens before the request is answered.
            timers.maybe_fire()
            rule = faults.pick(method, path) if faults.rules else None
            if rule is not None:
                fault_id = rule.id
                if rule.count is not None:
                    faults.publish()
                if rule.latency_ms:
                    await asyncio.sleep(rule.latency_ms / 1000.0)
                if rule.status:
                    headers = {}
                    if rule.status == 429 or rule.retry_after is not None:
                        headers["Retry-After"] = str(rule.retry_after if rule.retry_after is not None else 1)
                    raise ApiError(rule.status, rule.message or "Injected fault.", [
                        rule.message or f"Fault {rule.id} injected by the sandbox (POST /sandbox/faults)."
                    ], headers=headers)
            await self.app(scope, receive_wrapper if record else receive, send_wrapper)
            if timers.scheduled and shared.enabled:
                timers.scheduled = False
                shared.publish("timers")  # other workers learn the new due time
        except ApiError as err:
            status, headers, body = _error_response(path, tid, err, method)
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            status_holder[0] = status
            resp_body[:] = body[:_CAPTURE]
        except Exception:  # noqa: BLE001 - a bug answers like any other error; the details go to the log
            # Caught here, inside Starlette's ServerErrorMiddleware, so the server never sees an
            # exception: it keeps the connection open and the client's next request on it works.
            log.exception("unhandled error on %s %s (trackingId %s)", method, path, tid)
            if status_holder[0]:
                raise  # the response had started: nothing sound can be sent any more
            status, headers, body = _error_response(path, tid, unexpected(tid), method)
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            status_holder[0] = status
            resp_body[:] = body[:_CAPTURE]
        finally:
            write_intent.reset(intent)
        if outbox.dirty:  # what this request (or a timer it fired) committed for other listeners
            outbox.flush()
        if runtime.settings.access_log:
            access_lines.write(access_line(scope, status_holder[0], started, tid))
        if record:
            journal.add({
                "timeMs": clock.now_ms(),
                "method": method,
                "path": path,
                "query": scope.get("query_string", b"").decode("latin-1"),
                "status": status_holder[0],
                "durationMs": int((time.perf_counter() - started) * 1_000_000) / 1000,
                "trackingId": tid,
                "requestHeaders": {
                    k.decode("latin-1"): _HIDDEN_HEADERS.get(k, v.decode("latin-1"))
                    for k, v in scope["headers"] if k in _JOURNAL_HEADERS
                },
                # raw here, masked and decoded when read (sandbox/journal.py), not on the hot path
                "requestBody": bytes(req_body),
                "responseBody": bytes(resp_body),
                "fault": fault_id,
            })

    @classmethod
    def _websocket_ok(cls, scope: dict) -> bool:
        admin = runtime.settings.admin_token
        if not admin or not scope["path"].startswith("/sandbox"):
            return True
        auth = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        from urllib.parse import parse_qs

        token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        return cls._admin_ok(scope, auth, admin, token[0] if token else None)

    @staticmethod
    def _admin_ok(scope: dict, auth: bytes | None, admin: str, query_token: str | None = None) -> bool:
        presented = query_token
        cookie = None
        for k, v in scope["headers"]:
            if k == b"x-sandbox-token":
                presented = v.decode("latin-1")
            elif k == b"cookie" and CONSOLE_COOKIE in v:
                cookie = v
        if presented is None and auth and auth.lower().startswith(b"bearer "):
            presented = auth[7:].decode("latin-1").strip()
        if presented is not None:
            return same_secret(presented, admin)
        if cookie is not None:
            from mockserver.console.auth import cookie_ok

            return cookie_ok(cookie, admin)
        return False


async def _to_signin(scope: dict, send: Any, tid: str) -> None:
    from urllib.parse import quote

    query = scope.get("query_string", b"").decode("latin-1")
    target = scope["path"] + ("?" + query if query else "")
    location = f"{_CONSOLE}/signin?next={quote(target, safe='')}"
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", location.encode("latin-1")), (b"trackingid", tid.encode()),
        (b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": b"Sign in to the console: " + location.encode("latin-1")})
