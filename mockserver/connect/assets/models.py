"""Assets: the tenant's pre-assigned numbers and its apps. Secrets Connect must *use* later (the
email app's OAuth tokens) are stored as given and never returned in clear once saved."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict


class ConnectAsset(SQLModel, table=True):
    """Numbers (pre-assigned) and apps (email, messenger, whatsapp, livechat, sms)."""

    __tablename__ = "connect_asset"
    id: str = Field(primary_key=True)  # the id WxCC's asset registry knows (entry point assetId)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    kind: str  # number | app
    channel: str  # sms | whatsapp | email | messenger | livechat
    app_id: str = Field(index=True)  # Connect App ID (a_<digits>); numbers: the number itself
    name: str
    name_key: str
    address: str = ""  # number, email id, page id or website
    config: dict = json_dict()  # channel settings as shown (no secrets)
    secrets: dict = json_dict()  # client secret, access/refresh tokens (never returned in clear)
    container_id: str | None = None
    registered_ms: int | None = epoch_ms(nullable=True)
    registered_service_id: str | None = None
    registered_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
