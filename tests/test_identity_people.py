"""People, organizations, licences, roles and token checks of the /v1 identity slice."""

from __future__ import annotations

import base64

from sqlalchemy import text

from mockserver.core.db import db


def _decode(encoded: str) -> str:
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()


def test_people_me_has_the_real_person_fields(client, auth):
    r = client.get("/v1/people/me", headers=auth("agent", pod=2))
    assert r.status_code == 200
    p = r.json()
    pod = client.get("/sandbox/pods/2").json()
    assert _decode(p["id"]) == f"ciscospark://us/PEOPLE/{pod['users'][1]['uuid']}"
    assert "=" not in p["id"] and "=" not in p["orgId"]
    assert _decode(p["orgId"]) == f"ciscospark://us/ORGANIZATION/{pod['orgId']}"
    assert p["emails"] == ["cl1agent2@email.carehybrid.com"] and p["displayName"] == "Agent Pod2"
    assert p["invitePending"] == "false" and p["loginEnabled"] == "true" and p["type"] == "person"
    assert p["created"] == "2024-01-08T09:00:00.000Z"
    assert [_decode(x).split("/")[-1].split(":")[1].split("_")[0] for x in p["licenses"]] == ["CJPPRM", "MS"]
    assert p["roles"] == []


def test_admin_role_id_decodes_to_full_admin(client, auth):
    p = client.get("/v1/people/me", headers=auth("admin")).json()
    assert [_decode(r) for r in p["roles"]] == ["ciscospark://us/ROLE/id_full_admin"]


def test_missing_malformed_unknown_tokens_are_401_in_identity_shape(client):
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer nope_PF84_x"}):
        r = client.get("/v1/people/me", headers=headers)
        assert r.status_code == 401
        body = r.json()
        assert set(body) == {"message", "errors", "trackingId"}
        assert body["trackingId"] == r.headers["trackingid"] and body["trackingId"].startswith("ROUTER_")
        assert r.headers["content-type"] == "application/json"


def test_tracking_id_is_echoed(client, auth):
    r = client.get("/v1/people/me", headers={**auth(), "TrackingID": "webex-js-sdk_abc_1"})
    assert r.headers["trackingid"] == "webex-js-sdk_abc_1"


def test_scopes_are_enforced(client, auth):
    r = client.get("/v1/people/me", headers=auth("admin", scopes=["spark:kms"]))
    assert r.status_code == 403
    assert "spark:people_read" in r.json()["errors"][0]["description"]
    assert client.get("/v1/people/me", headers=auth("admin", scopes=["spark:all"])).status_code == 200
    assert client.get("/v1/people/me", headers=auth("admin", scopes=["spark-admin:people_read"])).status_code == 200
    # spark:all never stands for admin scopes
    assert client.get("/v1/licenses", headers=auth("admin", scopes=["spark:all"])).status_code == 403


def test_expired_personal_token_is_401(client):
    tok = client.post("/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com", "expires_in": 60}).json()
    h = {"Authorization": f"Bearer {tok['access_token']}"}
    assert client.get("/v1/authorizations/tokenExpiry", headers=h).json()["exp"] > 0
    client.post("/sandbox/clock", json={"advance": 61})
    r = client.get("/v1/people/me", headers=h)
    assert r.status_code == 401 and "expired" in r.json()["errors"][0]["description"]


def test_token_expiry_reports_epoch_ms(client):
    client.post("/sandbox/clock", json={"mode": "manual", "set": "2026-03-01T10:00:00Z"})
    tok = client.post("/sandbox/tokens", json={"email": "cl1agent1@email.carehybrid.com"}).json()
    r = client.get("/v1/authorizations/tokenExpiry", headers={"Authorization": f"Bearer {tok['access_token']}"})
    assert r.json() == {"exp": 1772359200000 + 43199 * 1000}


def test_admin_lists_everyone_and_pages_with_absolute_link(client, auth):
    h = auth("admin")
    everyone = client.get("/v1/people", headers=h).json()
    # seeded together: listed in id order
    assert sorted(p["emails"][0] for p in everyone["items"]) == [
        "cl1admin1@email.carehybrid.com", "cl1agent1@email.carehybrid.com", "cl1roadmin1@email.carehybrid.com",
        "cl1sup1@email.carehybrid.com", "cl1useradmin1@email.carehybrid.com"]
    assert everyone["notFoundIds"] == []
    seen, url = [], "/v1/people?max=1"
    while url:
        r = client.get(url, headers=h)
        assert r.status_code == 200
        seen += [p["emails"][0] for p in r.json()["items"]]
        link = r.headers.get("link")
        if link:
            assert link.startswith("<http://testserver/v1/people?") and link.endswith('>; rel="next"')
            url = link[1:link.index(">")].replace("http://testserver", "")
        else:
            url = None
    assert seen == [p["emails"][0] for p in everyone["items"]]


def test_people_filters(client, auth):
    h = auth("admin")
    r = client.get("/v1/people", params={"email": "CL1SUP1@email.carehybrid.com"}, headers=h).json()
    assert [p["displayName"] for p in r["items"]] == ["Supervisor Pod1"]
    r = client.get("/v1/people", params={"displayName": "age"}, headers=h).json()
    assert [p["displayName"] for p in r["items"]] == ["Agent Pod1"]
    ids = [p["id"] for p in client.get("/v1/people", headers=h).json()["items"]]
    missing = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA"
    r = client.get("/v1/people", params={"id": f"{ids[0]},{missing}"}, headers=h).json()
    assert [p["id"] for p in r["items"]] == [ids[0]] and r["notFoundIds"] == [missing]
    assert "roles" not in r["items"][0] and "status" not in r["items"][0]
    r = client.get("/v1/people", params={"id": ",".join([missing] * 86)}, headers=h)
    assert r.status_code == 400 and "at most 85" in r.json()["errors"][0]["description"]
    r = client.get("/v1/people", params={"roles": "id_full_admin"}, headers=h).json()
    assert [p["displayName"] for p in r["items"]] == ["Admin Pod1"]


def test_non_admin_must_filter_and_sees_no_admin_fields(client, auth):
    h = auth("agent")
    r = client.get("/v1/people", headers=h)
    assert r.status_code == 400 and "email or displayName" in r.json()["errors"][0]["description"]
    r = client.get("/v1/people", params={"email": "cl1admin1@email.carehybrid.com"}, headers=h).json()
    assert len(r["items"]) == 1 and "roles" not in r["items"][0] and "licenses" not in r["items"][0]


def test_another_orgs_data_is_403_and_unknown_is_404(client, auth):
    other = client.get("/v1/people/me", headers=auth("agent", pod=2)).json()
    h = auth("admin", pod=1)
    r = client.get(f"/v1/people/{other['id']}", headers=h)
    assert r.status_code == 403 and "another organization" in r.json()["errors"][0]["description"]
    assert client.get(f"/v1/organizations/{other['orgId']}", headers=h).status_code == 403
    assert client.get("/v1/people", params={"orgId": other["orgId"]}, headers=h).status_code == 403
    assert client.get("/v1/people/not-an-id", headers=h).status_code == 404
    mine = client.get("/v1/people/me", headers=h).json()
    got = client.get(f"/v1/people/{mine['id']}", headers=h)
    assert got.status_code == 200 and got.json() == mine


def test_organizations_licences_roles(client, auth):
    h = auth("admin", pod=3)
    orgs = client.get("/v1/organizations", headers=h).json()["items"]
    assert len(orgs) == 1 and orgs[0]["displayName"] == "CL1 POD 3"
    assert client.get(f"/v1/organizations/{orgs[0]['id']}", headers=h).json() == orgs[0]
    lic = {x["name"]: x for x in client.get("/v1/licenses", headers=h).json()["items"]}
    assert lic["Contact Center - Premium Agent"]["consumedUnits"] == 3
    assert lic["Contact Center - Standard Agent"]["consumedUnits"] == 0
    roles = client.get("/v1/roles", headers=h).json()["items"]
    assert {"id": "Y2lzY29zcGFyazovL3VzL1JPTEUvaWRfZnVsbF9hZG1pbg", "name": "Full Administrator"} in roles
    assert client.get("/v1/roles", headers=auth("agent", pod=3, scopes=["spark-admin:roles_read"])).status_code == 403


def test_tokens_are_stored_hashed(client, auth):
    token = auth("admin")["Authorization"].split()[1]
    with db.engine.connect() as conn:
        rows = conn.execute(text("select token_hash from identity_token")).all()
    assert rows and all(token not in r[0] for r in rows)
    assert all(len(r[0]) == 64 for r in rows)


def test_a_scenario_disables_sign_in(client):
    client.post("/sandbox/reset", params={"pod": 1, "scenario": "admin-only"})
    r = client.post("/sandbox/tokens", json={"email": "cl1agent1@email.carehybrid.com"})
    assert r.status_code == 403 and "disabled" in r.json()["errors"][0]["description"]
    integ = client.get("/sandbox/pods/1").json()["integrations"][0]
    form = {"response_type": "code", "client_id": integ["client_id"], "redirect_uri": "http://localhost:8080/callback",
            "scope": "spark:kms", "email": "cl1agent1@email.carehybrid.com", "password": "C1sco!Pod1"}
    r = client.post("/v1/authorize", data=form)
    assert r.status_code == 302 and "error=access_denied" in r.headers["location"]
