"""Engage access (cross-launch): admin token yes, agent 403, another org never sees the tenant,
an unprovisioned org has none; users and events."""

from __future__ import annotations

import pytest

from mockserver.events import AssetRegistered, LicenceChanged
from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id
from mockserver.identity.seed import person_uuid

E = "/engage/cl1pod1"


@pytest.fixture
def admin(sandbox, auth):
    sandbox.reset(pod=1, scenario="provisioned")
    return auth("admin", pod=1)


def test_access_rules(client, admin, auth):
    r = client.get(f"{E}/users")
    assert r.status_code == 401 and r.json()["trackingId"].startswith("ENGAGE_")
    for who in ("agent", "supervisor"):
        r = client.get(f"{E}/users", headers=auth(who))
        assert r.status_code == 403 and "administrators" in r.json()["errors"][0]["description"]
    # read-only scopes read, but do not write
    ro = auth("admin", scopes=["cjp:config_read"])
    assert client.get(f"{E}/customer-care/blocklist", headers=ro).status_code == 200
    r = client.post(f"{E}/customer-care/blocklist", json={"word": "x1"}, headers=ro)
    assert r.status_code == 403 and "cjp:config_write" in r.json()["errors"][0]["description"]
    assert client.get(f"{E}/users", headers=auth("admin", scopes=["spark:people_read"])).status_code == 403
    # unknown tenant name for this org
    r = client.get("/engage/cl1pod9/users", headers=admin)
    assert r.status_code == 404 and "yours is 'cl1pod1'" in r.json()["errors"][0]["description"]


def test_unprovisioned_org_has_no_engage_tenant(client, auth):
    r = client.get("/engage/cl1pod1/users", headers=auth("admin"))
    assert r.status_code == 404
    body = r.json()
    assert body["errors"][0]["field"] == "tenant" and "provision digital channels first" in body["errors"][0]["description"]


def test_second_org_admin_sees_nothing_of_this_tenant(client, sandbox, admin, auth):
    client.post(f"{E}/assets/templates", json={"name": "Greeting", "channel": "chat", "body": "Hi"}, headers=admin)
    other = auth("admin", pod=2)
    for path in ("", "/users", "/assets/templates", "/customer-care/blocklist", "/settings/attachments"):
        r = client.get(f"{E}{path}", headers=other)
        assert r.status_code == 404, (path, r.text)
        assert "cl1pod1" not in r.text.replace("'cl1pod1'", "") or "no Webex Engage tenant" in r.text
    tid = client.get(f"{E}/assets/templates", headers=admin).json()["data"][0]["id"]
    assert client.get(f"{E}/assets/templates/{tid}", headers=other).status_code == 404
    # once POD 2 is provisioned too, its admin reaches only its own tenant and objects
    sandbox.reset(pod=2, scenario="provisioned")
    other = auth("admin", pod=2)
    assert client.get(f"{E}/users", headers=other).status_code == 404
    assert client.get(f"/engage/cl1pod2/assets/templates/{tid}", headers=other).status_code == 404
    assert client.get("/engage/cl1pod2/assets/templates", headers=other).json()["data"] == []
    emails = {u["email"] for u in client.get("/engage/cl1pod2/users", headers=other).json()["data"]}
    assert emails == {"cl1agent2@email.carehybrid.com", "cl1sup2@email.carehybrid.com"}


def test_user_filters_validated(client, admin):
    r = client.get(f"{E}/users", params={"roleType": "Boss", "status": "gone"}, headers=admin)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "roleType"
    assert client.get(f"{E}/users", params={"status": "gone"}, headers=admin).json()["errors"][0]["field"] == "status"
    assert client.get(f"{E}/users", params={"roleType": "customer_care"}, headers=admin).json()["meta"]["totalItems"] == 2
    assert client.get(f"{E}/users", params={"size": 0}, headers=admin).status_code == 400
    assert client.get(f"{E}/users/nope", headers=admin).status_code == 404


def test_licence_events_only_contact_center_codes_are_pending(client, admin):
    org = pod_org_id(1)
    agent = person_uuid(1, "agent")
    dispatcher.publish(LicenceChanged(pod=1, org_id=org, person_id=agent, removed=("MS",), current=("CJPPRM",)))
    assert client.get(f"{E}/users/sync", headers=admin).json()["pendingChanges"] == []
    dispatcher.publish(LicenceChanged(pod=1, org_id=org, person_id=agent, added=("CJPSTD",), current=("CJPPRM", "CJPSTD")))
    pending = client.get(f"{E}/users/sync", headers=admin).json()["pendingChanges"]
    assert [(p["email"], p["added"]) for p in pending] == [("cl1agent1@email.carehybrid.com", ["CJPSTD"])]


def test_disabled_user_synced_as_inactive(client, admin):
    org = pod_org_id(1)
    sup = client.get("/v1/people", params={"email": "cl1sup1@email.carehybrid.com"}, headers=admin).json()["items"][0]
    r = client.put(f"/v1/people/{sup['id']}", headers=admin, json={
        "displayName": sup["displayName"], "emails": [sup["emails"][0]], "loginEnabled": False,
        "licenses": [x for x in sup["licenses"]]})
    assert r.status_code == 200, r.text
    # no licence change: nothing pending; a licence change (Standard added) + sync re-reads the person
    lic = {x["name"]: x["id"] for x in client.get("/v1/licenses", headers=admin).json()["items"]}
    std = next(v for k, v in lic.items() if "Standard" in k)
    client.patch("/v1/licenses/users", headers=admin, json={"email": sup["emails"][0], "licenses": [{"id": std, "operation": "add"}]})
    client.post(f"/controlhub/organizations/{org}/contactCenter/general/synchronizeUsers", headers=admin)
    users = client.get(f"{E}/users", params={"status": "inactive"}, headers=admin).json()["data"]
    assert [(u["email"], u["license"]) for u in users] == [("cl1sup1@email.carehybrid.com", "CJPPRM")]


def test_asset_registered_events(client, sandbox, auth):
    org = pod_org_id(1)
    # registered before the tenant exists: kept, shown once provisioned
    dispatcher.publish(AssetRegistered(org_id=org, asset_id="a-wa", name="WhatsApp cl1pod1", channel="whatsapp",
                                       address="+14155550100", service="My First Service"))
    sandbox_admin = auth("admin")
    assert client.get(f"{E}/assets/channels", headers=sandbox_admin).status_code == 404
    from mockserver.connect.testkit import provision

    provision(client, sandbox_admin, 1, "cl1admin1@email.carehybrid.com")
    assets = client.get(f"{E}/assets/channels", headers=sandbox_admin).json()["data"]
    assert [(a["name"], a["channel"], a["address"], a["addressType"], a["widget"]) for a in assets] == [
        ("WhatsApp cl1pod1", "whatsapp", "+14155550100", "number", None)]
    # registering again updates it; a chat asset gets a default widget
    dispatcher.publish(AssetRegistered(org_id=org, asset_id="a-wa", name="WA", channel="whatsapp", address="+14155550100"))
    dispatcher.publish(AssetRegistered(org_id=org, asset_id="a-chat", name="Chat", channel="chat", address="a_1"))
    got = {a["id"]: a for a in client.get(f"{E}/assets/channels", headers=sandbox_admin).json()["data"]}
    assert got["a-wa"]["name"] == "WA" and got["a-chat"]["widget"]["visibility"] == "always"
    only_chat = client.get(f"{E}/assets/channels", params={"channel": "chat"}, headers=sandbox_admin).json()["data"]
    assert [a["id"] for a in only_chat] == ["a-chat"]
    assert client.get(f"{E}/assets/channels", params={"channel": "fax"}, headers=sandbox_admin).status_code == 400
    # another org's event never lands here
    dispatcher.publish(AssetRegistered(org_id=pod_org_id(2), asset_id="a-other", name="Other", channel="sms"))
    assert "a-other" not in {a["id"] for a in client.get(f"{E}/assets/channels", headers=sandbox_admin).json()["data"]}
    # a reset forgets them
    sandbox.reset(pod=1)
    assert client.get(f"{E}/assets/channels", headers=sandbox_admin).status_code == 404
