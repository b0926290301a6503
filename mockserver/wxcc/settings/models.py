"""The Contact Center settings the Contact Center itself reads, per org (Control Hub → Services →
Contact Center → Settings): Desktop → RONA timeouts, which the routing engine reads on every offer,
and General → Synchronize Users (when it was last requested)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict


class ContactCenterSettings(SQLModel, table=True):
    __tablename__ = "wxcc_cc_settings"
    org_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    rona: dict = json_dict()  # {telephony, chat, email, social} seconds
    users_synced_ms: int | None = epoch_ms(nullable=True)


TABLES: list[type[SQLModel]] = [ContactCenterSettings]
