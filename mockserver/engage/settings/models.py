"""Settings tables: templates, blocklist words and working hours (each name unique per tenant,
ignoring case)."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_list


class EngageTemplate(SQLModel, table=True):
    __tablename__ = "engage_template"
    __table_args__ = (UniqueConstraint("org_id", "name_key", name="uq_engage_template_name"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    name: str
    name_key: str
    channel: str
    subject: str | None = None
    body: str
    description: str = ""
    created_by: str | None = None
    updated_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()


class EngageBlockWord(SQLModel, table=True):
    __tablename__ = "engage_block_word"
    __table_args__ = (UniqueConstraint("org_id", "word_key", name="uq_engage_block_word"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    word: str
    word_key: str
    action: str  # block | mask
    created_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()


class EngageWorkingHours(SQLModel, table=True):
    __tablename__ = "engage_working_hours"
    __table_args__ = (UniqueConstraint("org_id", "name_key", name="uq_engage_working_hours_name"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    name: str
    name_key: str
    description: str = ""
    time_zone: str
    days: list = json_list()  # [{"day": "MONDAY", "ranges": [{"start": "09:00", "end": "17:00"}]}]
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
