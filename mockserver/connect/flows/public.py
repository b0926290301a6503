"""What parties outside Connect may call (the customer simulator, mockserver/customers): a customer's
message reaching an app, and what a customer received from Connect's channels. Each function
takes the caller's session and commits what it did."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.connect.flows import channels


class NoSuchApp(Exception):
    pass


def email_forwarding_addresses(session: Session) -> set[str]:
    from sqlmodel import select

    from mockserver.connect.assets.models import ConnectAsset

    rows = session.exec(select(ConnectAsset).where(ConnectAsset.kind == "app", ConnectAsset.channel == "email")).all()
    return {(a.config.get("forwardingAddress") or "").lower() for a in rows} - {""}


def customer_writes(session: Session, *, channel: str, to: str, customer: str, text: str = "", subject: str = "",
                    html: str | None = None, attachments: list[dict[str, Any]] | None = None,
                    event: str = "incomingMessage", extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A customer's message reaches the app at ``to`` (email: the forwarding address; Messenger: page
    id or App ID; WhatsApp / SMS: the number; live chat: the App ID). Raises NoSuchApp."""
    asset = channels.asset_for(session, channel, to)
    if asset is None:
        raise NoSuchApp(f"no {channel} app of any Connect tenant answers at '{to}'")
    return channels.inbound(session, channel=channel, asset=asset, customer=customer, text=text, subject=subject, html=html,
                            attachments=attachments, event=event, extra=extra)


def received(session: Session, channel: str | None, address: str, limit: int = 100) -> list[dict[str, Any]]:
    return channels.received(session, channel, address, limit)
