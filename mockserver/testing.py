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
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._loop.run_until_complete(self._client.request(method, url, **kwargs))

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
        r = self.client.post("/sandbox/reset", params=params)
        r.raise_for_status()

    def close(self) -> None:
        self.client.close()
