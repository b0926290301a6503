"""Engage's v1 REST API: the client secret generated in the admin portal, the client-credentials
token (expiry on the sandbox clock, revoked by rotating the secret), conversation and message reads."""

from __future__ import annotations

import pytest

from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.core.seeding import pod_org_id
from mockserver.engage.conversations import public as conv

POD = 1
ORG = pod_org_id(POD)
API = "/engage/api/v1"


@pytest.fixture
def admin(sandbox, auth):
    sandbox.reset(pod=POD, scenario="provisioned")
    clock.configure(mode="manual")
    return auth("admin", pod=POD)


def _token(client, cid, secret):
    return client.post(f"{API}/oauth/token", data={"grant_type": "client_credentials", "client_id": cid,
                                                   "client_secret": secret})


def test_client_credentials_and_reads(client, admin, auth):
    creds = client.get(f"/engage/cl1pod{POD}/settings/api", headers=admin).json()
    assert creds["secretGenerated"] is False and "clientSecret" not in creds and creds["tokenUrl"] == f"{API}/oauth/token"
    assert _token(client, creds["clientId"], "anything").status_code == 401  # no secret yet
    gen = client.post(f"/engage/cl1pod{POD}/settings/api/secret", headers=admin)
    assert gen.status_code == 201 and len(gen.json()["clientSecret"]) == 40
    cid, secret = gen.json()["clientId"], gen.json()["clientSecret"]
    assert "clientSecret" not in client.get(f"/engage/cl1pod{POD}/settings/api", headers=admin).json()
    r = _token(client, cid, secret)
    assert r.status_code == 200, r.text
    tok = r.json()
    assert tok["token_type"] == "Bearer" and tok["expires_in"] == 3600 and "conversations:read" in tok["scope"]
    h = {"Authorization": f"Bearer {tok['access_token']}"}
    assert _token(client, cid, secret + "x").status_code == 401
    assert client.post(f"{API}/oauth/token", data={"grant_type": "password", "client_id": cid,
                                                   "client_secret": secret}).status_code == 400

    with db.session() as s:
        c = conv.create(s, ORG, channel="sms", asset_id="a", business_address="+1555", customer_address="+1666",
                        message={"text": "hello"})
        conv.append(s, ORG, c.id, {"text": "second"})
        s.commit()
    listed = client.get(f"{API}/conversations", headers=h).json()
    assert [x["id"] for x in listed["data"]] == [c.id] and listed["meta"]["totalItems"] == 1
    assert client.get(f"{API}/conversations/{c.id}", headers=h).json()["messageCount"] == 2
    msgs = client.get(f"{API}/conversations/{c.id}/messages", headers=h, params={"offset": 1}).json()
    assert [x["text"] for x in msgs["data"]] == ["second"] and msgs["meta"]["total"] == 2
    assert client.get(f"{API}/conversations/ffffffffffffffffffffffff", headers=h).status_code == 404
    assert client.get(f"{API}/conversations").status_code == 401
    assert client.get(f"{API}/conversations", headers=admin).status_code == 401  # a Webex token is not an Engage one
    # expiry on the sandbox clock, and rotation revokes
    clock.configure(advance_s=3601)
    assert client.get(f"{API}/conversations", headers=h).status_code == 401
    h2 = {"Authorization": f"Bearer {_token(client, cid, secret).json()['access_token']}"}
    assert client.get(f"{API}/conversations", headers=h2).status_code == 200
    rot = client.post(f"/engage/cl1pod{POD}/settings/api/secret", headers=auth("admin", pod=POD))
    assert rot.status_code == 201 and rot.json()["clientSecret"] != secret
    assert client.get(f"{API}/conversations", headers=h2).status_code == 401
