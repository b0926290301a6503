"""Request and response bodies of Services."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class ConnectServiceCreate(BodyIn):
    name: str = Field(max_length=100, examples=["My First Service"])
    description: Optional[str] = Field(default=None, max_length=500, examples=["Email, Messenger and WhatsApp flows"])


class ConnectServiceUpdate(BodyIn):
    name: Optional[str] = Field(default=None, max_length=100, examples=["Agnostic Flows DO NOT MODIFY"])
    description: Optional[str] = Field(default=None, max_length=500)
    locked: Optional[bool] = Field(default=None, description="Service Locking.", examples=[True])


class ConnectServiceOut(BodyOut):
    id: str
    name: str
    locked: bool
    api: dict[str, Any]


class ConnectServiceCredentials(BodyOut):
    serviceId: str
    serviceKey: str
    serviceSecret: str


class ConnectDashboard(BodyOut):
    serviceId: str
    channels: dict[str, Any]
