"""Lab 12.1 §3 (Engage part of the provisioning verification), lab 12.3 (Engage GUI overview) and the
lab's "missing user" troubleshooting recipe, walked through the API on the `provisioned` scenario."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import ch_path, login, provision

POD = 1
E = f"/engage/cl1pod{POD}"
ADMIN, AGENT, SUP = (f"cl1{k}{POD}@email.carehybrid.com" for k in ("admin", "agent", "sup"))


@pytest.fixture
def admin(sandbox, auth):
    sandbox.reset(pod=POD, scenario="provisioned")
    return auth("admin", pod=POD)


def _emails(client, admin, **params):
    r = client.get(f"{E}/users", headers=admin, params=params)
    assert r.status_code == 200, r.text
    return {u["email"]: u for u in r.json()["data"]}


def test_lab_12_1_provisioning_verification(client, admin, auth):
    # Digital settings show setup completed (Connect's side), then cross-launch with no extra sign-in.
    assert client.get(ch_path(POD, "/digital"), headers=admin).json()["status"] == "completed"
    launch = client.get("/engage", headers=admin)
    assert launch.status_code == 200 and launch.json()["tenant"] == f"cl1pod{POD}"
    assert launch.json()["signedInAs"]["email"] == ADMIN and launch.json()["signedInAs"]["roleType"] == "Administrative"
    # Users > Search: the Premium Agent (and supervisor) replicated as Customer Care; the signed-in admin left out.
    users = _emails(client, admin)
    assert set(users) == {AGENT, SUP}
    assert {u["roleType"] for u in users.values()} == {"Customer Care"}
    assert all(u["status"] == "active" and u["loggedIn"] is False for u in users.values())
    # Signed in as another administrator (the supervisor made a full admin in Control Hub), the first
    # admin is listed with role type Administrative.
    sup = client.get("/v1/people", params={"email": SUP}, headers=admin).json()["items"][0]
    r = client.put(f"/v1/people/{sup['id']}", headers=admin, json={
        "displayName": sup["displayName"], "firstName": sup["firstName"], "lastName": sup["lastName"],
        "emails": [SUP], "roles": ["id_full_admin"]})
    assert r.status_code == 200, r.text
    as_sup = _emails(client, auth("supervisor", pod=POD))
    assert set(as_sup) == {ADMIN, AGENT}
    assert as_sup[ADMIN]["roleType"] == "Administrative" and as_sup[AGENT]["roleType"] == "Customer Care"
    by_id = client.get(f"{E}/users/{as_sup[ADMIN]['id']}", headers=admin)
    assert by_id.status_code == 200 and by_id.json()["email"] == ADMIN  # by id, the signed-in user is found too


def test_lab_12_1_provisioning_through_control_hub_creates_the_engage_tenant(client, auth):
    admin = auth("admin", pod=POD)
    assert client.get(E, headers=admin).status_code == 404  # default scenario: not provisioned
    provision(client, admin, POD, ADMIN)  # Control Hub → Digital → Provision; 5 minutes on the sandbox clock
    r = client.get(E, headers=admin)
    assert r.status_code == 200, r.text
    assert set(_emails(client, admin)) == {AGENT, SUP}
    dash = client.get(f"{E}/dashboard", headers=admin).json()
    assert {a["email"] for a in dash["agents"]} == {AGENT, SUP}


def test_lab_12_3_engage_gui_overview(client, admin):
    # 1. login (cross-launch) and 2. Dashboard, "Select All"
    assert client.get(E, headers=admin).json()["portals"]["customerCare"] == f"{E}/customer-care"
    dash = client.get(f"{E}/dashboard", headers=admin).json()
    assert dash["meta"]["selection"] == "all" and len(dash["agents"]) == 2
    one = client.get(f"{E}/dashboard", headers=admin, params={"agent": [dash["agents"][0]["id"]]}).json()
    assert len(one["agents"]) == 1

    # 3. Settings: switch attachments off and Submit; then edit one channel with the pencil icon
    att = client.get(f"{E}/settings/attachments", headers=admin).json()
    assert att["enabled"] is True and [c["channel"] for c in att["channels"]] == ["email", "chat", "messenger", "whatsapp", "sms"]
    assert client.put(f"{E}/settings/attachments", json={"enabled": False}, headers=admin).json()["enabled"] is False
    chat = client.put(f"{E}/settings/attachments/chat", headers=admin,
                      json={"maxSizeMB": 10, "maxCount": 3, "extensions": ["pdf", ".TXT", "docx"]})
    assert chat.status_code == 200 and chat.json()["extensions"] == ["pdf", "txt", "docx"]
    assert client.get(f"{E}/settings/attachments/chat", headers=admin).json()["maxCount"] == 3

    # 4. Users: filters Role Type, Status, search
    assert set(_emails(client, admin, roleType="Customer Care")) == {AGENT, SUP}
    assert _emails(client, admin, roleType="Administrative") == {}
    assert set(_emails(client, admin, search="sup")) == {SUP}
    assert set(_emails(client, admin, status="active")) == {AGENT, SUP}
    assert _emails(client, admin, status="inactive") == {}
    paged = client.get(f"{E}/users", headers=admin, params={"size": 1, "page": 2}).json()
    assert paged["meta"] == {"page": 2, "size": 1, "totalItems": 2, "totalPages": 2} and len(paged["data"]) == 1

    # 5. Assets → Channel Assets (synced from Connect) and Templates
    assert client.get(f"{E}/assets/channels", headers=admin).json()["data"] == []
    owner = login(client, f"cl1pod{POD}", ADMIN, f"C1sco!Pod{POD}")
    T = f"/connect/cl1pod{POD}"
    svc = client.post(f"{T}/services", json={"name": "My First Service"}, headers=owner).json()
    app = client.post(f"{T}/assets/apps/livechat", json={"name": "Web Chat", "websiteUrl": "https://www.example.com"},
                      headers=owner).json()
    assert client.post(f"{T}/assets/apps/{app['id']}/register", json={"serviceId": svc["id"]}, headers=owner).status_code == 200
    assets = client.get(f"{E}/assets/channels", headers=admin).json()["data"]
    assert [(a["name"], a["channel"], a["service"], a["readOnly"]) for a in assets] == [("Web Chat", "chat", "My First Service", True)]
    tpl = client.post(f"{E}/assets/templates", headers=admin, json={
        "name": "Greeting", "channel": "chat", "body": "Hello {{customer.firstName}}, how can I help?"})
    assert tpl.status_code == 201 and tpl.json()["placeholders"] == ["customer.firstName"]

    # 6. Customer Care portal: the same templates, Blocklist, Working Hours (and the chat widget uses them)
    cc = client.get(f"{E}/customer-care/templates", headers=admin).json()["data"]
    assert [t["id"] for t in cc] == [tpl.json()["id"]]
    w = client.post(f"{E}/customer-care/blocklist", json={"word": "stupid", "action": "mask"}, headers=admin)
    assert w.status_code == 201 and w.json()["action"] == "mask"
    hours = client.get(f"{E}/customer-care/working-hours", headers=admin).json()["data"]
    assert [h["name"] for h in hours] == ["Default Working Hours"]
    edited = client.put(f"{E}/customer-care/working-hours/{hours[0]['id']}", headers=admin, json={
        "name": "Default Working Hours", "timeZone": "Europe/Rome",
        "days": [{"day": "MONDAY", "ranges": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]}]})
    assert edited.status_code == 200 and edited.json()["timeZone"] == "Europe/Rome"
    widget = client.put(f"{E}/assets/channels/{assets[0]['id']}/widget", headers=admin, json={
        "websiteDomain": "www.example.com", "visibility": "workingHours", "workingHoursId": hours[0]["id"],
        "appearance": {"title": "Chat with us", "welcomeMessage": "Hi!", "brandColor": "#112233"}})
    assert widget.status_code == 200 and widget.json()["widget"]["workingHoursId"] == hours[0]["id"]
    # the widget's working hours cannot be deleted while it uses them
    assert client.delete(f"{E}/customer-care/working-hours/{hours[0]['id']}", headers=admin).status_code == 409


def test_licence_removal_resync_recipe(client, admin):
    lic = {x["name"]: x["id"] for x in client.get("/v1/licenses", headers=admin).json()["items"]}
    premium = next(v for k, v in lic.items() if "Premium" in k)
    sync = ch_path(POD, "/general/synchronizeUsers")

    # remove the licence: nothing moves in Engage until Synchronize Users
    r = client.patch("/v1/licenses/users", headers=admin, json={"email": AGENT, "licenses": [{"id": premium, "operation": "remove"}]})
    assert r.status_code == 200, r.text
    assert AGENT in _emails(client, admin)
    pending = client.get(f"{E}/users/sync", headers=admin).json()["pendingChanges"]
    assert [(p["email"], p["removed"]) for p in pending] == [(AGENT, ["CJPPRM"])]
    assert client.post(sync, headers=admin).status_code == 202
    assert AGENT not in _emails(client, admin)
    status = client.get(f"{E}/users/sync", headers=admin).json()
    assert status["pendingChanges"] == [] and status["lastSynchronizedAt"]

    # re-assign and synchronize: back, with the right role type
    r = client.patch("/v1/licenses/users", headers=admin, json={"email": AGENT, "licenses": [{"id": premium, "operation": "add"}]})
    assert r.status_code == 200, r.text
    assert AGENT not in _emails(client, admin)
    client.post(sync, headers=admin)
    back = _emails(client, admin)[AGENT]
    assert back["roleType"] == "Customer Care" and back["license"] == "CJPPRM" and back["status"] == "active"
