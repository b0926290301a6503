"""Control Hub licence changes reach WxCC users (through the LicenceChanged event)."""

from __future__ import annotations


def _licences(client, h):
    return {x["name"].split(" - ")[-1]: x["id"] for x in client.get("/v1/licenses", headers=h).json()["items"]}


def _cc_user(client, h, org, email):
    users = client.get(f"/organization/{org}/user", headers=h).json()
    return next((u for u in users if u["email"] == email), None)


def test_removing_and_giving_back_the_licence_deactivates_and_reactivates(client, auth):
    h = auth("admin")
    org = h["Authorization"].rsplit("_", 1)[1]
    lic = _licences(client, h)
    agent = _cc_user(client, h, org, "cl1agent1@email.carehybrid.com")
    assert agent["active"] is True
    client.patch("/v1/licenses/users", headers=h, json={"email": "cl1agent1@email.carehybrid.com",
                                                        "licenses": [{"id": lic["Premium Agent"], "operation": "remove"}]})
    after = client.get(f"/organization/{org}/user/{agent['id']}", headers=h).json()
    assert after["active"] is False and after["version"] == agent["version"] + 1
    client.patch("/v1/licenses/users", headers=h, json={"email": "cl1agent1@email.carehybrid.com",
                                                        "licenses": [{"id": lic["Standard Agent"], "operation": "add"}]})
    assert client.get(f"/organization/{org}/user/{agent['id']}", headers=h).json()["active"] is True


def test_a_newly_licensed_person_becomes_a_contact_center_user(client, auth):
    from sqlmodel import select

    from mockserver.core.db import db
    from mockserver.wxcc.config.models import WxccEntity

    h = auth("admin")
    org = h["Authorization"].rsplit("_", 1)[1]
    lic = _licences(client, h)
    sup = next(u for u in client.get("/sandbox/pods/1").json()["users"] if u["key"] == "supervisor")
    # Arrange: the supervisor was never a contact-center user (no licence, no WxCC row).
    client.patch("/v1/licenses/users", headers=h, json={"email": sup["email"],
                                                        "licenses": [{"id": lic["Premium Agent"], "operation": "remove"}]})
    with db.session() as s:
        for row in s.exec(select(WxccEntity).where(WxccEntity.kind == "user", WxccEntity.org_id == org)).all():
            if row.data.get("ciUserId") == sup["uuid"]:
                s.delete(row)
        s.commit()
    assert _cc_user(client, h, org, sup["email"]) is None
    # Act: Control Hub gives them a Contact Center licence.
    client.patch("/v1/licenses/users", headers=h, json={"email": sup["email"],
                                                        "licenses": [{"id": lic["Premium Agent"], "operation": "add"}]})
    user = _cc_user(client, h, org, sup["email"])
    assert user is not None and user["active"] is True and user["contactCenterEnabled"] is False
    profiles = {p["id"]: p["name"] for p in client.get(f"/organization/{org}/v3/user-profile", headers=h).json()["data"]}
    full = client.get(f"/organization/{org}/user/{user['id']}", headers=h).json()
    assert "Supervisor" in profiles.get(full["userProfileId"], "")
    r = client.get(f"/organization/{org}/user/by-ci-user-id/{sup['uuid']}", headers=h)
    assert r.status_code == 200 and r.json()["email"] == sup["email"]


def test_the_agent_unlicensed_scenario_agrees_across_products(client, auth):
    client.post("/sandbox/reset", params={"pod": 1, "scenario": "agent-unlicensed"})
    h = auth("admin")
    org = h["Authorization"].rsplit("_", 1)[1]
    assert _cc_user(client, h, org, "cl1agent1@email.carehybrid.com")["active"] is False
    me = client.get("/v1/people/me", headers=auth("agent")).json()
    assert len(me["licenses"]) == 1


def test_control_hub_name_and_email_edits_show_in_wxcc(client, auth):
    h = auth("admin")
    org = h["Authorization"].rsplit("_", 1)[1]
    ag = client.get("/v1/people", params={"email": "cl1agent1@email.carehybrid.com"}, headers=h).json()["items"][0]
    r = client.put(f"/v1/people/{ag['id']}", headers=h, json={
        "emails": ["renamed@email.carehybrid.com"], "displayName": "New Name", "firstName": "New", "lastName": "Name"})
    assert r.status_code == 200
    user = _cc_user(client, h, org, "renamed@email.carehybrid.com")
    assert user is not None and (user["firstName"], user["lastName"]) == ("New", "Name")
    assert _cc_user(client, h, org, "cl1agent1@email.carehybrid.com") is None
    for bad in ([""], ["not-an-email"]):
        r = client.put(f"/v1/people/{ag['id']}", headers=h, json={"emails": bad, "displayName": "x"})
        assert r.status_code == 400 and "emails" in r.json()["errors"][0]["description"]
