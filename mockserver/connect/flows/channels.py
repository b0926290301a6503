"""Connect's channels at runtime: a customer's inbound message reaches an app asset, is logged,
and runs the live flow bound to that asset (or resumes the execution waiting on Receive for that
customer); outbound messages (a flow's Send node, an agent's reply Engage stored) are delivered
to the customer and logged with their delivery statuses. The message log feeds the customer
simulator's inbox, the dashboard counters, Export Logs and Debug."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.flows import engine
from mockserver.connect.flows.models import ConnectFlow, ConnectFlowBinding, ConnectFlowVersion, ConnectMessage
from mockserver.connect.services.models import ConnectService
from mockserver.connect.services.service import empty_stats
from mockserver.core.clock import clock, iso_ms
from mockserver.core.ids import ids

PREFIX = {"email": "email", "messenger": "messenger", "whatsapp": "whatsapp", "sms": "sms", "livechat": "inappmessaging"}
STAT_CHANNEL = {"email": "email", "messenger": "messenger", "whatsapp": "whatsapp", "sms": "sms", "livechat": "livechat"}
RECEIPT_CODES = {"Submitted": "7501", "Delivered": "7500", "Read": "7502", "Failed": "7010"}


class DeliveryError(Exception):
    pass


def _count(session: Session, service_id: str | None, channel: str, *counters: str, flow_id: str | None = None) -> None:
    svc = session.get(ConnectService, service_id) if service_id else None
    if svc is None:
        return
    stats = json.loads(json.dumps(svc.stats or empty_stats()))  # a new object: the JSON column sees the change
    ch = stats.setdefault("channels", {}).setdefault(STAT_CHANNEL.get(channel, channel), {})
    for c in counters:
        ch[c] = int(ch.get(c, 0)) + 1
    if flow_id:
        fl = stats.setdefault("flows", {}).setdefault(flow_id, {"executions": 0})
        fl["executions"] = int(fl.get("executions", 0)) + 1
    svc.stats = stats
    session.add(svc)


def message_json(m: ConnectMessage) -> dict[str, Any]:
    return {"transid": m.id, "direction": m.direction, "channel": m.channel, "assetId": m.asset_id, "appId": m.app_id,
            "serviceId": m.service_id, "flowId": m.flow_id, "transactionId": m.transaction_id,
            "customerAddress": m.customer_address, "businessAddress": m.business_address, "event": m.event,
            "subject": m.subject or None, "text": m.text, "html": m.html, "attachments": m.attachments, "status": m.status,
            "statuses": m.statuses, "meta": m.meta, "at": iso_ms(m.created_ms)}


# --- inbound -----------------------------------------------------------------------------------------
def asset_for(session: Session, channel: str, to: str) -> ConnectAsset | None:
    """The app a customer's message reaches: email by the app's forwarding address, Messenger by page
    id or App ID, WhatsApp and SMS by number, live chat by App ID."""
    to = (to or "").strip()
    q = select(ConnectAsset).where(ConnectAsset.kind == "app", ConnectAsset.channel == channel)
    if channel == "email":
        for a in session.exec(q).all():
            if (a.config.get("forwardingAddress") or "").lower() == to.lower():
                return a
        return None
    if channel in ("whatsapp", "sms"):
        digits = to.lstrip("+")
        for a in session.exec(q).all():
            if a.address.lstrip("+") == digits:
                return a
        return None
    return session.exec(q.where((ConnectAsset.app_id == to) | (ConnectAsset.address == to))).first()


def start_variables(channel: str, a: ConnectAsset, msg: ConnectMessage, extra: dict[str, Any]) -> dict[str, Any]:
    p = PREFIX[channel]
    ts = msg.created_ms
    atts = json.dumps(msg.attachments, separators=(",", ":"))
    base: dict[str, Any] = {"transId": msg.id, "appId": a.app_id, "message": msg.text, "attachments": atts}
    if channel == "email":
        base.update({"subject": msg.subject, "emailId": msg.customer_address, "senderName": extra.get("senderName") or "",
                     "timestamp": iso_ms(ts), "toAddresses": json.dumps(extra.get("to") or [msg.business_address]),
                     "ccRecipients": json.dumps(extra.get("cc") or []), "bccRecipients": "[]", "htmlMessage": msg.html or "",
                     "inReplyTo": extra.get("inReplyTo") or "", "messageId": extra.get("messageId") or "",
                     "strippedText": msg.text, "strippedHTML": msg.html or "", "assetType": "AWS SES", "headers": "{}"})
    elif channel == "messenger":
        base.update({"psId": msg.customer_address, "name": extra.get("name") or "", "timestamp": str(ts),
                     "ts": str(ts), "profilePicture": ""})
    elif channel == "whatsapp":
        base.update({"waId": msg.customer_address.lstrip("+"), "username": extra.get("name") or "", "timestamp": str(ts // 1000),
                     "type": "document" if msg.attachments else "text", "contacts": "[]"})
    elif channel == "sms":
        base.update({"senderNumber": msg.customer_address, "serviceNumber": a.address, "timestamp": iso_ms(ts), "ts": iso_ms(ts),
                     "keyword": (msg.text.split() or [""])[0].upper()})
    elif channel == "livechat":
        base.update({"userId": msg.customer_address, "threadId": extra.get("threadId") or "", "threadTitle": "Conversation",
                     "threadStatus": "Active", "customerName": extra.get("name") or "", "customerEmail": extra.get("email") or "",
                     "timestamp": iso_ms(ts), "attachment": atts, "extras": json.dumps(extra.get("extras") or {}),
                     "origin": extra.get("origin") or "", "reasonForThreadClosure": extra.get("reason") or ""})
    return {f"{p}.{k}": v for k, v in base.items()}


def inbound(session: Session, *, channel: str, asset: ConnectAsset, customer: str, text: str = "", subject: str = "",
            html: str | None = None, attachments: list[dict[str, Any]] | None = None, event: str = "incomingMessage",
            extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A customer's message reached ``asset``: log it, run (or resume) its live flow. Commits."""
    extra = extra or {}
    now = clock.now_ms()
    svc_id = asset.registered_service_id
    msg = ConnectMessage(id=ids.uuid(), pod=asset.pod, org_id=asset.org_id, tenant_id=asset.tenant_id, direction="inbound",
                         channel=channel, asset_id=asset.id, app_id=asset.app_id, customer_address=customer,
                         business_address=asset.address, event=event, subject=subject or "", text=text or "", html=html,
                         attachments=list(attachments or []), status="Received", statuses=[{"status": "Received", "at": iso_ms(now)}],
                         meta={k: v for k, v in extra.items() if isinstance(v, (str, int, float, bool, list, dict))},
                         created_ms=now)
    out: dict[str, Any] = {"transid": msg.id, "assetId": asset.id, "appId": asset.app_id, "handled": False}
    waiting = engine.waiting_for(session, asset.id, customer) if event == "incomingMessage" else None
    ex = None
    if waiting is not None:
        p = "receive."
        outputs = {p + "message": text, p + "channel": channel, p + "attachment": json.dumps(msg.attachments),
                   p + "payload": json.dumps({"text": text, "subject": subject}),
                   **{k: v for k, v in start_variables(channel, asset, msg, extra).items()}}
        msg.flow_id, msg.transaction_id, svc_id = waiting.flow_id, waiting.id, waiting.service_id
        ex = engine.resume(session, waiting, "received", outputs)
    else:
        binding = session.exec(select(ConnectFlowBinding).where(ConnectFlowBinding.kind == "channel",
                                                                ConnectFlowBinding.key == asset.id,
                                                                ConnectFlowBinding.event == event)).first()
        if binding is None:
            publishing = _publishing_for(session, asset.id)
            msg.status = "Rejected" if publishing else "No live flow"
            out["reason"] = (f"flow '{publishing}' is still publishing and has no earlier live version: the message is rejected"
                             if publishing else "no live flow is triggered by this app and event: the message is logged, nothing runs")
        else:
            flow = session.get(ConnectFlow, binding.flow_id)
            version = session.get(ConnectFlowVersion, f"{binding.flow_id}:{binding.version}")
            svc = session.get(ConnectService, flow.service_id) if flow else None
            if flow is not None and version is not None:
                svc_id = flow.service_id
                msg.flow_id = flow.id
                link = {"channel": channel, "assetId": asset.id, "appId": asset.app_id, "customerAddress": customer,
                        "businessAddress": asset.address}
                ex = engine.start(session, flow, version, trigger=f"channel:{channel}:{event}",
                                  start_vars=start_variables(channel, asset, msg, extra), link=link, asset_id=asset.id,
                                  customer_address=customer, service_key=svc.service_key if svc else "")
                msg.transaction_id = ex.id
    msg.service_id = svc_id
    session.add(msg)
    _count(session, svc_id, channel, "inbound", flow_id=msg.flow_id if ex is not None else None)
    if ex is not None:
        out.update({"handled": True, "transactionId": ex.id, "flowId": ex.flow_id, "execution": ex.status,
                    "reason": ex.reason})
    session.commit()
    return out


def _publishing_for(session: Session, asset_id: str) -> str | None:
    for f in session.exec(select(ConnectFlow).where(ConnectFlow.publishing_version.is_not(None))).all():  # type: ignore[union-attr]
        v = session.get(ConnectFlowVersion, f"{f.id}:{f.publishing_version}")
        if v is not None and asset_id in v.asset_ids:
            return f.name
    return None


# --- outbound ----------------------------------------------------------------------------------------
def deliver(session: Session, *, org_id: str, tenant_id: str, pod: int, channel: str, asset_id: str | None, to: str,
            text: str, html: str | None = None, subject: str = "", event: str = "", service_id: str | None = None,
            flow_id: str | None = None, transaction_id: str | None = None, sender: str = "flow") -> ConnectMessage:
    """Delivers a message to a customer through the app (in the caller's transaction)."""
    a = session.get(ConnectAsset, asset_id) if asset_id else None
    if a is None:
        a = session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == tenant_id, ConnectAsset.kind == "app",
                                                    ConnectAsset.channel == channel)).first()
    if a is None or a.channel != channel:
        raise DeliveryError(f"no {channel} app to send from")
    if channel == "email" and "@" not in to:
        raise DeliveryError(f"'{to}' is not an email address")
    now = clock.now_ms()
    stamp = iso_ms(now)
    m = ConnectMessage(id=ids.uuid(), pod=pod, org_id=org_id, tenant_id=tenant_id, direction="outbound", channel=channel,
                       asset_id=a.id, app_id=a.app_id, service_id=service_id or a.registered_service_id, flow_id=flow_id,
                       transaction_id=transaction_id, customer_address=to, business_address=a.address, event=event,
                       subject=subject, text=text, html=html, status="Delivered",
                       statuses=[{"status": "Submitted", "code": "7501", "at": stamp},
                                 {"status": "Delivered", "code": "7500", "at": stamp}],
                       meta={"sender": sender}, created_ms=now)
    session.add(m)
    _count(session, m.service_id, channel, "outbound", "submitted", "delivered")
    return m


def received(session: Session, channel: str | None, address: str, limit: int = 100) -> list[dict[str, Any]]:
    q = select(ConnectMessage).where(ConnectMessage.direction == "outbound")
    addresses = {address, address.lower(), "+" + address.lstrip("+"), address.lstrip("+")}
    q = q.where(ConnectMessage.customer_address.in_(addresses))  # type: ignore[attr-defined]
    if channel:
        q = q.where(ConnectMessage.channel == channel)
    rows = session.exec(q.order_by(ConnectMessage.created_ms, ConnectMessage.id).limit(limit)).all()
    return [message_json(m) for m in rows]


ENGAGE_TO_CONNECT = {"chat": "livechat", "email": "email", "messenger": "messenger", "whatsapp": "whatsapp", "sms": "sms"}


def on_conversation_message(event: Any) -> None:
    """Engage stored an outbound message (an agent's reply): Connect's channel on that asset delivers it."""
    from mockserver.core.db import db

    if getattr(event, "direction", "") != "outbound":
        return
    channel = ENGAGE_TO_CONNECT.get(event.channel, event.channel)
    with db.session() as session:
        a = session.get(ConnectAsset, event.asset_id)
        if a is None:
            a = session.exec(select(ConnectAsset).where(ConnectAsset.org_id == event.org_id, ConnectAsset.kind == "app",
                                                        ConnectAsset.channel == channel,
                                                        ConnectAsset.address == event.business_address)).first()
        if a is None:
            return
        m = deliver(session, org_id=a.org_id, tenant_id=a.tenant_id, pod=a.pod, channel=channel, asset_id=a.id,
                    to=event.customer_address, text=event.text or "", html=event.html, subject=event.subject or "",
                    event="conversation reply", sender=event.sender)
        # The channel's receipts go back to Engage, whose transcript and desktop show the message's
        # status (what the customer's side shows: submitted, then delivered).
        from mockserver.connect.flows.links import conversations

        store = conversations()
        for receipt in m.statuses:
            try:
                store.mark_delivery(session, event.org_id, event.conversation_id, event.message_id,
                                    receipt["status"].lower())
            except store.ConversationError:
                break  # the conversation or message is gone (a reset raced the delivery): nothing to report
        session.commit()


def _when(field: str, value: str | None) -> int | None:
    from mockserver.connect.errors import bad
    from mockserver.core.clock import parse_iso_ms

    if not value:
        return None
    try:
        return parse_iso_ms(value)
    except (ValueError, TypeError):
        raise bad(field, "must be an ISO 8601 time, e.g. 2026-01-31T00:00:00Z") from None


def log(session: Session, tenant_id: str, *, channel: str | None = None, direction: str | None = None,
        destination: str | None = None, app_id: str | None = None, start: str | None = None, end: str | None = None,
        limit: int = 100) -> list[dict[str, Any]]:
    """The message log, newest first (Debug's Historical Log, Query by Destination ID; Export Logs)."""
    from mockserver.connect.errors import bad

    if channel is not None and channel not in PREFIX:
        raise bad("channel", f"must be one of {', '.join(PREFIX)}")
    q = select(ConnectMessage).where(ConnectMessage.tenant_id == tenant_id)
    if channel:
        q = q.where(ConnectMessage.channel == channel)
    if direction:
        q = q.where(ConnectMessage.direction == direction)
    if destination:
        q = q.where(ConnectMessage.customer_address == destination.strip())
    if app_id:
        q = q.where(ConnectMessage.app_id == app_id)
    lo, hi = _when("from", start), _when("to", end)
    if lo is not None:
        q = q.where(ConnectMessage.created_ms >= lo)
    if hi is not None:
        q = q.where(ConnectMessage.created_ms < hi)
    rows = session.exec(q.order_by(ConnectMessage.created_ms.desc(), ConnectMessage.id).limit(limit)).all()  # type: ignore[union-attr]
    return [message_json(m) for m in rows]
