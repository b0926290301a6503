"""Engage conversations as people see them, over HTTP: the agent's reply route, the Customer Care
portal's conversation search and transcripts (JSON and the downloadable text file), the dashboards
counting from the store, the Users "logged in" column — and lab 12.3's Customer Care part walked
after an email and a chat conversation.

Until the flows and contact-lifecycle work land, conversations are written through the Engage node
operations (engage/conversations/public.py) and WxCC's AgentLoggedIn / AgentLoggedOut are published
through the dispatcher by ``_wxcc_login`` below, exactly as WxCC's service will after its commit."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id
from mockserver.engage.conversations import public as conv
from mockserver.events import AgentLoggedIn, AgentLoggedOut, ConversationMessageAdded
from mockserver.identity.public import person_uuid

POD = 1
ORG = pod_org_id(POD)
E = f"/engage/cl1pod{POD}"
CC = f"{E}/customer-care"
AGENT, SUP = (f"cl1{k}{POD}@email.carehybrid.com" for k in ("agent", "sup"))
AGENT_ID, SUP_ID = person_uuid(POD, "agent"), person_uuid(POD, "supervisor")
MAILBOX, CUSTOMER = "cl1pod1.support@example.com", "jane.doe@example.org"
APP, FP = "app-livechat-1", "fp-7c1b6a52"


@pytest.fixture
def admin(sandbox, auth):
    sandbox.reset(pod=POD, scenario="provisioned")
    clock.configure(mode="manual")
    return auth("admin", pod=POD)


@pytest.fixture
def agent(admin, auth):
    return auth("agent", pod=POD)


def _wxcc_login(agent_id: str, email: str, logged_in: bool = True) -> None:
    """What WxCC publishes after a station login / logout commits (the contact-lifecycle work)."""
    if logged_in:
        dispatcher.publish(AgentLoggedIn(org_id=ORG, agent_id=agent_id, email=email, team_id="team1",
                                         dial_number="1000", device_type="EXTENSION"))
    else:
        dispatcher.publish(AgentLoggedOut(org_id=ORG, agent_id=agent_id, email=email))


def _pdf_with_image() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /XObject /Subtype /Image /Width 8 /Height 8 >> endobj\n%%EOF"


def _email_and_chat(agent_id: str = AGENT_ID) -> tuple[str, str]:
    """An email conversation (with a PDF holding an image) and a chat, both with the agent, as the
    v2.1 / v3.x flows would leave them."""
    with db.session() as s:
        email = conv.resolve(s, ORG, channel="email", asset_id="asset-email", business_address=MAILBOX,
                             customer_address=CUSTOMER, customer_name="Jane Doe",
                             message=conv.MessageIn(text="Please see my scanned invoice", subject="Invoice 7",
                                                    message_id="<c1@example.org>", attachments=[
                                                        {"fileName": "invoice.pdf", "mimeType": "application/pdf",
                                                         "content": _pdf_with_image()}]))
        chat = conv.create(s, ORG, channel="chat", asset_id="asset-chat", business_address=APP, customer_address=FP,
                           customer_name="Visitor", thread_id="th-1", message={"text": "Hi, anyone there?"})
        for cid in (email.conversation.id, chat.id):
            conv.add_participant(s, ORG, cid, agent_id=agent_id, agent_name="CL1 Agent 1")
        s.commit()
    return email.conversation.id, chat.id


def test_agent_replies_only_in_their_conversations(client, admin, agent, auth):
    email_id, chat_id = _email_and_chat()
    seen = len(dispatcher.published)
    r = client.post(f"/engage/v1/conversations/{chat_id}/messages", headers=agent, json={"text": "Hello, how can I help?"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["direction"] == "outbound" and body["type"] == "text" and body["sender"]["type"] == "agent"
    assert body["sender"]["id"] == AGENT_ID and body["seq"] == 2 and body["deliveryStatus"] == "submitted"
    added = [e for e in dispatcher.published[seen:] if isinstance(e, ConversationMessageAdded)]
    assert len(added) == 1 and added[0].direction == "outbound" and added[0].sender == f"agent:{AGENT_ID}"
    # an email reply with a text attachment and a subject
    txt = base64.b64encode(b"Your invoice, as text").decode()
    r = client.post(f"/engage/v1/conversations/{email_id}/messages", headers=agent,
                    json={"text": "Attached.", "subject": "Re: Invoice 7",
                          "attachments": [{"fileName": "invoice.txt", "mimeType": "text/plain", "content": txt}]})
    assert r.status_code == 201 and r.json()["type"] == "text-with-attachments" and r.json()["messageId"]
    # Reply with no subject typed: the desktop answers the customer's last email, "Re: <its subject>",
    # In-Reply-To its Message-ID; a subject already prefixed is kept as it is
    r = client.post(f"/engage/v1/conversations/{email_id}/messages", headers=agent, json={"text": "Any other question?"})
    assert r.status_code == 201, r.text
    assert (r.json()["subject"], r.json()["inReplyTo"]) == ("Re: Invoice 7", "<c1@example.org>")
    with db.session() as s:
        conv.append(s, ORG, email_id, conv.MessageIn(text="Thanks!", subject="RE: Invoice 7", message_id="<c2@example.org>"))
        s.commit()
    r = client.post(f"/engage/v1/conversations/{email_id}/messages", headers=agent, json={"text": "You are welcome."})
    assert (r.json()["subject"], r.json()["inReplyTo"]) == ("RE: Invoice 7", "<c2@example.org>")
    # the supervisor is no participant: 403 and nothing stored
    sup = auth("supervisor", pod=POD)
    r = client.post(f"/engage/v1/conversations/{chat_id}/messages", headers=sup, json={"text": "hi"})
    assert r.status_code == 403 and "not a participant" in r.json()["errors"][0]["description"]
    # no token 401, unknown conversation 404, bad bodies 400, closed 409
    assert client.post(f"/engage/v1/conversations/{chat_id}/messages", json={"text": "x"}).status_code == 401
    assert client.post("/engage/v1/conversations/ffffffffffffffffffffffff/messages", headers=agent,
                       json={"text": "x"}).status_code == 404
    for bad in ({"text": ""}, {"text": "x", "subject": "chat has none"}, {"text": "x", "unknown": 1},
                {"attachments": [{"fileName": "a.txt", "content": "%%%"}]}, {"type": "attachments", "text": "x"}):
        r = client.post(f"/engage/v1/conversations/{chat_id}/messages", headers=agent, json=bad)
        assert r.status_code == 400, (bad, r.text)
        assert r.json()["status_code"] == 400 and r.json()["trackingId"]
    with db.session() as s:
        conv.close(s, ORG, chat_id, closed_by=AGENT_ID)
        s.commit()
    r = client.post(f"/engage/v1/conversations/{chat_id}/messages", headers=agent, json={"text": "late"})
    assert r.status_code == 409
    t = client.get(f"{CC}/conversations/{chat_id}/transcript", headers=admin).json()
    assert t["countOfRecords"] == 2  # the refused replies left nothing behind
    # the agent reads the conversation back (a former participant too); others may not
    mine = client.get(f"/engage/v1/conversations/{chat_id}/messages", headers=agent)
    assert mine.status_code == 200 and [m["seq"] for m in mine.json()["messages"]] == [1, 2]
    assert client.get(f"/engage/v1/conversations/{chat_id}/messages", headers=sup).status_code == 403


def test_logged_in_column_follows_wxcc_login_and_logout(client, admin):
    users = {u["email"]: u for u in client.get(f"{E}/users", headers=admin).json()["data"]}
    assert users[AGENT]["loggedIn"] is False
    _wxcc_login(AGENT_ID, AGENT)
    users = {u["email"]: u for u in client.get(f"{E}/users", headers=admin).json()["data"]}
    assert users[AGENT]["loggedIn"] is True and users[SUP]["loggedIn"] is False
    dash = client.get(f"{CC}/dashboard", headers=admin).json()
    assert {a["email"]: a["loggedIn"] for a in dash["agents"]} == {AGENT: True, SUP: False}
    assert dash["meta"]["agentsLoggedIn"] == 1
    _wxcc_login(AGENT_ID, AGENT, logged_in=False)
    assert client.get(f"{E}/users/{users[AGENT]['id']}", headers=admin).json()["loggedIn"] is False


def test_dashboards_count_from_the_store_and_filter_by_agent_id_or_email(client, admin, auth):
    empty = client.get(f"{E}/dashboard", headers=admin).json()
    assert empty["conversations"] == {"active": 0, "queued": 0, "onHold": 0, "ongoing": 0, "closedToday": 0}
    email_id, chat_id = _email_and_chat()
    with db.session() as s:  # a WhatsApp conversation still waiting in the queue, and one closed today
        conv.create(s, ORG, channel="whatsapp", asset_id="a-wa", business_address="+15550100", customer_address="+15550111",
                    message={"text": "hello?"})
        done = conv.create(s, ORG, channel="sms", asset_id="a-sms", business_address="+15550100",
                           customer_address="+15550122", message={"text": "stop"})
        conv.add_participant(s, ORG, done.id, agent_id=SUP_ID)
        conv.close(s, ORG, done.id, closed_by=SUP_ID)
        s.commit()
    for path in (f"{E}/dashboard", f"{CC}/dashboard"):
        d = client.get(path, headers=admin).json()
        assert d["conversations"] == {"active": 2, "queued": 1, "onHold": 0, "ongoing": 3, "closedToday": 1}, d
        assert d["byChannel"] == {"email": 1, "chat": 1, "whatsapp": 1}
        per = {a["email"]: (a["activeConversations"], a["closedToday"]) for a in d["agents"]}
        assert per == {AGENT: (2, 0), SUP: (0, 1)}
        assert {o["id"] for o in d["ongoing"]} >= {email_id, chat_id}
    by_email = client.get(f"{CC}/dashboard", headers=admin, params={"agent": [AGENT]}).json()
    assert [a["email"] for a in by_email["agents"]] == [AGENT] and by_email["conversations"]["ongoing"] == 2
    assert by_email["meta"]["selection"] == "some"
    uid = by_email["agents"][0]["id"]
    by_id = client.get(f"{E}/dashboard", headers=admin, params={"agent": [uid, SUP.upper()]}).json()
    assert {a["email"] for a in by_id["agents"]} == {AGENT, SUP} and by_id["conversations"]["closedToday"] == 1
    chats = client.get(f"{CC}/dashboard", headers=admin, params={"channel": "chat"}).json()
    assert chats["conversations"]["ongoing"] == 1 and chats["ongoing"][0]["id"] == chat_id
    assert client.get(f"{CC}/dashboard", headers=admin, params={"channel": "fax"}).status_code == 400
    r = client.get(f"{E}/dashboard", headers=admin, params={"agent": ["nobody@example.com"]})
    assert r.status_code == 400 and "nobody@example.com" in r.json()["errors"][0]["description"]
    # the next day, "closed today" starts again
    clock.configure(advance_s=24 * 3600)
    fresh = auth("admin", pod=POD)  # yesterday's token expired
    assert client.get(f"{E}/dashboard", headers=fresh).json()["conversations"]["closedToday"] == 0


def test_conversation_search_and_transcript_paging(client, admin):
    _, chat_id = _email_and_chat()
    for i in range(12):
        with db.session() as s:
            conv.append(s, ORG, chat_id, {"text": f"message {i}"})
            s.commit()
    listed = client.get(f"{CC}/conversations", headers=admin, params={"search": "visitor"}).json()
    assert [c["id"] for c in listed["data"]] == [chat_id]
    assert client.get(f"{CC}/conversations", headers=admin, params={"channel": "email"}).json()["meta"]["totalItems"] == 1
    assert client.get(f"{CC}/conversations", headers=admin, params={"agent": AGENT}).json()["meta"]["totalItems"] == 2
    assert client.get(f"{CC}/conversations", headers=admin, params={"status": "closed"}).json()["data"] == []
    assert client.get(f"{CC}/conversations", headers=admin, params={"status": "gone"}).status_code == 400
    one = client.get(f"{CC}/conversations/{chat_id}", headers=admin).json()
    assert one["status"] == "active" and one["agents"] == [AGENT_ID]
    assert [(p["type"], p["email"]) for p in one["participants"]] == [("customer", None), ("agent", AGENT)]
    by_alias = client.get(f"{CC}/conversations/{one['aliasId']}", headers=admin)
    assert by_alias.status_code == 200 and by_alias.json()["id"] == chat_id
    page = client.get(f"{CC}/conversations/{chat_id}/transcript", headers=admin, params={"offset": 10, "limit": 5}).json()
    assert page["countOfRecords"] == 13 and [m["text"] for m in page["messages"]] == ["message 9", "message 10", "message 11"]
    assert client.get(f"{CC}/conversations/{chat_id}/transcript", headers=admin, params={"limit": 501}).status_code == 400
    assert client.get(f"{CC}/conversations/nope/transcript", headers=admin).status_code == 404
    # another org's admin never sees it
    other = client.get(f"/engage/cl1pod2/customer-care/conversations/{chat_id}", headers=admin)
    assert other.status_code == 404


def test_lab_12_3_customer_care_walk(client, admin, agent):
    # The lab's settings first: a blocklist word masked, another one blocked for agents.
    assert client.post(f"{CC}/blocklist", headers=admin, json={"word": "idiot", "action": "mask"}).status_code == 201
    assert client.post(f"{CC}/blocklist", headers=admin, json={"word": "scam", "action": "block"}).status_code == 201
    _wxcc_login(AGENT_ID, AGENT)
    email_id, chat_id = _email_and_chat()
    with db.session() as s:
        conv.append(s, ORG, chat_id, {"text": "Your bot is an idiot, is this a scam?"})
        s.commit()
    # 6.1 Dashboard: ongoing conversations and agents
    dash = client.get(f"{CC}/dashboard", headers=admin).json()
    assert dash["conversations"]["ongoing"] == 2 and dash["conversations"]["active"] == 2
    assert {a["email"]: (a["loggedIn"], a["activeConversations"]) for a in dash["agents"]}[AGENT] == (True, 2)
    # The agent answers the chat; a blocked word is refused with its reason, nothing stored.
    r = client.post(f"/engage/v1/conversations/{chat_id}/messages", headers=agent, json={"text": "This is no scam"})
    assert r.status_code == 400 and "scam" in r.json()["errors"][0]["description"]
    assert client.post(f"/engage/v1/conversations/{chat_id}/messages", headers=agent,
                       json={"text": "Sorry about that, let me help."}).status_code == 201
    # Search the conversation id Connect shows; the transcript in JSON ...
    t = client.get(f"{CC}/conversations/{chat_id}/transcript", headers=admin, params={"limit": 50}).json()
    texts = [m["text"] for m in t["messages"]]
    assert texts == ["Hi, anyone there?", "Your bot is an *****, is this a ****?",
                     "Sorry about that, let me help."]
    assert t["messages"][1]["redacted"] is True and t["messages"][1]["maskedWords"] == ["idiot", "scam"]
    # ... and the email's PDF with an image was refused, with its reason
    et = client.get(f"{CC}/conversations/{email_id}/transcript", headers=admin).json()
    (att,) = et["messages"][0]["attachments"]
    assert att["fileName"] == "invoice.pdf" and att["dropped"] is True and "PDF that contains images" in att["reason"]
    assert et["messages"][0]["type"] == "text"
    # the transcript downloads as a text file a person can read
    d = client.get(f"{CC}/conversations/{email_id}/transcript/download", headers=admin)
    assert d.status_code == 200 and d.headers["content-type"].startswith("text/plain")
    assert d.headers["content-disposition"].startswith("attachment; filename=\"transcript-")
    assert f"Conversation {email_id}" in d.text and "Subject: Invoice 7" in d.text
    assert "Please see my scanned invoice" in d.text and "invoice.pdf (application/pdf) - NOT ATTACHED: PCI:" in d.text
    assert "CL1 Agent 1" in d.text
    # the agent ends it: closed today, no longer ongoing
    with db.session() as s:
        conv.close(s, ORG, chat_id, closed_by=AGENT_ID)
        s.commit()
    dash = client.get(f"{CC}/dashboard", headers=admin).json()
    assert dash["conversations"]["ongoing"] == 1 and dash["conversations"]["closedToday"] == 1
    ct = client.get(f"{CC}/conversations/{chat_id}/transcript/download", headers=admin).text
    assert f"closed by {AGENT_ID}" in ct


def test_docx_with_media_is_refused_on_inbound(client, admin):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/image1.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 20)
    with db.session() as s:
        c = conv.create(s, ORG, channel="chat", asset_id="a", business_address=APP, customer_address=FP, message={
            "text": "cv", "attachments": [{"fileName": "cv.docx", "content": buf.getvalue()}]})
        s.commit()
    t = client.get(f"{CC}/conversations/{c.id}/transcript", headers=admin).json()
    assert "word/media/image1.jpeg" in t["messages"][0]["attachments"][0]["reason"]


# --- the live-chat widget ------------------------------------------------------------------------------------
def _chat_asset(client, admin):
    from mockserver.events import AssetRegistered

    dispatcher.publish(AssetRegistered(org_id=ORG, asset_id="a-chat", name="Live Chat POD1", channel="chat", address=APP))
    return f"{E}/assets/channels/a-chat/widget"


def test_widget_written_and_read_back_with_script_and_pre_chat_form(client, admin):
    path = _chat_asset(client, admin)
    first = client.get(path, headers=admin)
    assert first.status_code == 200, first.text
    assert first.json()["availability"]["state"] == "online" and first.json()["widget"]["preChatForm"]["enabled"] is False
    body = {
        "websiteName": "Cumulus Support", "websiteDomain": "www.cumulus.example.com",
        "allowedDomains": ["shop.cumulus.example.com", "WWW.cumulus.example.com"], "visibility": "always",
        "appearance": {"title": "Chat with us", "welcomeMessage": "Hello!", "brandColor": "#112233",
                       "position": "bottom-left", "showAgentName": False, "launcherText": "Help",
                       "logoUrl": "https://cdn.example.com/logo.png"},
        "preChatForm": {"enabled": True, "title": "Tell us who you are", "fields": [
            {"name": "Name", "label": "Your name", "type": "text", "required": True},
            {"name": "Email", "label": "Email", "type": "email", "required": True},
            {"name": "Topic", "label": "Topic", "type": "dropdown", "options": ["Billing", "Orders"]}]},
    }
    r = client.put(path, headers=admin, json=body)
    assert r.status_code == 200, r.text
    got = client.get(path, headers=admin).json()
    w = got["widget"]
    assert w["websiteName"] == "Cumulus Support" and w["allowedDomains"] == ["shop.cumulus.example.com"]
    assert w["appearance"]["launcherText"] == "Help" and w["appearance"]["position"] == "bottom-left"
    assert [f["name"] for f in w["preChatForm"]["fields"]] == ["Name", "Email", "Topic"]
    assert f'data-app-id="{APP}"' in got["installationScript"] and "a-chat" in got["installationScript"]
    assert got["appId"] == APP
    # bad input: every field named, nothing written
    bad = {**body, "allowedDomains": ["not a domain"], "preChatForm": {"enabled": True, "fields": [
        {"name": "1x", "label": "x"}, {"name": "T", "label": "t", "type": "dropdown"},
        {"name": "U", "label": "u", "options": ["a"]}]}}
    r = client.put(path, headers=admin, json=bad)
    assert r.status_code == 400
    assert [e["field"] for e in r.json()["errors"]] == [
        "allowedDomains[0]", "preChatForm.fields[0].name", "preChatForm.fields[1].options", "preChatForm.fields[2].options"]
    assert client.get(path, headers=admin).json()["widget"] == w
    assert client.get(f"{E}/assets/channels/nope/widget", headers=admin).status_code == 404


def test_working_hours_decide_widget_availability(client, admin, auth):
    from datetime import datetime, timezone

    path = _chat_asset(client, admin)
    hours = client.get(f"{CC}/working-hours", headers=admin).json()["data"][0]  # Mon-Fri 09:00-17:00 New York
    body = {"websiteDomain": "www.example.com", "visibility": "workingHours", "workingHoursId": hours["id"],
            "appearance": {"title": "Chat", "welcomeMessage": "Hi", "brandColor": "#000000"},
            "offline": {"behaviour": "showMessage", "message": "Closed now. Hours: {{workingHours}}"}}
    assert client.put(path, headers=admin, json=body).status_code == 200
    monday_10_ny = int(datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc).timestamp() * 1000)
    clock.configure(mode="manual", set_ms=monday_10_ny)
    fresh = auth("admin", pod=POD)  # a token minted at the new time
    av = client.get(path, headers=fresh).json()["availability"]
    assert av == {**av, "state": "online", "available": True}
    with db.session() as s:
        from mockserver.engage.channels.public import widget_status

        assert widget_status(s, ORG, APP)["available"] is True
    clock.configure(set_ms=monday_10_ny + 8 * 3600 * 1000)  # 18:00 in New York
    av = client.get(path, headers=fresh).json()["availability"]
    assert av["state"] == "offline" and av["available"] is False
    assert av["message"].startswith("Closed now. Hours: Mon 09:00-17:00") and "America/New_York" in av["message"]
    body["offline"] = {"behaviour": "hideWidget", "message": "x"}
    assert client.put(path, headers=fresh, json=body).status_code == 200
    assert client.get(path, headers=fresh).json()["availability"]["state"] == "hidden"
    with db.session() as s:
        from mockserver.engage.channels.public import widget_status

        st = widget_status(s, ORG, APP)
        assert st["available"] is False and "Outside the working hours" in st["reason"]
