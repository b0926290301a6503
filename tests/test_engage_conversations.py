"""The Engage conversation store through its public surface (what Connect's Engage nodes call):
search / create / append / reopen / resolve / participants / close / transcript, the events published
after the caller's commit (and not after a rollback), on the `provisioned` scenario."""

from __future__ import annotations

import pytest

from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id
from mockserver.engage.conversations import public as conv
from mockserver.events import ConversationClosed, ConversationMessageAdded

POD = 1
ORG = pod_org_id(POD)
FP, APP = "fp-3f2a9c", "app-livechat-1"
MAILBOX, CUSTOMER = "support@cl1pod1.example.com", "jane.doe@example.org"


@pytest.fixture(autouse=True)
def provisioned(sandbox):
    sandbox.reset(pod=POD, scenario="provisioned")
    clock.configure(mode="manual")  # time stands still unless a test moves it


def _events(kind):
    return [e for e in dispatcher.published if isinstance(e, kind)]


def test_create_append_search_and_transcript_in_order():
    before = len(_events(ConversationMessageAdded))
    with db.session() as s:
        c = conv.create(s, ORG, channel="chat", asset_id="asset-chat", business_address=APP, customer_address=FP,
                        customer_name="Jane", message=conv.MessageIn(text="Hello"), thread_id="th-1")
        assert len(_events(ConversationMessageAdded)) == before  # nothing published before the commit
        s.commit()
    assert len(c.id) == 24 and all(ch in "0123456789abcdef" for ch in c.id)
    assert c.status == "active" and c.message_count == 1 and c.alias_id
    assert [(p.kind, p.ref) for p in c.participants] == [("customer", FP)]
    added = _events(ConversationMessageAdded)[-1]
    assert added.conversation_id == c.id and added.direction == "inbound" and added.text == "Hello"
    for i in range(3):
        clock.configure(advance_s=1)  # the clock moves between transactions (moving it fires timers)
        with db.session() as s:
            conv.append(s, ORG, c.id, {"text": f"line {i}"})
            s.commit()
    with db.session() as s:
        found = conv.search(s, ORG, channel="chat", customer_address=FP, business_address=APP, thread_id="th-1")
        assert found is not None and found.id == c.id and found.message_count == 4
        assert conv.search(s, ORG, channel="chat", customer_address=FP, business_address=APP, thread_id="th-2") is None
        page = conv.transcript(s, ORG, c.id, offset=1, limit=2)
        assert [m.text for m in page] == ["line 0", "line 1"] and [m.seq for m in page] == [2, 3]
        assert page[0].timestamp_ms < page[1].timestamp_ms
        s.commit()


def test_rollback_publishes_nothing_and_writes_nothing():
    with db.session() as s:
        c = conv.create(s, ORG, channel="sms", asset_id="a-sms", business_address="+15550100", customer_address="+15550199")
        s.commit()
    before = len(dispatcher.published)
    with db.session() as s:
        conv.append(s, ORG, c.id, conv.MessageIn(text="lost"))
        s.rollback()
    assert len(dispatcher.published) == before
    with db.session() as s:
        assert conv.get(s, ORG, c.id).message_count == 0


def test_errors_have_codes():
    with db.session() as s:
        with pytest.raises(conv.ConversationError) as e:
            conv.append(s, ORG, "0" * 24, {"text": "x"})
        assert e.value.code == "NOT_FOUND"
        with pytest.raises(conv.ConversationError) as e:
            conv.create(s, ORG, channel="pigeon", asset_id="a", business_address="b", customer_address="c")
        assert e.value.code == "INVALID_DATA" and "pigeon" in e.value.message
        with pytest.raises(conv.ConversationError) as e:
            conv.search(s, pod_org_id(2), channel="sms", customer_address="1", business_address="2")
        assert e.value.code == "NOT_AUTHORIZED"  # POD 2 is not provisioned
        c = conv.create(s, ORG, channel="sms", asset_id="a", business_address="+1555", customer_address="+1666")
        with pytest.raises(conv.ConversationError) as e:
            conv.append(s, ORG, c.id, conv.MessageIn(direction="outbound", sender="agent:nobody", text="hi"))
        assert e.value.code == "NOT_AUTHORIZED"
        with pytest.raises(conv.ConversationError) as e:
            conv.append(s, ORG, c.id, conv.MessageIn(text="  "))
        assert e.value.code == "INVALID_DATA"
        conv.close(s, ORG, c.id, closed_by="agent")
        with pytest.raises(conv.ConversationError) as e:
            conv.append(s, ORG, c.id, {"text": "late"})
        assert e.value.code == "CLOSED"
        with pytest.raises(conv.ConversationError) as e:
            conv.close(s, ORG, c.id, closed_by="agent")
        assert e.value.code == "CLOSED"
        s.rollback()


def test_participants_over_time_and_close_event():
    with db.session() as s:
        c = conv.create(s, ORG, channel="whatsapp", asset_id="a-wa", business_address="+15550100",
                        customer_address="+15550111", message={"text": "hi"})
        conv.append(s, ORG, c.id, conv.MessageIn(direction="outbound", sender="bot", text="An agent will be with you"))
        s.commit()
    clock.configure(advance_s=5)
    with db.session() as s:
        conv.add_participant(s, ORG, c.id, agent_id="agent-1", agent_name="Agent One")
        conv.add_participant(s, ORG, c.id, agent_id="agent-1")  # idempotent
        m = conv.append(s, ORG, c.id, conv.MessageIn(direction="outbound", sender="agent:agent-1", text="How can I help?"))
        assert m.delivery_status == "submitted"
        conv.add_participant(s, ORG, c.id, agent_id="agent-2")
        v = conv.remove_participant(s, ORG, c.id, agent_id="agent-1")
        assert v.agent_ids == ["agent-2"]
        assert [(p.kind, p.ref, p.present) for p in v.participants] == [
            ("customer", "+15550111", True), ("bot", "bot", True), ("agent", "agent-1", False), ("agent", "agent-2", True)]
        with pytest.raises(conv.ConversationError):
            conv.remove_participant(s, ORG, c.id, agent_id="agent-1")
        closed = conv.close(s, ORG, c.id, closed_by="agent-2")
        assert closed.status == "closed" and closed.closed_by == "agent-2" and closed.closed_ms == clock.now_ms()
        assert all(not p.present for p in closed.participants)
        s.commit()
    ev = _events(ConversationClosed)[-1]
    assert ev.conversation_id == c.id and ev.closed_by == "agent-2"


def test_v21_search_reopen_within_window_and_v3_resolve():
    with db.session() as s:
        c = conv.create(s, ORG, channel="messenger", asset_id="a-fb", business_address="page-1", customer_address="psid-9",
                        message={"text": "first"})
        conv.close(s, ORG, c.id, closed_by="agent-1")
        found = conv.search(s, ORG, channel="messenger", customer_address="psid-9", business_address="page-1")
        assert found.status == "closed"
        again = conv.reopen(s, ORG, c.id)
        assert again.status == "active" and again.reopened_count == 1 and again.closed_by is None
        r = conv.resolve(s, ORG, channel="messenger", asset_id="a-fb", business_address="page-1", customer_address="psid-9",
                         customer_name=None, message={"text": "second"})
        assert r.operation == "appended" and r.conversation.id == c.id and r.message.seq == 2
        conv.close(s, ORG, c.id, closed_by="agent-1")
        r = conv.resolve(s, ORG, channel="messenger", asset_id="a-fb", business_address="page-1", customer_address="psid-9",
                         customer_name=None, message={"text": "third"})
        assert r.operation == "reopened" and r.conversation.id == c.id
        conv.close(s, ORG, c.id, closed_by="agent-1")
        s.commit()
    clock.configure(advance_s=8 * 24 * 3600)  # beyond the 7-day re-open window
    with db.session() as s:
        with pytest.raises(conv.ConversationError) as e:
            conv.reopen(s, ORG, c.id)
        assert e.value.code == "CLOSED"
        r = conv.resolve(s, ORG, channel="messenger", asset_id="a-fb", business_address="page-1", customer_address="psid-9",
                         customer_name=None, message={"text": "much later"})
        assert r.operation == "created" and r.conversation.id != c.id
        s.commit()


def test_chat_is_never_reopened_and_email_threads_by_in_reply_to_then_subject():
    with db.session() as s:
        chat = conv.resolve(s, ORG, channel="chat", asset_id="a-chat", business_address=APP, customer_address=FP,
                            customer_name="V", message={"text": "hi"}, thread_id="t1")
        conv.close(s, ORG, chat.conversation.id, closed_by="customer")
        with pytest.raises(conv.ConversationError):
            conv.reopen(s, ORG, chat.conversation.id)
        nxt = conv.resolve(s, ORG, channel="chat", asset_id="a-chat", business_address=APP, customer_address=FP,
                           customer_name="V", message={"text": "back"}, thread_id="t1")
        assert nxt.operation == "created"

        first = conv.resolve(s, ORG, channel="email", asset_id="a-mail", business_address=MAILBOX, customer_address=CUSTOMER,
                             customer_name="Jane", message={"text": "My order", "subject": "Order 42",
                                                           "message_id": "<m1@example.org>"})
        assert first.operation == "created" and first.conversation.subject == "Order 42"
        cid = first.conversation.id
        conv.add_participant(s, ORG, cid, agent_id="a1")
        reply = conv.append(s, ORG, cid, conv.MessageIn(direction="outbound", sender="agent:a1", text="On its way",
                                                        subject="Re: Order 42"))
        assert reply.message_id  # an agent's email gets a Message-ID so the customer's answer threads
        by_header = conv.resolve(s, ORG, channel="email", asset_id="a-mail", business_address=MAILBOX,
                                 customer_address=CUSTOMER, customer_name="Jane",
                                 message={"text": "thanks", "subject": "something else", "in_reply_to": reply.message_id})
        assert by_header.operation == "appended" and by_header.conversation.id == cid
        by_subject = conv.resolve(s, ORG, channel="email", asset_id="a-mail", business_address=MAILBOX,
                                  customer_address=CUSTOMER, customer_name="Jane",
                                  message={"text": "one more", "subject": "RE: Fwd: order 42"})
        assert by_subject.conversation.id == cid
        other = conv.resolve(s, ORG, channel="email", asset_id="a-mail", business_address=MAILBOX, customer_address=CUSTOMER,
                             customer_name="Jane", message={"text": "new topic", "subject": "Invoice"})
        assert other.operation == "created" and other.conversation.id != cid
        s.commit()


def test_transcript_limits():
    with db.session() as s:
        c = conv.create(s, ORG, channel="sms", asset_id="a", business_address="+1", customer_address="+2", message={"text": "x"})
        for bad in ({"offset": -1}, {"limit": 0}, {"limit": 501}):
            with pytest.raises(conv.ConversationError) as e:
                conv.transcript(s, ORG, c.id, **bad)
            assert e.value.code == "INVALID_DATA"
        assert len(conv.transcript(s, ORG, c.id, limit=500)) == 1
        s.rollback()


# --- rules on every message: attachments, PCI, blocklist --------------------------------------------------
def _pdf(with_image: bool, compressed: bool = False) -> bytes:
    import zlib

    body = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 >>" if with_image else b"<< /Type /Font >>"
    if compressed:
        data = zlib.compress(b"1 0 obj " + body + b" endobj")
        return b"%PDF-1.7\n2 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + data + b"\nendstream\nendobj\n%%EOF"
    return b"%PDF-1.4\n1 0 obj " + body + b" endobj\nBT (hello) Tj ET\n%%EOF"


def _ooxml(kind: str, media: bool) -> bytes:
    import io
    import zipfile

    root = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{root}/document.xml", "<doc>text only</doc>")
        if media:
            z.writestr(f"{root}/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"0" * 16)
    return buf.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize("name,content,refused", [
    ("notes.txt", b"plain text", None),
    ("scan.pdf", _pdf(True), "PDF that contains images"),
    ("scan2.pdf", _pdf(True, compressed=True), "PDF that contains images"),
    ("letter.pdf", _pdf(False), None),
    ("letter2.pdf", _pdf(False, compressed=True), None),
    ("report.docx", _ooxml("docx", True), "word/media/image1.png"),
    ("report2.docx", _ooxml("docx", False), None),
    ("sheet.xlsx", _ooxml("xlsx", True), "xl/media/"),
    ("deck.pptx", _ooxml("pptx", True), "ppt/media/"),
    ("photo.txt", PNG, "PNG image (detected from its content)"),
    ("fake.pdf", b"GIF89a......", "GIF image"),
    ("broken.docx", b"PK\x03\x04garbage", "damaged archive"),
])
def test_pci_rule_by_content(name, content, refused):
    with db.session() as s:
        c = conv.create(s, ORG, channel="email", asset_id="a", business_address=MAILBOX, customer_address=CUSTOMER)
        m = conv.append(s, ORG, c.id, conv.MessageIn(text="see attached", attachments=[
            {"fileName": name, "mimeType": "application/octet-stream", "content": content}]))
        s.rollback()
    (a,) = m.attachments
    if refused is None:
        assert a["dropped"] is False and a["reason"] is None and m.type == "text-with-attachments"
    else:
        assert a["dropped"] is True and refused in a["reason"] and m.type == "text", a
        assert m.dropped == [a]


def test_attachment_settings_per_channel(client, auth):
    admin = auth("admin", pod=POD)
    E = f"/engage/cl1pod{POD}"
    r = client.put(f"{E}/settings/attachments/whatsapp", headers=admin,
                   json={"maxSizeMB": 1, "maxCount": 1, "extensions": ["pdf", "txt"]})
    assert r.status_code == 200, r.text
    big = b"x" * (1024 * 1024 + 1)
    with db.session() as s:
        c = conv.create(s, ORG, channel="whatsapp", asset_id="a", business_address="+1", customer_address="+2")
        m = conv.append(s, ORG, c.id, conv.MessageIn(attachments=[
            {"fileName": "a.txt", "content": b"one"}, {"fileName": "b.txt", "content": b"two"},
            {"fileName": "c.docx", "content": _ooxml("docx", False)}, {"fileName": "d.txt", "content": big}]))
        s.commit()
    reasons = [a["reason"] for a in m.attachments]
    assert reasons[0] is None and m.type == "attachments"
    assert "at most 1 attachment" in reasons[1]
    assert "'.docx' files are not a supported format on whatsapp" in reasons[2]
    assert "at most 1 MB" in reasons[3]
    # the global switch drops everything, inbound and outbound
    assert client.put(f"{E}/settings/attachments", headers=admin, json={"enabled": False}).status_code == 200
    with db.session() as s:
        conv.add_participant(s, ORG, c.id, agent_id="a1")
        out = conv.append(s, ORG, c.id, conv.MessageIn(direction="outbound", sender="agent:a1", text="here",
                                                       attachments=[{"fileName": "x.pdf", "size": 10}]))
        s.commit()
    assert out.attachments[0]["dropped"] and "switched off" in out.attachments[0]["reason"]


def test_blocklist_masks_inbound_and_refuses_outbound_block_words(client, auth):
    admin = auth("admin", pod=POD)
    E = f"/engage/cl1pod{POD}/customer-care/blocklist"
    assert client.post(E, headers=admin, json={"word": "darn", "action": "block"}).status_code == 201
    assert client.post(E, headers=admin, json={"word": "heck", "action": "mask"}).status_code == 201
    with db.session() as s:
        c = conv.create(s, ORG, channel="chat", asset_id="a", business_address=APP, customer_address=FP)
        m = conv.append(s, ORG, c.id, {"text": "Darn it, what the HECK; darning is fine"})
        assert m.text == "**** it, what the ****; darning is fine" and m.masked == ("darn", "heck")
        conv.add_participant(s, ORG, c.id, agent_id="a1")
        with pytest.raises(conv.ConversationError) as e:
            conv.append(s, ORG, c.id, conv.MessageIn(direction="outbound", sender="agent:a1", text="darn"))
        assert e.value.code == "INVALID_DATA" and "darn" in e.value.message
        ok = conv.append(s, ORG, c.id, conv.MessageIn(direction="outbound", sender="agent:a1", text="what the heck"))
        assert ok.text == "what the ****"
        s.commit()
