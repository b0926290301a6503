"""Request and response bodies of Settings → Tenant Settings and Usage."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class ConnectTenantSettingsIn(BodyIn):
    timeZone: Optional[str] = Field(default=None, max_length=64, examples=["Europe/London"])
    dateFormat: Optional[str] = Field(default=None, max_length=20, examples=["DD/MM/YYYY"])


class ConnectTenantSettingsOut(BodyOut):
    tenant: str
    timeZone: str
    dateFormat: str


class ConnectUsageOut(BodyOut):
    tenant: str
    services: int
    apps: int
