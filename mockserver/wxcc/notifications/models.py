"""Notification subscriptions: what ``POST /v1/notification/subscribe`` hands out. Stored, so the
websocket may be opened on any worker of a deployment."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms


class WxccNotifSubscription(SQLModel, table=True):
    __tablename__ = "wxcc_notif_subscription"
    id: str = Field(primary_key=True)  # <clientType>-<uuid>, the secret part of the websocket URL
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    agent_id: str = Field(index=True)  # the subscriber's CI user id (the Welcome frame's agentId)
    client_type: str
    keepalive: bool = False
    multi_login: bool = False
    revoked: bool = False
    created_ms: int = epoch_ms()


TABLES: list[type[SQLModel]] = [WxccNotifSubscription]
