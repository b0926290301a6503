"""The short ways through the stack answer what the long ones answer.

- A GET whose dependencies take the request, path parameters and scalar query parameters is
  served by ``core/http.py: fast_path``: the same request through FastAPI's own path (taken
  whenever the app has a dependency override) gets the same status, headers (but the tracking id)
  and body, for an answer and for each refusal, on every such route.
- The pytest fixture's reset drives the app without httpx's client path: it still refuses what the
  route refuses, sends the client's cookies, and is journaled like any request.
"""

from __future__ import annotations

import httpx
import pytest

from mockserver.core.clock import clock
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
    assert _served_fast(sandbox, "/v1/people")  # scalar query parameters: read and validated as FastAPI does
    assert _served_fast(sandbox, "/organization/{orgid}/v2/contact-service-queue")
    # a list parameter (?names=a&names=b): FastAPI's path
    assert not _served_fast(sandbox, "/organization/{orgid}/v3/user-profile/{id}/acl")


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


def _fill(route, org: str) -> str:
    numeric = {f.alias or f.name for f in route.dependant.path_params if f.field_info.annotation is int}
    out = []
    for part in route.path.split("/"):
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1]
            part = org if name.lower() == "orgid" else "cl1pod1" if name == "tenant" else "1" if name in numeric \
                else "no-such-thing"
        out.append(part)
    return "/".join(out)


def _strip(value):  # tracking ids differ per request by design
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k.lower() not in ("trackingid", "tracking_id", "transid", "uptimems")}  # and the wall-clock uptime
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _answer(r: httpx.Response) -> tuple:
    try:
        body = _strip(r.json())
    except ValueError:
        body = r.text
    return r.status_code, [(k, v) for k, v in r.headers.raw if k.lower() not in (b"trackingid", b"date")], body


def test_every_short_get_answers_as_fastapis_path_does(sandbox):
    """Every GET the short way serves, with and without a token, with no query, a typical one and
    values that fail validation: the same status, headers and body as FastAPI's own path."""
    from mockserver.connect.testkit import login

    sandbox.reset(pod=1, scenario="preconfigured")  # Connect and Engage tenants with their objects
    clock.configure(mode="manual")  # bodies stamped with the time compare equal
    token = sandbox.token(ADMIN)
    org = token.rsplit("_", 1)[1]
    webex = {"Authorization": f"Bearer {token}"}
    portal = login(sandbox.client, "cl1pod1", ADMIN, "C1sco!Pod1")
    routes = [r for r in api_routes(sandbox.app) if "GET" in getattr(r, "methods", ()) and _served_fast(sandbox, r.path)
              and not r.path.endswith("/live")]  # an event stream: compared in test_console.py
    assert len(routes) > 200
    compared = 0
    for route in routes:
        path = _fill(route, org)
        names = [f.alias or f.name for f in route.dependant.query_params]
        for d in route.dependant.dependencies:
            names += [f.alias or f.name for f in d.query_params]
        queries = ["", "page=0&pageSize=5&limit=5&offset=0", "&".join(f"{n}=x%21" for n in names) or "x=1"]
        for headers in ({}, portal if path.startswith("/connect/") else webex):
            for query in queries:
                fast, slow = _both(sandbox, f"{path}?{query}" if query else path, headers)
                assert _answer(fast) == _answer(slow), f"GET {path}?{query}"
                compared += 1
    assert compared > 1000


def _name(build) -> str:
    args = getattr(build, "args", ())  # a product built a bucket at a time: functools.partial(build, bucket)
    build = getattr(build, "func", build)
    return build.__module__ + "." + build.__name__ + (f"[{args[0]}]" if args else "")


def _loaded(app) -> set[str]:
    return {_name(p.build) for p in app.state.__dict__["_lazy_products"] if p.loaded}


def test_a_product_loaded_under_prefixes_serves_only_under_them(private_sandbox):
    """A product registered with `under` prefixes (core/http.py: include_lazy) is built only for a
    request under one of them: every route it has must lie under one, or a request could miss it."""
    sb = private_sandbox(pods="1", ephemeral=True)
    restricted = [p for p in sb.app.state.__dict__["_lazy_products"] if p.under]
    assert len(restricted) >= 30
    for product in restricted:
        for router in product.build():
            assert router.routes, f"{_name(product.build)} builds no route"
            for route in router.routes:
                assert product.wanted(route.path), f"{route.path} is outside {product.under}"


def test_the_config_api_built_bucket_by_bucket_has_every_route_of_the_whole(private_sandbox):
    from mockserver.wxcc.config import agent_view
    from mockserver.wxcc.config.routes import build_router

    sb = private_sandbox(pods="1", ephemeral=True)
    whole = [(r.path, sorted(r.methods)) for r in build_router().routes + agent_view.router.routes]
    by_bucket = [(r.path, sorted(r.methods)) for r in api_routes(sb.app)
                 if getattr(r, "path", "").startswith("/organization/")]
    assert len(whole) > 250
    assert sorted(by_bucket) == sorted(whole)  # each once: no route lost, none in two buckets
    # within a bucket, the whole router's order (`…/bulk-export` before `…/{id}`)
    for bucket in ("contact-service-queue", "user", "address-book"):
        mine = [x for x in by_bucket if x[0].split("/")[3:4] == [bucket] or x[0].split("/")[3:5] == ["v2", bucket]
                or x[0].split("/")[3:5] == ["v3", bucket]]
        assert mine == [x for x in whole if x in mine], bucket


def test_a_config_request_builds_its_bucket_only(private_sandbox):
    sb = private_sandbox(pods="1", ephemeral=True)
    token = sb.client.post("/sandbox/tokens", json={"email": ADMIN}).json()["access_token"]
    org, h = token.rsplit("_", 1)[1], {"Authorization": f"Bearer {token}"}
    r = sb.client.get(f"/organization/{org}/v2/contact-service-queue", headers=h)
    assert r.status_code == 200 and r.json()["data"]
    loaded = {n for n in _loaded(sb.app) if n.startswith("mockserver.wxcc.config.")}
    assert loaded == {"mockserver.wxcc.config._routers[contact-service-queue]", "mockserver.wxcc.config._agent_view"}
    # another bucket's first request builds it, and is answered as ever
    assert sb.client.get(f"/organization/{org}/team", headers=h).status_code == 200
    assert sb.client.get(f"/organization/{org}/v2/team/no-such-id", headers=h).status_code == 404
    assert "mockserver.wxcc.config._routers[team]" in _loaded(sb.app)
    # a path in no bucket is a 404 in the config API's shape; a method a bucket lacks, a 405 naming those it takes
    r = sb.client.get(f"/organization/{org}/no-such-resource", headers=h)
    assert r.status_code == 404 and "trackingId" in r.json()
    r = sb.client.post(f"/organization/{org}/site/bulk-export", headers=h, json={})  # also `site/{id}`
    assert r.status_code == 405 and r.headers["allow"] == "GET, PUT, DELETE"


def test_the_document_is_the_same_whichever_product_a_client_called_first(private_sandbox):
    fresh = private_sandbox(pods="1", ephemeral=True).client.get("/openapi.json").json()
    sb = private_sandbox(pods="1", ephemeral=True)
    token = sb.client.post("/sandbox/tokens", json={"email": ADMIN}).json()["access_token"]
    org, h = token.rsplit("_", 1)[1], {"Authorization": f"Bearer {token}"}
    for path in ("/v1/agents/nothing", f"/organization/{org}/user", f"/organization/{org}/v2/team", "/v1/event-types"):
        sb.client.get(path, headers=h)
    called = sb.client.get("/openapi.json").json()
    assert list(called["paths"]) == list(fresh["paths"])
    assert called == fresh


def test_a_request_builds_only_the_products_it_may_reach(private_sandbox):
    sb = private_sandbox(pods="1", ephemeral=True)
    token = sb.client.post("/sandbox/tokens", json={"email": ADMIN}).json()["access_token"]
    assert not {"mockserver.console._routers", "mockserver.wxcc.simulate._routers"} & _loaded(sb.app)
    h = {"Authorization": f"Bearer {token}"}
    assert sb.client.get("/v1/people/me", headers=h).status_code == 200
    assert "mockserver.identity._routers" in _loaded(sb.app)
    assert "mockserver.wxcc._runtime_routers" not in _loaded(sb.app)
    # an unknown path under /v1 is a 404 whichever products are built
    assert sb.client.get("/v1/nothing-here", headers=h).status_code == 404
    assert sb.client.get("/v1/agents/nothing-here", headers=h).status_code == 404
    assert "mockserver.wxcc._runtime_routers" in _loaded(sb.app)
