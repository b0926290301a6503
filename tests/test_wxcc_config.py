"""WxCC configuration API: the engine's behaviour through HTTP (statuses, envelopes, rules)."""

from __future__ import annotations

import pytest

from mockserver.events import AssetRegistered
from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id
from mockserver.wxcc.config.seed import asset_id, entity_id

ORG = pod_org_id(1)
BASE = f"/organization/{ORG}"


def seeded(kind: str, key: str, pod: int = 1) -> str:
    return entity_id(pod, kind, key)


def mmp_body(name: str = "MMP") -> dict:
    return {"name": name, "telephony": 1, "chat": 3, "email": 3, "social": 3, "active": True,
            "blendingModeEnabled": True, "blendingMode": "BLENDED"}


def team_body(name: str, site: str | None = None) -> dict:
    return {"name": name, "teamType": "AGENT", "teamStatus": "IN_SERVICE", "active": True,
            "siteId": site or seeded("site", "default"), "rankQueuesForTeam": False}


def queue_body(name: str, team: str | None = None, channel: str = "CHAT") -> dict:
    return {"name": name, "queueType": "INBOUND", "channelType": channel, "checkAgentAvailability": False,
            "serviceLevelThreshold": 30, "maxActiveContacts": 10, "maxTimeInQueue": 600, "active": True,
            "routingType": "LONGEST_AVAILABLE_AGENT", "queueRoutingType": "TEAM_BASED",
            "callDistributionGroups": [{"order": 1, "duration": 0,
                                        "agentGroups": [{"teamId": team or seeded("team", "default")}]}]}


@pytest.fixture
def admin(auth):
    return auth("admin")


def test_auth_errors_follow_wxcc_rules(client, auth):
    r = client.get(f"{BASE}/v2/site")
    assert r.status_code == 400 and r.json()["trackingId"].startswith("ccconfig_")
    assert r.json()["error"]["key"] == "400"
    assert client.get(f"{BASE}/v2/site", headers={"Authorization": "Basic x"}).status_code == 400
    assert client.get(f"{BASE}/v2/site", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(f"{BASE}/v2/site", headers=auth("admin", scopes=["spark:people_read"])).status_code == 403
    # another POD's org: 403, never its data
    assert client.get(f"/organization/{pod_org_id(2)}/v2/site", headers=auth("admin")).status_code == 403
    # an agent may read with cjp:config_read, never write
    agent = auth("agent", scopes=["cjp:config_read", "cjp:config_write"])
    assert client.get(f"{BASE}/v2/site", headers=agent).status_code == 200
    assert client.post(f"{BASE}/site", json={}, headers=agent).status_code == 403
    # cjp:config covers both
    both = auth("admin", scopes=["cjp:config"])
    assert client.post(f"{BASE}/multimedia-profile", json=mmp_body("X1"), headers=both).status_code == 200


def test_tracking_id_is_lowercase_ccconfig(client):
    tid = client.get(f"{BASE}/v2/site").headers["trackingid"]
    assert tid.startswith("ccconfig_") and tid[9:] == tid[9:].lower()


def test_create_get_update_delete_site(client, admin):
    r = client.post(f"{BASE}/site", json={"name": "Site", "active": True,
                                          "multimediaProfileId": seeded("multimedia-profile", "default")}, headers=admin)
    assert r.status_code == 201, r.text
    site = r.json()
    assert site["version"] == 0 and site["organizationId"] == ORG and site["systemDefault"] is False
    assert isinstance(site["createdTime"], int) and site["createdTime"] == site["lastUpdatedTime"]
    assert "description" not in site  # absent optional fields are left out, never null
    client.post("/sandbox/clock", json={"advance": 5})
    r = client.put(f"{BASE}/site/{site['id']}", json={**site, "description": "HQ"}, headers=admin)
    assert r.status_code == 200 and r.json()["version"] == 1 and r.json()["description"] == "HQ"
    assert r.json()["lastUpdatedTime"] > site["lastUpdatedTime"]
    assert client.get(f"{BASE}/site/{site['id']}", headers=admin).json()["version"] == 1
    r = client.delete(f"{BASE}/site/{site['id']}", headers=admin)
    assert r.status_code == 204 and r.content == b""
    r = client.get(f"{BASE}/site/{site['id']}", headers=admin)
    assert r.status_code == 404 and r.json()["error"]["key"] == "404"


def test_mmp_create_and_delete_answer_200(client, admin):
    r = client.post(f"{BASE}/multimedia-profile", json=mmp_body(), headers=admin)
    assert r.status_code == 200
    assert client.delete(f"{BASE}/multimedia-profile/{r.json()['id']}", headers=admin).status_code == 200


def test_400_names_each_field(client, admin):
    r = client.post(f"{BASE}/team", json={"name": "T", "teamType": "PEOPLE"}, headers=admin)
    assert r.status_code == 400
    text = " ".join(m["description"] for m in r.json()["error"]["message"])
    for f in ("teamType", "teamStatus", "active", "siteId"):
        assert f in text
    r = client.post(f"{BASE}/multimedia-profile", json={**mmp_body(), "chat": 9, "telephony": 2}, headers=admin)
    assert r.status_code == 400
    descs = [m["description"] for m in r.json()["error"]["message"]]
    assert any(d.startswith("chat:") for d in descs) and any(d.startswith("telephony:") for d in descs)


def test_missing_dependency_is_400(client, admin):
    r = client.post(f"{BASE}/team", json=team_body("T", site="00000000-0000-0000-0000-000000000000"), headers=admin)
    assert r.status_code == 400
    assert r.json()["error"]["message"][0]["description"] == "siteId: not found for given orgId."
    # another org's site is "not found" too
    r = client.post(f"{BASE}/team", json=team_body("T", site=seeded("site", "default", pod=2)), headers=admin)
    assert r.status_code == 400


def test_duplicate_names_409_with_scopes(client, admin):
    assert client.post(f"{BASE}/team", json=team_body("Team1"), headers=admin).status_code == 201
    r = client.post(f"{BASE}/team", json=team_body("team1"), headers=admin)
    assert r.status_code == 409 and r.json()["error"]["key"] == "409"
    # team names are unique per site: the same name in another site is fine
    other = client.post(f"{BASE}/site", json={"name": "Other", "active": True,
                                              "multimediaProfileId": seeded("multimedia-profile", "default")},
                        headers=admin).json()
    assert client.post(f"{BASE}/team", json=team_body("Team1", site=other["id"]), headers=admin).status_code == 201
    # a duplicate on update is a 400 (the spec documents 409 on create only)
    t2 = client.post(f"{BASE}/team", json=team_body("Team2"), headers=admin).json()
    r = client.put(f"{BASE}/team/{t2['id']}", json={**t2, "name": "TEAM1"}, headers=admin)
    assert r.status_code == 400


def test_412_lists_references_and_incoming_references(client, admin):
    team = client.post(f"{BASE}/team", json=team_body("Team1"), headers=admin).json()
    q = client.post(f"{BASE}/v2/contact-service-queue", json=queue_body("Q1", team["id"]), headers=admin).json()
    r = client.delete(f"{BASE}/team/{team['id']}", headers=admin)
    assert r.status_code == 412
    msg = r.json()["error"]["message"][0]
    assert msg["entity"] == "contact-service-queue" and msg["references"][0]["id"] == q["id"]
    r = client.get(f"{BASE}/team/{team['id']}/incoming-references", headers=admin)
    body = r.json()
    assert r.status_code == 200 and body["meta"]["totalRecords"] == 1
    assert body["meta"]["referencedEntities"] == ["contact-service-queue"] and body["data"][0]["name"] == "Q1"
    # deactivating a referenced team is an illegal change
    assert client.put(f"{BASE}/team/{team['id']}", json={**team, "active": False}, headers=admin).status_code == 412
    # the seeded site is referenced by the seeded team, and is a system default
    assert client.delete(f"{BASE}/site/{seeded('site', 'default')}", headers=admin).status_code == 412
    assert client.delete(f"{BASE}/contact-service-queue/{q['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/team/{team['id']}", headers=admin).status_code == 204


def test_immutable_fields(client, admin):
    team = client.post(f"{BASE}/team", json=team_body("Team1"), headers=admin).json()
    other = client.post(f"{BASE}/site", json={"name": "Other", "active": True,
                                              "multimediaProfileId": seeded("multimedia-profile", "default")},
                        headers=admin).json()
    r = client.put(f"{BASE}/team/{team['id']}", json={**team, "siteId": other["id"]}, headers=admin)
    assert r.status_code == 400 and "siteId: cannot be modified." in r.text
    q = client.post(f"{BASE}/contact-service-queue", json=queue_body("Q"), headers=admin).json()
    r = client.put(f"{BASE}/v2/contact-service-queue/{q['id']}", json={**q, **queue_body("Q", channel="EMAIL")},
                   headers=admin)
    assert r.status_code == 400 and "channelType" in r.text


def test_v1_and_v2_lists(client, admin):
    for i in range(5):
        client.post(f"{BASE}/team", json=team_body(f"T{i}"), headers=admin)
    r = client.get(f"{BASE}/team", headers=admin)
    assert r.status_code == 200 and isinstance(r.json(), list) and len(r.json()) == 6
    r = client.get(f"{BASE}/v2/team", params={"page": 1, "pageSize": 2}, headers=admin).json()
    assert r["meta"]["page"] == 1 and r["meta"]["pageSize"] == 2 and r["meta"]["totalPages"] == 3
    assert r["meta"]["totalRecords"] == 6 and len(r["data"]) == 2
    assert {"self", "first", "last", "next", "prev"} <= set(r["meta"]["links"])
    assert r["meta"]["orgid"] == ORG
    assert all("userIds" not in t for t in r["data"])  # list rows leave array fields out
    r = client.get(f"{BASE}/v2/team", params={"pageSize": 5000}, headers=admin).json()
    assert r["meta"]["pageSize"] == 1000
    assert client.get(f"{BASE}/v2/team", params={"page": -1}, headers=admin).status_code == 400


def test_rsql_filters_search_attributes(client, admin):
    ids = [client.post(f"{BASE}/team", json=team_body(n), headers=admin).json()["id"]
           for n in ("Sales Team", "Support", "Billing")]
    get = lambda **p: client.get(f"{BASE}/v2/team", params=p, headers=admin)  # noqa: E731
    assert [t["name"] for t in get(filter='name=="Sales Team"').json()["data"]] == ["Sales Team"]
    assert len(get(filter=f'id=in=("{ids[0]}","{ids[1]}")').json()["data"]) == 2
    assert len(get(filter=f'id=out=("{ids[0]}","{ids[1]}")').json()["data"]) == 2  # Billing + Default_Team
    assert len(get(filter='name==Support,name==Billing').json()["data"]) == 2
    assert len(get(filter='name!=Support;active==true').json()["data"]) == 3
    assert get(filter="name=like=bill").json()["data"][0]["name"] == "Billing"
    assert get(filter="userIds==x").status_code == 400  # excluded field
    assert get(filter="name=~x").status_code == 400
    assert get(filter='name=="open').status_code == 400
    assert [t["name"] for t in get(search="sup").json()["data"]] == ["Support"]
    assert [t["name"] for t in get(search='field=="name";value=="bill"').json()["data"]] == ["Billing"]
    rows = get(attributes="id,name").json()["data"]
    assert all(set(r) == {"id", "name"} for r in rows)
    # v1 lists filter on id only
    assert client.get(f"{BASE}/team", params={"filter": 'name=="x"'}, headers=admin).status_code == 400
    assert len(client.get(f"{BASE}/team", params={"filter": f'id=="{ids[2]}"'}, headers=admin).json()) == 1
    # singleObjectResponse includes the arrays, and refuses several records
    one = get(filter=f'id=="{ids[0]}"', singleObjectResponse="true").json()["data"][0]
    assert one["userIds"] == []
    assert get(singleObjectResponse="true").status_code == 400


def test_team_members_follow_user_team_ids(client, admin):
    agent = seeded("user", "agent")
    team = client.post(f"{BASE}/team", json={**team_body("Team1"), "userIds": [agent]}, headers=admin).json()
    assert team["userIds"] == [agent]
    user = client.get(f"{BASE}/user/{agent}", headers=admin).json()
    assert user["teamIds"] == [team["id"]] and user["version"] == 1
    found = client.get(f"{BASE}/v2/team", params={"filter": f"userId=={agent}"}, headers=admin).json()["data"]
    assert [t["id"] for t in found] == [team["id"]]
    # the user refers to the team now
    assert client.delete(f"{BASE}/team/{team['id']}", headers=admin).status_code == 412


def test_users_by_ci_id_put_patch(client, admin):
    from mockserver.identity.seed import person_uuid

    r = client.get(f"{BASE}/user/by-ci-user-id/{person_uuid(1, 'agent')}", headers=admin)
    assert r.status_code == 200 and r.json()["email"] == "cl1agent1@email.carehybrid.com"
    assert client.get(f"{BASE}/user/by-ci-user-id/nope", headers=admin).status_code == 404
    user = r.json()
    # contact center enabled needs a site and a desktop profile
    r = client.put(f"{BASE}/user/{user['id']}", json={**user, "contactCenterEnabled": True}, headers=admin)
    assert r.status_code == 400 and "siteId" in r.text and "agentProfileId" in r.text
    r = client.patch(f"{BASE}/user/{user['id']}", json={
        "contactCenterEnabled": True, "siteId": seeded("site", "default"), "teamIds": [seeded("team", "default")],
        "agentProfileId": seeded("agent-profile", "default"), "email": "hacker@example.com"}, headers=admin)
    assert r.status_code == 200, r.text
    u = r.json()
    assert u["contactCenterEnabled"] and u["siteName"] == "Default_Site" and u["version"] == 1
    assert u["email"] == "cl1agent1@email.carehybrid.com"  # Control Hub owns the email
    r = client.put(f"{BASE}/user/{user['id']}", json={**u, "ciUserId": "x"}, headers=admin)
    assert r.status_code == 400 and "ciUserId" in r.text
    assert client.post(f"{BASE}/user", json=user, headers=admin).status_code == 405
    r = client.get(f"{BASE}/v2/user", params={"search": "sup"}, headers=admin).json()
    assert [x["firstName"] for x in r["data"]] == ["Supervisor"]


def test_aux_codes_defaults_and_work_types(client, admin):
    wt = client.post(f"{BASE}/work-type", json={"name": "Idle2", "workTypeCode": "IDLE_CODE", "active": True},
                     headers=admin)
    assert wt.status_code == 200
    body = {"name": "Coffee", "active": True, "defaultCode": True, "workTypeCode": "IDLE_CODE",
            "workTypeId": wt.json()["id"]}
    r = client.post(f"{BASE}/auxiliary-code", json=body, headers=admin)
    assert r.status_code == 201 and r.json()["burnoutInclusion"] == "INCLUDED"
    old = client.get(f"{BASE}/auxiliary-code/{seeded('auxiliary-code', 'meeting')}", headers=admin).json()
    assert old["defaultCode"] is False and old["version"] == 1  # the default moved
    bad = {**body, "name": "Nap", "workTypeId": seeded("work-type", "wrapup")}
    assert client.post(f"{BASE}/auxiliary-code", json=bad, headers=admin).status_code == 400
    r = client.get(f"{BASE}/v2/auxiliary-code", params={"filter": "workTypeCode==WRAP_UP_CODE"}, headers=admin)
    assert {c["name"] for c in r.json()["data"]} == {"Resolved", "Follow Up"}
    assert client.delete(f"{BASE}/work-type/{wt.json()['id']}", headers=admin).status_code == 412


def test_entry_points_per_channel(client, admin):
    ep = {"name": "Chat_EP", "entryPointType": "INBOUND", "channelType": "CHAT", "active": True,
          "serviceLevelThreshold": 60, "maximumActiveContacts": 10}
    r = client.post(f"{BASE}/entry-point", json=ep, headers=admin)
    assert r.status_code == 400 and "assetId: is required" in r.text
    r = client.post(f"{BASE}/entry-point", json={**ep, "assetId": asset_id(1, "whatsapp")}, headers=admin)
    assert r.status_code == 400 and "not CHAT ones" in r.text
    r = client.post(f"{BASE}/entry-point", json={**ep, "assetId": asset_id(2, "sms")}, headers=admin)
    assert r.status_code == 400  # another POD's asset
    r = client.post(f"{BASE}/entry-point", json={**ep, "assetId": asset_id(1, "sms")}, headers=admin)
    assert r.status_code == 201 and r.json()["imiOrgType"] == "IMI"
    r = client.post(f"{BASE}/entry-point", json={**ep, "name": "Chat2", "assetId": asset_id(1, "sms")}, headers=admin)
    assert r.status_code == 400 and "already used" in r.text
    wa = {**ep, "name": "WA", "channelType": "SOCIAL_CHANNEL", "assetId": asset_id(1, "whatsapp")}
    r = client.post(f"{BASE}/entry-point", json=wa, headers=admin)
    assert r.status_code == 400 and "socialChannelType: is required" in r.text
    tel = {**ep, "name": "Tel", "channelType": "TELEPHONY"}
    r = client.post(f"{BASE}/entry-point", json=tel, headers=admin)
    assert r.status_code == 201 and "assetId" not in r.json() and r.json()["controlFlowScriptUrl"]
    r = client.post(f"{BASE}/entry-point", json={**tel, "name": "Out", "entryPointType": "OUTBOUND",
                                                 "channelType": "EMAIL"}, headers=admin)
    assert r.status_code == 400 and "OUTBOUND" in r.text


def test_asset_registered_event_feeds_the_registry(client, admin):
    dispatcher.publish(AssetRegistered(org_id=ORG, asset_id="app-email-1", name="EmailASSET", channel="email",
                                       address="cl1webex1@gmail.com"))
    ep = {"name": "Email_EP", "entryPointType": "INBOUND", "channelType": "EMAIL", "active": True,
          "serviceLevelThreshold": 7200, "maximumActiveContacts": 10, "assetId": "app-email-1"}
    assert client.post(f"{BASE}/entry-point", json=ep, headers=admin).status_code == 201


def test_queue_rules(client, admin):
    social = {k: v for k, v in queue_body("Social", channel="SOCIAL_CHANNEL").items()
              if k not in ("serviceLevelThreshold", "maxActiveContacts", "checkAgentAvailability")}
    assert client.post(f"{BASE}/v2/contact-service-queue", json=social, headers=admin).status_code == 201
    chat = {k: v for k, v in queue_body("Chat").items() if k != "serviceLevelThreshold"}
    r = client.post(f"{BASE}/v2/contact-service-queue", json=chat, headers=admin)
    assert r.status_code == 400 and "serviceLevelThreshold: is required." in r.text
    r = client.post(f"{BASE}/v2/contact-service-queue", json={**queue_body("O"), "queueType": "OUTBOUND"},
                    headers=admin)
    assert r.status_code == 400
    r = client.post(f"{BASE}/v2/contact-service-queue", json={**queue_body("S"), "routingType": "SKILLS_BASED"},
                    headers=admin)
    assert r.status_code == 400 and "skillBasedRoutingType" in r.text
    q = client.post(f"{BASE}/contact-service-queue", json=queue_body("V1"), headers=admin).json()
    v2 = client.get(f"{BASE}/v2/contact-service-queue/{q['id']}", headers=admin).json()
    assert v2["callDistributionGroups"][0]["agentGroups"][0]["teamId"] == seeded("team", "default")
    rows = client.get(f"{BASE}/v2/contact-service-queue", headers=admin).json()["data"]
    assert all("callDistributionGroups" not in row for row in rows)
    # filters reach into nested arrays: the queues that distribute to a team
    found = client.get(f"{BASE}/v2/contact-service-queue", headers=admin, params={
        "filter": f'callDistributionGroups.agentGroups.teamId=="{seeded("team", "default")}"'}).json()["data"]
    assert {q["name"] for q in found} == {"Telephony_Queue", "Social", "V1"}


def test_skills_profiles_and_business_hours(client, admin):
    s = client.post(f"{BASE}/skill", json={"name": "Spanish", "active": True, "serviceLevelThreshold": 30,
                                           "skillType": "Proficiency"}, headers=admin)
    assert s.status_code == 201
    p = client.post(f"{BASE}/skill-profile", json={"name": "Linguist", "activeSkills": [
        {"skillId": s.json()["id"], "booleanValue": False, "proficiencyValue": 7}]}, headers=admin)
    assert p.status_code == 201 and p.json()["activeSkills"][0]["skillName"] == "Spanish"
    assert client.delete(f"{BASE}/skill/{s.json()['id']}", headers=admin).status_code == 412
    r = client.put(f"{BASE}/skill/{s.json()['id']}", json={**s.json(), "skillType": "Text"}, headers=admin)
    assert r.status_code == 400
    bh = {"name": "Office Hours", "timezone": "Europe/Paris",
          "workingHours": [{"name": "Week", "days": ["MON", "FRI"], "startTime": "09:00", "endTime": "18:00"}]}
    r = client.post(f"{BASE}/business-hours", json=bh, headers=admin)
    assert r.status_code == 201 and r.json()["workingHoursCount"] == 1
    r = client.post(f"{BASE}/business-hours", json={**bh, "name": "Bad", "timezone": "Mars/Base"}, headers=admin)
    assert r.status_code == 400


def test_bulk_is_207_with_per_item_status(client, admin):
    items = [
        {"itemIdentifier": 1, "requestAction": "SAVE", "item": {"name": "BulkSite", "active": True,
                                                                "multimediaProfileId": seeded("multimedia-profile", "default")}},
        {"itemIdentifier": 2, "requestAction": "SAVE", "item": {"name": "Bad Site!", "active": True}},
        {"itemIdentifier": 3, "requestAction": "DELETE", "item": {"id": seeded("site", "default")}},
    ]
    r = client.post(f"{BASE}/site/bulk", json={"items": items}, headers=admin)
    assert r.status_code == 207
    out = {i["itemIdentifier"]: i for i in r.json()["items"]}
    assert out[1]["status"] == 201 and out[1]["operationType"] == "CREATE"
    assert out[1]["href"].endswith(f"/organization/{ORG}/site/" + out[1]["href"].rsplit("/", 1)[1])
    assert out[2]["status"] == 400 and out[2]["apiError"]["trackingId"].startswith("ccconfig_")
    assert out[3]["status"] == 412 and out[3]["operationType"] == "DELETE"
    assert client.get(f"{BASE}/v2/site", params={"filter": 'name=="BulkSite"'}, headers=admin).json()["data"]


def test_reset_restores_seeded_config(client, admin, sandbox):
    client.post(f"{BASE}/team", json=team_body("Gone"), headers=admin)
    sandbox.reset()
    names = [t["name"] for t in client.get(f"{BASE}/team", headers=admin).json()]
    assert names == ["Default_Team"]


def test_scenario_steps_build_a_preconfigured_pod():
    from mockserver.core.seeding import registry
    from mockserver.sandbox.service import pods
    from mockserver.wxcc.config import seed
    from mockserver.wxcc.config.models import WxccEntity

    ctx = pods.context(1, "default")
    rows = seed.rows(ctx)
    registry.steps["wxcc.add_entities"](ctx, rows, {"entities": [
        {"kind": "site", "key": "lab", "fields": {"name": "Site", "active": True,
                                                  "multimediaProfileId": "@multimedia-profile:default"}}]})
    registry.steps["wxcc.set_user"](ctx, rows, {"user": "agent", "fields": {"contactCenterEnabled": True,
                                                                            "siteId": "@site:lab"}})
    by_id = {r["id"]: r for r in rows[WxccEntity]}
    agent = by_id[seeded("user", "agent")]
    assert agent["data"]["contactCenterEnabled"] is True and agent["data"]["siteId"] == seed.entity_id(1, "site", "lab")
    with pytest.raises(ValueError):
        seed.entity_row(ctx, {"kind": "site", "key": "bad", "fields": {"name": "no mmp"}}, 0)
