"""Every published template the labs do not walk, run end to end the way a lab builder would:
uploaded, configured, made live, and a customer writing in (SMS, Live Chat, and the v3.5 Email and
Facebook flows); the v2.1 Live Chat Close flow; the Task Modified flows of both versions, started by
a real transfer between two agents. The labs' own walk is tests/test_connect_flows_labs.py."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import login
from tests.test_connect_flows_labs import (ADMIN, GMAIL, POD, PW, T, configure_and_go_live, email_app, messenger_app,
                                           queue, steps, tasks, upload, workflow)
from tests.test_connect_flows import FLOWS_DIR
from tests.wxcc_desk import AGENT, RESOLVED, SUP, TEAM1, TEAM2, Desk

pytestmark = pytest.mark.skipif(not FLOWS_DIR.is_dir(), reason=f"Cisco's published flow files are not at {FLOWS_DIR}")

V21_FIRST = [("start", "next"), ("setVariable", "success"), ("searchConversation", "noConversationFound"),
             ("createConversation", "onConversationCreated"), ("createTask", "created"), ("queueTask", "queued"), ("end", None)]
V21_AGAIN = [("start", "next"), ("setVariable", "success"), ("searchConversation", "conversationActive"),
             ("appendConversation", "onAppendMessageSuccess"), ("end", None)]
V35_FIRST = [("start", "next"), ("setVariable", "success"), ("evaluate", "message"), ("branch", "text"),
             ("resolveConversation", "created"), ("queueTask", "queued"), ("end", None)]
V35_AGAIN = [("start", "next"), ("setVariable", "success"), ("evaluate", "message"), ("branch", "text"),
             ("resolveConversation", "appended"), ("end", None)]


@pytest.fixture
def lab(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    admin = sandbox.auth(ADMIN)
    owner = login(client, f"cl1pod{POD}", ADMIN, PW)
    services = {s["name"]: s for s in client.get(f"{T}/services", headers=owner).json()["items"]}
    pod = client.get(f"/sandbox/pods/{POD}").json()
    return admin, owner, services, pod


def _app(client, owner, services, pod, channel: str) -> dict:
    first = services["My First Service"]
    if channel == "email":
        app = email_app(client, owner, pod)
    elif channel == "messenger":
        app = messenger_app(client, owner, pod)
    elif channel == "livechat":
        app = client.post(f"{T}/assets/apps/livechat", json={"name": "Chat_Asset", "websiteUrl": "https://www.example.com"},
                          headers=owner).json()
    else:
        app = next(a for a in client.get(f"{T}/assets/apps", params={"channel": channel}, headers=owner).json()["items"])
    r = client.post(f"{T}/assets/apps/{app['id']}/register", json={"serviceId": first["id"]}, headers=owner)
    assert r.status_code == 200, r.text
    return app


def _write(client, channel: str, app: dict, text: str) -> dict:
    """The customer writes; the one delivery it makes."""
    if channel == "email":
        body = {"from": "jane@example.com", "to": [GMAIL], "subject": "Order 42", "text": text, "senderName": "Jane"}
    elif channel == "livechat":
        body = {"appId": app["appId"], "userId": "fp-7", "threadId": "th-7", "text": text, "name": "Lee"}
    elif channel == "messenger":
        body = {"from": "7001", "to": app["address"], "text": text, "name": "Max"}
    else:  # sms
        body = {"from": "+14155550177", "to": app["address"], "text": text}
    r = client.post(f"/sandbox/customers/{channel}", json=body)
    assert r.status_code == 200, r.text
    return r.json()["delivered"][0]


INBOUND = [
    # (version, file, channel, queue channel type, WxCC channel type)
    ("v2.1", "SMS Inbound Flow.workflow.zip", "sms", "SOCIAL_CHANNEL", "social"),
    ("v2.1", "Live Chat Inbound Flow.workflow.zip", "livechat", "CHAT", "chat"),
    ("v3.5", "SMS inbound.workflow.zip", "sms", "SOCIAL_CHANNEL", "social"),
    ("v3.5", "EmailInboundFlow.workflow.zip", "email", "EMAIL", "email"),
    ("v3.5", "FacebookInboundFlow.workflow.zip", "messenger", "SOCIAL_CHANNEL", "social"),
    ("v3.5", "LivechatInbound flow.workflow.zip", "livechat", "CHAT", "chat"),
    ("v3.5", "Livechat Inbound flow with proactive chat changes.zip", "livechat", "CHAT", "chat"),
]


@pytest.mark.parametrize("version,zip_name,channel,queue_type,channel_type", INBOUND,
                         ids=[f"{v}-{z.split('.')[0]}" for v, z, *_ in INBOUND])
def test_inbound_template_queues_the_first_message_and_appends_the_next(client, lab, version, zip_name, channel,
                                                                          queue_type, channel_type):
    admin, owner, services, pod = lab
    first = services["My First Service"]
    app = _app(client, owner, services, pod, channel)
    if channel == "email":  # lab 12.7 Email step 2: the Gmail mailbox forwards to the asset
        fwd = app["config"]["forwardingAddress"]
        client.post(f"/sandbox/customers/gmail/{GMAIL}/forwarding", json={"forwardingAddress": fwd})
        code = next(m for m in client.get(f"{T}/debug/logs", params={"channel": "email", "direction": "inbound"},
                                          headers=owner).json()["items"])["subject"].split("#")[1].split(")")[0]
        assert client.post(f"/sandbox/customers/gmail/{GMAIL}/forwarding/verify",
                           json={"forwardingAddress": fwd, "code": code}).status_code == 200
        assert client.put(f"/sandbox/customers/gmail/{GMAIL}/forwarding/enabled",
                          json={"forwardingAddress": fwd}).status_code == 200
    q = queue(client, admin, f"{channel}_{version}_Q", queue_type)
    flow = upload(client, owner, first, f"{channel} {version}", version, zip_name)
    assert flow["source"]["template"].startswith(version)
    variables = {"email": {"bizemailid": GMAIL}, "messenger": {"FBPageID": app["address"], "appid": app["appId"]}}.get(channel, {})
    configure_and_go_live(client, owner, first, flow, variables, q, app)
    client.post("/sandbox/clock", json={"advance": 121})  # "Wait for 2 minutes"

    said = _write(client, channel, app, "Hello, I need help")
    assert said["handled"] is True, said
    assert steps(client, owner, said["transactionId"]) == (V21_FIRST if version == "v2.1" else V35_FIRST)
    ex = client.get(f"{T}/debug/transactions/{said['transactionId']}", headers=owner).json()
    task_id = ex["variables"]["taskId"]
    task = tasks(client, admin)[task_id]
    assert (task["queue"]["id"], task["channelType"], task["status"]) == (q, channel_type, "queued"), task
    conv = ex["variables"]["conversationId"]
    assert conv

    again = _write(client, channel, app, "Are you there?")
    assert steps(client, owner, again["transactionId"]) == (V21_AGAIN if version == "v2.1" else V35_AGAIN)
    assert client.get(f"{T}/debug/transactions/{again['transactionId']}", headers=owner).json()["variables"][
        "conversationId"] == conv
    assert len(tasks(client, admin)) == 1  # the second message joins the contact already waiting


def test_v21_live_chat_close_flow_abandons_the_waiting_task(client, lab):
    admin, owner, services, pod = lab
    first = services["My First Service"]
    chat = _app(client, owner, services, pod, "livechat")
    q = queue(client, admin, "Chat_Q", "CHAT")
    configure_and_go_live(client, owner, first, upload(client, owner, first, "Chat in", "v2.1",
                                                       "Live Chat Inbound Flow.workflow.zip"), {}, q, chat)
    close = upload(client, owner, first, "Chat close", "v2.1", "Live Chat Close Flow.workflow.zip")
    assert close["trigger"]["event"] == "threadClosed"
    configure_and_go_live(client, owner, first, close, {}, "", chat)
    client.post("/sandbox/clock", json={"advance": 121})
    said = _write(client, "livechat", chat, "Hi")
    task_id = client.get(f"{T}/debug/transactions/{said['transactionId']}", headers=owner).json()["variables"]["taskId"]
    bye = client.post("/sandbox/customers/livechat", json={"appId": chat["appId"], "userId": "fp-7", "threadId": "th-7",
                                                            "event": "threadClosed", "reason": "customer closed"}).json()
    assert steps(client, owner, bye["delivered"][0]["transactionId"]) == [
        ("start", "next"), ("searchConversation", "conversationActive"), ("closeTask", "closed"), ("end", None)]
    assert tasks(client, admin)[task_id]["status"] == "abandoned"


@pytest.mark.parametrize("version", ["v2.1", "v3.5"])
def test_task_modified_flow_moves_the_conversation_to_the_agent_a_transfer_reaches(client, sandbox, lab, version):
    """Lab 12.5 §2's third CA flow: a blind transfer between two agents starts it twice — the
    first agent leaves the Engage conversation (context remove), the second joins it (add)."""
    admin, owner, services, pod = lab
    first, agnostic = services["My First Service"], services["Agnostic Flows DO NOT MODIFY"]
    assert client.patch(f"{T}/services/{agnostic['id']}", json={"locked": False}, headers=owner).status_code == 200
    ca = {}
    for name in ("Task Routed Flow", "Task Modified Flow"):
        ca[name] = upload(client, owner, agnostic, name, version, f"{name}.workflow.zip")
        configure_and_go_live(client, owner, agnostic, ca[name], {}, "", None)
    wa = _app(client, owner, services, pod, "whatsapp")
    q = queue(client, admin, "WhatsApp_Queue", "SOCIAL_CHANNEL")
    number = wa["address"].lstrip("+")
    configure_and_go_live(client, owner, first, upload(client, owner, first, "WA", "v2.1", "WAB Inbound Flow.workflow.zip"),
                          {"WANumber": number[1:], "WANumber_Countrycode": number[:1], "appid": wa["appId"]}, q, wa)
    client.post("/sandbox/clock", json={"advance": 121})
    said = client.post("/sandbox/customers/whatsapp", json={"from": "+14155550100", "to": wa["address"], "text": "Hi"}).json()
    ex = client.get(f"{T}/debug/transactions/{said['delivered'][0]['transactionId']}", headers=owner).json()
    task_id, conv = ex["variables"]["taskId"], ex["variables"]["conversationId"]

    a, b = Desk(sandbox, AGENT), Desk(sandbox, SUP)
    try:
        a.ready(TEAM1, "1000")
        b.ready(TEAM2, "1001")
        assert a.next("AgentOfferContact")["data"]["interactionId"] == task_id
        assert a.act(task_id, "accept").status_code == 202
        a.next("AgentContactAssigned")
        assert a.act(task_id, "transfer", {"to": b.agent_id, "destinationType": "agent"}).status_code == 202
        assert b.next("AgentOfferContact")["data"]["interactionId"] == task_id
        assert b.act(task_id, "accept").status_code == 202
        b.next("AgentContactAssigned")
        runs = client.get(f"{T}/services/{agnostic['id']}/flows/{ca['Task Modified Flow']['id']}/executions",
                          headers=owner).json()["items"]
        assert len(runs) == 2 and {r["status"] for r in runs} == {"completed"}, runs
        walked = sorted(tuple(s for s, _ in steps(client, owner, r["transactionId"])) for r in runs)
        assert walked == [("start", "evaluate", "branch", "addParticipant", "modifyNotification", "end"),
                          ("start", "evaluate", "branch", "removeParticipant", "modifyNotification", "end")]
        # Engage: the first agent left the conversation, the second is in it
        one = client.get(f"/engage/cl1pod{POD}/customer-care/conversations/{conv}", headers=admin)
        assert one.status_code == 200, one.text
        assert one.json()["agents"] == [b.agent_id]
        left = {p["email"]: p["leftAt"] for p in one.json()["participants"] if p["type"] == "agent"}
        assert left[AGENT] is not None and left[SUP] is None, left
        assert b.act(task_id, "end").status_code == 202
        assert b.act(task_id, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "done"}).status_code == 202
    finally:
        a.close()
        b.close()


def test_every_published_template_file_is_exercised_somewhere():
    """The catalog's runnable templates are each run by this file or the labs' walk."""
    from mockserver.connect.flows.catalog import TEMPLATES

    here = {z for _v, z, *_ in INBOUND} | {"Live Chat Close Flow.workflow.zip", "Task Modified Flow.workflow.zip",
                                           "Task Routed Flow.workflow.zip"}
    labs = {"Email Inbound Flow.workflow.zip", "Facebook Inbound Flow.workflow.zip", "WAB Inbound Flow.workflow.zip",
            "Task Close Flow.workflow.zip", "Whatsapp inbound.workflow.zip", "LivechatInboundFlowWithoutForm.workflow.zip"}
    runnable = {t.file.split("/", 1)[1] for t in TEMPLATES if "apple" not in t.key}
    assert runnable <= here | labs, sorted(runnable - here - labs)
    assert workflow("v2.1", "SMS Inbound Flow.workflow.zip")[0].endswith(".workflow")
