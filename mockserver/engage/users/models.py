"""Engage → Users tables: the contact-center licensed users and the licence changes waiting for
Control Hub's "Synchronize Users"."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_list

ADMINISTRATIVE = "Administrative"
CUSTOMER_CARE = "Customer Care"
ROLE_TYPES = (ADMINISTRATIVE, CUSTOMER_CARE)  # the values of EngageUser.role_type


class EngageUser(SQLModel, table=True):
    __tablename__ = "engage_user"
    __table_args__ = (UniqueConstraint("org_id", "person_id", name="uq_engage_user_person"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    person_id: str  # identity person (raw UUID)
    email: str
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    role_type: str  # Administrative | Customer Care
    licence: str  # CJPPRM | CJPSTD
    status: str = "active"  # active | inactive
    logged_in: bool = False  # follows WxCC's AgentLoggedIn / AgentLoggedOut (wiring.py)
    created_ms: int = epoch_ms()
    synced_ms: int = epoch_ms()


class EngagePendingChange(SQLModel, table=True):
    """A contact-center licence change seen in Control Hub, waiting for "Synchronize Users"."""

    __tablename__ = "engage_pending_change"
    person_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    added: list = json_list()
    removed: list = json_list()
    current: list = json_list()
    changed_ms: int = epoch_ms()
