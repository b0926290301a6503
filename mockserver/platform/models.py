"""Client logs an SDK uploaded (the ``clientLogs`` service's three steps)."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Text
from sqlmodel import Field, SQLModel


class ClientLog(SQLModel, table=True):
    __tablename__ = "platform_client_log"
    id: str = Field(primary_key=True)  # the upload id in tempURL (the URL is the credential)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    user_id: str = Field(index=True)
    file_name: str  # what the client asked for
    log_filename: str  # what the service named it
    created_ms: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    uploaded_ms: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    finalized_ms: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    size: int = 0
    content: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    meta: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


TABLES = (ClientLog,)
