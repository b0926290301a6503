"""The contact lifecycle in WxCC, as an agent desktop sees it: station login, state, the
notification websocket, a contact offered, accepted, ended and wrapped up, with the frames in the
real envelope and the events the other products follow; and the errors in their real shape."""

from __future__ import annotations

import pytest

from mockserver.core.events import dispatcher
from tests.wxcc_desk import ADMIN, AGENT, BREAK, ORG, RESOLVED, SUP, TEAM1, TEAM2, Desk, chat_queue, lab, new_contact, published  # noqa: F401 - lab is a fixture



def test_subscribe_welcome_and_the_full_chat_lifecycle(lab):
    dispatcher.published.clear()
    desk = lab.desk()
    assert desk.subscription["subscriptionId"].startswith("WebexCCSDK-")
    assert desk.subscription["webSocketUrl"].startswith("ws://")
    assert desk.login().status_code == 202
    login = desk.next("AgentStationLoginSuccess")
    assert login["type"] == "StationLogin" and login["orgId"] == ORG and login["trackingId"]
    d = login["data"]
    assert d["agentId"] == desk.agent_id and d["teamId"] == TEAM1 and d["status"] == "LoggedIn"
    assert d["subStatus"] == "Idle" and d["channelsMap"] == {"telephony": [], "chat": [], "email": [], "social": []}
    assert d["mmProfile"] == {"telephony": 1, "chat": 3, "email": 3, "social": 3}  # the lab's blended MMP
    assert [e.team_id for e in published("AgentLoggedIn")] == [TEAM1]

    r = desk.state("Available")
    assert r.status_code == 202 and r.content == b""
    st = desk.next("AgentStateChangeSuccess")
    assert st["type"] == "AgentStateChange" and st["data"]["subStatus"] == "Available" and st["data"]["auxCodeId"] == "0"

    q = chat_queue(lab.client, lab.admin)
    task_id = new_contact(q, conversation_id="conv-1")
    reserved = desk.next()
    assert reserved["type"] == "RoutingMessage" and reserved["data"]["type"] == "AgentContactReserved"
    offer = desk.next()
    assert offer["data"]["type"] == "AgentOfferContact"
    o = offer["data"]
    assert o["interactionId"] == task_id and o["mediaResourceId"] == "conv-1" and o["eventType"] == "RoutingMessage"
    assert o["ronaTimeout"] == 60  # preconfigured: chat RONA 60 s
    assert o["interaction"]["state"] == "new" and o["interaction"]["mediaType"] == "chat"
    assert o["interaction"]["callProcessingDetails"]["ronaTimeout"] == "60"
    assert o["queueName"] == "Q-Chat"

    assert desk.act(task_id, "accept").status_code == 202
    assigned = desk.next("AgentContactAssigned")
    assert assigned["data"]["interactionId"] == task_id and assigned["data"]["interaction"]["state"] == "connected"
    routed = published("TaskRouted")
    assert len(routed) == 1 and routed[0].owner == desk.agent_id and routed[0].conversation_id == "conv-1"
    assert dict(routed[0].variables)["mediaResourceId"] == "conv-1"

    assert desk.act(task_id, "end").status_code == 202
    assert desk.next("AgentWrapup")["data"]["interaction"]["state"] == "wrapUp"
    r = desk.act(task_id, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "Resolved"})
    assert r.status_code == 202
    assert desk.next("AgentWrappedUp")["data"]["interactionId"] == task_id
    closed = published("TaskClosed")
    assert len(closed) == 1 and closed[0].task_id == task_id

    r = lab.client.get("/v1/tasks", params={"from": 0, "channelTypes": "chat"}, headers=desk.headers)
    assert r.status_code == 200
    row = r.json()["data"][0]
    assert r.json()["meta"] == {"orgId": ORG}
    assert row["id"] == task_id and row["attributes"]["status"] == "completed"
    assert row["attributes"]["owner"] == {"id": desk.agent_id, "name": "Agent Pod1"}
    assert row["attributes"]["queue"] == {"id": q, "name": "Q-Chat"}

    # capacity was freed: the next contact is offered at once
    second = new_contact(q)
    assert desk.next("AgentOfferContact")["data"]["interactionId"] == second

    assert desk.act(second, "accept").status_code == 202
    r = lab.client.post("/v1/agents/logout", json={"logoutReason": "done"}, headers=desk.headers)
    assert r.status_code == 400 and "still has contacts" in r.json()["errorMessage"]
    desk.act(second, "end")
    desk.act(second, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "ok"})
    r = lab.client.put("/v1/agents/logout", json={"logoutReason": "Shift over"}, headers=desk.headers)
    assert r.status_code == 202
    out = desk.next("AgentLogoutSuccess")
    assert out["type"] == "Logout" and out["data"]["status"] == "LoggedOut"
    assert [e.reason for e in published("AgentLoggedOut")] == ["Shift over"]


def test_illegal_transitions_answer_4xx_in_the_real_shape_and_change_nothing(lab):
    agent, sup = lab.desk(), lab.desk(SUP)
    agent.ready(TEAM1, "1000")
    q = chat_queue(lab.client, lab.admin, teams=[TEAM1])
    t = new_contact(q)
    agent.next("AgentOfferContact")
    sup.ready(TEAM2, "1001")  # not in the queue's team: no offer

    r = agent.act(t, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "x"})
    assert r.status_code == 400
    body = r.json()
    assert set(body) == {"errorType", "errorMessage", "errorData", "reasonCode", "trackingId"}
    assert body["errorType"] == "Bad Request" and isinstance(body["reasonCode"], int)
    assert r.headers["trackingid"] == body["trackingId"]

    r = sup.act(t, "accept")
    assert r.status_code == 403 and "not assigned to the calling agent" in r.json()["errorMessage"]
    assert agent.act(t, "accept").status_code == 202
    r = agent.act(t, "accept")
    assert r.status_code == 400 and "already accepted" in r.json()["errorMessage"]
    assert sup.act(t, "end").status_code == 403
    r = agent.act(t, "hold", {"mediaResourceId": "nope"})
    assert r.status_code == 400 and "mediaResourceId" in r.json()["errorMessage"]
    assert agent.act(t, "hold", {"mediaResourceId": t}).status_code == 202  # the interaction id works too
    assert agent.next("AgentContactHeld")
    assert agent.act(t, "hold", {"mediaResourceId": t}).status_code == 400
    assert agent.act(t, "unhold", {"mediaResourceId": t}).status_code == 202
    r = agent.act(t, "wrapup", {"auxCodeId": RESOLVED})
    assert r.status_code == 400 and "wrapUpReason" in r.json()["errorMessage"]
    agent.act(t, "end")
    r = agent.act(t, "wrapup", {"auxCodeId": BREAK, "wrapUpReason": "x"})  # an idle code, not a wrap-up code
    assert r.status_code == 400 and "not a wrap-up code" in r.json()["errorMessage"]
    assert agent.act(t, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "x"}).status_code == 202
    for action in ("accept", "end"):
        r = agent.act(t, action)
        assert r.status_code == 400, (action, r.text)
    r = agent.act("00000000-0000-0000-0000-000000000000", "accept")
    assert r.status_code == 404 and r.json()["errorType"] == "Not Found"
    rows = lab.client.get("/v1/tasks", params={"from": 0}, headers=agent.headers).json()["data"]
    assert [x["attributes"]["status"] for x in rows] == ["completed"]
    # the supervisor's socket saw none of the agent's contact
    assert all(f["data"].get("interactionId") != t for f in sup.seen + sup.quiet())


def test_login_validation(lab, sandbox):
    desk = lab.desk()
    r = desk.login(team="00000000-0000-0000-0000-000000000001")
    assert r.status_code == 400 and "does not exist" in r.json()["errorMessage"]
    r = lab.client.post("/v1/agents/login", headers=desk.headers, json={"dialNumber": "1000", "roles": ["agent"],
                                                                       "teamId": TEAM1})
    assert r.status_code == 400 and "deviceType" in r.json()["errorMessage"]
    r = lab.client.post("/v1/agents/login", headers=desk.headers, json={"dialNumber": "1000", "roles": ["Agent"],
                                                                       "deviceType": "EXTENSION"})
    assert r.status_code == 400 and "teamId" in r.json()["errorMessage"]
    r = lab.client.post("/v1/agents/login", headers=desk.headers, json={"roles": ["agent"]})
    assert r.status_code == 400 and "dialNumber" in r.json()["errorMessage"]
    r = desk.login(roles=["boss"])
    assert r.status_code == 400 and "roles" in r.json()["errorMessage"]
    assert desk.login(dial="abc").status_code == 202
    f = desk.next("AgentStationLoginFailed")
    assert f["type"] == "StationLogin" and f["data"]["reason"] == "INVALID_DIAL_NUMBER"
    assert desk.login(roles=["AGENT"]).status_code == 202  # roles compared case-insensitively
    desk.next("AgentStationLoginSuccess")
    assert desk.login().status_code == 202
    assert desk.next("AgentStationLoginFailed")["data"]["reason"] == "DUPLICATE_LOCATION"
    sup = lab.desk(SUP)
    assert sup.login(dial="1000").status_code == 202  # the agent's extension
    assert sup.next("AgentStationLoginFailed")["data"]["reason"] == "DUPLICATE_LOCATION"
    # a team the user is not in: make one
    r = lab.client.post(f"/organization/{ORG}/team", headers=lab.admin, json={
        "name": "Team3", "teamType": "AGENT", "teamStatus": "IN_SERVICE", "active": True, "rankQueuesForTeam": False,
        "siteId": sandbox_site()})
    assert r.status_code == 201, r.text
    r = sup.login(team=r.json()["id"], dial="1001")
    assert r.status_code == 400 and "not a member" in r.json()["errorMessage"]
    # reload restores; a never-logged-in user gets AgentReloginFailed
    assert lab.client.post("/v1/agents/reload", headers=desk.headers).status_code == 202
    assert desk.next("AgentReloginSuccess")["type"] == "AgentReloginSuccess"
    assert lab.client.post("/v1/agents/reload", headers=sup.headers).status_code == 202
    assert sup.next("AgentReloginFailed")["data"]["reason"] == "AGENT_NOT_FOUND"


def sandbox_site() -> str:
    from mockserver.wxcc.config.seed import entity_id

    return entity_id(1, "site", "lab")


def test_not_contact_center_enabled_and_inactive_users_are_refused(sandbox):
    sandbox.reset(pod=1)  # default scenario: the agent is licensed but not contact-center enabled
    h = sandbox.auth(AGENT)
    body = {"dialNumber": "1000", "teamId": TEAM1, "deviceType": "EXTENSION", "roles": ["agent"]}
    r = sandbox.client.post("/v1/agents/login", json=body, headers=h)
    assert r.status_code == 403 and "contact-center enabled" in r.json()["errorMessage"]
    sandbox.reset(pod=1, scenario="agent-unlicensed")
    r = sandbox.client.post("/v1/agents/login", json=body, headers=sandbox.auth(AGENT))
    assert r.status_code == 403 and "inactive" in r.json()["errorMessage"]
    r = sandbox.client.post("/v1/agents/login", json=body)
    assert r.status_code == 400 and r.json()["errorType"] == "Bad Request"
    r = sandbox.client.post("/v1/agents/login", json=body, headers=sandbox.auth(AGENT, ["spark:all"]))
    assert r.status_code == 403 and "cjp:user" in r.json()["errorMessage"]


def test_state_changes_idle_codes_and_buddy_list(lab):
    agent, sup = lab.desk(), lab.desk(SUP)
    agent.ready()
    r = agent.state("Idle", BREAK)
    assert r.status_code == 202
    d = agent.next("AgentStateChangeSuccess")["data"]
    assert d["subStatus"] == "Idle" and d["auxCodeId"] == BREAK
    assert agent.state("Idle", RESOLVED).status_code == 400  # a wrap-up code is not an idle code
    assert agent.state("Busy").status_code == 400
    assert sup.state("Available").status_code == 400  # not logged in
    assert sup.login(team=TEAM2, dial="1001", roles=["agent", "supervisor"]).status_code == 202
    sup.next("AgentStationLoginSuccess")
    r = lab.client.post("/v1/agents/buddyList", headers=sup.headers,
                        json={"agentProfileId": _profile(), "mediaType": "chat"})
    assert r.status_code == 202
    buddies = sup.next("BuddyAgents")
    assert buddies["type"] == "BuddyAgents"
    assert [(b["agentId"], b["state"]) for b in buddies["data"]["agentList"]] == [(agent.agent_id, "Idle")]
    # a supervisor changes the agent's state; the agent's socket hears it
    r = lab.client.put("/v1/agents/session/state", headers=sup.headers,
                       json={"state": "Available", "auxCodeId": "0", "agentId": agent.agent_id})
    assert r.status_code == 202
    assert agent.next("AgentStateChangeSuccess")["data"]["changedBy"] == sup.agent_id
    r = lab.client.put("/v1/agents/session/state", headers=agent.headers,
                       json={"state": "Idle", "auxCodeId": BREAK, "agentId": sup.agent_id})
    assert r.status_code == 403


def _profile() -> str:
    from mockserver.wxcc.config.seed import entity_id

    return entity_id(1, "agent-profile", "default")
