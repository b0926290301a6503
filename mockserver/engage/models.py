"""Engage tables. Every row carries its POD (reset one POD without touching another) and its org.

``EngageTenant`` exists for every seeded org (unprovisioned until Connect announces
DigitalChannelsProvisioned): it holds the fixture plan the tenant is built from, so provisioning at
run time and the ``engage.provision`` scenario step produce the same rows.
"""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict, json_list


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
    logged_in: bool = False  # filled in by the contact-lifecycle work later
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


ALL_TABLES: list[type[SQLModel]] = [
    EngageTenant, EngageUser, EngagePendingChange, EngageChannelAsset, EngageAttachmentChannel,
    EngageTemplate, EngageBlockWord, EngageWorkingHours,
]
