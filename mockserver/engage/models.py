"""The Engage tenant: one row per seeded org (unprovisioned until Connect announces
DigitalChannelsProvisioned). It holds the fixture plan the tenant is built from, so provisioning at
run time and the ``engage.provision`` scenario step produce the same rows. Every Engage row carries
its POD (reset one POD without touching another) and its org; each wing keeps its own tables.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict


class EngageTenant(SQLModel, table=True):
    __tablename__ = "engage_tenant"
    org_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    name: str = Field(index=True)  # cl1pod<N>, the Connect tenant's name
    url: str = ""
    provisioned: bool = False
    provisioned_ms: int | None = epoch_ms(nullable=True)
    owner_person_id: str | None = None
    attachments_enabled: bool = True  # Settings → "Enable Attachment"
    attachments_updated_ms: int | None = epoch_ms(nullable=True)
    last_sync_ms: int | None = epoch_ms(nullable=True)
    last_sync_by: str | None = None
    plan: dict = json_dict()  # the fixture's engage: section, rendered for this POD
    api_secret: str | None = None  # the v1 REST API's client secret (Settings → API), once generated
    api_secret_ms: int | None = epoch_ms(nullable=True)
