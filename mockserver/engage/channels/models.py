"""Channel tables: the Connect assets registered to Webex CC (with a live-chat asset's web-chat
widget) and each channel type's attachment settings."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict, json_list


class EngageChannelAsset(SQLModel, table=True):
    __tablename__ = "engage_channel_asset"
    id: str = Field(primary_key=True)  # the Connect asset id (AssetRegistered.asset_id)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    name: str
    channel: str  # email | chat | sms | messenger | whatsapp | apple
    address: str = ""
    service: str | None = None
    registered_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
    widget: dict = json_dict()  # chat assets only: web-chat widget configuration


class EngageAttachmentChannel(SQLModel, table=True):
    __tablename__ = "engage_attachment_channel"
    id: str = Field(primary_key=True)  # <org>:<channel>
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    channel: str
    position: int = 0
    max_size_mb: int
    max_count: int
    extensions: list = json_list()
    limits: dict = json_dict()  # {maxSizeMB, maxCount}: the channel's hard caps
    updated_ms: int = epoch_ms()
