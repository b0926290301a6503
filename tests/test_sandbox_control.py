"""The control plane: PODs, reset, scenarios, snapshots, clock, tokens, mailbox, journal, faults."""

from __future__ import annotations

import pytest

from mockserver.core import mailbox
from mockserver.core.db import db
from mockserver.core.runtime import runtime

ADMIN1 = "cl1admin1@email.carehybrid.com"


def _integration(client, pod, name="extra"):
    r = client.post(f"/sandbox/pods/{pod}/integrations", json={
        "name": name, "redirect_uris": ["http://localhost:9000/cb"], "scopes": ["spark:people_read"]})
    assert r.status_code == 201, r.text
    return r.json()


def test_health_and_pods(client):
    h = client.get("/sandbox/health").json()
    assert h["ready"] is True and h["pods"] == [1, 2, 3] and h["version"]
    pods = client.get("/sandbox/pods").json()
    assert [p["orgName"] for p in pods] == ["cl1pod1", "cl1pod2", "cl1pod3"]
    p2 = client.get("/sandbox/pods/2").json()
    assert p2["orgName"] == "cl1pod2" and p2["gmail"]["address"] == "cl1webex2@gmail.com"
    assert {u["email"] for u in p2["users"]} == {
        "cl1admin2@email.carehybrid.com", "cl1agent2@email.carehybrid.com", "cl1sup2@email.carehybrid.com",
        "cl1useradmin2@email.carehybrid.com", "cl1roadmin2@email.carehybrid.com"}
    assert all(u["password"] for u in p2["users"])
    i = p2["integrations"][0]
    assert i["client_id"].startswith("C") and len(i["client_secret"]) == 64 and i["redirect_uris"] and i["scopes"]
    r = client.get("/sandbox/pods/42")
    assert r.status_code == 404 and "POST /sandbox/pods" in r.json()["errors"][0]["description"]


def test_org_ids_are_stable_per_pod(client):
    a = client.get("/sandbox/pods/1").json()["orgId"]
    b = client.get("/sandbox/pods/2").json()["orgId"]
    assert a != b
    from mockserver.core.seeding import pod_org_id

    assert a == pod_org_id(1) == "0e72a461-fb91-5b2f-804b-787b618c7c9d"


def test_seed_more_pods(client):
    r = client.post("/sandbox/pods", json={"pods": "3-5"})
    assert r.status_code == 201 and r.json() == {"seeded": [4, 5], "alreadySeeded": [3]}
    r = client.post("/sandbox/pods", json={"count": 2, "scenario": "agent-unlicensed"})
    assert r.json()["seeded"] == [6, 7]
    assert client.get("/sandbox/pods/7").json()["scenario"] == "agent-unlicensed"
    tok = client.post("/sandbox/tokens", json={"email": "cl1agent5@email.carehybrid.com"})
    assert tok.status_code == 201
    for bad in ({}, {"pods": "5-3"}, {"pods": "x"}, {"pods": [1], "count": 1}, {"pods": [0]}, {"pods": [1], "junk": 1}):
        r = client.post("/sandbox/pods", json=bad)
        assert r.status_code == 400, bad
        assert r.json()["errors"][0]["description"]
    r = client.post("/sandbox/pods", json={"pods": [8], "scenario": "nope"})
    assert r.status_code == 404 and "known: default" in r.json()["errors"][0]["description"]
    assert 8 not in client.get("/sandbox/health").json()["pods"]  # nothing half-written


def test_reset_one_pod_leaves_the_others(client):
    _integration(client, 1)
    _integration(client, 2)
    r = client.post("/sandbox/reset", params={"pod": 1})
    assert r.status_code == 200 and r.json()["reset"] == [1]
    assert len(client.get("/sandbox/pods/1").json()["integrations"]) == 1
    assert len(client.get("/sandbox/pods/2").json()["integrations"]) == 2
    client.post("/sandbox/reset")
    assert len(client.get("/sandbox/pods/2").json()["integrations"]) == 1
    assert client.post("/sandbox/reset", params={"pod": 9}).status_code == 404
    assert client.post("/sandbox/reset", params={"pod": "x"}).status_code == 400


def test_reset_to_a_scenario_and_back(client, auth):
    client.post("/sandbox/reset", params={"pod": 2, "scenario": "agent-unlicensed"})
    agent = next(u for u in client.get("/sandbox/pods/2").json()["users"] if u["key"] == "agent")
    assert [x["code"] for x in agent["licenses"]] == ["MS"]
    assert client.get("/sandbox/pods/2").json()["scenario"] == "agent-unlicensed"
    client.post("/sandbox/reset", params={"pod": 2})  # a plain reset keeps the POD's scenario
    agent = next(u for u in client.get("/sandbox/pods/2").json()["users"] if u["key"] == "agent")
    assert [x["code"] for x in agent["licenses"]] == ["MS"]
    client.post("/sandbox/reset", params={"pod": 2, "scenario": "default"})
    agent = next(u for u in client.get("/sandbox/pods/2").json()["users"] if u["key"] == "agent")
    assert [x["code"] for x in agent["licenses"]] == ["CJPPRM", "MS"]


def test_tokens_survive_a_reset(client, auth):
    h = auth("admin")
    client.post("/sandbox/reset")
    assert client.get("/v1/people/me", headers=h).status_code == 200


def test_snapshots(client):
    assert client.post("/sandbox/snapshots", json={"name": "base"}).status_code == 201
    _integration(client, 1, "later")
    assert len(client.get("/sandbox/pods/1").json()["integrations"]) == 2
    snaps = {s["name"]: s for s in client.get("/sandbox/snapshots").json()}
    assert snaps["base"]["rows"] > 0 and {1, 2, 3} <= set(snaps["base"]["pods"])
    assert client.post("/sandbox/snapshots/base/restore").status_code == 200
    assert len(client.get("/sandbox/pods/1").json()["integrations"]) == 1
    r = client.post("/sandbox/snapshots/nope/restore")
    assert r.status_code == 404 and "base" in r.json()["errors"][0]["description"]
    assert client.post("/sandbox/snapshots", json={"name": "bad name!"}).status_code == 400
    assert client.delete("/sandbox/snapshots/base").status_code == 204
    assert client.delete("/sandbox/snapshots/base").status_code == 404


def test_clock(client):
    r = client.post("/sandbox/clock", json={"mode": "manual", "set": "2026-05-01T12:00:00Z"})
    assert r.json()["now"] == "2026-05-01T12:00:00.000Z" and r.json()["mode"] == "manual"
    r = client.post("/sandbox/clock", json={"advance": 90.5})
    assert r.json()["now"] == "2026-05-01T12:01:30.500Z"
    assert client.get("/sandbox/clock").json()["now"] == "2026-05-01T12:01:30.500Z"
    for bad in ({"advance": -1}, {"set": "yesterday"}, {"mode": "fast"}, {"speed": 2}):
        r = client.post("/sandbox/clock", json=bad)
        assert r.status_code == 400, bad
    r = client.post("/sandbox/clock", json={"mode": "real", "set": "2030-01-01T00:00:00Z"})
    assert r.json()["mode"] == "real" and r.json()["now"].startswith("2030-01-01T00:00")


def test_mint_tokens(client):
    r = client.post("/sandbox/tokens", json={"email": ADMIN1, "scopes": ["spark:people_read"]})
    assert r.status_code == 201
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 43199 and body["scope"] == "spark:people_read"
    assert body["access_token"].endswith("_PF84_" + body["orgId"])
    assert client.post("/sandbox/tokens", json={"email": "who@x.com"}).status_code == 404
    r = client.post("/sandbox/tokens", json={"email": ADMIN1, "scopes": ["spark:bogus"]})
    assert r.status_code == 400 and "spark:bogus" in r.json()["errors"][0]["description"]
    assert client.post("/sandbox/tokens", json={"scopes": []}).status_code == 400
    agent = client.post("/sandbox/tokens", json={"email": "cl1agent1@email.carehybrid.com"}).json()
    assert "spark-admin:people_read" not in agent["scope"] and "cjp:user" in agent["scope"]


def test_register_integration_then_use_it(client):
    integ = _integration(client, 3, "my app")
    params = {"response_type": "code", "client_id": integ["client_id"], "redirect_uri": "http://localhost:9000/cb",
              "scope": "spark:people_read", "email": "cl1sup3@email.carehybrid.com", "password": "C1sco!Pod3"}
    r = client.post("/v1/authorize", data=params)
    assert r.status_code == 302 and "code=" in r.headers["location"]
    r = client.post("/sandbox/pods/3/integrations", json={"name": "x", "redirect_uris": ["not a uri"], "scopes": ["spark:kms"]})
    assert r.status_code == 400 and "not an absolute URI" in r.json()["errors"][0]["description"]
    r = client.post("/sandbox/pods/3/integrations", json={"name": "x", "redirect_uris": ["http://a/b"], "scopes": ["spark:kms"],
                                                          "client_id": integ["client_id"]})
    assert r.status_code == 409


def test_mailbox_lists_what_products_sent(client):
    with db.session() as s:
        mailbox.send(s, pod=1, to="Cl1Admin1@email.carehybrid.com", subject="Join the team", text="Welcome",
                     kind="activation", links=[{"rel": "activate", "href": "http://x/activate?t=1"}])
        mailbox.send(s, pod=2, to="cl1admin2@email.carehybrid.com", subject="Other", text="x", kind="notification")
        s.commit()
    mails = client.get("/sandbox/mailbox", params={"to": "cl1admin1@email.carehybrid.com"}).json()
    assert len(mails) == 1 and mails[0]["subject"] == "Join the team" and mails[0]["links"][0]["rel"] == "activate"
    assert len(client.get("/sandbox/mailbox").json()) == 2
    assert len(client.get("/sandbox/mailbox", params={"kind": "notification"}).json()) == 1
    client.post("/sandbox/reset", params={"pod": 1})
    assert [m["pod"] for m in client.get("/sandbox/mailbox").json()] == [2]


def test_request_journal(client, auth):
    client.delete("/sandbox/requests")
    h = auth("agent")
    client.get("/v1/people/me", headers={**h, "TrackingId": "t-1"})
    client.get("/v1/people", headers=h)
    entries = client.get("/sandbox/requests", params={"path": "/v1/people*"}).json()
    assert [e["path"] for e in entries] == ["/v1/people", "/v1/people/me"]
    assert entries[0]["status"] == 400 and "email or displayName" in entries[0]["responseBody"]
    assert entries[1]["requestHeaders"]["authorization"] == "Bearer ***"
    only = client.get("/sandbox/requests", params={"trackingId": "t-1"}).json()
    assert len(only) == 1 and only[0]["status"] == 200
    assert client.get("/sandbox/requests", params={"status": 400, "method": "GET", "path": "people"}).json()[0]["path"] == "/v1/people"
    seq = entries[0]["seq"]
    client.get("/sandbox/health")
    assert [e["path"] for e in client.get("/sandbox/requests", params={"since": seq}).json()] == ["/sandbox/health"]
    body = client.post("/sandbox/tokens", json={"email": ADMIN1})
    posted = client.get("/sandbox/requests", params={"path": "/sandbox/tokens"}).json()[0]
    assert ADMIN1 in posted["requestBody"] and posted["status"] == 201 and body.status_code == 201


def test_faults_429_with_retry_after_then_recovers(client, auth):
    h = auth("admin")
    r = client.post("/sandbox/faults", json={"method": "GET", "path": "/v1/people/me", "status": 429, "retry_after": 7, "count": 2})
    assert r.status_code == 201
    for _ in range(2):
        r = client.get("/v1/people/me", headers=h)
        assert r.status_code == 429 and r.headers["retry-after"] == "7"
        assert r.json()["trackingId"].startswith("ROUTER_") and r.json()["message"].startswith("Too many requests")
    assert client.get("/v1/people/me", headers=h).status_code == 200
    assert client.get("/sandbox/faults").json() == []
    journal = client.get("/sandbox/requests", params={"status": 429}).json()
    assert journal and journal[0]["fault"]


def test_faults_by_glob_probability_latency_and_cleanup(client, auth):
    h = auth("admin")
    client.post("/sandbox/faults", json={"path": "/v1/org*", "status": 503, "message": "maintenance"})
    r = client.get("/v1/organizations", headers=h)
    assert r.status_code == 503 and r.json()["errors"][0]["description"] == "maintenance"
    assert client.get("/v1/people/me", headers=h).status_code == 200
    assert client.get("/sandbox/health").status_code == 200  # the control plane is never faulted
    assert client.delete("/sandbox/faults").status_code == 204
    assert client.get("/v1/organizations", headers=h).status_code == 200
    fault = client.post("/sandbox/faults", json={"path": "/v1/licenses", "latency_ms": 5}).json()
    assert client.get("/v1/licenses", headers=h).status_code == 200
    assert client.get("/sandbox/faults").json()[0]["hits"] == 1
    assert client.delete(f"/sandbox/faults/{fault['id']}").status_code == 204
    assert client.delete(f"/sandbox/faults/{fault['id']}").status_code == 404
    assert client.post("/sandbox/faults", json={"path": "/x"}).status_code == 400
    assert client.post("/sandbox/faults", json={"status": 200}).status_code == 400
    client.post("/sandbox/faults", json={"path": "/v1/roles", "status": 500, "probability": 0.000001})
    assert client.get("/v1/roles", headers=h).status_code == 200


def test_admin_token_guards_the_control_plane(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.get("/sandbox/pods")
    assert r.status_code == 401 and "MOCKSERVER_ADMIN_TOKEN" in r.json()["errors"][0]["description"]
    assert client.get("/sandbox/pods", headers={"X-Sandbox-Token": "s3cret"}).status_code == 200
    assert client.get("/sandbox/pods", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/sandbox/pods", headers={"Authorization": "Bearer wrong"}).status_code == 401
    # health checks know no secret
    assert client.get("/sandbox/health").status_code == 200


@pytest.mark.parametrize("method,path", [("PUT", "/sandbox/clock"), ("GET", "/nowhere")])
def test_unknown_routes_and_methods(client, method, path):
    r = client.request(method, path)
    assert r.status_code in (404, 405)
    assert r.json()["errors"][0]["description"]
