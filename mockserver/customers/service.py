"""The customer simulator's rules: where a customer's message goes, Gmail's forwarding, and what
a customer received."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.flows import public as connect
from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.customers.models import GmailForwarding

CHANNELS = ("email", "messenger", "whatsapp", "sms", "livechat")
GMAIL_FORWARDING_SENDER = "forwarding-noreply@google.com"


def _attachments(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for a in items:
        size = a.get("size")
        if a.get("content") is not None:
            try:
                size = len(base64.b64decode(a["content"], validate=True))
            except (binascii.Error, ValueError):
                raise ApiError(400, "Invalid attachment.", [f"attachments: '{a['fileName']}' content is not base64"]) from None
        out.append({"fileName": a["fileName"], "mimeType": a.get("mimeType") or "application/octet-stream", "size": size or 0})
    return out


def _account(session: Session, mailbox: str):  # noqa: ANN202
    from mockserver.providers.google import GoogleAccount

    return session.get(GoogleAccount, mailbox.lower())


def _mailbox_exists(session: Session, mailbox: str) -> bool:
    return _account(session, mailbox) is not None


def _forwarding(session: Session, mailbox: str) -> list[GmailForwarding]:
    return list(session.exec(select(GmailForwarding).where(GmailForwarding.mailbox == mailbox.lower())
                             .order_by(GmailForwarding.created_ms)).all())


def send_email(session: Session, body: dict[str, Any]) -> dict[str, Any]:
    sender = body["from_"].strip().lower()
    if "@" not in sender:
        raise ApiError(400, "Invalid email.", ["from: must be an email address"])
    atts = _attachments(body.get("attachments") or [])
    forwarding = connect.email_forwarding_addresses(session)
    delivered, skipped = [], []
    recipients = [t.strip().lower() for t in body["to"]] + [c.strip().lower() for c in body.get("cc") or []]
    for to in dict.fromkeys(recipients):
        targets: list[str] = []
        if to in forwarding:
            targets = [to]
        elif _mailbox_exists(session, to):
            targets = [f.address for f in _forwarding(session, to) if f.enabled and f.status == "verified"]
            if not targets:
                skipped.append({"to": to, "reason": "the Gmail mailbox forwards to no confirmed address (Settings → "
                                                    "Forwarding and POP/IMAP): Connect does not see this email"})
        else:
            skipped.append({"to": to, "reason": "no email app's forwarding address and no POD mailbox"})
        for target in targets:
            if sender == to:
                skipped.append({"to": to, "reason": "an email whose sender is the recipient triggers no flow"})
                continue
            r = connect.customer_writes(session, channel="email", to=target, customer=sender, text=body.get("text") or "",
                                        subject=body.get("subject") or "", html=body.get("html"), attachments=atts,
                                        extra={"to": body["to"], "cc": body.get("cc") or [], "inReplyTo": body.get("inReplyTo"),
                                               "messageId": body.get("messageId") or f"<{ids.uuid()}@mail.sandbox.invalid>",
                                               "senderName": body.get("senderName") or "", "mailbox": to})
            delivered.append({"to": to, "forwardedTo": target, **r})
    session.commit()
    return {"delivered": delivered, "notDelivered": skipped}


def send_message(session: Session, channel: str, body: dict[str, Any]) -> dict[str, Any]:
    customer = body["from_"].strip()
    if channel in ("whatsapp", "sms"):
        digits = customer.lstrip("+")
        if not digits.isdigit() or not 6 <= len(digits) <= 15:
            raise ApiError(400, "Invalid number.", ["from: the customer's number in E.164 (e.g. +14155550100)"])
        customer = "+" + digits
    try:
        r = connect.customer_writes(session, channel=channel, to=body["to"], customer=customer, text=body.get("text") or "",
                                    attachments=_attachments(body.get("attachments") or []), event=body.get("event") or "incomingMessage",
                                    extra={"name": body.get("name") or ""})
    except connect.NoSuchApp as e:
        raise ApiError(404, "No such app.", [f"to: {e}"]) from None
    return {"delivered": [r]}


def send_livechat(session: Session, body: dict[str, Any]) -> dict[str, Any]:
    thread = body.get("threadId") or ids.uuid()
    try:
        r = connect.customer_writes(session, channel="livechat", to=body["appId"], customer=body["userId"],
                                    text=body.get("text") or "", attachments=_attachments(body.get("attachments") or []),
                                    event=body.get("event") or "incomingMessage",
                                    extra={"threadId": thread, "name": body.get("name") or "", "email": body.get("email") or "",
                                           "reason": body.get("reason") or ""})
    except connect.NoSuchApp as e:
        raise ApiError(404, "No such app.", [f"appId: {e}"]) from None
    return {"delivered": [{**r, "threadId": thread}]}


def received(session: Session, channel: str, address: str, limit: int) -> dict[str, Any]:
    if channel not in CHANNELS:
        raise ApiError(400, "Invalid channel.", [f"channel: one of {', '.join(CHANNELS)}"])
    items = connect.received(session, channel, address, limit)
    return {"items": items, "total": len(items)}


# --- Gmail: Settings → Forwarding and POP/IMAP -------------------------------------------------------
def _mailbox(session: Session, mailbox: str) -> str:
    mailbox = mailbox.strip().lower()
    if not _mailbox_exists(session, mailbox):
        raise ApiError(404, "No such mailbox.", [f"'{mailbox}' is not a POD's Gmail mailbox (GET /sandbox/pods/N lists it)"])
    return mailbox


def forwarding_json(session: Session, mailbox: str) -> dict[str, Any]:
    return {"mailbox": mailbox, "addresses": [{"address": f.address, "status": f.status, "enabled": f.enabled,
                                               "addedAt": iso_ms(f.created_ms)} for f in _forwarding(session, mailbox)]}


def add_forwarding(session: Session, mailbox: str, address: str) -> dict[str, Any]:
    """"Add a forwarding address": Gmail mails a confirmation code to that address."""
    mailbox, address = _mailbox(session, mailbox), address.strip().lower()
    if "@" not in address:
        raise ApiError(400, "Invalid address.", ["forwardingAddress: must be an email address"])
    code = str(int(ids.hex(5), 16) % 10 ** 9).rjust(9, "1")
    row = session.get(GmailForwarding, f"{mailbox}|{address}")
    if row is None:
        row = GmailForwarding(id=f"{mailbox}|{address}", pod=_account(session, mailbox).pod, mailbox=mailbox, address=address, code=code,
                              created_ms=clock.now_ms())
    row.code = code
    session.add(row)
    subject = f"(#{code}) Gmail Forwarding Confirmation - Receive Mail from {mailbox}"
    text = (f"{mailbox} has requested to automatically forward mail to your email address {address}.\n"
            f"Confirmation code: {code}\n\nTo allow {mailbox} to automatically forward mail to your address, "
            "click the link below to confirm the request.")
    delivery: dict[str, Any] = {"delivered": False}
    if address in connect.email_forwarding_addresses(session):
        delivery = {"delivered": True, **connect.customer_writes(
            session, channel="email", to=address, customer=GMAIL_FORWARDING_SENDER, text=text, subject=subject,
            extra={"to": [address], "senderName": "Gmail Team", "mailbox": mailbox})}
    session.commit()
    return {**forwarding_json(session, mailbox), "confirmationEmail": {"to": address, "subject": "(#…) Gmail Forwarding "
            f"Confirmation - Receive Mail from {mailbox}", **delivery}}


def verify_forwarding(session: Session, mailbox: str, address: str, code: str) -> dict[str, Any]:
    mailbox = _mailbox(session, mailbox)
    row = session.get(GmailForwarding, f"{mailbox}|{address.strip().lower()}")
    if row is None:
        raise ApiError(404, "No such forwarding address.", [f"add '{address}' as a forwarding address first"])
    if code.strip().lstrip("#") != row.code:
        raise ApiError(400, "Invalid code.", ["code: does not match the confirmation code Gmail sent (read it in Connect's "
                                              "Export Logs, Incoming Email, Subject column)"])
    row.status = "verified"
    session.add(row)
    session.commit()
    return forwarding_json(session, mailbox)


def enable_forwarding(session: Session, mailbox: str, address: str | None) -> dict[str, Any]:
    """"Forward a copy of incoming mail to" the verified address (None: disable forwarding)."""
    mailbox = _mailbox(session, mailbox)
    rows = _forwarding(session, mailbox)
    if address is not None:
        target = next((r for r in rows if r.address == address.strip().lower()), None)
        if target is None or target.status != "verified":
            raise ApiError(400, "Unverified address.", [f"forwardingAddress: '{address}' is not a verified forwarding address"])
    for r in rows:
        r.enabled = address is not None and r.address == address.strip().lower()
        session.add(r)
    session.commit()
    return forwarding_json(session, mailbox)
