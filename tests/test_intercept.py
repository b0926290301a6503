"""mockserver.intercept(): a program's unchanged calls to the real Webex hosts reach the sandbox."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import requests

import mockserver
from mockserver.core.seeding import pod_org_id
from mockserver.interception import sandbox_path

ADMIN = "cl1admin1@email.carehybrid.com"


def test_host_mapping():
    assert sandbox_path("https://webexapis.com/v1/people/me?x=1") == "/v1/people/me?x=1"
    assert sandbox_path("https://api.wxcc-eu2.cisco.com/organization/o/v2/team") == "/organization/o/v2/team"
    assert sandbox_path("https://cl1pod1.imiconnect.io/callback?code=c") == "/connect/cl1pod1/callback?code=c"
    assert sandbox_path("https://example.com/v1/people/me") is None


def test_webexpythonsdk_runs_unchanged(wxcc_intercept):
    from webexpythonsdk import WebexAPI
    from webexpythonsdk.exceptions import ApiError

    api = WebexAPI(access_token=wxcc_intercept.token(ADMIN))  # the SDK's default base URL: webexapis.com
    me = api.people.me()
    assert me.emails == [ADMIN]
    assert ADMIN in [p.emails[0] for p in api.people.list(email=ADMIN)]
    with pytest.raises(ApiError) as e:
        api.people.get("not-a-person")
    assert e.value.status_code in (400, 404)


def test_plain_httpx_sync_and_async_and_requests(wxcc_sandbox):
    org = pod_org_id(1)
    with mockserver.intercept(sandbox=wxcc_sandbox) as sb:
        h = sb.auth(ADMIN)
        r = httpx.get(f"https://api.wxcc-us1.cisco.com/organization/{org}/v2/team", headers=h)
        assert r.status_code == 200 and r.json()["data"] and r.headers["trackingid"]
        bad = httpx.post(f"https://api.wxcc-us1.cisco.com/organization/{org}/team", json={"name": 1}, headers=h)
        assert bad.status_code == 400  # the sandbox's real error, not a mock's

        async def call() -> httpx.Response:
            async with httpx.AsyncClient(base_url="https://webexapis.com/v1") as c:
                return await c.get("/people/me", headers=h)

        assert asyncio.run(call()).json()["emails"] == [ADMIN]
        assert requests.get("https://webexapis.com/v1/people/me", headers=h, timeout=5).json()["emails"] == [ADMIN]
        # state is shared with the sandbox the test holds
        site = sb.client.get(f"/organization/{org}/v2/site", headers=h).json()["data"][0]["id"]
        created = requests.post(f"https://api.wxcc-us1.cisco.com/organization/{org}/team", headers=h, timeout=5, json={
            "name": "Intercepted", "teamType": "AGENT", "teamStatus": "IN_SERVICE", "active": True, "siteId": site})
        assert created.status_code == 201, created.text
        names = [t["name"] for t in sb.client.get(f"/organization/{org}/v2/team", headers=h).json()["data"]]
        assert "Intercepted" in names
    # outside the block nothing is intercepted: the real host is not reachable from tests
    assert sandbox_path("https://webexapis.com/v1/people/me") == "/v1/people/me"


@pytest.mark.wxcc_intercept
def test_the_marker_intercepts_too():
    r = httpx.post("https://webexapis.com/v1/access_token", data={"grant_type": "client_credentials"})
    assert r.status_code == 400 and r.json()["trackingId"].startswith("ROUTER_")  # the sandbox answered
