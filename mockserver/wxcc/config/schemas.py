"""Wire pieces shared by every config DTO (Cisco's field names, types and limits)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

import types
import typing

from annotated_types import Ge, MaxLen
from pydantic import BaseModel, ConfigDict, Field, Strict, create_model

COMMON_READ_ONLY = ("organizationId", "id", "version", "systemDefault", "createdTime", "lastUpdatedTime")
# Seconds and counts, whatever the resource (serviceLevelThreshold, maxTimeInQueue, ...Timeout).
_NON_NEGATIVE = ("Threshold", "maxTimeInQueue", "maxActiveContacts", "Timeout", "Duration")


# Cisco's spec: names 80 characters, descriptions up to 1,024 (255 on most DTOs, which say so).
_TEXT_LIMITS = {"name": 80, "description": 1024}


def _args(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(a for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


def _is_bool(annotation: Any) -> bool:
    return _args(annotation) == (bool,)


def _is_int(annotation: Any) -> bool:
    return _args(annotation) == (int,)


def _non_negative(name: str) -> bool:
    return any(name.endswith(s) or name == s for s in _NON_NEGATIVE)

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

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Rules Cisco's service applies to every DTO, added here so each resource (and every one
        added later) gets them: booleans are JSON booleans (Jackson refuses ``"active": 0``), and
        seconds and counts are not negative."""
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for name, f in cls.model_fields.items():
            if name in COMMON_READ_ONLY:
                continue
            if _is_bool(f.annotation) and not any(isinstance(m, Strict) for m in f.metadata):
                f.metadata.append(Strict())
                changed = True
            if name in _TEXT_LIMITS and _args(f.annotation) == (str,) and not any(
                    hasattr(m, "max_length") and m.max_length is not None for m in f.metadata):
                f.metadata.append(MaxLen(_TEXT_LIMITS[name]))
                changed = True
            if _is_int(f.annotation) and _non_negative(name) and not any(isinstance(m, Ge) for m in f.metadata):
                f.metadata.append(Ge(0))
                changed = True
        if changed:
            cls.model_rebuild(force=True)


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
