"""Tools → Templates."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict


class ConnectTemplate(SQLModel, table=True):
    __tablename__ = "connect_template"
    __table_args__ = (UniqueConstraint("tenant_id", "name_key", name="uq_connect_template_name"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    name: str
    name_key: str
    channel: str
    content: dict = json_dict()
    container_id: str | None = None
    created_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
