"""In-process sandbox for tests: the ASGI app behind an httpx client, no socket, no thread.

    from mockserver.testing import InProcessSandbox
    sb = InProcessSandbox(pods="1-2")
    token = sb.token("cl1admin1@email.carehybrid.com")
    sb.client.get("/v1/people/me", headers={"Authorization": f"Bearer {token}"})
    sb.reset()
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import httpx

from mockserver.core.settings import Settings


class SyncASGIClient:
    """httpx's ASGI transport is async; tests read better synchronously. One private loop drives it."""

    def __init__(self, app: Any, base_url: str = "http://testserver") -> None:
        self._loop = asyncio.new_event_loop()
        self._served_on: asyncio.AbstractEventLoop | None = None
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)
        self._made: dict[tuple, tuple] = {}

    def serve_on(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """While the same app is also served on a socket (the pytest plugin's wxcc_sandbox_url),
        its requests from here run on the server's event loop: the server's ticker (timers, the
        outbox) and the routes then never run at once, as in any served sandbox. Run on a private
        loop instead, they raced the ticker for the in-memory database's one connection."""
        self._served_on = loop

    def _run(self, coro: Any) -> Any:
        if self._served_on is not None and self._served_on.is_running():
            return asyncio.run_coroutine_threadsafe(coro, self._served_on).result()
        return self._loop.run_until_complete(coro)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._run(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def put(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", url, **kw)

    def patch(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("PATCH", url, **kw)

    def delete(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", url, **kw)

    def call(self, method: str, url: str, **kwargs: Any) -> int:
        """The request as ``request`` sends it (the client's headers and cookies, the same scope
        as httpx's ASGI transport), answered without an ``httpx.Response`` when it succeeds: the
        status. The pytest fixture's reset per test, where httpx's own path was most of the cost.
        A 4xx/5xx raises httpx.HTTPStatusError as ``raise_for_status`` does."""
        # Building an httpx.Request (URL parsing) cost more than the reset it carries: the same
        # request is built once and its scope kept, while the client holds no cookie to add.
        key = (method, url, repr(sorted(kwargs.items())))
        made = self._made.get(key) if not self._client.cookies else None
        if made is None:
            request = self._client.build_request(method, url, **kwargs)
            made = (request, request.read(), {
                "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": request.method,
                "headers": [(k.lower(), v) for (k, v) in request.headers.raw], "scheme": request.url.scheme,
                "path": request.url.path, "raw_path": request.url.raw_path.split(b"?")[0],
                "query_string": request.url.query, "server": (request.url.host, request.url.port),
                "client": ("127.0.0.1", 123), "root_path": ""})
            if not self._client.cookies:
                self._made[key] = made
        return self._run(self._call(*made))

    async def _call(self, request: httpx.Request, body: bytes, template: dict) -> int:
        scope = {**template, "headers": list(template["headers"])}  # the app may add to its scope
        sent = False
        status = 0
        headers: list = []
        parts: list[bytes] = []

        async def receive() -> dict:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self._transport_app(scope, receive, send)
        if status >= 400 or any(k.lower() == b"set-cookie" for k, _ in headers):
            response = httpx.Response(status, headers=headers, content=b"".join(parts), request=request)
            self._client.cookies.extract_cookies(response)
            response.raise_for_status()
        return status

    @property
    def _transport_app(self) -> Any:
        return self._client._transport.app  # type: ignore[attr-defined]

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


class InProcessSandbox:
    def __init__(self, pods: str = "1-2", **settings: Any) -> None:
        from mockserver.app import create_app

        # In memory unless the environment names a database (e.g. the PostgreSQL run of CI);
        # either way a test sandbox starts from empty tables.
        settings.setdefault("ephemeral", "MOCKSERVER_DATABASE_URL" not in os.environ)
        settings.setdefault("fresh", True)
        # httpx's in-process client says Host: testserver
        settings.setdefault("allowed_hosts", "localhost,127.0.0.1,::1,[::1],testserver")
        self.settings = Settings(pods=pods, **settings)
        self.app = create_app(self.settings)
        self.client = SyncASGIClient(self.app)

    def token(self, email: str, scopes: list[str] | None = None, **extra: Any) -> str:
        body: dict[str, Any] = {"email": email, **extra}
        if scopes is not None:
            body["scopes"] = scopes
        r = self.client.post("/sandbox/tokens", json=body)
        r.raise_for_status()
        return r.json()["access_token"]

    def auth(self, email: str, scopes: list[str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(email, scopes)}"}

    def reset(self, pod: int | None = None, scenario: str | None = None) -> None:
        params = {}
        if pod:
            params["pod"] = pod
        if scenario:
            params["scenario"] = scenario
        self.client.call("POST", "/sandbox/reset", params=params)

    def close(self) -> None:
        self.client.close()
