"""Lab walk: lab 12.5 step 3 (MMP, site, teams, users) and the entry point / queue steps of the
email, Messenger and WhatsApp labs (12.7), in order, through the config API as an admin would
script them. Names and values are the lab guide's (shared/seed/lab-guide-digital-channels.md)."""

from __future__ import annotations

import pytest

from mockserver.events import AssetRegistered
from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id
from mockserver.identity.seed import person_uuid
from mockserver.wxcc.config.seed import asset_id

POD = 1
ORG = pod_org_id(POD)
BASE = f"/organization/{ORG}"
HOUR = 3600


@pytest.fixture
def api(client, auth):
    headers = auth("admin", pod=POD)

    def call(method: str, path: str, expect: int, **kw):
        r = client.request(method, BASE + path, headers=headers, **kw)
        assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content else None

    return call


def one(api, path: str, name: str) -> dict:
    rows = api("GET", path, 200, params={"filter": f'name=="{name}"'})["data"]
    assert len(rows) == 1, f"{path}: expected one '{name}', got {rows}"
    return rows[0]


def distribution(*team_ids: str) -> list[dict]:
    return [{"order": 1, "duration": 0, "agentGroups": [{"teamId": t} for t in team_ids]}]


def social_queue(name: str, teams: list[str]) -> dict:
    # Social channel queues take no service level / max active contacts / availability check.
    return {"name": name, "queueType": "INBOUND", "channelType": "SOCIAL_CHANNEL", "routingType": "LONGEST_AVAILABLE_AGENT",
            "queueRoutingType": "TEAM_BASED", "callDistributionGroups": distribution(*teams), "maxTimeInQueue": 300,
            "active": True, "timezone": "America/New_York"}


def entry_point(name: str, channel: str, asset: str, social: str | None = None, slt: int = 60) -> dict:
    body = {"name": name, "entryPointType": "INBOUND", "channelType": channel, "assetId": asset, "active": True,
            "serviceLevelThreshold": slt, "maximumActiveContacts": 100, "timezone": "America/New_York"}
    if social:
        body["socialChannelType"] = social
    return body


def test_lab_12_5_step_3_then_email_messenger_whatsapp_entry_points_and_queues(api, client, auth):
    # --- Lab 12.5 step 3.1: multimedia profile "MMP", blended, voice 1 / chat 3 / email 3 / social 3
    mmp = api("POST", "/multimedia-profile", 200, json={
        "name": "MMP", "blendingModeEnabled": True, "blendingMode": "BLENDED", "telephony": 1, "chat": 3,
        "email": 3, "social": 3, "active": True})
    assert (mmp["telephony"], mmp["chat"], mmp["email"], mmp["social"]) == (1, 3, 3, 3)

    # --- 3.2: site "Site" with MMP
    site = api("POST", "/site", 201, json={"name": "Site", "active": True, "multimediaProfileId": mmp["id"]})

    # --- 3.3: agent-based teams Team1 and Team2 in Site with MMP (desktop layout left at its default)
    teams = {}
    for name in ("Team1", "Team2"):
        teams[name] = api("POST", "/team", 201, json={
            "name": name, "siteId": site["id"], "teamType": "AGENT", "teamStatus": "IN_SERVICE", "active": True,
            "multiMediaProfileId": mmp["id"], "rankQueuesForTeam": False})
        assert teams[name]["siteName"] == "Site"

    # --- 3.4: agent and supervisor: Premium Agent profile, contact center enabled, Site, both teams,
    #          desktop profile "Agent Profile", MMP
    premium = one(api, "/v3/user-profile", "Premium Agent User Profile")
    desktop = one(api, "/v2/agent-profile", "Agent Profile")
    for who in ("agent", "supervisor"):
        user = api("GET", f"/user/by-ci-user-id/{person_uuid(POD, who)}", 200)
        assert user["contactCenterEnabled"] is False
        settings = {"userProfileId": premium["id"], "contactCenterEnabled": True, "siteId": site["id"],
                    "teamIds": [teams["Team1"]["id"], teams["Team2"]["id"]], "agentProfileId": desktop["id"],
                    "multimediaProfileId": mmp["id"]}
        body = {k: v for k, v in user.items() if k not in ("userProfileType", "siteName", "dbId")}
        saved = api("PUT", f"/user/{user['id']}", 200, json={**body, **settings})
        assert saved["contactCenterEnabled"] is True and saved["userProfileType"] == "PREMIUM_AGENT"
        assert saved["siteName"] == "Site" and saved["version"] == user["version"] + 1
        assert saved["active"] is True  # "Status: Active"
    members = api("GET", f"/team/{teams['Team1']['id']}", 200)["userIds"]
    assert sorted(members) == sorted(api("GET", f"/user/by-ci-user-id/{person_uuid(POD, w)}", 200)["id"]
                                     for w in ("agent", "supervisor"))

    # --- Email lab step 3: the Connect email asset "EmailASSET" was registered to Webex CC (12.7
    #     step 2, Connect's side), then Email_EP (SLT 2 h), Email_Q (Team1) and Email_Q2 (Team2),
    #     Longest Available Agent, SLT 2 h, max time in queue 3 h
    dispatcher.publish(AssetRegistered(org_id=ORG, asset_id="email-asset-pod1", name="EmailASSET", channel="email",
                                       address=f"cl1webex{POD}@gmail.com"))
    email_ep = api("POST", "/entry-point", 201, json=entry_point("Email_EP", "EMAIL", "email-asset-pod1", slt=2 * HOUR))
    assert email_ep["serviceLevelThreshold"] == 7200 and email_ep["assetId"] == "email-asset-pod1"
    for name, team in (("Email_Q", "Team1"), ("Email_Q2", "Team2")):
        q = api("POST", "/v2/contact-service-queue", 201, json={
            "name": name, "queueType": "INBOUND", "channelType": "EMAIL", "routingType": "LONGEST_AVAILABLE_AGENT",
            "queueRoutingType": "TEAM_BASED", "callDistributionGroups": distribution(teams[team]["id"]),
            "serviceLevelThreshold": 2 * HOUR, "maxTimeInQueue": 3 * HOUR, "maxActiveContacts": 100,
            "checkAgentAvailability": False, "active": True, "timezone": "America/New_York"})
        assert q["callDistributionGroups"][0]["agentGroups"] == [{"teamId": teams[team]["id"]}]
        assert (q["serviceLevelThreshold"], q["maxTimeInQueue"]) == (7200, 10800)

    # --- Messenger lab step 3: FBM_EP (Social Channel -> Facebook Messenger) on the Messenger app
    #     registered in Connect, FBM_Q with the agent-based teams, max time in queue 300
    dispatcher.publish(AssetRegistered(org_id=ORG, asset_id="fbm-asset-pod1", name="FBM_Asset", channel="messenger",
                                       address="104680000000001"))
    fbm_ep = api("POST", "/entry-point", 201, json=entry_point("FBM_EP", "SOCIAL_CHANNEL", "fbm-asset-pod1", "MESSENGER"))
    assert fbm_ep["socialChannelType"] == "MESSENGER"
    api("POST", "/v2/contact-service-queue", 201, json=social_queue("FBM_Q", [teams["Team1"]["id"], teams["Team2"]["id"]]))

    # --- WhatsApp lab step 3: WhatsApp_EP on the number pre-assigned to the tenant, WhatsApp_Queue
    #     with the agent-based teams, max time in queue 300
    wa_ep = api("POST", "/entry-point", 201, json=entry_point("WhatsApp_EP", "SOCIAL_CHANNEL", asset_id(POD, "whatsapp"),
                                                               "WHATSAPP"))
    assert wa_ep["socialChannelType"] == "WHATSAPP"
    wa_q = api("POST", "/v2/contact-service-queue", 201,
               json=social_queue("WhatsApp_Queue", [teams["Team1"]["id"], teams["Team2"]["id"]]))
    assert wa_q["maxTimeInQueue"] == 300 and "serviceLevelThreshold" not in wa_q

    # --- What the flows and the desktop will find afterwards
    social = api("GET", "/v2/entry-point", 200, params={"filter": "channelType==SOCIAL_CHANNEL"})["data"]
    assert sorted(e["name"] for e in social) == ["FBM_EP", "WhatsApp_EP"]
    queues = api("GET", "/v2/contact-service-queue", 200, params={"search": "_Q"})["data"]
    assert {q["name"] for q in queues} >= {"Email_Q", "Email_Q2", "FBM_Q", "WhatsApp_Queue"}
    refs = api("GET", f"/team/{teams['Team1']['id']}/incoming-references", 200)
    assert set(refs["meta"]["referencedEntities"]) == {"contact-service-queue", "user"}
    assert {d["name"] for d in refs["data"] if d["additionalAttributes"]["type"] == "contact-service-queue"} == {
        "Email_Q", "FBM_Q", "WhatsApp_Queue"}
    # Team1 is in use: deleting it is refused with the references listed
    r = api("DELETE", f"/team/{teams['Team1']['id']}", 412)
    assert {m["entity"] for m in r["error"]["message"]} == {"contact-service-queue", "user"}
    # the lab is per POD: POD 2 sees none of it
    r = client.get(f"/organization/{pod_org_id(2)}/v2/site", params={"filter": 'name=="Site"'}, headers=auth("admin", pod=2))
    assert r.status_code == 200 and r.json()["meta"]["totalRecords"] == 0
