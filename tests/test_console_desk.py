"""The console's customer, agent, conversation and task screens, in process (httpx against the ASGI
app): the pages render for a seeded POD and answer 404 for another; what each page lists (channel
assets with their addresses, the POD's contact-center users); and, after lab 12.7's email
verification done by HTTP (the customer writes, the agent accepts, replies, ends, wraps up), what
the screens' JSON and pages show: the customer's sent and received messages, the conversation with
both messages and participants, the task with its history and wrap-up, the flow execution's step
log and its drawing with the executed nodes highlighted. The same walk in a real browser:
tests/test_console_browser.py."""

from __future__ import annotations

import re

import pytest

from mockserver.connect.testkit import login
from tests.test_connect_flows import FLOWS_DIR
from tests.wxcc_desk import RESOLVED, TEAM1, Desk

POD = 1
C = f"/sandbox/console/pods/{POD}"
T = f"/connect/cl1pod{POD}"
ADMIN = f"cl1admin{POD}@email.carehybrid.com"
AGENT = f"cl1agent{POD}@email.carehybrid.com"
GMAIL = f"cl1webex{POD}@gmail.com"
PW = f"C1sco!Pod{POD}"
CUSTOMER = "jane.customer@example.com"
PAGES = ("customer", "agent", "conversations", "tasks")


def lab_12_7_email(c, admin: dict) -> dict:
    """Lab 12.7 Email steps 2-4 by HTTP as docs/labs.md prints them, after lab 12.5 §2's task
    event flows (Task Routed adds the agent who accepts to the conversation; Task Close closes
    it). ``c``: the in-process client or an httpx.Client on a served sandbox."""
    from tests.test_connect_flows_labs import configure_and_go_live, email_app, queue, upload

    owner = login(c, f"cl1pod{POD}", ADMIN, PW)
    pod = c.get(f"/sandbox/pods/{POD}").json()
    services = {s["name"]: s for s in c.get(f"{T}/services", headers=owner).json()["items"]}
    first, agnostic = services["My First Service"], services["Agnostic Flows DO NOT MODIFY"]
    assert c.patch(f"{T}/services/{agnostic['id']}", json={"locked": False}, headers=owner).status_code == 200
    for name in ("Task Routed Flow", "Task Modified Flow", "Task Close Flow"):
        configure_and_go_live(c, owner, agnostic, upload(c, owner, agnostic, name, "v2.1", f"{name}.workflow.zip"), {}, "", None)
    assert c.patch(f"{T}/services/{agnostic['id']}", json={"locked": True}, headers=owner).status_code == 200
    email = email_app(c, owner, pod)  # Step 2.1: the asset with its Google token
    assert c.post(f"{T}/assets/apps/{email['id']}/register", json={"serviceId": first["id"]}, headers=owner).status_code == 200
    email_q = queue(c, admin, "Email_Q", "EMAIL")  # Step 3.2
    # Step 2.2: Gmail forwards to the asset's address once the code Gmail mailed it is entered
    fwd = email["config"]["forwardingAddress"]
    assert c.post(f"/sandbox/customers/gmail/{GMAIL}/forwarding", json={"forwardingAddress": fwd}).status_code == 200
    logs = c.get(f"{T}/debug/logs", params={"channel": "email", "direction": "inbound"}, headers=owner).json()["items"]
    code = re.search(r"\(#(\d+)\) Gmail Forwarding Confirmation", logs[0]["subject"]).group(1)
    r = c.post(f"/sandbox/customers/gmail/{GMAIL}/forwarding/verify", json={"forwardingAddress": fwd, "code": code})
    assert r.status_code == 200, r.text
    assert c.put(f"/sandbox/customers/gmail/{GMAIL}/forwarding/enabled", json={"forwardingAddress": fwd}).status_code == 200
    # Step 4: the published v2.1 email flow, Queue Task → Email_Q, Make Live on the asset
    flow = upload(c, owner, first, "Email Inbound Flow", "v2.1", "Email Inbound Flow.workflow.zip")
    configure_and_go_live(c, owner, first, flow, {"bizemailid": GMAIL}, email_q, email)
    c.post("/sandbox/clock", json={"advance": 121})  # "Wait for 2 minutes": publishing ends
    listed = {f["name"]: f["status"] for f in c.get(f"{T}/services/{first['id']}/flows", headers=owner).json()["items"]}
    assert listed["Email Inbound Flow"] == "Live", listed
    return {"email": email, "queue": email_q, "forwarding": fwd}


# --- the pages ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_with_its_script_and_the_console_headers(client, page):
    r = client.get(f"{C}/{page}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    assert f'data-page="{page}"' in html and f'data-base="{C}"' in html
    assert "/sandbox/console/static/desk.js?v=" in html and "/sandbox/console/static/desk.css?v=" in html
    assert 'data-live="events journal"' in html  # the page follows the journal and the events live
    assert re.search(rf'<a href="{C}/{page}" class="active"', html), "the POD nav marks the page"


def test_an_unseeded_pod_or_a_bad_channel_is_refused_in_the_sandbox_error_shape(client):
    for path in ("/sandbox/console/pods/99/customer", "/sandbox/console/pods/99/tasks.json",
                 "/sandbox/console/pods/99/conversations.json"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "POD 99 is not seeded" in r.json()["errors"][0]["description"]
    r = client.get(f"{C}/customer/thread", params={"channel": "fax", "address": "x"})
    assert r.status_code == 400 and "one of email, messenger" in r.json()["errors"][0]["description"]
    assert client.get(f"{C}/customer/thread", params={"channel": "email"}).status_code == 400  # no address
    r = client.get(f"{C}/executions/no-such-transaction")
    assert r.status_code == 404 and "not a flow execution of POD 1" in r.json()["errors"][0]["description"]
    assert client.get("/sandbox/console/static/desk.js").headers["content-type"].startswith("text/javascript")


def test_the_customer_page_lists_every_asset_a_customer_can_write_to(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    html = client.get(f"{C}/customer").text
    targets = {t["key"]: t for t in _targets(html)}
    wa = next(t for t in targets.values() if t["channel"] == "whatsapp")
    assert wa["to"].startswith("+") and wa["appId"].startswith("a_") and wa["from"] == "+14155550100"
    assert wa["note"] == "not registered to Webex CC, no live flow"
    assert any(t["channel"] == "sms" for t in targets.values())
    gmail = targets[f"email:{GMAIL}"]  # the POD's Gmail, which reaches Connect only through confirmed forwarding
    assert gmail["note"] == "forwards to no confirmed address: Connect does not see this mail"
    assert f"WhatsApp — {wa['name']} ({wa['to']}) · no live flow" in html
    # no asset of the default scenario? the page says what to do
    sandbox.reset(pod=POD)
    assert client.get(f"{C}/customer").status_code == 200


def test_the_agent_page_offers_the_pods_contact_center_users(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    html = client.get(f"{C}/agent").text
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', html.split('id="ag-user"', 1)[1].split("</select>", 1)[0])
    assert options[0][0] == AGENT and "(LoggedOut)" in options[0][1]
    # a logged-in agent shows as such (the desktop then restores the session with /v1/agents/reload)
    desk = Desk(sandbox, AGENT)
    try:
        desk.ready(TEAM1, "1000")
        assert f"{AGENT} (Available)" in client.get(f"{C}/agent").text
    finally:
        desk.close()


def _targets(html: str) -> list[dict]:
    import json
    from html import unescape

    raw = re.search(r'<script type="application/json" id="desk-targets">(.*?)</script>', html, re.S).group(1)
    return json.loads(unescape(raw))


# --- lab 12.7's email verification, then what the screens show ---------------------------------------------
@pytest.mark.skipif(not FLOWS_DIR.is_dir(), reason=f"Cisco's published flow files are not at {FLOWS_DIR}")
def test_after_lab_12_7_email_verification_the_screens_show_each_side(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    admin = sandbox.auth(ADMIN)
    lab = lab_12_7_email(client, admin)
    # the Gmail address now reaches the email asset: the customer screen says so
    gmail = next(t for t in _targets(client.get(f"{C}/customer").text) if t["key"] == f"email:{GMAIL}")
    assert gmail["live"] is True and gmail["note"] == "" and gmail["assetId"] == lab["email"]["id"]

    desk = Desk(sandbox, AGENT)
    try:
        desk.ready(TEAM1, "1000")
        sent = client.post("/sandbox/customers/email", json={"from": CUSTOMER, "to": [GMAIL], "subject": "Order 42",
                                                              "text": "Where is my order?", "senderName": "Jane"}).json()
        tid = sent["delivered"][0]["transid"]  # the v2.1 flow uses the inbound transId as the task id
        offer = desk.next("AgentOfferContact")["data"]
        assert offer["interactionId"] == tid
        tasks = client.get(f"{C}/tasks.json").json()["tasks"]
        assert (tasks[0]["id"], tasks[0]["status"], tasks[0]["offeredTo"]) == (tid, "offered", "Agent Pod1")
        assert desk.act(tid, "accept").status_code == 202
        conv_id = offer["mediaResourceId"]
        r = client.post(f"/engage/v1/conversations/{conv_id}/messages", headers=desk.headers,
                        json={"text": "It ships today.", "subject": "Re: Order 42"})
        assert r.status_code == 201, r.text
        assert desk.act(tid, "end").status_code == 202
        assert desk.act(tid, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": "Resolved"}).status_code == 202
    finally:
        desk.close()

    # the customer's side: what Jane sent and what she received back, oldest first
    thread = client.get(f"{C}/customer/thread", params={"channel": "email", "address": CUSTOMER}).json()["items"]
    assert [(m["direction"], m["text"]) for m in thread] == [("inbound", "Where is my order?"), ("outbound", "It ships today.")]
    assert thread[1]["event"] == "conversation reply" and thread[1]["subject"] == "Re: Order 42"
    assert [s["status"] for s in thread[1]["statuses"]] == ["Submitted", "Delivered"]

    # the conversation: both messages, the customer and the agent, closed by the Task Close flow
    convs = client.get(f"{C}/conversations.json").json()["items"]
    assert len(convs) == 1
    conv = convs[0]
    assert conv["id"] == conv_id and conv["status"] == "closed" and conv["subject"] == "Order 42"
    assert [(m["direction"], m["sender"]["type"], m["text"]) for m in conv["messages"]] == [
        ("inbound", "customer", "Where is my order?"), ("outbound", "agent", "It ships today.")]
    assert {(p["type"], p["name"]) for p in conv["participants"]} >= {("agent", "Agent Pod1")}
    # only the selected conversation carries its messages (the newest when none is asked for)
    assert client.get(f"{C}/conversations.json", params={"selected": "nope"}).json()["items"][0]["messages"]
    html = client.get(f"{C}/conversations").text
    assert "Where is my order?" in html and "It ships today." in html

    # the task: completed with its wrap-up, its history in order, and the flow execution that queued it
    task = client.get(f"{C}/tasks.json").json()["tasks"][0]
    assert (task["id"], task["status"], task["state"], task["wrapUp"], task["owner"]) == (tid, "completed", "ended", "Resolved",
                                                                                           "Agent Pod1")
    assert (task["queueName"], task["mediaType"], task["origin"]) == ("Email_Q", "email", CUSTOMER)
    assert [h["what"] for h in task["history"]] == ["created", "queued", "offered", "Connected", "ended", "WrapUp",
                                                    "WrappedUp", "completed"]
    assert task["history"][-2]["detail"] == "Agent Pod1: Resolved"
    assert task["transactionId"] == sent["delivered"][0]["transactionId"]
    executions = client.get(f"{C}/tasks.json").json()["executions"]
    assert [x["flowName"] for x in executions] == ["Task Close Flow", "Task Routed Flow", "Email Inbound Flow"]
    assert "Resolved" in client.get(f"{C}/tasks").text

    # the flow execution's step log beside the drawing, executed nodes highlighted
    ex = client.get(f"{C}/executions/{task['transactionId']}").json()
    assert ex["flowName"] == "Email Inbound Flow" and ex["status"] == "completed"
    assert [s["type"] for s in ex["steps"]] == ["start", "setVariable", "searchConversation", "createConversation", "createTask",
                                                "queueTask", "end"]
    hit = set(re.findall(r'<g class="fd-node[^"]*\bhit\b[^"]*" data-node="([^"]+)"', ex["drawing"]))
    assert hit == {str(n) for n in ex["executedNodeIds"]} and len(hit) == 7
    not_hit = re.findall(r'<g class="fd-node(?![^"]*\bhit\b)[^"]*" data-node="([^"]+)"', ex["drawing"])
    assert not_hit, "the nodes this execution did not run are drawn too, unmarked"
