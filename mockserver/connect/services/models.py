"""Connect services: containers of flows with their API credentials and lock."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict


class ConnectService(SQLModel, table=True):
    __tablename__ = "connect_service"
    __table_args__ = (UniqueConstraint("tenant_id", "name_key", name="uq_connect_service_name"),)
    id: str = Field(primary_key=True)  # the Service ID shown on the API tab
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    name: str
    name_key: str
    description: str = ""
    service_key: str  # header `key` of the messaging APIs
    service_secret: str  # base64; JWT HS256 key (base64-decoded)
    locked: bool = False
    locked_by: str | None = None
    container_id: str | None = None
    created_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
    stats: dict = json_dict()  # dashboard counters, filled by the message lifecycle
