"""The conversation store's rules. Every function works in the caller's session and never commits
(the flow engine runs a node inside its own transaction; the HTTP routes commit themselves). Events
(ConversationMessageAdded, ConversationClosed) are queued on the session and published only after
that session commits: a rolled-back node publishes nothing.

Matching (search / resolve), as Engage's Resolve Conversation documents it (connect-api.md §4.2):
- chat: customer (browser fingerprint) + app id + thread id; a closed chat is never re-opened;
- email: the In-Reply-To header against the conversation's Message-IDs first, then customer +
  mailbox + subject (without Re:/Fwd:);
- social (sms, messenger, whatsapp, apple): customer + business address.
An open conversation is preferred to a closed one, then the most recent.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Iterable, Optional

from sqlalchemy import event as sa_event
from sqlmodel import Session, col, select

from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.core.events import dispatcher
from mockserver.core.ids import ids
from mockserver.engage.conversations import rules
from mockserver.engage.conversations.models import EngageConversation, EngageMessage, EngageParticipant
from mockserver.engage.conversations.views import (ConversationError, ConversationView, MessageIn, MessageView,
                                                   ParticipantView, Resolution)
from mockserver.engage.models import EngageTenant
from mockserver.events import ConversationClosed, ConversationMessageAdded

CHANNELS = ("email", "chat", "sms", "messenger", "whatsapp", "apple")
OPEN = ("active", "queued", "onhold")
DIRECTIONS = ("inbound", "outbound", "announcement")
# Decision (docs/fidelity.md): a closed email or social conversation may be re-opened for 7 days
# after it closed; later, a new conversation starts. Live chat is never re-opened.
REOPEN_WINDOW_MS = 7 * 24 * 3600 * 1000
TRANSCRIPT_MAX = 500  # Fetch transcript: limit default 10, max 500
TEXT_MAX = 100_000
_SENDER = re.compile(r"^(customer|bot|system|agent:[^\s]{1,100})$")
_SUBJECT_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|sv)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


# --- events after the caller's commit ----------------------------------------------------------------
_PENDING = "engage.conversations.pending"


def _flush(session: Session) -> None:
    for e in session.info.pop(_PENDING, []):
        try:
            dispatcher.publish(e)
        except Exception:  # noqa: BLE001 - the write is committed: a failing subscriber must not undo the answer
            logging.getLogger("mockserver.engage").exception("a subscriber of %s failed", type(e).__name__)


def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)


def publish_after_commit(session: Session, e: Any) -> None:
    if not session.info.get(_PENDING + ".hooked"):
        sa_event.listen(session, "after_commit", _flush)
        sa_event.listen(session, "after_rollback", _drop)
        session.info[_PENDING + ".hooked"] = True
    session.info.setdefault(_PENDING, []).append(e)


# --- views -----------------------------------------------------------------------------------------------
def _participants(session: Session, conversation_id: str) -> list[EngageParticipant]:
    return list(session.exec(select(EngageParticipant).where(EngageParticipant.conversation_id == conversation_id)
                             .order_by(EngageParticipant.position)).all())


def view(session: Session, c: EngageConversation) -> ConversationView:
    parts = tuple(ParticipantView(p.kind, p.ref, p.name, p.joined_ms, p.left_ms) for p in _participants(session, c.id))
    return ConversationView(
        id=c.id, alias_id=c.alias_id, org_id=c.org_id, channel=c.channel, asset_id=c.asset_id,
        business_address=c.business_address, customer_address=c.customer_address, customer_name=c.customer_name,
        subject=c.subject, thread_id=c.thread_id, status=c.status, created_ms=c.created_ms, updated_ms=c.updated_ms,
        closed_ms=c.closed_ms, closed_by=c.closed_by, message_count=c.message_count, reopened_count=c.reopened_count,
        participants=parts)


def message_view(m: EngageMessage) -> MessageView:
    return MessageView(
        id=m.id, conversation_id=m.conversation_id, seq=m.seq, direction=m.direction, sender=m.sender,
        sender_name=m.sender_name, type=m.type, text=m.text, html=m.html, subject=m.subject,
        attachments=tuple(dict(a) for a in m.attachments), in_reply_to=m.in_reply_to, message_id=m.message_id,
        masked=tuple(m.masked), timestamp_ms=m.created_ms, delivery_status=m.delivery_status)


# --- lookups ---------------------------------------------------------------------------------------------
def _tenant(session: Session, org_id: str) -> EngageTenant:
    t = session.get(EngageTenant, org_id)
    if t is None or not t.provisioned:
        raise ConversationError("NOT_AUTHORIZED", f"organization {org_id} has no provisioned Webex Engage tenant "
                                "(Control Hub → Contact Center → Settings → Digital → Provision Digital Channels)")
    return t


def row(session: Session, org_id: str, conversation_id: str) -> EngageConversation:
    c = session.get(EngageConversation, conversation_id) if isinstance(conversation_id, str) and conversation_id else None
    if c is None or c.org_id != org_id:
        raise ConversationError("NOT_FOUND", f"conversation '{conversation_id}' does not exist in this Engage tenant")
    return c


def get(session: Session, org_id: str, conversation_id: str) -> ConversationView:
    return view(session, row(session, org_id, conversation_id))


def _need(name: str, value: Any, max_len: int = 320) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConversationError("INVALID_DATA", f"{name}: is required")
    if len(value) > max_len:
        raise ConversationError("INVALID_DATA", f"{name}: at most {max_len} characters")
    return value.strip()


def _channel(channel: Any) -> str:
    c = str(channel or "").strip().lower()
    aliases = {"livechat": "chat", "web": "chat", "facebook": "messenger", "fb": "messenger", "wa": "whatsapp",
               "abc": "apple"}
    c = aliases.get(c, c)
    if c not in CHANNELS:
        raise ConversationError("INVALID_DATA", f"channel: '{channel}' is not a channel; one of: {', '.join(CHANNELS)}")
    return c


def normal_subject(subject: Optional[str]) -> Optional[str]:
    if subject is None:
        return None
    s = _SUBJECT_PREFIX.sub("", subject).strip()
    return " ".join(s.split()).lower() or None


def _candidates(session: Session, org_id: str, channel: str, business: str, customer: str) -> list[EngageConversation]:
    rows = session.exec(select(EngageConversation).where(
        EngageConversation.org_id == org_id, EngageConversation.channel == channel,
        EngageConversation.business_address == business, EngageConversation.customer_address == customer)).all()
    # open first, then the most recent
    return sorted(rows, key=lambda c: (c.status in OPEN, c.updated_ms, c.created_ms), reverse=True)


def _search_row(session: Session, org_id: str, *, channel: str, customer_address: str, business_address: str,
                subject: Optional[str], in_reply_to: Optional[str], thread_id: Optional[str]) -> Optional[EngageConversation]:
    channel = _channel(channel)
    customer = _need("customer_address", customer_address)
    business = _need("business_address", business_address)
    rows = _candidates(session, org_id, channel, business, customer)
    if channel == "chat":
        if thread_id:
            rows = [c for c in rows if c.thread_id == thread_id]
        return rows[0] if rows else None
    if channel == "email":
        if in_reply_to:
            ref = in_reply_to.strip()
            for c in rows:
                if ref in (c.email_ids or []):
                    return c
        wanted = normal_subject(subject)
        if wanted is not None:
            rows = [c for c in rows if normal_subject(c.subject) == wanted]
        return rows[0] if rows else None
    return rows[0] if rows else None


def search(session: Session, org_id: str, *, channel: str, customer_address: str, business_address: str,
           subject: Optional[str] = None, in_reply_to: Optional[str] = None,
           thread_id: Optional[str] = None) -> Optional[ConversationView]:
    _tenant(session, org_id)
    c = _search_row(session, org_id, channel=channel, customer_address=customer_address,
                    business_address=business_address, subject=subject, in_reply_to=in_reply_to, thread_id=thread_id)
    return view(session, c) if c is not None else None


# --- writes ----------------------------------------------------------------------------------------------
def _next_alias(session: Session, org_id: str) -> str:
    # Writes are serialized (core/db.py), so the count is stable within this transaction.
    n = len(session.exec(select(EngageConversation.id).where(EngageConversation.org_id == org_id)).all())
    return str(100001 + n)


def _join(session: Session, c: EngageConversation, kind: str, ref: str, name: Optional[str], now: int) -> None:
    n = len(session.exec(select(EngageParticipant.id).where(EngageParticipant.conversation_id == c.id)).all())
    session.add(EngageParticipant(id=ids.uuid(), pod=c.pod, org_id=c.org_id, conversation_id=c.id, position=n, kind=kind,
                                  ref=ref, name=name, joined_ms=now))


def _create_row(session: Session, t: EngageTenant, *, channel: str, asset_id: str, business_address: str,
                customer_address: str, customer_name: Optional[str], subject: Optional[str],
                thread_id: Optional[str]) -> EngageConversation:
    now = clock.now_ms()
    c = EngageConversation(
        id=ids.hex(12), pod=t.pod, org_id=t.org_id, alias_id=_next_alias(session, t.org_id), channel=_channel(channel),
        asset_id=_need("asset_id", asset_id, 100), business_address=_need("business_address", business_address),
        customer_address=_need("customer_address", customer_address),
        customer_name=(customer_name or "").strip()[:200] or None,
        subject=(subject or "").strip()[:998] or None, thread_id=(thread_id or "").strip()[:100] or None,
        status="active", created_ms=now, updated_ms=now, email_ids=[])
    session.add(c)
    _join(session, c, "customer", c.customer_address, c.customer_name, now)
    return c


def create(session: Session, org_id: str, *, channel: str, asset_id: str, business_address: str,
           customer_address: str, customer_name: Optional[str] = None, message: Any = None,
           subject: Optional[str] = None, thread_id: Optional[str] = None) -> ConversationView:
    t = _tenant(session, org_id)
    msg = MessageIn.of(message) if message is not None else None
    if msg is not None:
        _check_message(msg)  # before anything is written
    c = _create_row(session, t, channel=channel, asset_id=asset_id, business_address=business_address,
                    customer_address=customer_address, customer_name=customer_name,
                    subject=subject if subject is not None else (msg.subject if msg else None), thread_id=thread_id)
    if msg is not None:
        _append_row(session, c, msg)
    session.flush()
    return view(session, c)


def _check_message(m: MessageIn) -> None:
    if m.direction not in DIRECTIONS:
        raise ConversationError("INVALID_DATA", f"direction: '{m.direction}' is not one of {', '.join(DIRECTIONS)}")
    if not isinstance(m.sender, str) or not _SENDER.match(m.sender):
        raise ConversationError("INVALID_DATA", f"sender: '{m.sender}' must be customer, bot, system or agent:<id>")
    if m.direction == "inbound" and m.sender != "customer":
        raise ConversationError("INVALID_DATA", "sender: inbound messages come from the customer")
    if m.direction != "inbound" and m.sender == "customer":
        raise ConversationError("INVALID_DATA", f"sender: a {m.direction} message does not come from the customer")
    if not isinstance(m.text, str) or len(m.text) > TEXT_MAX:
        raise ConversationError("INVALID_DATA", f"text: a string of at most {TEXT_MAX} characters")
    if m.html is not None and (not isinstance(m.html, str) or len(m.html) > TEXT_MAX * 5):
        raise ConversationError("INVALID_DATA", "html: a string of at most 500000 characters")
    if not isinstance(m.attachments, list) or len(m.attachments) > 50:
        raise ConversationError("INVALID_DATA", "attachments: a list of at most 50 files")
    for i, a in enumerate(m.attachments):
        if not isinstance(a, dict) or not isinstance(a.get("fileName"), str) or not a["fileName"].strip():
            raise ConversationError("INVALID_DATA", f"attachments[{i}].fileName: is required")
        content, size = a.get("content"), a.get("size")
        if content is not None and not isinstance(content, (bytes, bytearray)):
            raise ConversationError("INVALID_DATA", f"attachments[{i}].content: bytes expected")
        if content is None and (not isinstance(size, int) or size < 0):
            raise ConversationError("INVALID_DATA", f"attachments[{i}]: content (bytes) or size (bytes, >= 0) is required")
    if not m.text.strip() and not (m.html or "").strip() and not m.attachments:
        raise ConversationError("INVALID_DATA", "text: a message needs text, HTML or at least one attachment")


def _append_row(session: Session, c: EngageConversation, m: MessageIn) -> EngageMessage:
    _check_message(m)
    if c.status == "closed":
        raise ConversationError("CLOSED", f"conversation '{c.id}' is closed; re-open it before appending")
    agent_id: Optional[str] = None
    if m.sender.startswith("agent:"):
        agent_id = m.sender.split(":", 1)[1]
        present = session.exec(select(EngageParticipant).where(
            EngageParticipant.conversation_id == c.id, EngageParticipant.kind == "agent",
            EngageParticipant.ref == agent_id, col(EngageParticipant.left_ms).is_(None))).first()
        if present is None:
            raise ConversationError("NOT_AUTHORIZED", f"agent '{agent_id}' is not a participant of conversation '{c.id}'")
    blk = rules.apply_blocklist(session, c.org_id, m.direction, m.text, m.html, m.subject)
    if blk.blocked:
        raise ConversationError("INVALID_DATA", "text: the message contains blocked word(s) ("
                                + ", ".join(blk.blocked) + "); remove them and send again (Customer Care → "
                                "Settings → MANAGE → Blocklist)")
    attachments = rules.apply_attachments(rules.attachment_policy(session, c.org_id, c.channel), c.channel,
                                          [dict(a) for a in m.attachments]) if m.attachments else []
    kept = [a for a in attachments if not a["dropped"]]
    has_text = bool(blk.text.strip() or (blk.html or "").strip())
    kind = "text-with-attachments" if has_text and kept else ("attachments" if kept else "text")
    now = clock.now_ms()
    c.message_count += 1
    msg = EngageMessage(
        id=ids.uuid(), pod=c.pod, org_id=c.org_id, conversation_id=c.id, seq=c.message_count, direction=m.direction,
        sender=m.sender, sender_name=(m.sender_name or None), type=kind, text=blk.text, html=blk.html,
        subject=blk.subject, attachments=attachments, in_reply_to=(m.in_reply_to or None),
        message_id=(m.message_id or None), masked=blk.masked, created_ms=now,
        delivery_status="received" if m.direction == "inbound" else "submitted")
    if c.channel == "email":
        if msg.message_id is None and m.direction != "inbound":
            msg.message_id = f"<{msg.id}@engage.sandbox>"  # an agent's email gets one, so replies thread
        if msg.message_id:
            c.email_ids = [*(c.email_ids or []), msg.message_id]
        if not c.subject and blk.subject:
            c.subject = blk.subject
    if m.sender == "bot":
        bot = session.exec(select(EngageParticipant).where(
            EngageParticipant.conversation_id == c.id, EngageParticipant.kind == "bot")).first()
        if bot is None:
            _join(session, c, "bot", "bot", m.sender_name or "Bot", now)
    c.updated_ms = c.last_message_ms = now
    session.add(c)
    session.add(msg)
    publish_after_commit(session, ConversationMessageAdded(
        org_id=c.org_id, conversation_id=c.id, message_id=msg.id, direction=msg.direction, channel=c.channel,
        asset_id=c.asset_id, customer_address=c.customer_address, business_address=c.business_address,
        sender=msg.sender, text=msg.text, html=msg.html, subject=msg.subject,
        attachments=tuple(a["fileName"] for a in kept)))
    return msg


def append(session: Session, org_id: str, conversation_id: str, message: Any) -> MessageView:
    c = row(session, org_id, conversation_id)  # a conversation exists only in a provisioned tenant
    msg = _append_row(session, c, MessageIn.of(message))
    session.flush()
    return message_view(msg)


def _reopen_row(session: Session, c: EngageConversation) -> None:
    if c.status in OPEN:
        return
    if c.channel == "chat":
        raise ConversationError("INVALID_DATA", f"conversation '{c.id}' is a live chat: a closed chat is never "
                                "re-opened; the customer's next message starts a new conversation")
    now = clock.now_ms()
    if c.closed_ms is not None and now - c.closed_ms > REOPEN_WINDOW_MS:
        raise ConversationError("CLOSED", f"conversation '{c.id}' closed more than 7 days ago, beyond the re-open "
                                "window; create a new conversation")
    c.status, c.closed_ms, c.closed_by = "active", None, None
    c.reopened_count += 1
    c.updated_ms = now
    session.add(c)
    cust = session.exec(select(EngageParticipant).where(
        EngageParticipant.conversation_id == c.id, EngageParticipant.kind == "customer",
        col(EngageParticipant.left_ms).is_(None))).first()
    if cust is None:
        _join(session, c, "customer", c.customer_address, c.customer_name, now)


def reopen(session: Session, org_id: str, conversation_id: str) -> ConversationView:
    _tenant(session, org_id)
    c = row(session, org_id, conversation_id)
    _reopen_row(session, c)
    session.flush()
    return view(session, c)


def resolve(session: Session, org_id: str, *, channel: str, asset_id: str, business_address: str,
            customer_address: str, customer_name: Optional[str], message: Any, subject: Optional[str] = None,
            in_reply_to: Optional[str] = None, thread_id: Optional[str] = None) -> Resolution:
    t = _tenant(session, org_id)
    msg = MessageIn.of(message)
    _check_message(msg)
    subject = subject if subject is not None else msg.subject
    in_reply_to = in_reply_to if in_reply_to is not None else msg.in_reply_to
    ch = _channel(channel)
    c = _search_row(session, org_id, channel=ch, customer_address=customer_address, business_address=business_address,
                    subject=subject, in_reply_to=in_reply_to, thread_id=thread_id)
    operation = "appended"
    if c is not None and c.status not in OPEN:
        within = c.closed_ms is None or clock.now_ms() - c.closed_ms <= REOPEN_WINDOW_MS
        if ch != "chat" and within:
            _reopen_row(session, c)
            operation = "reopened"
        else:
            c = None
    if c is None:
        c = _create_row(session, t, channel=ch, asset_id=asset_id, business_address=business_address,
                        customer_address=customer_address, customer_name=customer_name, subject=subject,
                        thread_id=thread_id)
        operation = "created"
    m = _append_row(session, c, msg)
    session.flush()
    return Resolution(operation, view(session, c), message_view(m))


def add_participant(session: Session, org_id: str, conversation_id: str, *, agent_id: str,
                    agent_name: Optional[str] = None) -> ConversationView:
    _tenant(session, org_id)
    c = row(session, org_id, conversation_id)
    agent = _need("agent_id", agent_id, 100)
    if c.status == "closed":
        raise ConversationError("CLOSED", f"conversation '{c.id}' is closed; re-open it before adding an agent")
    present = session.exec(select(EngageParticipant).where(
        EngageParticipant.conversation_id == c.id, EngageParticipant.kind == "agent", EngageParticipant.ref == agent,
        col(EngageParticipant.left_ms).is_(None))).first()
    now = clock.now_ms()
    if present is None:  # adding an agent who is already there changes nothing
        _join(session, c, "agent", agent, (agent_name or "").strip()[:200] or None, now)
        c.status = "active"
        c.updated_ms = now
        session.add(c)
    session.flush()
    return view(session, c)


def remove_participant(session: Session, org_id: str, conversation_id: str, *, agent_id: str,
                       agent_name: Optional[str] = None) -> ConversationView:
    _tenant(session, org_id)
    c = row(session, org_id, conversation_id)
    agent = _need("agent_id", agent_id, 100)
    present = session.exec(select(EngageParticipant).where(
        EngageParticipant.conversation_id == c.id, EngageParticipant.kind == "agent", EngageParticipant.ref == agent,
        col(EngageParticipant.left_ms).is_(None))).first()
    if present is None:
        raise ConversationError("INVALID_DATA", f"agent '{agent}' is not a participant of conversation '{c.id}'")
    now = clock.now_ms()
    present.left_ms = now
    c.updated_ms = now
    session.add(present)
    session.add(c)
    session.flush()
    return view(session, c)


def close(session: Session, org_id: str, conversation_id: str, *, closed_by: str) -> ConversationView:
    _tenant(session, org_id)
    c = row(session, org_id, conversation_id)
    by = _need("closed_by", closed_by, 200)
    if c.status == "closed":
        raise ConversationError("CLOSED", f"conversation '{c.id}' is already closed")
    now = clock.now_ms()
    c.status, c.closed_ms, c.closed_by, c.updated_ms = "closed", now, by, now
    session.add(c)
    for p in session.exec(select(EngageParticipant).where(
            EngageParticipant.conversation_id == c.id, col(EngageParticipant.left_ms).is_(None))).all():
        p.left_ms = now
        session.add(p)
    publish_after_commit(session, ConversationClosed(org_id=c.org_id, conversation_id=c.id, closed_by=by))
    session.flush()
    return view(session, c)


DELIVERY = ("submitted", "delivered", "read", "failed")


def mark_delivery(session: Session, org_id: str, conversation_id: str, message_id: str, status: str) -> MessageView:
    """Connect's channel reports what became of an outbound message (delivery receipts). A status
    never goes back (read stays read); failed ends it."""
    c = row(session, org_id, conversation_id)
    m = session.get(EngageMessage, message_id) if isinstance(message_id, str) and message_id else None
    if m is None or m.conversation_id != c.id:
        raise ConversationError("NOT_FOUND", f"message '{message_id}' is not in conversation '{c.id}'")
    if status not in DELIVERY:
        raise ConversationError("INVALID_DATA", f"status: '{status}' is not one of {', '.join(DELIVERY)}")
    if m.direction == "inbound":
        raise ConversationError("INVALID_DATA", "status: inbound messages have no delivery status")
    if m.delivery_status != "failed" and DELIVERY.index(status) > DELIVERY.index(m.delivery_status):
        m.delivery_status = status
        session.add(m)
        session.flush()
    return message_view(m)


def transcript(session: Session, org_id: str, conversation_id: str, *, offset: int = 0,
               limit: int = 10) -> list[MessageView]:
    c = row(session, org_id, conversation_id)
    if not isinstance(offset, int) or offset < 0:
        raise ConversationError("INVALID_DATA", "offset: an integer >= 0")
    if not isinstance(limit, int) or not 1 <= limit <= TRANSCRIPT_MAX:
        raise ConversationError("INVALID_DATA", f"limit: an integer from 1 to {TRANSCRIPT_MAX}")
    session.flush()  # plain rows below bypass autoflush
    # Plain rows, not ORM objects: a 500-message page is read, never changed (half the cost).
    t = EngageMessage.__table__
    rows = session.connection().execute(
        select(t).where(t.c.conversation_id == c.id, t.c.seq > offset, t.c.seq <= offset + limit).order_by(t.c.seq)
    ).mappings().all()
    return [_row_view(r) for r in rows]


def _row_view(r: Any) -> MessageView:
    return MessageView(
        id=r["id"], conversation_id=r["conversation_id"], seq=r["seq"], direction=r["direction"], sender=r["sender"],
        sender_name=r["sender_name"], type=r["type"], text=r["text"], html=r["html"], subject=r["subject"],
        attachments=tuple(dict(a) for a in r["attachments"] or ()), in_reply_to=r["in_reply_to"],
        message_id=r["message_id"], masked=tuple(r["masked"] or ()), timestamp_ms=r["created_ms"],
        delivery_status=r["delivery_status"])


def conversations_of(session: Session, org_id: str, statuses: Iterable[str] | None = None) -> list[EngageConversation]:
    q = select(EngageConversation).where(EngageConversation.org_id == org_id)
    if statuses is not None:
        q = q.where(col(EngageConversation.status).in_(list(statuses)))
    return list(session.exec(q.order_by(col(EngageConversation.created_ms).desc())).all())


# --- what the portals and the agent's reply show ------------------------------------------------------------
def api_error(e: ConversationError) -> ApiError:
    status = {"NOT_FOUND": 404, "INVALID_DATA": 400, "CLOSED": 409, "NOT_AUTHORIZED": 403}[e.code]
    title = {404: "Conversation not found.", 400: "Invalid parameter - message", 409: "Conversation is closed.",
             403: "Not a participant."}[status]
    return ApiError(status, title, [e.message])


def find(session: Session, org_id: str, ref: str) -> EngageConversation:
    """By the conversation id Connect shows, or by its alias (what people read out)."""
    c = session.get(EngageConversation, ref) if ref else None
    if c is None or c.org_id != org_id:
        c = session.exec(select(EngageConversation).where(EngageConversation.org_id == org_id,
                                                          EngageConversation.alias_id == ref)).first()
    if c is None:
        raise ConversationError("NOT_FOUND", f"conversation '{ref}' does not exist in this Engage tenant "
                                "(search by the conversation id Connect shows, or its alias id)")
    return c


def _people(session: Session, org_id: str) -> dict[str, Any]:
    from mockserver.engage.users.models import EngageUser

    return {u.person_id: u for u in session.exec(select(EngageUser).where(EngageUser.org_id == org_id)).all()}


def _iso(ms: Optional[int]) -> Optional[str]:
    from mockserver.core.clock import iso_ms

    return iso_ms(ms) if ms is not None else None


def conversation_json(session: Session, c: EngageConversation, people: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    from mockserver.engage.channels.service import CHANNEL_LABEL

    people = people if people is not None else _people(session, c.org_id)
    parts = []
    for p in _participants(session, c.id):
        u = people.get(p.ref) if p.kind == "agent" else None
        parts.append({"type": p.kind, "id": p.ref, "name": p.name or (u.display_name if u else None),
                      "email": u.email if u else None, "joinedAt": _iso(p.joined_ms), "leftAt": _iso(p.left_ms)})
    return {
        "id": c.id, "aliasId": c.alias_id, "channel": c.channel, "channelLabel": CHANNEL_LABEL.get(c.channel, c.channel),
        "assetId": c.asset_id, "businessAddress": c.business_address, "customerAddress": c.customer_address,
        "customerName": c.customer_name, "subject": c.subject, "threadId": c.thread_id, "status": c.status,
        "createdAt": _iso(c.created_ms), "updatedAt": _iso(c.updated_ms), "closedAt": _iso(c.closed_ms),
        "closedBy": c.closed_by, "messageCount": c.message_count, "reopenedCount": c.reopened_count,
        "participants": parts, "agents": [p["id"] for p in parts if p["type"] == "agent" and p["leftAt"] is None],
    }


def message_json(m: MessageView, alias_id: str) -> dict[str, Any]:
    kind, _, ref = m.sender.partition(":")
    return {
        "id": m.id, "conversationId": m.conversation_id, "aliasId": alias_id, "seq": m.seq, "direction": m.direction,
        "type": m.type, "text": m.text, "html": m.html, "subject": m.subject,
        "attachments": [dict(a) for a in m.attachments],
        "sender": {"type": kind, "id": ref or None, "name": m.sender_name},
        "timestamp": _iso(m.timestamp_ms), "redacted": bool(m.masked), "maskedWords": list(m.masked),
        "deliveryStatus": m.delivery_status, "inReplyTo": m.in_reply_to, "messageId": m.message_id,
    }


def transcript_json(session: Session, org_id: str, ref: str, offset: int, limit: int) -> dict[str, Any]:
    c = find(session, org_id, ref)
    msgs = transcript(session, org_id, c.id, offset=offset, limit=limit)
    return {"conversation": conversation_json(session, c), "countOfRecords": c.message_count, "offset": offset,
            "limit": limit, "messages": [message_json(m, c.alias_id) for m in msgs]}


def transcript_text(session: Session, org_id: str, ref: str) -> tuple[str, str]:
    """The whole conversation as a text file a person reads: (file name, text)."""
    from datetime import datetime, timezone

    c = find(session, org_id, ref)
    conv = conversation_json(session, c)

    def when(ms: int) -> str:
        return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")

    names = {p["id"]: p["name"] or p["email"] or p["id"] for p in conv["participants"]}
    customer = c.customer_name or c.customer_address
    lines = [f"Conversation {c.id} (alias {c.alias_id})",
             f"Channel: {conv['channelLabel']}    Asset: {c.asset_id}    Business address: {c.business_address}",
             f"Customer: {customer} <{c.customer_address}>"]
    if c.subject:
        lines.append(f"Subject: {c.subject}")
    lines.append(f"Started: {when(c.created_ms)}    Status: {c.status}"
                 + (f" (closed by {c.closed_by} at {when(c.closed_ms)})" if c.closed_ms else ""))
    lines.append("Participants:")
    for p in conv["participants"]:
        left = f", left {p['leftAt']}" if p["leftAt"] else ""
        lines.append(f"  - {p['type']}: {names.get(p['id'], p['id'])} (joined {p['joinedAt']}{left})")
    lines.append("-" * 72)
    t = EngageMessage.__table__
    rows = session.connection().execute(select(t).where(t.c.conversation_id == c.id).order_by(t.c.seq)).mappings().all()
    for r in rows:
        m = _row_view(r)
        kind, _, ref_ = m.sender.partition(":")
        who = {"customer": customer, "bot": m.sender_name or "Bot", "system": "System"}.get(
            kind, m.sender_name or names.get(ref_, ref_))
        arrow = {"inbound": "customer", "outbound": "to customer", "announcement": "announcement"}[m.direction]
        lines.append(f"[{when(m.timestamp_ms)}] {who} ({arrow})")
        if m.subject and c.channel == "email":
            lines.append(f"  Subject: {m.subject}")
        for text_line in (m.text or "").splitlines() or ([""] if not m.attachments else []):
            lines.append(f"  {text_line}")
        for a in m.attachments:
            status = f"NOT ATTACHED: {a['reason']}" if a.get("dropped") else f"{a['size']} bytes"
            lines.append(f"  [attachment] {a['fileName']} ({a['mimeType']}) - {status}")
        if m.masked:
            lines.append(f"  (blocklist words masked: {', '.join(m.masked)})")
        lines.append("")
    lines.append(f"{c.message_count} message(s). Exported from Webex Engage (sandbox).")
    return f"transcript-{c.alias_id}-{c.id}.txt", "\n".join(lines) + "\n"


def list_json(session: Session, org_id: str, *, status: Optional[str], channel: Optional[str], agent: Optional[str],
              search_: Optional[str], page: int, size: int) -> dict[str, Any]:
    from mockserver.engage.errors import bad
    from mockserver.engage.schemas import page_json

    if status and status not in (*OPEN, "closed", "open"):
        raise bad("status", f"'{status}' is not a status; one of: active, queued, onhold, closed, open")
    if channel and channel not in CHANNELS:
        raise bad("channel", f"'{channel}' is not a channel; one of: {', '.join(CHANNELS)}")
    statuses = OPEN if status == "open" else ((status,) if status else None)
    people = _people(session, org_id)
    items = []
    needle = (search_ or "").strip().lower()
    for c in conversations_of(session, org_id, statuses):
        if channel and c.channel != channel:
            continue
        if needle and not any(needle in (x or "").lower() for x in (c.id, c.alias_id, c.customer_address, c.customer_name,
                                                                      c.subject, c.business_address)):
            continue
        j = conversation_json(session, c, people)
        if agent and agent not in j["agents"] and not any(
                p["type"] == "agent" and (p["id"] == agent or (p["email"] or "").lower() == agent.lower())
                for p in j["participants"] if p["leftAt"] is None):
            continue
        items.append(j)
    return page_json(items, page, size)


def agent_transcript(session: Session, org_id: str, ref: str, agent_person_id: str, offset: int,
                     limit: int) -> dict[str, Any]:
    """The conversation as the agent's desktop shows it: only for an agent who takes or took part."""
    c = find(session, org_id, ref)
    took_part = session.exec(select(EngageParticipant).where(
        EngageParticipant.conversation_id == c.id, EngageParticipant.kind == "agent",
        EngageParticipant.ref == agent_person_id)).first()
    if took_part is None:
        raise ConversationError("NOT_AUTHORIZED", f"you are not a participant of conversation '{c.id}'")
    return transcript_json(session, org_id, c.id, offset, limit)


def reply(session: Session, org_id: str, ref: str, agent_person_id: str, agent_name: Optional[str],
          body: dict[str, Any]) -> dict[str, Any]:
    """The agent's reply (desktop conversation panel): an outbound message from a participant agent."""
    import base64
    import binascii

    c = find(session, org_id, ref)
    u = _people(session, org_id).get(agent_person_id)
    agent_name = agent_name or (u.display_name if u else None)
    files = []
    for i, a in enumerate(body.get("attachments") or []):
        try:
            content = base64.b64decode(a["content"], validate=True)
        except (binascii.Error, ValueError):
            raise ConversationError("INVALID_DATA", f"attachments[{i}].content: not valid base64") from None
        files.append({"fileName": a["fileName"], "mimeType": a.get("mimeType"), "content": content})
    declared = body.get("type")
    if declared == "text" and files:
        raise ConversationError("INVALID_DATA", "type: 'text' messages carry no attachments (use text-with-attachments)")
    if declared in ("attachments", "text-with-attachments") and not files:
        raise ConversationError("INVALID_DATA", f"attachments: a '{declared}' message needs at least one attachment")
    if body.get("subject") is not None and c.channel != "email":
        raise ConversationError("INVALID_DATA", f"subject: only email replies have a subject (this is a {c.channel} conversation)")
    subject, in_reply_to = body.get("subject"), None
    if c.channel == "email":
        # The desktop's Reply answers the customer's last email: "Re: <its subject>" unless the agent
        # typed one, and In-Reply-To its Message-ID, so the customer's mail client threads the answer
        # and their next email comes back into this conversation.
        last_in = session.exec(select(EngageMessage).where(EngageMessage.conversation_id == c.id,
                                                           EngageMessage.direction == "inbound")
                               .order_by(col(EngageMessage.seq).desc())).first()
        if subject is None:
            base = ((last_in.subject if last_in else None) or c.subject or "").strip()
            subject = (base if _SUBJECT_PREFIX.match(base) else f"Re: {base}") if base else None
        in_reply_to = last_in.message_id if last_in else None
    m = append(session, org_id, c.id, MessageIn(direction="outbound", sender=f"agent:{agent_person_id}",
                                                sender_name=agent_name, text=body.get("text") or "",
                                                html=body.get("html"), subject=subject, in_reply_to=in_reply_to,
                                                attachments=files))
    return message_json(m, c.alias_id)
