"""Request and response bodies of ``POST /v1/notification/subscribe`` (Cisco's
``NotificationRequest`` / ``NotificationResponse``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class NotificationRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # SDKs add fields of their own; the spec's are checked

    isKeepAliveEnabled: bool = Field(default=False, description="The client sends {\"keepalive\":\"true\"} (about every 4 s); "
                                     "the server drops the websocket after 16 s of silence on the sandbox clock.")
    clientType: str = Field(default="DefaultClient", min_length=1, max_length=20, pattern=r"^[A-Za-z0-9._-]+$")
    allowMultiLogin: bool = Field(default=False, description="Up to 10 connections of one clientType.")
    force: bool = False


class NotificationResponse(BaseModel):
    webSocketUrl: str
    subscriptionId: str
