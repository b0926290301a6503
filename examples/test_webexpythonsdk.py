"""Example: testing a third-party client (Cisco's webexpythonsdk) against the sandbox.

The `wxcc_sandbox_url` fixture comes from the wxcc-sandbox pytest plugin (installed with the
package); nothing else is needed: no tenant, no network.

    pytest examples/test_webexpythonsdk.py
"""

from __future__ import annotations

import pytest

webexpythonsdk = pytest.importorskip("webexpythonsdk")


def test_the_sdk_reads_people_through_the_sandbox(wxcc_sandbox, wxcc_sandbox_url):
    token = wxcc_sandbox.token("cl1admin1@email.carehybrid.com")
    api = webexpythonsdk.WebexAPI(access_token=token, base_url=f"{wxcc_sandbox_url}/v1/")

    me = api.people.me()
    assert me.emails == ["cl1admin1@email.carehybrid.com"]

    # The SDK follows the Link header page by page (max=1: one person a page).
    emails = [p.emails[0] for p in api.people.list(max=1)]
    assert sorted(emails) == ["cl1admin1@email.carehybrid.com", "cl1agent1@email.carehybrid.com",
                              "cl1roadmin1@email.carehybrid.com", "cl1sup1@email.carehybrid.com",
                              "cl1useradmin1@email.carehybrid.com"]

    org = api.organizations.get(me.orgId)
    assert org.displayName == "CL1 POD 1"


def test_the_sdk_sees_webex_errors(wxcc_sandbox, wxcc_sandbox_url):
    api = webexpythonsdk.WebexAPI(access_token="not-a-token", base_url=f"{wxcc_sandbox_url}/v1/")
    with pytest.raises(webexpythonsdk.ApiError) as err:
        api.people.me()
    assert err.value.status_code == 401
    assert err.value.tracking_id.startswith("ROUTER_")


def test_the_sdk_waits_out_a_429(wxcc_sandbox, wxcc_sandbox_url):
    token = wxcc_sandbox.token("cl1agent1@email.carehybrid.com")
    wxcc_sandbox.client.post("/sandbox/faults", json={"path": "/v1/people/me", "status": 429, "retry_after": 0, "count": 1})
    api = webexpythonsdk.WebexAPI(access_token=token, base_url=f"{wxcc_sandbox_url}/v1/", wait_on_rate_limit=True)
    with pytest.warns(webexpythonsdk.exceptions.RateLimitWarning):  # the SDK saw the 429 and waited it out
        assert api.people.me().displayName == "Agent Pod1"
