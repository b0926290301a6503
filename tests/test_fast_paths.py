"""The short ways through the stack answer what the long ones answer.

- A route that reads nothing but what its gates read is served by ``core/http.py: fast_path``:
  the same request through FastAPI's own path (taken whenever the app has a dependency override)
  gets the same status, headers (but the tracking id) and body, for an answer and for each refusal.
- The pytest fixture's reset drives the app without httpx's client path: it still refuses what the
  route refuses, sends the client's cookies, and is journaled like any request.
"""

from __future__ import annotations

import httpx
import pytest

from mockserver.core.http import api_routes

ADMIN = "cl1admin1@email.carehybrid.com"


def _override() -> None:  # any override sends every request down FastAPI's path
    return None


def _both(sandbox, path: str, headers: dict | None = None) -> tuple[httpx.Response, httpx.Response]:
    fast = sandbox.client.get(path, headers=headers or {})
    sandbox.app.dependency_overrides[_override] = _override
    try:
        slow = sandbox.client.get(path, headers=headers or {})
    finally:
        sandbox.app.dependency_overrides.clear()
    return fast, slow


def _without_tracking(r: httpx.Response) -> tuple:
    body = r.json()
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k.lower() != "trackingid"}
    return r.status_code, [(k, v) for k, v in r.headers.raw if k.lower() != b"trackingid"], body


def _served_fast(sandbox, path: str) -> bool:
    route = next(r for r in api_routes(sandbox.app) if getattr(r, "path", None) == path and "GET" in r.methods)
    app = getattr(route.app, "app", route.app)  # inside core/body.py's guard
    return "fast_path" in getattr(app, "__qualname__", "")


def test_people_me_is_served_by_the_short_path(sandbox):
    assert _served_fast(sandbox, "/v1/people/me")
    assert _served_fast(sandbox, "/sandbox/faults")
    assert not _served_fast(sandbox, "/v1/people")  # it has query parameters: FastAPI's path


@pytest.mark.parametrize("case", ["valid", "no token", "malformed", "unknown token", "lacks the scope"])
def test_people_me_answers_as_fastapis_path_does(sandbox, case):
    headers = {
        "valid": {"Authorization": f"Bearer {sandbox.token(ADMIN)}"},
        "no token": {},
        "malformed": {"Authorization": "Token abc"},
        "unknown token": {"Authorization": "Bearer nope_PF84_0e72a461-fb91-5b2f-804b-787b618c7c9d"},
        "lacks the scope": {"Authorization": f"Bearer {sandbox.token(ADMIN, scopes=['cjp:config_read'])}"},
    }[case]
    fast, slow = _both(sandbox, "/v1/people/me", headers)
    assert fast.headers["trackingid"] and slow.headers["trackingid"]
    assert _without_tracking(fast) == _without_tracking(slow)
    assert fast.status_code == {"valid": 200, "lacks the scope": 403}.get(case, 401), fast.text
    if case == "valid":
        assert fast.json()["emails"] == [ADMIN]


def test_other_parameterless_reads_answer_as_fastapis_path_does(sandbox):
    h = {"Authorization": f"Bearer {sandbox.token(ADMIN)}"}
    for path in ("/v1/organizations", "/v1/roles", "/v1/userinfo", "/sandbox/faults", "/sandbox/snapshots"):
        fast, slow = _both(sandbox, path, h)
        assert _without_tracking(fast) == _without_tracking(slow), path


def test_a_browser_request_still_gets_the_cors_headers(sandbox):
    r = sandbox.client.get("/v1/people/me", headers={"Origin": "http://localhost:3000",
                                                     "Authorization": f"Bearer {sandbox.token(ADMIN)}"})
    assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "trackingid" in r.headers["access-control-expose-headers"]
    assert r.headers["vary"] == "Origin"
    plain = sandbox.client.get("/v1/people/me")
    assert plain.headers["vary"] == "Origin" and "access-control-allow-origin" not in plain.headers


def test_the_fixture_reset_refuses_what_the_route_refuses(sandbox):
    with pytest.raises(httpx.HTTPStatusError) as err:
        sandbox.reset(pod=99)
    assert err.value.response.status_code == 404
    assert "POD 99 is not seeded" in err.value.response.text


def test_the_fixture_reset_sends_the_clients_cookies_and_is_journaled(sandbox):
    sandbox.client.delete("/sandbox/requests")
    sandbox.client._client.cookies.set("session", "s3cret")  # as a sign-in would leave one
    try:
        sandbox.reset(pod=1)
        sandbox.reset(pod=1)
    finally:
        sandbox.client._client.cookies.clear()
    entries = sandbox.client.get("/sandbox/requests", params={"path": "/sandbox/reset"}).json()
    assert [e["status"] for e in entries] == [200, 200]
    assert all(e["method"] == "POST" and e["query"] == "pod=1" for e in entries)
    assert all(e["requestHeaders"].get("cookie") == "***" for e in entries)  # sent, and masked
