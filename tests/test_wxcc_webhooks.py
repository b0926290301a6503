"""WxCC webhooks, end to end through HTTP: subscriptions (v1 and v2 kept apart), the signed
CloudEvents that agent and task events make, delivered to a real loopback receiver, retries with
back-off on the sandbox clock, the watchdog that retakes an attempt whose sender died, the
allow-list, and the delivery log. Agent and task events are published through the dispatcher, as
the agents and tasks wings do after their commit."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from mockserver.core.events import dispatcher
from mockserver.core.outbox import outbox
from mockserver.core.seeding import pod_org_id
from mockserver.events import AgentLoggedIn, AgentLoggedOut, AgentStateChanged, TaskClosed, TaskModified, TaskRouted
from webhook_receiver import Receiver

ORG = pod_org_id(1)
SECRET = "s3cr3t-that-is-at-least-32-characters-long"
AGENT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def admin(auth):
    return auth("admin")


def subscribe(client, admin, url, types, version=1, secret=SECRET, **extra):
    body = {"name": "My integration", "eventTypes": types, "destinationUrl": url, **extra}
    if secret:
        body["secret"] = secret
    if version == 2:
        body.setdefault("resourceVersion", "agent:1.0.0")
    r = client.post(f"/v{version}/subscriptions", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()["data"]


def publish(event) -> None:
    """What the agents/tasks wings do after their commit; then what the request's end does."""
    dispatcher.publish(event)
    outbox.flush()


def deliveries(client, **params):
    r = client.get("/sandbox/wxcc/webhooks/deliveries", params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_subscriptions_crud_and_versions_kept_apart(client, admin):
    v1 = subscribe(client, admin, "https://hooks.example.com/wxcc", ["agent:login", "agent:logout"])
    v2 = subscribe(client, admin, "https://hooks.example.com/wxcc2", ["agent:channel_state_change"], version=2,
                   description="v2 one")
    assert v1["status"] == "active" and "secret" not in v1 and "resourceVersion" not in v1
    assert v2["resourceVersion"] == "agent:1.0.0" and v2["description"] == "v2 one"
    lst = client.get("/v1/subscriptions", headers=admin).json()
    assert [s["id"] for s in lst["data"]] == [v1["id"]] and lst["meta"]["subscriptionCount"] == 2
    assert [s["id"] for s in client.get("/v2/subscriptions", headers=admin).json()["data"]] == [v2["id"]]
    # v1 does not see v2's subscription, nor the reverse
    assert client.get(f"/v1/subscriptions/{v2['id']}", headers=admin).status_code == 404
    assert client.get(f"/v2/subscriptions/{v1['id']}", headers=admin).status_code == 404
    # PATCH changes what is sent, keeps the rest
    r = client.patch(f"/v1/subscriptions/{v1['id']}", json={"status": "inactive", "eventTypes": ["agent:logout"]},
                     headers=admin)
    assert r.status_code == 200, r.text
    got = r.json()["data"]
    assert got["status"] == "inactive" and got["eventTypes"] == ["agent:logout"] and got["name"] == "My integration"
    # PUT is not how subscriptions change (errata 12)
    assert client.put(f"/v1/subscriptions/{v1['id']}", json={}, headers=admin).status_code == 405
    # v2 PATCH needs resourceVersion (Cisco's SubscriptionRequestUpdateEnhanced)
    r = client.patch(f"/v2/subscriptions/{v2['id']}", json={"status": "inactive"}, headers=admin)
    assert r.status_code == 400 and "resourceVersion" in r.text
    assert client.delete(f"/v1/subscriptions/{v1['id']}", headers=admin).status_code == 204
    assert client.delete(f"/v1/subscriptions/{v1['id']}", headers=admin).status_code == 404


@pytest.mark.parametrize("body, needle", [
    ({"name": "abc"}, "name"),
    ({"eventTypes": []}, "eventTypes"),
    ({"eventTypes": ["agent:nope"]}, "agent:nope"),
    ({"eventTypes": ["agent:channel_state_change"]}, "not an event type of the v1 API"),
    ({"destinationUrl": "ftp://x.example.com/"}, "destinationUrl"),
    ({"destinationUrl": "https://x.example.com/a?token=1"}, "query parameters"),
    ({"destinationUrl": "https://user:pw@x.example.com/"}, "userinfo"),
    ({"destinationUrl": "https://x.example.com"}, "path"),
    ({"destinationUrl": "http://x.example.com/"}, "must be HTTPS"),
    ({"secret": "short"}, "secret"),
    ({"orgId": pod_org_id(2)}, "orgId"),
    ({"colour": "red"}, "colour"),
])
def test_create_rejects_bad_bodies_in_cisco_shape(client, admin, body, needle):
    base = {"name": "My integration", "eventTypes": ["agent:login"], "destinationUrl": "https://x.example.com/h"}
    r = client.post("/v1/subscriptions", json={**base, **body}, headers=admin)
    assert r.status_code in (400, 403), r.text
    err = r.json()
    assert err["trackingId"].startswith("NOTIFS_") and err["error"]["key"] == r.status_code
    assert needle in " ".join(m["description"] for m in err["error"]["message"])
    assert client.get("/v1/subscriptions", headers=admin).json()["data"] == []


def test_v2_resource_version_rules(client, admin):
    r = client.post("/v2/subscriptions", headers=admin, json={
        "name": "v2 sub", "eventTypes": ["task:ended"], "destinationUrl": "https://x.example.com/h", "resourceVersion": "agent:1.0.0"})
    assert r.status_code == 400 and "does not belong to resourceVersion" in r.text
    r = client.post("/v2/subscriptions", headers=admin, json={
        "name": "v2 sub", "eventTypes": ["agent:login"], "destinationUrl": "https://x.example.com/h", "resourceVersion": "agent:9.9"})
    assert r.status_code == 400 and "agent:2.0.0" in r.text
    et = client.get("/v2/event-types", headers=admin).json()
    assert {"resource": "task", "version": "1.0.0"} in et["meta"]["resourceVersionList"]
    names = {e["name"] for e in et["data"]}
    assert "agent:channel_state_change" in names and "agent:state_change" not in names


def test_access_rules(client, auth):
    agent = auth("agent")
    assert client.get("/v1/subscriptions").status_code == 401
    assert client.get("/v1/subscriptions", headers={"Authorization": "Bearer nope"}).status_code == 401
    r = client.post("/v1/subscriptions", headers=agent, json={
        "name": "mine", "eventTypes": ["agent:login"], "destinationUrl": "https://x.example.com/h"})
    assert r.status_code == 403 and r.json()["error"]["key"] == 403
    admin = auth("admin")
    assert client.get("/v1/subscriptions", params={"orgId": pod_org_id(2)}, headers=admin).status_code == 403
    other = auth("admin", pod=2)
    sub = subscribe(client, admin, "https://x.example.com/h", ["agent:login"])
    assert client.get(f"/v1/subscriptions/{sub['id']}", headers=other).status_code == 404


def test_agent_login_is_delivered_signed_v1(client, admin, receiver):
    sub = subscribe(client, admin, receiver.url, ["agent:login"])
    publish(AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="team-1", dial_number="1000", device_type="EXTENSION"))
    assert len(receiver.received) == 1
    got = receiver.received[0]
    body = got["json"]
    assert got["path"] == "/hooks/wxcc"
    assert body["specversion"] == "1.0" and body["type"] == "agent:login" and body["comciscoorgid"] == ORG
    assert body["source"] == f"/com/cisco/wxcc/{sub['id']}" and "comciscotimestamp" not in body
    assert body["data"]["agentId"] == AGENT and body["data"]["teamId"] == "team-1" and body["data"]["dn"] == "1000"
    expected = hmac.new(SECRET.encode(), got["raw"], hashlib.sha256).hexdigest()
    assert got["headers"]["x-webexcc-signature"] == expected
    assert "x-webexcc-timestamp" not in got["headers"]
    # not subscribed: nothing sent
    publish(AgentLoggedOut(org_id=ORG, agent_id=AGENT, email="a@x"))
    assert len(receiver.received) == 1
    [d] = deliveries(client, subscriptionId=sub["id"])
    assert d["status"] == "delivered" and d["attempts"] == 1 and d["lastStatusCode"] == 200 and d["id"] == body["id"]


def test_v2_has_timestamp_and_version_headers_and_renamed_state_event(client, admin, receiver):
    subscribe(client, admin, receiver.url, ["agent:channelType_state_change"], version=2, secret=None)
    subscribe(client, admin, receiver.url, ["agent:state_change"])
    publish(AgentStateChanged(org_id=ORG, agent_id=AGENT, state="Available"))
    v1 = [r for r in receiver.received if r["json"]["type"] == "agent:state_change"]
    v2 = [r for r in receiver.received if r["json"]["type"] == "agent:channelType_state_change"]
    assert len(v1) == 1 and v1[0]["json"]["data"]["currentState"] == "available"
    assert sorted(r["json"]["data"]["channelType"] for r in v2) == ["chat", "email", "social", "telephony"]
    h, b = v2[0]["headers"], v2[0]["json"]
    assert h["x-webexcc-timestamp"] == str(b["comciscotimestamp"]) and h["x-webexcc-webhook-version"] == "agent:1.0.0"
    assert "x-webexcc-signature" not in h  # no secret, no signature


def test_task_events(client, admin, receiver):
    subscribe(client, admin, receiver.url, ["task:connected", "task:ended"])
    task = dict(org_id=ORG, task_id="t-1", media_type="chat", media_channel="web", origin="cust@x", destination="app-1",
                queue_id="q-1", owner=AGENT)
    publish(TaskRouted(**task))
    publish(TaskModified(**{**task, "owner": "agent-2"}, context="add"))
    publish(TaskModified(**{**task, "owner": AGENT}, context="remove"))
    publish(TaskClosed(**task, reason="Agent ended"))
    types = [(r["json"]["type"], r["json"]["data"].get("agentId")) for r in receiver.received]
    assert types == [("task:connected", AGENT), ("task:connected", "agent-2"), ("task:ended", AGENT)]
    ended = receiver.received[-1]["json"]["data"]
    assert ended["taskId"] == "t-1" and ended["channelType"] == "chat" and ended["direction"] == "INBOUND"
    assert ended["queueId"] == "q-1" and ended["reason"] == "Agent ended"


def test_retries_back_off_on_the_sandbox_clock(client, admin, receiver):
    receiver.script = [500, (429, {"Retry-After": "120"})]
    sub = subscribe(client, admin, receiver.url, ["agent:login"])
    publish(AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="t"))
    [d] = deliveries(client, subscriptionId=sub["id"])
    assert d["status"] == "pending" and d["attempts"] == 1 and d["lastStatusCode"] == 500
    assert d["nextAttemptTime"] - d["createdTime"] >= 10_000
    client.post("/sandbox/clock", json={"advance": 9})
    assert len(receiver.received) == 1  # not yet due
    client.post("/sandbox/clock", json={"advance": 2})
    assert len(receiver.received) == 2  # the 429 asks for 120 s, longer than the 60 s back-off
    [d] = deliveries(client, subscriptionId=sub["id"])
    assert d["status"] == "pending" and d["nextAttemptTime"] - d["createdTime"] >= 120_000
    client.post("/sandbox/clock", json={"advance": 125})
    assert len(receiver.received) == 3
    detail = client.get(f"/sandbox/wxcc/webhooks/deliveries/{d['id']}").json()
    assert detail["status"] == "delivered" and [a["statusCode"] for a in detail["attemptLog"]] == [500, 429, 200]
    # every attempt sent the same signed bytes
    assert len({r["raw"] for r in receiver.received}) == 1
    assert detail["body"].encode() == receiver.received[0]["raw"]


def test_gives_up_after_five_attempts_and_never_retries_a_plain_4xx(client, admin, receiver):
    receiver.script = [503] * 5
    sub = subscribe(client, admin, receiver.url, ["agent:login"])
    publish(AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="t"))
    for _ in range(5):
        client.post("/sandbox/clock", json={"advance": 1900})
    [d] = deliveries(client, subscriptionId=sub["id"])
    assert d["status"] == "failed" and d["attempts"] == 5 and len(receiver.received) == 5
    receiver.script = [401]
    publish(AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="t"))
    d = deliveries(client, subscriptionId=sub["id"])[0]
    assert d["status"] == "failed" and d["attempts"] == 1 and d["lastStatusCode"] == 401


def test_unreachable_receiver_is_retried(client, admin, receiver):
    url = receiver.url
    receiver.close()
    sub = subscribe(client, admin, url, ["agent:login"])
    publish(AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="t"))
    [d] = deliveries(client, subscriptionId=sub["id"])
    assert d["status"] == "pending" and d["lastStatusCode"] is None and d["lastError"].startswith("no response")


def test_blocked_and_dropped(client, admin, receiver):
    outside = subscribe(client, admin, "https://hooks.example.com/wxcc", ["agent:login"])
    inside = subscribe(client, admin, receiver.url, ["agent:login"])
    receiver.script = [500]
    publish(AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="t"))
    [b] = deliveries(client, subscriptionId=outside["id"])
    assert b["status"] == "blocked" and "MOCKSERVER_WEBHOOK_ALLOW" in b["lastError"]
    # an inactive subscription's pending retries are dropped, not sent
    client.patch(f"/v1/subscriptions/{inside['id']}", json={"status": "inactive"}, headers=admin)
    client.post("/sandbox/clock", json={"advance": 11})
    [d] = deliveries(client, subscriptionId=inside["id"])
    assert d["status"] == "dropped" and len(receiver.received) == 1


def test_an_attempt_whose_sender_died_is_taken_again(client, admin, receiver, monkeypatch):
    from mockserver.wxcc.webhooks import delivery

    sub = subscribe(client, admin, receiver.url, ["agent:login"])
    # the claiming process "dies" between its commit and its POST: no process sends the claim
    monkeypatch.setattr(delivery, "PROCESS", "a-process-that-crashed")
    dispatcher.publish(AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="t"))
    monkeypatch.undo()
    outbox.flush()
    assert receiver.received == []
    [d] = deliveries(client, subscriptionId=sub["id"])
    assert d["status"] == "sending"
    client.post("/sandbox/clock", json={"advance": 31})
    detail = client.get(f"/sandbox/wxcc/webhooks/deliveries/{d['id']}").json()
    assert detail["status"] == "delivered" and detail["attempts"] == 2 and len(receiver.received) == 1
    assert "stopped" in detail["attemptLog"][0]["error"]


def test_other_orgs_events_do_not_reach_a_subscription(client, admin, receiver):
    subscribe(client, admin, receiver.url, ["agent:login"])
    publish(AgentLoggedIn(org_id=pod_org_id(2), agent_id=AGENT, email="a@x", team_id="t"))
    assert receiver.received == []


def test_delivery_log_404(client):
    r = client.get("/sandbox/wxcc/webhooks/deliveries/nope")
    assert r.status_code == 404


def test_the_real_lifecycle_reaches_a_subscriber(sandbox, client, receiver):
    """Agent login, Available, a chat offered, accepted, ended, wrapped up, logout -- through the
    agents and tasks APIs -- reach a v1 subscriber as signed webhooks, in order."""
    from tests.wxcc_desk import Desk, chat_queue, new_contact

    sandbox.reset(pod=1, scenario="preconfigured")
    admin = sandbox.auth("cl1admin1@email.carehybrid.com")
    subscribe(client, admin, receiver.url, ["agent:login", "agent:logout", "agent:state_change", "task:connected",
                                            "task:ended"])
    desk = Desk(sandbox, "cl1agent1@email.carehybrid.com")
    try:
        desk.ready()
        task_id = new_contact(chat_queue(client, admin), conversation_id="conv-wh")
        desk.next("AgentOfferContact")
        desk.handle(task_id)
        assert client.put("/v1/agents/logout", json={"logoutReason": "done"}, headers=desk.headers).status_code == 202
        desk.next("AgentLogoutSuccess")
    finally:
        desk.close()
    client.get("/sandbox/wxcc/webhooks/deliveries")  # the last request's deliveries are made after it
    got = [(r["json"]["type"], r["json"]["data"].get("currentState")) for r in receiver.received]
    assert got[:2] == [("agent:login", None), ("agent:state_change", "available")], got
    kinds = [t for t, _ in got]
    assert kinds.index("task:connected") < kinds.index("task:ended") < kinds.index("agent:logout")
    ended = next(r["json"]["data"] for r in receiver.received if r["json"]["type"] == "task:ended")
    assert ended["taskId"] == task_id and ended["channelType"] == "chat" and ended["agentId"] == desk.agent_id
    for r in receiver.received:
        assert r["headers"]["x-webexcc-signature"] == hmac.new(SECRET.encode(), r["raw"], hashlib.sha256).hexdigest()


TASK_STEPS = ["task:new", "task:parked", "task:connect", "task:connected", "task:on-hold", "task:hold-done",
              "task:consulting", "task:consult-done", "task:conferencing", "task:conference-done", "task:ended"]


def test_every_step_of_a_task_reaches_a_subscriber_in_order(sandbox, client, receiver):
    """Created, queued, offered, accepted, held and resumed, a consult that ends, a consult turned
    into a conference the consulted agent leaves, wrapped up: each step is the webhook Cisco names
    it, with the task's id and the agent the step concerns."""
    from tests.wxcc_desk import RESOLVED, SUP, TEAM1, TEAM2, Desk, chat_queue, new_contact

    sandbox.reset(pod=1, scenario="preconfigured")
    admin = sandbox.auth("cl1admin1@email.carehybrid.com")
    subscribe(client, admin, receiver.url, TASK_STEPS)
    a, b = Desk(sandbox, "cl1agent1@email.carehybrid.com"), Desk(sandbox, SUP)
    try:
        a.ready(TEAM1, "1000")
        b.ready(TEAM2, "1001")
        t = new_contact(chat_queue(client, admin, teams=[TEAM1]), conversation_id="conv-steps")
        a.next("AgentOfferContact")
        assert a.act(t, "accept").status_code == 202
        assert a.act(t, "hold", {"mediaResourceId": t}).status_code == 202
        assert a.act(t, "unhold", {"mediaResourceId": t}).status_code == 202
        for finish in ("consult/end", "consult/conference"):
            assert a.act(t, "consult", {"to": b.agent_id, "destinationType": "agent"}).status_code == 202
            b.next("AgentOfferConsult")
            assert b.act(t, "consult/accept").status_code == 202
            b.next("AgentConsulting")
            assert a.act(t, finish, {"to": b.agent_id, "destinationType": "agent"}).status_code == 202
        b.next("AgentConsultConferenced")
        assert b.act(t, "conference/exit").status_code == 202
        assert b.act(t, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "helped"}).status_code == 202
        assert a.act(t, "end").status_code == 202
        a.next("AgentWrapup")
        assert a.act(t, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "Resolved"}).status_code == 202
        a.next("AgentWrappedUp")
    finally:
        a.close()
        b.close()
    client.get("/sandbox/wxcc/webhooks/deliveries")  # the last request's deliveries are made after it
    got = [(r["json"]["type"], r["json"]["data"].get("agentId")) for r in receiver.received]
    assert all(r["json"]["data"]["taskId"] == t for r in receiver.received)
    assert got == [("task:new", None), ("task:parked", None), ("task:connect", a.agent_id),
                   ("task:connected", a.agent_id), ("task:on-hold", a.agent_id), ("task:hold-done", a.agent_id),
                   ("task:consulting", a.agent_id), ("task:consult-done", a.agent_id),
                   ("task:consulting", a.agent_id), ("task:connected", b.agent_id),
                   ("task:conferencing", a.agent_id), ("task:conference-done", a.agent_id),
                   ("task:ended", a.agent_id)], got
    parked = receiver.received[1]["json"]["data"]
    assert parked["channelType"] == "chat" and parked["queueId"] and parked["direction"] == "INBOUND"


def test_the_known_subscribers_follow_every_change_of_the_subscriptions(client, admin, receiver):
    """Whether an org has subscribers is remembered between events (most orgs have none); each write
    to the subscriptions -- create, deactivate, reactivate, delete -- is seen by the very next event."""
    login = AgentLoggedIn(org_id=ORG, agent_id=AGENT, email="a@x", team_id="team-1")
    publish(login)  # remembered: nobody listens in this org
    sub = subscribe(client, admin, receiver.url, ["agent:login"])
    publish(login)
    assert len(receiver.received) == 1
    assert client.patch(f"/v1/subscriptions/{sub['id']}", json={"status": "inactive"}, headers=admin).status_code == 200
    publish(login)
    assert len(receiver.received) == 1
    assert client.patch(f"/v1/subscriptions/{sub['id']}", json={"status": "active"}, headers=admin).status_code == 200
    publish(login)
    assert len(receiver.received) == 2
    assert client.delete(f"/v1/subscriptions/{sub['id']}", headers=admin).status_code == 204
    publish(login)
    assert len(receiver.received) == 2
