"""Routing as a contact center runs it: longest available agent, multimedia-profile capacity,
distribution groups that open with time in queue, skills, RONA and max time in queue on the
sandbox clock, transfers and conferences (Task Modified), the customer leaving, EWT and the
reporting reads."""

from __future__ import annotations

import pytest

from mockserver.core.clock import clock
from mockserver.core.events import dispatcher
from tests.wxcc_desk import ADMIN, AGENT, ORG, RESOLVED, SUP, TEAM1, TEAM2, Desk, chat_queue, lab, new_contact, published  # noqa: F401 - lab is a fixture



def manual_clock(client) -> None:
    assert client.post("/sandbox/clock", json={"mode": "manual"}).status_code == 200


def advance(client, seconds: float) -> None:
    r = client.post("/sandbox/clock", json={"advance": seconds})
    assert r.status_code == 200, r.text


def wrap(desk: Desk, task_id: str) -> None:
    assert desk.act(task_id, "end").status_code == 202
    assert desk.act(task_id, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "ok"}).status_code == 202


def test_rona_moves_the_contact_to_the_next_agent(lab):
    manual_clock(lab.client)
    a, b = lab.desk(), lab.desk(SUP)
    a.ready(TEAM1, "1000")
    advance(lab.client, 1)
    b.ready(TEAM1, "1001")
    q = chat_queue(lab.client, lab.admin)
    t = new_contact(q)
    assert a.next("AgentOfferContact")["data"]["ronaTimeout"] == 60  # a has waited longest
    advance(lab.client, 59)
    assert [f for f in b.quiet() if f["data"].get("interactionId") == t] == []
    advance(lab.client, 2)
    rona = a.next("AgentOfferContactRona")
    assert rona["data"]["interactionId"] == t
    assert a.next("AgentStateChangeSuccess")["data"]["subStatus"] == "RONA"
    assert [e.state for e in published("AgentStateChanged")][-1] == "RONA"
    assert b.next("AgentOfferContact")["data"]["interactionId"] == t
    assert b.act(t, "accept").status_code == 202
    assert a.act(t, "accept").status_code == 403
    stats = lab.client.get("/v1/tasks", params={"from": 0}, headers=a.headers).json()["data"]
    assert stats[0]["attributes"]["owner"]["id"] == b.agent_id


def test_reject_requeues_and_moves_the_agent_to_idle(lab):
    a, b = lab.desk(), lab.desk(SUP)
    a.ready(TEAM1, "1000")
    q = chat_queue(lab.client, lab.admin)
    t = new_contact(q, conversation_id="conv-r")
    a.next("AgentOfferContact")
    assert a.act(t, "reject", {"mediaResourceId": "conv-r"}).status_code == 202
    assert a.next("AgentStateChangeSuccess")["data"]["subStatus"] == "Idle"
    b.ready(TEAM1, "1001")
    assert b.next("AgentOfferContact")["data"]["interactionId"] == t


def test_capacity_from_the_multimedia_profile_is_never_overrun(lab):
    a = lab.desk()
    a.ready()
    q = chat_queue(lab.client, lab.admin)
    email_q = chat_queue(lab.client, lab.admin, name="Q-Email", channel="EMAIL")
    chats = [new_contact(q) for _ in range(4)]
    offered = [f["data"]["interactionId"] for f in a.quiet(0.5) if f["data"].get("type") == "AgentOfferContact"]
    assert offered == chats[:3]  # the lab's MMP: 3 chats
    mail = new_contact(email_q, media_type="email", channel="email")
    assert a.next("AgentOfferContact")["data"]["interactionId"] == mail  # blended: email capacity is its own
    for t in chats[:3]:
        assert a.act(t, "accept").status_code == 202
    wrap(a, chats[0])
    assert a.next("AgentOfferContact")["data"]["interactionId"] == chats[3]  # freed by the wrap-up
    r = lab.client.get("/v1/tasks", params={"from": 0}, headers=a.headers).json()["data"]
    assert sorted(x["attributes"]["status"] for x in r) == ["assigned", "assigned", "completed", "offered", "offered"]


def test_distribution_groups_open_with_time_in_queue_and_max_time_ends_the_task(lab):
    manual_clock(lab.client)
    a = lab.desk(SUP)
    a.ready(TEAM2, "1001")
    q = chat_queue(lab.client, lab.admin, maxTimeInQueue=120, groups=[
        {"order": 1, "duration": 0, "agentGroups": [{"teamId": TEAM1}]},
        {"order": 2, "duration": 30, "agentGroups": [{"teamId": TEAM2}]}])
    t = new_contact(q)
    assert a.quiet() == []
    advance(lab.client, 31)
    assert a.next("AgentOfferContact")["data"]["interactionId"] == t
    a.act(t, "accept")
    a.state("Idle", _break())  # no further offers
    t2 = new_contact(q, conversation_id="late")
    advance(lab.client, 121)
    rows = {x["id"]: x["attributes"] for x in
            lab.client.get("/v1/tasks", params={"from": 0}, headers=a.headers).json()["data"]}
    assert rows[t2]["status"] == "abandoned" and rows[t2]["reasonCode"] == "MAX_TIME_IN_QUEUE_EXCEEDED"
    assert [e.task_id for e in published("TaskClosed")] == [t2]


def _break() -> str:
    from tests.wxcc_desk import BREAK

    return BREAK


def test_skill_based_queue_offers_only_to_skilled_agents(lab):
    c, h = lab.client, lab.admin
    r = c.post(f"/organization/{ORG}/skill", headers=h, json={"name": "Spanish", "active": True,
                                                              "serviceLevelThreshold": 30, "skillType": "Proficiency"})
    assert r.status_code == 201, r.text
    skill = r.json()["id"]
    r = c.post(f"/organization/{ORG}/skill-profile", headers=h, json={
        "name": "Spanish 7", "activeSkills": [{"skillId": skill, "proficiencyValue": 7, "booleanValue": False}]})
    assert r.status_code == 201, r.text
    users = c.get(f"/organization/{ORG}/v2/user", headers=h).json()["data"]
    sup_user = next(u for u in users if u["email"] == SUP)
    r = c.patch(f"/organization/{ORG}/user/{sup_user['id']}", headers=h, json={"skillProfileId": r.json()["id"]})
    assert r.status_code == 200, r.text
    q = chat_queue(c, h, name="Q-Spanish", queueRoutingType="SKILL_BASED", routingType="SKILLS_BASED",
                   skillBasedRoutingType="LONGEST_AVAILABLE_AGENT", teams=[TEAM1],
                   queueSkillRequirements=[{"skillId": skill, "condition": "GTE", "skillValue": "5"}])
    a, b = lab.desk(), lab.desk(SUP)
    a.ready(TEAM1, "1000")
    b.ready(TEAM1, "1001")
    t = new_contact(q)
    assert b.next("AgentOfferContact")["data"]["interactionId"] == t
    assert [f for f in a.quiet() if f["data"].get("type") == "AgentOfferContact"] == []
    hard = new_contact(q, skills=[{"skillId": skill, "condition": "GTE", "skillValue": "9"}])
    assert [f for f in b.quiet() if f["data"].get("interactionId") == hard] == []


def test_transfer_to_a_queue_and_to_an_agent_publish_task_modified(lab):
    a, b = lab.desk(), lab.desk(SUP)
    a.ready(TEAM1, "1000")
    q1 = chat_queue(lab.client, lab.admin, teams=[TEAM1])
    q2 = chat_queue(lab.client, lab.admin, name="Q-Chat-2", teams=[TEAM2])
    t = new_contact(q1)
    a.next("AgentOfferContact")
    a.act(t, "accept")
    b.ready(TEAM2, "1001")
    r = a.act(t, "transfer", {"to": q2, "destinationType": "queue"})
    assert r.status_code == 202
    assert a.next("AgentVteamTransferred")
    assert a.next("AgentWrapup")
    offer = b.next("AgentOfferContact")["data"]
    assert offer["interactionId"] == t and offer["interaction"]["previousVTeams"] == [q1]
    assert b.act(t, "accept").status_code == 202
    mods = published("TaskModified")
    assert [(m.context, m.owner) for m in mods] == [("remove", a.agent_id), ("add", b.agent_id)]
    assert a.act(t, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "transferred"}).status_code == 202
    assert published("TaskClosed") == []  # b still has it
    # back to a, blind, by agent
    assert a.state().status_code == 202
    r = b.act(t, "transfer", {"to": a.agent_id, "destinationType": "agent"})
    assert r.status_code == 202
    assert b.next("AgentBlindTransferred")
    assert a.next("AgentOfferContact")["data"]["interactionId"] == t
    a.act(t, "accept")
    assert [(m.context, m.owner) for m in published("TaskModified")][-2:] == [("remove", b.agent_id), ("add", a.agent_id)]
    r = a.act(t, "transfer", {"to": "+14085551234", "destinationType": "dialNumber"})
    assert r.status_code == 400 and "transfers calls only" in r.json()["errorMessage"]


def test_consult_then_conference_then_exit(lab):
    a, b = lab.desk(), lab.desk(SUP)
    a.ready(TEAM1, "1000")
    b.ready(TEAM2, "1001")
    q = chat_queue(lab.client, lab.admin, teams=[TEAM1])
    t = new_contact(q)
    a.next("AgentOfferContact")
    a.act(t, "accept")
    assert a.act(t, "consult", {"to": b.agent_id, "destinationType": "agent"}).status_code == 202
    assert a.next("AgentConsultCreated")
    assert b.next("AgentOfferConsult")["data"]["interactionId"] == t
    assert a.act(t, "consult/conference", {"to": b.agent_id}).status_code == 400  # not accepted yet
    assert b.act(t, "consult/accept").status_code == 202
    assert a.next("AgentConsulting") and b.next("AgentConsulting")
    assert a.act(t, "consult/conference", {"to": b.agent_id, "destinationType": "agent"}).status_code == 202
    assert b.next("AgentConsultConferenced")["data"]["interaction"]["state"] == "conference"
    assert [(m.context, m.owner) for m in published("TaskModified")] == [("add", b.agent_id)]
    assert b.act(t, "conference/exit").status_code == 202
    assert a.next("ParticipantLeftConference")["data"]["participantId"] == b.agent_id
    assert b.next("AgentWrapup")
    assert [(m.context, m.owner) for m in published("TaskModified")][-1] == ("remove", b.agent_id)
    assert b.act(t, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "helped"}).status_code == 202
    wrap(a, t)
    assert [e.task_id for e in published("TaskClosed")] == [t]


def test_the_customer_leaving_ends_the_contact(lab):
    from mockserver.core.db import db
    from mockserver.core.outbox import outbox
    from mockserver.wxcc.tasks import public

    a = lab.desk()
    a.ready()
    q = chat_queue(lab.client, lab.admin)
    t = new_contact(q)
    a.next("AgentOfferContact")
    a.act(t, "accept")
    with db.session() as s:
        public.close_task(s, ORG, t, reason="Customer closed the chat")
        public.acknowledge(s, ORG, t, kind="close", accepted=True)
        s.commit()
    outbox.flush()
    assert a.next("ContactEnded")["data"]["interactionId"] == t
    assert a.next("AgentWrapup")
    assert a.act(t, "end").status_code == 400
    wrap_ok = a.act(t, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "customer left"})
    assert wrap_ok.status_code == 202
    with db.session() as s:
        assert public.get_task(s, ORG, t).status == "completed"
        with pytest.raises(public.TaskError) as e:
            public.queue_task(s, ORG, t, queue_id=q)
        assert e.value.reason_code == "INVALID_STATE"
        with pytest.raises(public.TaskError) as e:
            public.queue_task(s, ORG, public.create_task(s, ORG, conversation_id="c", media_type="email",
                                                         media_channel="email", origin="x", destination="y").id,
                              queue_id=q)
        assert e.value.reason_code == "INVALID_DATA"  # an email in a chat queue
        assert public.queue_exists(s, ORG, q) and not public.queue_exists(s, ORG, "nope")


def test_patch_attributes_and_outdial(lab):
    a = lab.desk()
    a.ready()
    q = chat_queue(lab.client, lab.admin)
    t = new_contact(q)
    a.next("AgentOfferContact")
    r = lab.client.patch(f"/v1/tasks/{t}", json={"attributes": {"orderId": "A-17"}}, headers=a.headers)
    assert r.status_code == 202
    upd = a.next("ContactUpdated")["data"]
    assert upd["interaction"]["callAssociatedData"]["orderId"]["value"] == "A-17"
    assert lab.client.patch(f"/v1/tasks/{t}", json={}, headers=a.headers).status_code == 400
    # outdial: an outbound entry point, the call offered to the calling agent
    r = lab.client.post(f"/organization/{ORG}/entry-point", headers=lab.admin, json={
        "name": "Outdial_EP", "entryPointType": "OUTBOUND", "channelType": "TELEPHONY", "active": True,
        "serviceLevelThreshold": 30, "maximumActiveContacts": 10})
    assert r.status_code == 201, r.text
    ep = r.json()["id"]
    r = lab.client.post("/v1/tasks", headers=a.headers, json={"destination": "+14085550100", "entryPointId": ep,
                                                              "mediaType": "telephony", "outboundType": "OUTDIAL",
                                                              "origin": "+14085550199"})
    assert r.status_code == 201, r.text
    assert r.json()["meta"] == {"orgId": ORG}
    call = r.json()["data"]["id"]
    offer = a.next("AgentOfferContact")["data"]
    assert offer["interactionId"] == call and offer["interaction"]["contactDirection"] == {"type": "OUTBOUND"}
    r = lab.client.post("/v1/tasks", headers=a.headers, json={"destination": "+1", "entryPointId": ep,
                                                              "mediaType": "telephony", "outboundType": "OUTDIAL"})
    assert r.status_code == 400 and "origin" in r.json()["errorMessage"]


def test_reporting_reads(lab):
    manual_clock(lab.client)
    start = clock.now_ms()
    a = lab.desk()
    a.ready()
    q = chat_queue(lab.client, lab.admin)
    t = new_contact(q)
    a.next("AgentOfferContact")
    advance(lab.client, 10)
    a.act(t, "accept")
    advance(lab.client, 50)
    wrap(a, t)
    advance(lab.client, 5)
    h = a.headers
    r = lab.client.get("/v1/agents/activities", params={"from": start}, headers=h)
    assert r.status_code == 200, r.text
    states = [x["currentState"] for x in r.json()["data"]]
    assert states[:2] == ["Idle", "Available"] and "Connected" in states and "WrapUp" in states
    assert all(x["agentId"] == a.agent_id for x in r.json()["data"])
    r = lab.client.get("/v1/agents/activities", params={"from": start, "to": start + 86_400_000}, headers=h)
    assert r.status_code == 400 and r.json()["error"]["key"] == "400" and "24 hours" in r.json()["error"]["message"][0]["description"]
    r = lab.client.get("/v1/agents/activities", headers=h)
    assert r.status_code == 400 and set(r.json()) == {"trackingId", "error"}
    # no `to`: up to now, so a `from` more than a day back (Cisco's Postman collection sends one from
    # 2022) is refused like any window of 24 hours or more
    r = lab.client.get("/v1/agents/activities", params={"from": start - 86_400_000}, headers=h)
    assert r.status_code == 400 and "to left out" in r.json()["error"]["message"][0]["description"]
    frm = start - start % 900_000
    r = lab.client.get("/v1/agents/statistics", params={"from": frm, "to": frm + 3_600_000, "interval": 60}, headers=h)
    assert r.status_code == 200
    chat = next(c for row in r.json()["data"] if row["agentId"] == a.agent_id for c in row["channels"]
                if c["channelType"] == "chat")
    assert chat["totalOfferedTasks"] == 1 and chat["totalAcceptedTasks"] == 1 and chat["totalEngagedDuration"] == 50_000
    r = lab.client.get("/v1/queues/statistics", params={"from": frm, "to": frm + 3_600_000, "interval": 30,
                                                        "queueIds": q}, headers=h)
    assert r.status_code == 200
    first = r.json()["data"][0]
    assert first["queueId"] == q and first["totalAcceptedTasks"] == 1 and first["averageEnqueuedTime"] == 10_000
    assert first["serviceLevelThresholdPercentage"] == 100.0
    r = lab.client.get("/v1/queues/statistics", params={"from": frm, "to": frm + 3_600_000, "interval": 7}, headers=h)
    assert r.status_code == 400
    r = lab.client.get("/v1/ewt", params={"queueId": q, "lookbackMinutes": 15}, headers=h)
    assert r.status_code == 200 and r.json() == {"estimatedWaitTime": 10000.0}
    empty = chat_queue(lab.client, lab.admin, name="Q-Empty")
    assert lab.client.get("/v1/ewt", params={"queueId": empty, "lookbackMinutes": 15}, headers=h).status_code == 204
    assert lab.client.get("/v1/ewt", params={"queueId": q, "lookbackMinutes": 2}, headers=h).status_code == 400
    assert lab.client.get("/v1/tasks", params={"from": "yesterday"}, headers=h).status_code == 400
    assert lab.client.get("/v1/tasks", params={"from": 0, "channelTypes": "fax"}, headers=h).status_code == 400
    assert lab.client.get("/v1/tasks", params={"from": 0, "orgId": "another"}, headers=h).status_code == 403


def test_keepalive_drop_and_multi_login(lab):
    manual_clock(lab.client)
    quiet = lab.desk(keepalive=False)
    strict = lab.desk(SUP, keepalive=True, client_type="AgentDesktop")
    advance(lab.client, 10)
    strict.ws.send_text('{"keepalive":"true"}')
    quiet.quiet(0.3)
    advance(lab.client, 10)
    assert strict.quiet(0.6) == []  # heard from 10 s ago on the sandbox clock: still open
    advance(lab.client, 17)
    closed = strict.next("__closed__", timeout=2)
    assert closed["code"] == 1000 and "16 seconds" in closed["reason"]
    assert [f for f in quiet.quiet(0.5) if f.get("type") == "__closed__"] == []  # no keepalive asked: kept
    # a second desktop of the same client type replaces the first
    again = Desk(lab.client and quiet.sandbox, AGENT)
    try:
        frames = quiet.quiet(1.0)
        assert frames[0]["type"] == "AGENT_MULTI_LOGIN" and frames[-1]["type"] == "__closed__"
        r = lab.client.post("/v1/notification/subscribe", headers=again.headers,
                            json={"clientType": "x" * 21})
        assert r.status_code == 400
    finally:
        again.close()
