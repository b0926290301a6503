"""Connect teammates (lab 12.4): sign-in, invites with Join the team emails (24 h), the five roles
and their permission matrix, Decrypt Logs by the Owner only, groups and teams visibility."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import bearer, join, last_mail, login

T = "/connect/cl1pod1"
OWNER = "cl1admin1@email.carehybrid.com"
PW = "C1sco!Pod1"


@pytest.fixture
def owner(sandbox, client):
    sandbox.reset(pod=1, scenario="provisioned")
    return login(client, "cl1pod1", OWNER, PW)


def invite(client, h, email, role, **extra):
    r = client.post(f"{T}/users", json={"email": email, "role": role, **extra}, headers=h)
    assert r.status_code == 201, r.text
    mail = last_mail(client, email, "connect.invite")
    return r.json(), mail


def test_sign_in_and_errors(client, owner):
    me = client.get(f"{T}/me", headers=owner).json()
    assert me["role"] == "Owner" and me["decryptLogs"] is True and me["level"] == "tenant"
    assert client.post(f"{T}/login", json={"email": OWNER, "password": "nope"}).status_code == 401
    assert client.get(f"{T}/me").status_code == 401
    assert client.get("/connect/cl1pod2/me", headers=owner).status_code == 404  # POD 2 is not provisioned
    assert client.post(f"{T}/logout", headers=owner).status_code == 204
    assert client.get(f"{T}/me", headers=owner).status_code == 401


def test_invite_join_and_decrypt_logs_by_owner_only(client, owner):
    user, mail = invite(client, owner, "cl1sup1@email.carehybrid.com", "Full Access")
    assert user["status"] == "Invited" and "invited you to join cl1pod1" in mail["subject"]
    assert mail["links"][0]["label"] == "JOIN THE TEAM"
    # the invited user cannot sign in before joining
    r = client.post(f"{T}/login", json={"email": "cl1sup1@email.carehybrid.com", "password": "Welcome!2Connect"})
    assert r.status_code == 401 and "JOIN THE TEAM" in r.json()["errors"][0]["description"]
    # weak password -> 400 naming the rule, nothing written
    r = client.post(mail["links"][0]["href"], json={"firstName": "Sam", "lastName": "Sup", "password": "short"})
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("password: must be 8-64")
    s = join(client, mail, "Sam", "Sup", "Welcome!2Connect")
    assert s["user"]["status"] == "Active" and s["user"]["role"] == "Full Access"
    full = bearer(s)
    # the link is single-use
    assert client.post(mail["links"][0]["href"], json={"firstName": "x", "lastName": "y", "password": "Welcome!2Connect"}).status_code == 410
    # Full Access cannot grant Decrypt Logs; the Owner can
    r = client.patch(f"{T}/users/{user['id']}", json={"decryptLogs": True}, headers=full)
    assert r.status_code == 403 and "Decrypt" in r.json()["errors"][0]["description"]
    r = client.patch(f"{T}/users/{user['id']}", json={"decryptLogs": True}, headers=owner)
    assert r.status_code == 200 and r.json()["decryptLogs"] is True
    # Full Access may invite, but never an Owner, and the Owner is untouchable
    r = client.post(f"{T}/users", json={"email": "x@example.com", "role": "Owner"}, headers=full)
    assert r.status_code == 400 and "exactly one Owner" in r.json()["errors"][0]["description"]
    owner_id = client.get(f"{T}/me", headers=owner).json()["id"]
    assert client.patch(f"{T}/users/{owner_id}", json={"role": "Read Only"}, headers=full).status_code == 403
    assert client.delete(f"{T}/users/{owner_id}", headers=full).status_code == 403
    # duplicate invite -> 409; bad email -> 400 naming the field
    assert client.post(f"{T}/users", json={"email": "cl1sup1@email.carehybrid.com", "role": "Read Only"}, headers=owner).status_code == 409
    r = client.post(f"{T}/users", json={"email": "not-an-email", "role": "Read Only"}, headers=owner)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("email:")


def test_invite_expires_after_24h_and_can_be_resent(client, owner):
    user, mail = invite(client, owner, "new@example.com", "Limited Access")
    client.post("/sandbox/clock", json={"advance": 24 * 3600})
    r = client.get(mail["links"][0]["href"])
    assert r.status_code == 410 and "expired" in r.json()["errors"][0]["description"]
    owner = login(client, "cl1pod1", OWNER, PW)
    assert client.post(f"{T}/users/{user['id']}/resendInvite", headers=owner).status_code == 200
    fresh = last_mail(client, "new@example.com", "connect.invite")
    assert client.get(fresh["links"][0]["href"]).status_code == 200


@pytest.mark.parametrize("role,can_read_services,can_write_services,can_invite", [
    ("Full Access", True, True, True),
    ("Limited Access", True, True, False),
    ("Read Only", True, False, False),
    ("Restricted", False, False, False),
])
def test_permission_matrix(client, owner, role, can_read_services, can_write_services, can_invite):
    email = f"{role.split()[0].lower()}@example.com"
    _, mail = invite(client, owner, email, role)
    h = bearer(join(client, mail, "T", "User", "Welcome!2Connect"))
    code = lambda r: r.status_code  # noqa: E731
    assert code(client.get(f"{T}/services", headers=h)) == (200 if can_read_services else 403)
    r = client.post(f"{T}/services", json={"name": f"svc {role}"}, headers=h)
    assert code(r) == (201 if can_write_services else 403)
    if code(r) == 403:
        assert role in r.json()["errors"][0]["description"]
    assert code(client.post(f"{T}/users", json={"email": f"x{email}", "role": "Read Only"}, headers=h)) == (201 if can_invite else 403)
    assert code(client.put(f"{T}/settings", json={"timeZone": "Europe/London"}, headers=h)) == 403  # Owner only
    matrix = client.get(f"{T}/roles", headers=h).json()
    assert matrix["roles"] == ["Owner", "Full Access", "Limited Access", "Read Only", "Restricted"]


def test_groups_teams_visibility(client, owner):
    g = client.post(f"{T}/groups", json={"name": "EMEA"}, headers=owner).json()
    t = client.post(f"{T}/teams", json={"name": "EMEA Email", "groupId": g["id"]}, headers=owner).json()
    assert client.post(f"{T}/teams", json={"name": "x", "groupId": "nope"}, headers=owner).status_code == 400
    client.post(f"{T}/services", json={"name": "Tenant service"}, headers=owner)
    _, mail = invite(client, owner, "group@example.com", "Full Access", containerId=g["id"])
    group_user = bearer(join(client, mail, "G", "User", "Welcome!2Connect"))
    _, mail = invite(client, owner, "team@example.com", "Full Access", containerId=t["id"])
    team_user = bearer(join(client, mail, "T", "User", "Welcome!2Connect"))
    client.post(f"{T}/services", json={"name": "Group service"}, headers=group_user)
    client.post(f"{T}/services", json={"name": "Team service"}, headers=team_user)
    names = lambda h: sorted(s["name"] for s in client.get(f"{T}/services", headers=h).json()["items"])  # noqa: E731
    assert names(owner) == ["Group service", "Team service", "Tenant service"]
    assert names(group_user) == ["Group service", "Team service"]
    assert names(team_user) == ["Team service"]
    # users: a group user sees the group and its team, not the tenant level
    emails = sorted(u["email"] for u in client.get(f"{T}/users", headers=group_user).json()["items"])
    assert emails == ["group@example.com", "team@example.com"]
    # only the Owner adds groups/teams
    assert client.post(f"{T}/groups", json={"name": "APAC"}, headers=group_user).status_code == 403
    # a team user cannot invite into the group above it
    r = client.post(f"{T}/users", json={"email": "z@example.com", "role": "Read Only", "containerId": g["id"]}, headers=team_user)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("containerId:")


def test_tenant_settings_and_usage(client, owner):
    s = client.get(f"{T}/settings", headers=owner).json()
    assert (s["timeZone"], s["dateFormat"]) == ("UTC", "DD/MM/YYYY")
    r = client.put(f"{T}/settings", json={"timeZone": "Mars/Olympus"}, headers=owner)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("timeZone:")
    r = client.put(f"{T}/settings", json={"timeZone": "Europe/London", "dateFormat": "YYYY-MM-DD"}, headers=owner)
    assert r.json()["timeZone"] == "Europe/London"
    u = client.get(f"{T}/settings/usage", headers=owner).json()
    assert u["numbers"] == 2 and u["apps"] == 2 and u["teammates"] == 1 and u["messages"]["inbound"] == 0
