"""Control Hub's digital-channel provisioning, per org: the Digital Channel setting, the
provisioning state and owner, and the plan of what provisioning creates (from the fixture)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict


class ConnectDigitalSettings(SQLModel, table=True):
    """Control Hub → Services → Contact Center → Settings, per org: what the digital channels need
    (General → Service Details, Digital → Provision Digital Channels)."""

    __tablename__ = "connect_digital_settings"
    org_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    digital_channel: str = "IMI Digital"  # General → Service Details → Digital Channel
    digital_status: str = "notProvisioned"  # notProvisioned | provisioning | completed
    tenant_name: str = ""
    tenant_url: str = ""
    owner_person_id: str | None = None
    requested_ms: int | None = epoch_ms(nullable=True)
    completed_ms: int | None = epoch_ms(nullable=True)
    service_details: dict = json_dict()  # other read-only service details (region, licences...)
    plan: dict = json_dict()  # from the fixture: what provisioning creates, how long it takes
