"""WxCC config tables.

Every config resource lives in ONE table: the wire DTO is stored as JSON in ``data`` (real field
names), beside the columns the engine needs (kind, name, uniqueness key, version, times). The DTOs
have 20-60 fields each and the sandbox only ever filters tens to hundreds of rows per org, so a
generic table keeps one engine for every resource; the unique index makes 409 safe under races.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class WxccEntity(SQLModel, table=True):
    __tablename__ = "wxcc_entity"
    __table_args__ = (
        UniqueConstraint("org_id", "kind", "unique_key", name="uq_wxcc_entity_name"),
        Index("ix_wxcc_entity_org_kind", "org_id", "kind"),
    )
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    kind: str  # resource name as in the path: site, team, contact-service-queue, user ...
    name: str = ""
    unique_key: str | None = None  # the uniqueness scope + lower-cased name; None = not unique
    version: int = 0
    system_default: bool = False
    created_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class WxccAsset(SQLModel, table=True):
    """Connect assets registered to Webex CC (what a digital entry point's `assetId` may name).

    Seeded with the POD's pre-assigned WhatsApp and SMS numbers; the Connect product adds rows
    through the ``AssetRegistered`` event when an asset is "Registered to Webex CC".
    """

    __tablename__ = "wxcc_asset"
    id: str = Field(primary_key=True)  # the Connect app / asset id
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    name: str
    channel: str  # email | chat | sms | messenger | whatsapp | apple
    address: str = ""  # number, email address or page id
    service: str | None = None  # the Connect service it was registered with
    app_id: str | None = Field(default=None, index=True)  # the App ID Connect shows (a_...); entry points accept either
    registered_ms: int = Field(sa_column=Column(BigInteger, nullable=False))


class WxccBlob(SQLModel, table=True):
    """The bytes of an uploaded audio file or agent greeting (``blobId`` of the record): kept out of
    the entity JSON so lists never carry them."""

    __tablename__ = "wxcc_blob"
    id: str = Field(primary_key=True)  # the record's blobId
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    content_type: str
    filename: str
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
