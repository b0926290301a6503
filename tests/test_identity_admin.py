"""Control Hub writes through /v1: PUT /people/{id} and PATCH /licenses/users, with LicenceChanged."""

from __future__ import annotations

from mockserver.events import LicenceChanged
from mockserver.core.events import dispatcher


def _licences(client, h):
    return {x["name"].split(" - ")[-1]: x for x in client.get("/v1/licenses", headers=h).json()["items"]}


def _events():
    return [e for e in dispatcher.published if isinstance(e, LicenceChanged)]


def test_admin_round_trips_a_person_and_removes_a_licence(client, auth):
    h = auth("admin")
    agent = client.get("/v1/people", params={"email": "cl1agent1@email.carehybrid.com"}, headers=h).json()["items"][0]
    premium = _licences(client, h)["Premium Agent"]
    before = len(_events())
    body = {**agent, "licenses": [x for x in agent["licenses"] if x != premium["id"]], "title": "Former agent"}
    r = client.put(f"/v1/people/{agent['id']}", json=body, headers=h)  # read-only fields ride along, as clients send them
    assert r.status_code == 200, r.text
    assert premium["id"] not in r.json()["licenses"] and r.json()["title"] == "Former agent"
    assert _licences(client, h)["Premium Agent"]["consumedUnits"] == premium["consumedUnits"] - 1
    ev = _events()[before:]
    assert len(ev) == 1 and ev[0].removed == ("CJPPRM",) and ev[0].added == () and ev[0].current == ("MS",)
    me = client.get("/v1/people/me", headers=auth("agent"))
    assert me.json()["title"] == "Former agent"  # the cached /me answer was refreshed


def test_patch_licences_adds_and_removes_by_email(client, auth):
    h = auth("admin")
    lic = _licences(client, h)
    before = len(_events())
    r = client.patch("/v1/licenses/users", headers=h, json={
        "email": "cl1sup1@email.carehybrid.com",
        "licenses": [{"id": lic["Standard Agent"]["id"], "operation": "add"},
                     {"id": lic["Premium Agent"]["id"], "operation": "remove"}]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"orgId", "personId", "email", "licenses", "siteUrls"}
    assert lic["Standard Agent"]["id"] in body["licenses"] and lic["Premium Agent"]["id"] not in body["licenses"]
    ev = _events()[before:]
    assert ev[0].added == ("CJPSTD",) and ev[0].removed == ("CJPPRM",)
    # a no-op change publishes nothing
    client.patch("/v1/licenses/users", headers=h, json={"email": "cl1sup1@email.carehybrid.com",
                                                         "licenses": [{"id": lic["Standard Agent"]["id"]}]})
    assert len(_events()) == before + 1


def test_writes_need_an_admin_and_valid_ids(client, auth):
    h = auth("admin")
    agent = client.get("/v1/people", params={"email": "cl1agent1@email.carehybrid.com"}, headers=h).json()["items"][0]
    r = client.put(f"/v1/people/{agent['id']}", json={**agent, "displayName": "x"}, headers=auth("agent"))
    assert r.status_code == 403
    r = client.put(f"/v1/people/{agent['id']}", json={**agent, "licenses": ["bogus"]}, headers=h)
    assert r.status_code == 400 and "licenses[0]" in r.json()["errors"][0]["description"]
    r = client.put(f"/v1/people/{agent['id']}", json={"firstName": "no display name"}, headers=h)
    assert r.status_code == 400 and "displayName" in r.json()["errors"][0]["description"]
    r = client.put(f"/v1/people/{agent['id']}", json={**agent, "emails": ["cl1sup1@email.carehybrid.com"]}, headers=h)
    assert r.status_code == 409
    assert client.get("/v1/people/me", headers=auth("agent")).json()["displayName"] == "Agent Pod1"  # nothing half-written
    other = client.get("/v1/people/me", headers=auth("agent", pod=2)).json()
    assert client.put(f"/v1/people/{other['id']}", json=other, headers=h).status_code == 403
    r = client.patch("/v1/licenses/users", headers=h, json={"email": "nobody@x.com", "licenses": []})
    assert r.status_code == 404
    r = client.patch("/v1/licenses/users", headers=h, json={"licenses": []})
    assert r.status_code == 400


def test_a_reset_restores_licences(client, auth):
    h = auth("admin")
    lic = _licences(client, h)
    client.patch("/v1/licenses/users", headers=h, json={"email": "cl1agent1@email.carehybrid.com",
                                                        "licenses": [{"id": lic["Premium Agent"]["id"], "operation": "remove"}]})
    client.post("/sandbox/reset", params={"pod": 1})
    assert _licences(client, h)["Premium Agent"]["consumedUnits"] == 3
