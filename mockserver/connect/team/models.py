"""The tenant's people: teammates (local to the tenant: Connect users are not Control Hub users),
their "JOIN THE TEAM" links and portal sessions, and the groups and teams they belong to.

Secrets (passwords, session tokens, activation tokens) are stored as SHA-256 hashes.
"""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict


class ConnectUser(SQLModel, table=True):
    """Teammates. Local to the tenant: Connect users are not Control Hub users."""

    __tablename__ = "connect_user"
    __table_args__ = (UniqueConstraint("tenant_id", "email", name="uq_connect_user_email"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    tenant_id: str = Field(index=True)
    email: str
    first_name: str = ""
    last_name: str = ""
    role: str  # Owner | Full Access | Limited Access | Read Only | Restricted
    container_id: str | None = None  # None = tenant level; else a group or team id
    status: str = "Invited"  # Invited | Active | Disabled
    password_hash: str = ""
    decrypt_logs: bool = False
    details: dict = json_dict()  # phone, company, jobTitle ("more details" of the join form)
    invited_by: str | None = None
    created_ms: int = epoch_ms()
    activated_ms: int | None = epoch_ms(nullable=True)
    last_login_ms: int | None = epoch_ms(nullable=True)


class ConnectLink(SQLModel, table=True):
    """"JOIN THE TEAM" links (owner activation and teammate invites), stored by hash."""

    __tablename__ = "connect_link"
    token_hash: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str
    user_id: str = Field(index=True)
    kind: str  # activation | invite
    created_ms: int = epoch_ms()
    expires_ms: int = epoch_ms()
    used: bool = False
    superseded: bool = False


class ConnectSession(SQLModel, table=True):
    __tablename__ = "connect_session"
    token_hash: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str
    user_id: str = Field(index=True)
    created_ms: int = epoch_ms()
    expires_ms: int = epoch_ms()
    revoked: bool = False


class ConnectContainer(SQLModel, table=True):
    """Groups (under the tenant) and teams (under a group)."""

    __tablename__ = "connect_container"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "name_key", name="uq_connect_container_name"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    kind: str  # group | team
    name: str
    name_key: str
    description: str = ""
    parent_id: str | None = None  # team -> its group
    created_ms: int = epoch_ms()
