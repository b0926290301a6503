"""Wire pieces shared by every config DTO (Cisco's field names, types and limits)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

Access = Literal["SPECIFIC", "ALL", "PROVISIONED_VALUE", "NONE"]
Channel = Literal["TELEPHONY", "EMAIL", "FAX", "CHAT", "VIDEO", "OTHERS", "SOCIAL_CHANNEL"]
SocialChannel = Literal["MESSAGEBIRD", "MESSENGER", "WHATSAPP", "APPLE_BUSINESS_CHAT", "GOOGLE_BUSINESS_MESSAGES"]
Description = Annotated[Optional[str], Field(default=None, max_length=255)]


def name_field(pattern: str | None = None, max_length: int | None = 80) -> Any:
    return Annotated[str, Field(min_length=1, max_length=max_length, pattern=pattern)]


class Wire(BaseModel):
    """A nested wire object. Its validator is built on first use, not at import: ~60 DTOs built at
    import would be most of the start-up (``defer_build``)."""

    model_config = ConfigDict(defer_build=True)


class ConfigDTO(BaseModel):
    """Fields every config DTO has. Read-only ones are accepted and ignored (errata C15)."""

    # Unknown fields are ignored, as Spring/Jackson does by default (Postman samples send `links`);
    # built on first use (see Wire).
    model_config = ConfigDict(extra="ignore", defer_build=True)

    organizationId: Optional[str] = None
    id: Optional[str] = None
    version: Optional[int] = None
    systemDefault: Optional[bool] = None
    createdTime: Optional[int] = None
    lastUpdatedTime: Optional[int] = None


def response_model(model: type[BaseModel], name: str, extra: dict[str, Any]) -> type[BaseModel]:
    """The documented response: the DTO plus response-only fields."""
    if not extra:
        return model
    return create_model(name, __base__=model, **{k: (Optional[t], None) for k, t in extra.items()})


def list_row_model(model: type[BaseModel], name: str, omit: tuple[str, ...], extra: dict[str, Any]) -> type[BaseModel]:
    """A list row: every field optional (``attributes`` may select any), array fields omitted."""
    fields: dict[str, Any] = {k: (Optional[f.annotation], None) for k, f in model.model_fields.items() if k not in omit}
    fields.update({k: (Optional[t], None) for k, t in extra.items() if k not in omit})
    return create_model(name, __config__=ConfigDict(extra="allow"), **fields)


class PaginationLinks(BaseModel):
    self: str
    first: Optional[str] = None
    last: Optional[str] = None
    next: Optional[str] = None
    prev: Optional[str] = None


class ListMeta(BaseModel):
    orgid: str
    page: int
    pageSize: int
    totalPages: int
    totalRecords: int
    links: PaginationLinks


def envelope_model(row: type[BaseModel], name: str) -> type[BaseModel]:
    return create_model(name, meta=(ListMeta, ...), data=(list[row], ...))


class EntityInfo(BaseModel):
    id: str
    name: Optional[str] = None
    version: Optional[int] = None
    createdDate: Optional[str] = None
    lastModifiedDate: Optional[str] = None
    additionalAttributes: Optional[dict[str, Any]] = None


class ReferencesMeta(ListMeta):
    referencedEntities: list[str]
    currentEntity: str


class EntityReferenceInfo(BaseModel):
    """Cisco's `EntityReferenceInfoDTO`."""

    description: Optional[str] = None
    meta: ReferencesMeta
    data: list[EntityInfo]


class BulkResponseItem(BaseModel):
    itemIdentifier: int
    status: int
    operationType: Literal["CREATE", "UPDATE", "DELETE", "GET"]
    href: Optional[str] = None
    apiError: Optional[dict[str, Any]] = None


class BulkResponse(BaseModel):
    items: list[BulkResponseItem]


class PurgeResponse(BaseModel):
    """Cisco's `Response` (purge-inactive-entities, delete-reference)."""

    code: int
    details: dict[str, Any]
    links: list[dict[str, Any]] = []
