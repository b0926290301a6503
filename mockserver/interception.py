"""moto-style interception: inside ``with mockserver.intercept():`` the calls a program makes to the
real Webex hosts through httpx or requests are answered by an in-process sandbox, so existing code
and SDKs (webexpythonsdk, wxc_sdk, a plain httpx client) run unchanged, without a base-URL switch.

    import mockserver
    from webexpythonsdk import WebexAPI

    with mockserver.intercept(pods="1") as sb:
        api = WebexAPI(access_token=sb.token("cl1admin1@email.carehybrid.com"))
        assert api.people.me().emails == ["cl1admin1@email.carehybrid.com"]

Hosts: ``webexapis.com`` (identity, /v1), ``api.wxcc-<region>.cisco.com`` (Contact Center), and a
Connect tenant ``<tenant>.imiconnect.io`` (served under ``/connect/<tenant>``). Other hosts pass
through to the network untouched. The hooks are respx (httpx) and responses (requests):
``pip install 'wxcc-sandbox[intercept]'``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
from contextlib import contextmanager
from typing import Any, Iterator
from urllib.parse import urlsplit

WEBEX = re.compile(r"^(?:[a-z0-9-]+\.)?webexapis\.com$")
WXCC = re.compile(r"^api\.wxcc-[a-z0-9-]+\.cisco\.com$")
CONNECT = re.compile(r"^(?P<tenant>[a-z0-9-]+)\.imiconnect\.io$")
URL = re.compile(r"^https?://(?:(?:[a-z0-9-]+\.)?webexapis\.com|api\.wxcc-[a-z0-9-]+\.cisco\.com|[a-z0-9-]+\.imiconnect\.io)(?::\d+)?(?:/|$)")
_HOP = {"host", "content-length", "transfer-encoding", "connection"}


def sandbox_path(url: str) -> str | None:
    """The sandbox path a real URL maps to, or None when the host is not one the sandbox plays."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    if WEBEX.match(host) or WXCC.match(host):
        pass
    elif (m := CONNECT.match(host)) is not None:
        path = f"/connect/{m.group('tenant')}{path}"
    else:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


class _Forwarder:
    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    def __call__(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Any:
        path = sandbox_path(url)
        if path is None:
            raise RuntimeError(f"intercept: {url} is not a host the sandbox plays")
        send = {k: v for k, v in headers.items() if k.lower() not in _HOP}
        call = lambda: self.sandbox.client.request(method, path, headers=send, content=body or None)  # noqa: E731
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return call()
        # an async caller (httpx.AsyncClient) holds this thread's loop: the sandbox's own loop runs beside it
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="wxcc-intercept")
        return self._pool.submit(call).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


@contextmanager
def intercept(pods: str = "1-2", *, sandbox: Any = None, **settings: Any) -> Iterator[Any]:
    """Routes httpx and requests calls for the Webex hosts to ``sandbox`` (or a new in-process one
    seeded with ``pods``); yields the sandbox (``.token(email)``, ``.auth(email)``, ``.client``)."""
    try:
        import respx
        import responses
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("mockserver.intercept needs respx and responses: pip install 'wxcc-sandbox[intercept]'") from exc
    import httpx

    if sandbox is None:
        from mockserver.testing import InProcessSandbox

        sandbox = InProcessSandbox(pods=pods, **settings)
    forward = _Forwarder(sandbox)

    def _httpx(request: httpx.Request) -> httpx.Response:
        r = forward(request.method, str(request.url), dict(request.headers), request.read())
        return httpx.Response(r.status_code, headers=list(r.headers.multi_items()), content=r.content)

    def _requests(prepared: Any) -> tuple[int, dict[str, str], bytes]:
        body = prepared.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        r = forward(prepared.method, prepared.url, dict(prepared.headers), body or b"")
        headers = {k: v for k, v in r.headers.items() if k.lower() not in ("content-length", "content-encoding")}
        return r.status_code, headers, r.content

    router = respx.mock(assert_all_called=False, assert_all_mocked=False)
    router.route(url__regex=URL.pattern).mock(side_effect=_httpx)
    router.route().pass_through()
    rsps = responses.RequestsMock(assert_all_requests_are_fired=False)
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"):
        rsps.add_callback(method, URL, callback=_requests)
    rsps.add_passthru(re.compile(r".*"))
    try:
        with router, rsps:
            yield sandbox
    finally:
        forward.close()
