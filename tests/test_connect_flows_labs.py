"""The labs' flow steps end to end: lab 12.5 §2 (the three channel-agnostic flows uploaded into the
locked "Agnostic Flows" service, unlocked by its owner) and lab 12.7 step 4 of each channel (Email,
Facebook and WhatsApp v2.1 files uploaded, custom variables set, Queue Task → the lab's queue, Make
Live on the app); then customers write in (email through the POD Gmail's confirmed forwarding,
Messenger, WhatsApp) and each message becomes a queued WxCC task with an Engage conversation; the
agent accepts (Task Routed flow), wraps up (Task Close flow). The same for a v3.5 template."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from mockserver.connect.testkit import consent, login, replay_callback
from mockserver.core.seeding import pod_org_id
from tests.test_connect_flows import FLOWS_DIR
from tests.wxcc_desk import AGENT, RESOLVED, TEAM1, TEAM2, Desk

POD = 1
T = f"/connect/cl1pod{POD}"
ADMIN = f"cl1admin{POD}@email.carehybrid.com"
GMAIL = f"cl1webex{POD}@gmail.com"
PW = f"C1sco!Pod{POD}"
ORG = pod_org_id(POD)
pytestmark = pytest.mark.skipif(not FLOWS_DIR.is_dir(), reason=f"Cisco's published flow files are not at {FLOWS_DIR}")


def workflow(version: str, zip_name: str) -> tuple[str, bytes]:
    """Lab: "Unzip All Files" — the .workflow inside the published zip."""
    z = zipfile.ZipFile(io.BytesIO((FLOWS_DIR / version / zip_name).read_bytes()))
    inner = next(n for n in z.namelist() if n.endswith(".workflow") and "__MACOSX" not in n)
    return inner.rsplit("/", 1)[-1], z.read(inner)


def queue(client, admin, name: str, channel: str) -> str:
    body = {"name": name, "queueType": "INBOUND", "channelType": channel, "routingType": "LONGEST_AVAILABLE_AGENT",
            "queueRoutingType": "TEAM_BASED", "active": True, "timezone": "America/New_York",
            "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": TEAM1}, {"teamId": TEAM2}]}],
            "maxTimeInQueue": 10800 if channel == "EMAIL" else 300}
    if channel in ("EMAIL", "CHAT"):
        body.update({"serviceLevelThreshold": 7200, "maxActiveContacts": 100, "checkAgentAvailability": False})
    r = client.post(f"/organization/{ORG}/v2/contact-service-queue", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def email_app(client, owner, pod) -> dict:
    google = pod["connect"]["google"][0]
    form = {"emailId": GMAIL, "clientId": google["client_id"], "clientSecret": google["client_secret"],
            "authorizationUrl": "https://accounts.google.com/o/oauth2/auth",
            "scope": "https://mail.google.com/ https://www.googleapis.com/auth/gmail.send",
            "accessTokenUrl": "https://oauth2.googleapis.com/token", "refreshTokenUrl": "https://accounts.google.com/o/oauth2/auth"}
    tok = client.post(f"{T}/assets/apps/email/tokens", json=form, headers=owner).json()
    replay_callback(client, f"cl1pod{POD}", consent(client, tok["authorizationUrl"], GMAIL, pod["gmail"]["password"]))
    r = client.post(f"{T}/assets/apps/email", headers=owner, json={
        "name": "EmailAsset", "emailId": GMAIL, "authType": "OAuth 2.0", "smtpServer": "smtp.gmail.com", "username": GMAIL,
        "port": 465, "security": "SSL", "clientId": google["client_id"], "authorizationUrl": form["authorizationUrl"],
        "accessTokenUrl": form["accessTokenUrl"], "refreshTokenUrl": form["refreshTokenUrl"], "tokenRequestId": tok["id"]})
    assert r.status_code == 201, r.text
    return r.json()


def messenger_app(client, owner, pod) -> dict:
    fb = pod["connect"]["facebook"]
    fl = client.post(f"{T}/assets/apps/messenger/facebookLogin", headers=owner,
                     json={"email": fb["account"]["email"], "password": fb["account"]["password"]}).json()
    page = next(p for p in fl["pages"] if p["name"] == f"CL1 POD {POD}")
    r = client.post(f"{T}/assets/apps/messenger", json={"name": "FBM_Asset", "facebookLoginId": fl["id"], "pageId": page["id"]},
                    headers=owner)
    assert r.status_code == 201, r.text
    return r.json()


def upload(client, owner, svc: dict, name: str, version: str, zip_name: str) -> dict:
    fname, data = workflow(version, zip_name)
    r = client.post(f"{T}/services/{svc['id']}/flows/upload", data={"name": name}, files={"file": (fname, data)}, headers=owner)
    assert r.status_code == 201, r.text
    return r.json()


def configure_and_go_live(client, owner, svc: dict, flow: dict, variables: dict, queue_id: str, app: dict | None) -> None:
    base = f"{T}/services/{svc['id']}/flows/{flow['id']}"
    if variables:
        assert client.patch(f"{base}/customVariables", json={"variables": variables}, headers=owner).status_code == 200
    if queue_id:
        qnode = next(n for n in flow["definition"]["nodes"] if n["type"] == "queueTask")
        r = client.patch(f"{base}/nodes/{qnode['id']}", json={"config": {"queueId": queue_id}}, headers=owner)
        assert r.status_code == 200, r.text
    assert client.post(f"{base}/save", headers=owner).status_code == 200
    r = client.post(f"{base}/makeLive", json={"assetIds": [app["id"]] if app else [], "comments": "lab"}, headers=owner)
    assert r.status_code == 202, r.text


def steps(client, owner, transaction_id: str) -> list[tuple[str, str]]:
    ex = client.get(f"{T}/debug/transactions/{transaction_id}", headers=owner).json()
    assert ex["status"] == "completed", ex
    return [(s["type"], s["outcome"]) for s in ex["steps"]]


def tasks(client, admin) -> dict[str, dict]:
    return {t["id"]: t["attributes"] for t in client.get("/v1/tasks", params={"from": 0}, headers=admin).json()["data"]}


def test_labs_12_5_and_12_7_flows_queue_email_messenger_whatsapp_contacts(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    admin = sandbox.auth(ADMIN)
    owner = login(client, f"cl1pod{POD}", ADMIN, PW)
    pod = client.get(f"/sandbox/pods/{POD}").json()
    services = {s["name"]: s for s in client.get(f"{T}/services", headers=owner).json()["items"]}
    first, agnostic = services["My First Service"], services["Agnostic Flows DO NOT MODIFY"]

    # --- Lab 12.5 §2: the CA flows go into the locked service; its owner unlocks it for the upload
    fname, data = workflow("v2.1", "Task Close Flow.workflow.zip")
    r = client.post(f"{T}/services/{agnostic['id']}/flows/upload", data={"name": "Task Close Flow"}, files={"file": (fname, data)},
                    headers=owner)
    assert r.status_code == 423
    assert client.patch(f"{T}/services/{agnostic['id']}", json={"locked": False}, headers=owner).status_code == 200
    ca = {}
    for name in ("Task Close Flow", "Task Routed Flow", "Task Modified Flow"):
        ca[name] = upload(client, owner, agnostic, name, "v2.1", f"{name}.workflow.zip")
        assert ca[name]["trigger"]["type"] == "wxccTask"
        configure_and_go_live(client, owner, agnostic, ca[name], {}, "", None)
    assert client.patch(f"{T}/services/{agnostic['id']}", json={"locked": True}, headers=owner).status_code == 200

    # --- Lab 12.7 steps 1-3 (assets, registration, queues) for the three channels
    email, fbm = email_app(client, owner, pod), messenger_app(client, owner, pod)
    wa = next(a for a in client.get(f"{T}/assets/apps", params={"channel": "whatsapp"}, headers=owner).json()["items"])
    for app in (email, fbm, wa):
        assert client.post(f"{T}/assets/apps/{app['id']}/register", json={"serviceId": first["id"]}, headers=owner).status_code == 200
    email_q, fbm_q, wa_q = queue(client, admin, "Email_Q", "EMAIL"), queue(client, admin, "FBM_Q", "SOCIAL_CHANNEL"), \
        queue(client, admin, "WhatsApp_Queue", "SOCIAL_CHANNEL")

    # --- Lab 12.7 Email step 2 (before the flow exists, as in the lab): Gmail forwarding to the asset's address; the code is read in Connect's logs
    fwd = email["config"]["forwardingAddress"]
    r = client.post(f"/sandbox/customers/gmail/{GMAIL}/forwarding", json={"forwardingAddress": fwd})
    assert r.status_code == 200 and r.json()["confirmationEmail"]["delivered"] is True
    # Tools → Export Logs: Incoming, email, this app → the job becomes "Ready for download" → CSV, Subject column
    job = client.post(f"{T}/tools/exportLogs", json={"logType": "inbound", "channel": "email", "appId": email["appId"]}, headers=owner)
    assert job.status_code == 202 and job.json()["status"] == "Queued"
    client.post("/sandbox/clock", json={"advance": 31})
    assert client.get(f"{T}/tools/exportLogs/{job.json()['id']}", headers=owner).json()["status"] == "Ready for download"
    import csv

    rows = list(csv.DictReader(io.StringIO(client.get(f"{T}/tools/exportLogs/{job.json()['id']}/download", headers=owner).text)))
    assert rows[0]["From"] == "forwarding-noreply@google.com" and rows[0]["To"] == GMAIL
    code = re.search(r"\(#(\d+)\) Gmail Forwarding Confirmation", rows[0]["Subject"]).group(1)
    logs = client.get(f"{T}/debug/logs", params={"channel": "email", "direction": "inbound"}, headers=owner).json()["items"]
    assert code in logs[0]["subject"]
    assert client.post(f"/sandbox/customers/gmail/{GMAIL}/forwarding/verify", json={"forwardingAddress": fwd, "code": "0"}).status_code == 400
    assert client.post(f"/sandbox/customers/gmail/{GMAIL}/forwarding/verify", json={"forwardingAddress": fwd, "code": code}).status_code == 200
    assert client.put(f"/sandbox/customers/gmail/{GMAIL}/forwarding/enabled", json={"forwardingAddress": fwd}).status_code == 200

    # --- Lab 12.7 step 4 of each channel: upload, custom variables, Queue Task → queue, Make Live on the app
    flows = {}
    flows["email"] = upload(client, owner, first, "Email Inbound Flow", "v2.1", "Email Inbound Flow.workflow.zip")
    flows["fbm"] = upload(client, owner, first, "FBM Inbound Flow", "v2.1", "Facebook Inbound Flow.workflow.zip")
    flows["wa"] = upload(client, owner, first, "WhatsApp Inbound Flow", "v2.1", "WAB Inbound Flow.workflow.zip")
    # Make Live refuses a Queue Task with no queue chosen (nothing is published)
    r = client.post(f"{T}/services/{first['id']}/flows/{flows['email']['id']}/makeLive", json={"assetIds": [email["id"]]}, headers=owner)
    assert r.status_code == 400 and "QUEUE NAME is not chosen" in r.text
    r = client.post(f"{T}/services/{first['id']}/flows/{flows['email']['id']}/nodes/10", json={"config": {"queueId": "no-such-queue"}},
                    headers=owner)
    r = client.post(f"{T}/services/{first['id']}/flows/{flows['email']['id']}/makeLive", json={"assetIds": [email["id"]]}, headers=owner)
    assert r.status_code in (400, 405)
    number = wa["address"].lstrip("+")
    configure_and_go_live(client, owner, first, flows["email"], {"bizemailid": GMAIL}, email_q, email)
    configure_and_go_live(client, owner, first, flows["fbm"], {"FBPageID": fbm["address"], "appid": fbm["appId"]}, fbm_q, fbm)
    configure_and_go_live(client, owner, first, flows["wa"], {"WANumber": number[1:], "WANumber_Countrycode": number[:1],
                                                              "appid": wa["appId"]}, wa_q, wa)
    client.post("/sandbox/clock", json={"advance": 121})  # "Wait for 2 minutes"
    listed = {f["name"]: f["status"] for f in client.get(f"{T}/services/{first['id']}/flows", headers=owner).json()["items"]}
    assert listed == {"Email Inbound Flow": "Live", "FBM Inbound Flow": "Live", "WhatsApp Inbound Flow": "Live"}
    assert {f["status"] for f in client.get(f"{T}/services/{agnostic['id']}/flows", headers=owner).json()["items"]} == {"Live"}

    # --- Customers write in; each message becomes a queued WxCC task with an Engage conversation
    sent = client.post("/sandbox/customers/email", json={"from": "jane@example.com", "to": [GMAIL], "subject": "Order 42",
                                                          "text": "Where is my order?", "senderName": "Jane"}).json()
    assert sent["delivered"][0]["forwardedTo"] == fwd
    mail = sent["delivered"][0]
    fb = client.post("/sandbox/customers/messenger", json={"from": "7001", "to": fbm["address"], "text": "Hi from Messenger",
                                                           "name": "Max"}).json()["delivered"][0]
    wap = client.post("/sandbox/customers/whatsapp", json={"from": "+14155550100", "to": wa["address"], "text": "Hi from WhatsApp",
                                                           "name": "Wanda"}).json()["delivered"][0]
    v21 = [("start", "next"), ("setVariable", "success"), ("searchConversation", "noConversationFound"),
           ("createConversation", "onConversationCreated"), ("createTask", "created"), ("queueTask", "queued"), ("end", None)]
    queued = tasks(client, admin)
    for msg, q, channel_type in ((mail, email_q, "email"), (fb, fbm_q, "social"), (wap, wa_q, "social")):
        assert msg["handled"] is True, msg
        assert steps(client, owner, msg["transactionId"]) == v21
        t = queued[msg["transid"]]  # the v2.1 templates use the inbound transId as the Task ID
        assert (t["queue"]["id"], t["channelType"], t["status"]) == (q, channel_type, "queued"), t
        ex = client.get(f"{T}/debug/transactions/{msg['transactionId']}", headers=owner).json()
        assert ex["variables"]["conversationId"]
    # a second email in the same thread is appended to the active conversation (no new task)
    again = client.post("/sandbox/customers/email", json={"from": "jane@example.com", "to": [GMAIL], "subject": "Re: Order 42",
                                                           "text": "Any news?"}).json()["delivered"][0]
    assert steps(client, owner, again["transactionId"])[2:] == [("searchConversation", "conversationActive"),
                                                                  ("appendConversation", "onAppendMessageSuccess"), ("end", None)]
    assert len(tasks(client, admin)) == 3

    # --- the agent takes the WhatsApp contact: Task Routed flow adds the agent; wrap-up: Task Close flow closes
    desk = Desk(sandbox, AGENT)
    try:
        desk.ready(TEAM1, "1000")
        offered = {desk.next("AgentOfferContact")["data"]["interactionId"] for _ in range(3)}
        assert offered == set(queued)
        assert desk.act(wap["transid"], "accept").status_code == 202
        routed = client.get(f"{T}/services/{agnostic['id']}/flows/{ca['Task Routed Flow']['id']}/executions", headers=owner).json()["items"]
        assert routed and routed[0]["status"] == "completed", routed
        assert [s for s, _ in steps(client, owner, routed[0]["transactionId"])] == [
            "start", "evaluate", "addParticipant", "routedNotification", "end"]
        # the agent replies in the desktop, with the agent's own token (Engage stores it; Connect's
        # WhatsApp channel delivers it)
        conv_id = client.get(f"{T}/debug/transactions/{wap['transactionId']}", headers=owner).json()["variables"]["conversationId"]
        reply = client.post(f"/engage/v1/conversations/{conv_id}/messages", headers=desk.headers,
                            json={"text": "Hello Wanda, how can I help?"})
        assert reply.status_code == 201, reply.text
        got = client.get("/sandbox/customers/whatsapp/+14155550100/received").json()["items"]
        assert [(m["text"], m["status"]) for m in got] == [("Hello Wanda, how can I help?", "Delivered")]
        assert [x["status"] for x in got[0]["statuses"]] == ["Submitted", "Delivered"]
        # the channel's receipts reach Engage: the transcript shows the reply delivered, as the customer saw it
        page = client.get(f"/engage/cl1pod{POD}/customer-care/conversations/{conv_id}/transcript", headers=admin).json()
        assert [(m["text"], m["deliveryStatus"]) for m in page["messages"] if m["direction"] == "outbound"] == [
            ("Hello Wanda, how can I help?", "delivered")], page["messages"]
        assert desk.act(wap["transid"], "end").status_code == 202
        assert desk.act(wap["transid"], "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "done"}).status_code == 202
        closed = client.get(f"{T}/services/{agnostic['id']}/flows/{ca['Task Close Flow']['id']}/executions", headers=owner).json()["items"]
        assert closed and [s for s, _ in steps(client, owner, closed[0]["transactionId"])] == [
            "start", "evaluate", "closeConversation", "closeTask", "end"]
    finally:
        desk.close()
    # the customer writes again after the close: the conversation is re-opened and a new task queued
    back = client.post("/sandbox/customers/whatsapp", json={"from": "+14155550100", "to": wa["address"], "text": "One more thing"}).json()
    assert [o for _, o in steps(client, owner, back["delivered"][0]["transactionId"])][2:5] == [
        "conversationClosed", "onConversationReopened", "onAppendMessageSuccess"]


def test_v35_whatsapp_template_resolves_and_queues(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    admin = sandbox.auth(ADMIN)
    owner = login(client, f"cl1pod{POD}", ADMIN, PW)
    first = next(s for s in client.get(f"{T}/services", headers=owner).json()["items"] if s["name"] == "My First Service")
    wa = next(a for a in client.get(f"{T}/assets/apps", params={"channel": "whatsapp"}, headers=owner).json()["items"])
    q = queue(client, admin, "WhatsApp_Queue", "SOCIAL_CHANNEL")
    flow = upload(client, owner, first, "WhatsApp v3.5", "v3.5", "Whatsapp inbound.workflow.zip")
    assert flow["source"]["template"] == "v3.5-whatsapp"
    number = wa["address"].lstrip("+")
    configure_and_go_live(client, owner, first, flow, {"WANumber": number[1:], "WANumber_Countrycode": number[:1], "appid": wa["appId"]},
                          q, wa)
    client.post("/sandbox/clock", json={"advance": 121})
    out = client.post("/sandbox/customers/whatsapp", json={"from": "+14155550123", "to": wa["address"], "text": "Hello v3.5"}).json()
    msg = out["delivered"][0]
    assert steps(client, owner, msg["transactionId"]) == [
        ("start", "next"), ("setVariable", "success"), ("evaluate", "message"), ("branch", "text"),
        ("resolveConversation", "created"), ("queueTask", "queued"), ("end", None)]
    ex = client.get(f"{T}/debug/transactions/{msg['transactionId']}", headers=owner).json()
    task_id = ex["variables"]["taskId"]
    assert tasks(client, admin)[task_id]["status"] == "queued"
    again = client.post("/sandbox/customers/whatsapp", json={"from": "+14155550123", "to": wa["address"], "text": "still there?"}).json()
    assert ("resolveConversation", "appended") in steps(client, owner, again["delivered"][0]["transactionId"])
    assert len(tasks(client, admin)) == 1


def test_an_expired_node_authorization_fails_the_node_with_the_real_error(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    admin = sandbox.auth(ADMIN)
    owner = login(client, f"cl1pod{POD}", ADMIN, PW)
    first = next(s for s in client.get(f"{T}/services", headers=owner).json()["items"] if s["name"] == "My First Service")
    wa = next(a for a in client.get(f"{T}/assets/apps", params={"channel": "whatsapp"}, headers=owner).json()["items"])
    q = queue(client, admin, "WhatsApp_Queue", "SOCIAL_CHANNEL")
    flow = upload(client, owner, first, "WA", "v2.1", "WAB Inbound Flow.workflow.zip")
    number = wa["address"].lstrip("+")
    configure_and_go_live(client, owner, first, flow, {"WANumber": number[1:], "WANumber_Countrycode": number[:1], "appid": wa["appId"]},
                          q, wa)
    client.post("/sandbox/clock", json={"advance": 121})
    # The tenant's refresh job is gone (e.g. the Connect worker was down): the Webex access token expires.
    from mockserver.core.db import db
    from mockserver.core.timers import SandboxTimer
    from sqlmodel import select

    with db.session() as s:
        for t in s.exec(select(SandboxTimer).where(SandboxTimer.kind == "connect.node_auth_refresh")).all():
            s.delete(t)
        s.commit()
    from mockserver.core.timers import timers

    timers.refresh()
    client.post("/sandbox/clock", json={"advance": 15 * 86400})
    owner = login(client, f"cl1pod{POD}", ADMIN, PW)  # the portal session lasted a working day
    out = client.post("/sandbox/customers/whatsapp", json={"from": "+14155550123", "to": wa["address"], "text": "hi"}).json()
    ex = client.get(f"{T}/debug/transactions/{out['delivered'][0]['transactionId']}", headers=owner).json()
    failed = next(s for s in ex["steps"] if s["type"] == "createTask")
    assert failed["outcome"] == "onauthorizationfail" and "401 The access token has expired." in failed["error"]
    assert client.get("/sandbox/customers/whatsapp/+14155550123/received").json()["items"][0]["text"].startswith("We are sorry")


def test_live_chat_v35_inbound_then_the_close_flow_ends_the_task(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    admin = sandbox.auth(ADMIN)
    owner = login(client, f"cl1pod{POD}", ADMIN, PW)
    first = next(s for s in client.get(f"{T}/services", headers=owner).json()["items"] if s["name"] == "My First Service")
    chat = client.post(f"{T}/assets/apps/livechat", json={"name": "Chat_Asset", "websiteUrl": "https://www.example.com"},
                       headers=owner).json()
    assert client.post(f"{T}/assets/apps/{chat['id']}/register", json={"serviceId": first["id"]}, headers=owner).status_code == 200
    q = queue(client, admin, "Chat_Q", "CHAT")
    inbound = upload(client, owner, first, "Chat in", "v3.5", "LivechatInboundFlowWithoutForm.workflow.zip")
    configure_and_go_live(client, owner, first, inbound, {}, q, chat)
    close = upload(client, owner, first, "Chat close", "v3.5", "Live Chat Close Flow.workflow.zip")
    assert close["trigger"] == {"type": "channel", "channel": "livechat", "event": "threadClosed", "conditions": []}
    configure_and_go_live(client, owner, first, close, {}, "", chat)
    client.post("/sandbox/clock", json={"advance": 121})
    said = client.post("/sandbox/customers/livechat", json={"appId": chat["appId"], "userId": "fp-1", "threadId": "th-1",
                                                             "text": "Hi, I need help", "name": "Lee"}).json()["delivered"][0]
    assert ("resolveConversation", "created") in steps(client, owner, said["transactionId"])
    task_id = client.get(f"{T}/debug/transactions/{said['transactionId']}", headers=owner).json()["variables"]["taskId"]
    assert tasks(client, admin)[task_id]["status"] == "queued"
    bye = client.post("/sandbox/customers/livechat", json={"appId": chat["appId"], "userId": "fp-1", "threadId": "th-1",
                                                            "event": "threadClosed", "reason": "customer closed"}).json()["delivered"][0]
    flow_steps = steps(client, owner, bye["transactionId"])
    assert flow_steps == [("start", "next"), ("searchConversation", "conversationActive"), ("closeTask", "closed"), ("end", None)]
    assert tasks(client, admin)[task_id]["status"] == "abandoned"  # the customer left before an agent took it
