"""Request and response bodies of Control Hub's Desktop → RONA timeouts and General → Synchronize
Users. Their names are the ones the OpenAPI document has always published (``Connect...``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ConnectRonaTimeouts(_In):
    telephony: int = Field(ge=-2147483648, le=2147483647, description="Seconds, 1-120.", examples=[18])
    chat: int = Field(ge=-2147483648, le=2147483647, description="Seconds, 1-6000.", examples=[60])
    email: int = Field(ge=-2147483648, le=2147483647, description="Seconds, 1-6000.", examples=[90])
    social: int = Field(ge=-2147483648, le=2147483647, description="Seconds, 1-6000 (Facebook Messenger, WhatsApp...).",
                        examples=[60])


class ConnectRonaTimeoutsOut(_Out):
    telephony: int
    chat: int
    email: int
    social: int
    ranges: dict[str, Any]


class ConnectSyncUsersOut(_Out):
    status: str
    requestedAt: str
