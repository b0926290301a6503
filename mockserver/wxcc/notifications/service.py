"""Subscriptions and frames: how an agent's websocket learns what happened.

A frame is posted to the outbox inside the transaction that caused it (``send``), so it exists
only if that change commits, and every worker hands it to the websockets it holds for that agent
(``hub.py``). Frames are addressed to one agent: nobody else's socket ever sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.core.ids import ids
from mockserver.core.outbox import outbox
from mockserver.wxcc.agents.errors import AqmError, FORBIDDEN
from mockserver.wxcc.notifications.models import WxccNotifSubscription

MAX_MULTI_LOGIN = 10  # NotificationRequest.allowMultiLogin: "Upto 10 multiple logins"
KEEPALIVE_DROP_S = 16  # NotificationRequest.isKeepAliveEnabled: dropped after 16 s of silence


@outbox.crosses
@dataclass(frozen=True)
class AgentFrame:
    """One websocket frame for one agent (every connection that agent holds, on any worker)."""

    pod: int
    org_id: str
    agent_id: str
    frame: dict[str, Any] = field(default_factory=dict)


@outbox.crosses
@dataclass(frozen=True)
class SubscriptionsRevoked:
    """A newer subscription replaced these (multi-login off): their sockets get AGENT_MULTI_LOGIN."""

    pod: int
    org_id: str
    agent_id: str
    subscription_ids: tuple[str, ...] = ()


def send(session: Session, *, pod: int, org_id: str, agent_id: str, category: str, data: dict[str, Any],
         tracking_id: str | None = None) -> dict[str, Any]:
    """Posts ``{type, orgId, trackingId, data}`` for the agent, in the caller's transaction."""
    frame = {"type": category, "orgId": org_id, "trackingId": tracking_id or ids.tracking("notifs"), "data": data}
    outbox.post(session, AgentFrame(pod=pod, org_id=org_id, agent_id=agent_id, frame=frame))
    return frame


def subscribe(session: Session, *, pod: int, org_id: str, agent_id: str, client_type: str, keepalive: bool,
              multi_login: bool, force: bool, base_url: str) -> dict[str, str]:
    live = list(session.exec(select(WxccNotifSubscription).where(
        WxccNotifSubscription.agent_id == agent_id, WxccNotifSubscription.client_type == client_type,
        WxccNotifSubscription.revoked == False)).all())  # noqa: E712 - SQL comparison
    live.sort(key=lambda r: (r.created_ms, r.id))
    drop: list[WxccNotifSubscription] = []
    if not multi_login:
        drop = live  # a second desktop of the same kind replaces the first (AGENT_MULTI_LOGIN)
    elif len(live) >= MAX_MULTI_LOGIN:
        if not force:
            raise AqmError(403, f"The user already holds {MAX_MULTI_LOGIN} connections of clientType {client_type} "
                                "(the limit with allowMultiLogin); send force:true to drop the oldest.",
                           reason_code=FORBIDDEN, data={"reason": "AGENT_MAX_CONNECTIONS_EXCEEDED"})
        drop = live[: len(live) - MAX_MULTI_LOGIN + 1]
    for row in drop:
        row.revoked = True
        session.add(row)
    if drop:
        outbox.post(session, SubscriptionsRevoked(pod=pod, org_id=org_id, agent_id=agent_id,
                                                  subscription_ids=tuple(r.id for r in drop)))
    sub_id = f"{client_type}-{ids.uuid()}"
    session.add(WxccNotifSubscription(id=sub_id, pod=pod, org_id=org_id, agent_id=agent_id, client_type=client_type,
                                      keepalive=keepalive, multi_login=multi_login, created_ms=clock.now_ms()))
    session.commit()
    scheme = "wss" if base_url.startswith("https") else "ws"
    host = base_url.split("://", 1)[1].rstrip("/")
    return {"webSocketUrl": f"{scheme}://{host}/v1/notification/subscription/{sub_id}", "subscriptionId": sub_id}


def subscription(session: Session, sub_id: str) -> WxccNotifSubscription | None:
    row = session.get(WxccNotifSubscription, sub_id)
    return row if row is not None and not row.revoked else None
