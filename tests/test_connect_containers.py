"""Groups and teams: rename and delete (refused with 409 while something is in it, naming it), and
apps shared with groups; the visibility rule (your container and below, never above) throughout."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import bearer, join, last_mail, login

T = "/connect/cl1pod1"
OWNER = "cl1admin1@email.carehybrid.com"


@pytest.fixture
def owner(sandbox, client):
    sandbox.reset(pod=1, scenario="provisioned")
    return login(client, "cl1pod1", OWNER, "C1sco!Pod1")


def _member(client, owner, email, container_id, role="Full Access"):
    r = client.post(f"{T}/users", json={"email": email, "role": role, "containerId": container_id}, headers=owner)
    assert r.status_code == 201, r.text
    return r.json()["id"], bearer(join(client, last_mail(client, email, "connect.invite"), "X", "Y", "Welcome!2Connect"))


def _tree(client, owner):
    g = client.post(f"{T}/groups", json={"name": "EMEA"}, headers=owner).json()
    g2 = client.post(f"{T}/groups", json={"name": "APAC"}, headers=owner).json()
    t = client.post(f"{T}/teams", json={"name": "EMEA Email", "groupId": g["id"]}, headers=owner).json()
    return g, g2, t


def test_rename_groups_and_teams(client, owner):
    g, g2, t = _tree(client, owner)
    r = client.patch(f"{T}/groups/{g['id']}", json={"name": "EMEA North", "description": "Nordics"}, headers=owner)
    assert r.status_code == 200 and (r.json()["name"], r.json()["description"]) == ("EMEA North", "Nordics")
    teams = client.get(f"{T}/teams", headers=owner).json()["items"]
    assert teams[0]["groupName"] == "EMEA North"
    clash = client.patch(f"{T}/groups/{g['id']}", json={"name": "apac"}, headers=owner)
    assert clash.status_code == 409 and clash.json()["errors"][0]["description"].startswith("name:")
    blank = client.patch(f"{T}/teams/{t['id']}", json={"name": "  "}, headers=owner)
    assert blank.status_code == 400 and blank.json()["errors"][0]["description"].startswith("name:")
    assert client.patch(f"{T}/teams/{t['id']}", json={"name": "EMEA Mail"}, headers=owner).json()["name"] == "EMEA Mail"
    # a team id is not a group id (and unknown ids are 404)
    assert client.patch(f"{T}/groups/{t['id']}", json={"name": "x"}, headers=owner).status_code == 404
    assert client.delete(f"{T}/teams/nope", headers=owner).status_code == 404
    # only the Owner manages groups/teams: a group's Full Access user may not rename it
    _, member = _member(client, owner, "g@example.com", g["id"])
    r = client.patch(f"{T}/groups/{g['id']}", json={"name": "Mine"}, headers=member)
    assert r.status_code == 403
    # ... and never sees the group beside theirs
    assert [x["name"] for x in client.get(f"{T}/groups", headers=owner).json()["items"]] == ["EMEA North", "APAC"]


def test_delete_refused_while_in_use_naming_what_is_in_it(client, owner):
    g, g2, t = _tree(client, owner)
    uid, team_user = _member(client, owner, "team@example.com", t["id"])
    svc = client.post(f"{T}/services", json={"name": "Team service"}, headers=team_user).json()
    r = client.delete(f"{T}/groups/{g['id']}", headers=owner)
    assert r.status_code == 409
    details = [e["description"] for e in r.json()["errors"]]
    assert "teams: EMEA Email" in details
    r = client.delete(f"{T}/teams/{t['id']}", headers=owner)
    assert r.status_code == 409
    details = [e["description"] for e in r.json()["errors"]]
    assert "users: team@example.com" in details and "services: Team service" in details
    assert "EMEA Email" in details[0] and "not empty" in details[0]
    # nothing was deleted
    assert client.get(f"{T}/teams", headers=owner).json()["total"] == 1
    # empty it: move the user up to the group, delete the service; then the team goes, then the group is blocked by the user
    assert client.delete(f"{T}/services/{svc['id']}", headers=owner).status_code == 204
    assert client.patch(f"{T}/users/{uid}", json={"containerId": g["id"]}, headers=owner).status_code == 200
    assert client.delete(f"{T}/teams/{t['id']}", headers=owner).status_code == 204
    r = client.delete(f"{T}/groups/{g['id']}", headers=owner)
    assert r.status_code == 409 and [e["description"] for e in r.json()["errors"]][1:] == ["users: team@example.com"]
    assert client.delete(f"{T}/users/{uid}", headers=owner).status_code == 204
    assert client.delete(f"{T}/groups/{g['id']}", headers=owner).status_code == 204
    assert [x["name"] for x in client.get(f"{T}/groups", headers=owner).json()["items"]] == ["APAC"]
    assert client.delete(f"{T}/groups/{g['id']}", headers=owner).status_code == 404


def test_share_apps_with_groups(client, owner):
    g, g2, t = _tree(client, owner)
    _, group_user = _member(client, owner, "g@example.com", g["id"])
    _, team_user = _member(client, owner, "t@example.com", t["id"])
    _, apac_user = _member(client, owner, "a@example.com", g2["id"])
    chat = client.post(f"{T}/assets/apps/livechat", json={"name": "Website chat", "websiteUrl": "https://www.example.com"},
                       headers=owner).json()
    names = lambda h: [a["name"] for a in client.get(f"{T}/assets/apps", params={"channel": "livechat"}, headers=h).json()["items"]]  # noqa: E731
    assert names(group_user) == [] and names(team_user) == []
    r = client.put(f"{T}/assets/apps/{chat['id']}/sharing", json={"containerIds": [g["id"]]}, headers=owner)
    assert r.status_code == 200 and r.json()["sharedWith"] == [{"id": g["id"], "kind": "group", "name": "EMEA"}]
    # the group and the teams below it see it; the other group does not
    assert names(group_user) == names(team_user) == ["Website chat"] and names(apac_user) == []
    got = client.get(f"{T}/assets/apps/{chat['appId']}", headers=team_user).json()
    assert got["sharedWithYou"] is True
    assert client.get(f"{T}/assets/apps/{chat['id']}", headers=apac_user).status_code == 404
    # shared means use, not own: a recipient may not delete, re-share or register it
    assert client.delete(f"{T}/assets/apps/{chat['id']}", headers=group_user).status_code == 403
    r = client.put(f"{T}/assets/apps/{chat['id']}/sharing", json={"containerIds": []}, headers=group_user)
    assert r.status_code == 403
    # the visibility rule: a group user shares its own apps only with containers at or below its level
    mine = client.post(f"{T}/assets/apps/livechat", json={"name": "EMEA chat", "websiteUrl": "https://emea.example.com"},
                       headers=group_user).json()
    r = client.put(f"{T}/assets/apps/{mine['id']}/sharing", json={"containerIds": [t["id"], g2["id"]]}, headers=group_user)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("containerIds:")
    assert client.get(f"{T}/assets/apps/{mine['id']}", headers=owner).json()["sharedWith"] == []  # nothing written
    r = client.put(f"{T}/assets/apps/{mine['id']}/sharing", json={"containerIds": [g["id"]]}, headers=group_user)
    assert r.status_code == 400 and "own group" in r.json()["errors"][0]["description"]
    r = client.put(f"{T}/assets/apps/{mine['id']}/sharing", json={"containerIds": [t["id"]]}, headers=group_user)
    assert r.status_code == 200 and r.json()["sharedWith"][0]["name"] == "EMEA Email"
    assert names(apac_user) == []
    # stop sharing; a deleted group stops being a share target
    client.put(f"{T}/assets/apps/{chat['id']}/sharing", json={"containerIds": [g2["id"]]}, headers=owner)
    assert names(apac_user) == ["Website chat"] and names(group_user) == ["EMEA chat"]
    assert client.put(f"{T}/assets/apps/{chat['id']}/sharing", json={"containerIds": []}, headers=owner).json()["sharedWith"] == []
    assert names(apac_user) == []
    client.put(f"{T}/assets/apps/{chat['id']}/sharing", json={"containerIds": [g2["id"]]}, headers=owner)
    apac_id = next(u["id"] for u in client.get(f"{T}/users", headers=owner).json()["items"] if u["email"] == "a@example.com")
    client.delete(f"{T}/users/{apac_id}", headers=owner)
    assert client.delete(f"{T}/groups/{g2['id']}", headers=owner).status_code == 204
    assert client.get(f"{T}/assets/apps/{chat['id']}", headers=owner).json()["sharedWith"] == []
