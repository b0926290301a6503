"""Wire bodies of the subscriptions API, as Cisco's spec names and bounds them (errata 12:
name 4-64, description <= 1024, eventTypes 1-32, destinationUrl ``^(https?)://.*$``, secret 32-256;
update is PATCH with an optional status)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_URL = r"^(https?)://.*$"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubscriptionRequest(_Body):
    name: str = Field(min_length=4, max_length=64)
    description: str | None = Field(default=None, max_length=1024)
    eventTypes: list[str] = Field(min_length=1, max_length=32)
    destinationUrl: str = Field(pattern=_URL, max_length=2048)
    secret: str | None = Field(default=None, min_length=32, max_length=256)
    orgId: str | None = None


class SubscriptionRequestEnhanced(SubscriptionRequest):
    resourceVersion: str = Field(min_length=1, max_length=50)


class SubscriptionRequestUpdate(_Body):
    description: str | None = Field(default=None, max_length=1024)
    eventTypes: list[str] | None = Field(default=None, min_length=1, max_length=32)
    destinationUrl: str | None = Field(default=None, pattern=_URL, max_length=2048)
    status: Literal["active", "inactive"] | None = None
    secret: str | None = Field(default=None, min_length=32, max_length=256)
    orgId: str | None = None


class SubscriptionRequestUpdateEnhanced(SubscriptionRequestUpdate):
    resourceVersion: str = Field(min_length=1, max_length=50)


# --- responses (OpenAPI documentation; routes answer ready JSON) ----------------------------------
class SubscriptionResponse(BaseModel):
    id: str
    name: str
    description: str | None = None
    eventTypes: list[str]
    destinationUrl: str
    createdTime: int
    createdBy: str
    status: Literal["active", "inactive"]
    lastUpdatedTime: int
    lastUpdatedBy: str


class SubscriptionResponseEnhanced(SubscriptionResponse):
    resourceVersion: str


class MetaSubInfo(BaseModel):
    orgId: str
    subscriptionCount: int | None = None


class SubscriptionApiResponse(BaseModel):
    meta: MetaSubInfo
    data: SubscriptionResponse


class SubscriptionApiResponseEnhanced(BaseModel):
    meta: MetaSubInfo
    data: SubscriptionResponseEnhanced


class SubscriptionApiListResponse(BaseModel):
    meta: MetaSubInfo
    data: list[SubscriptionResponse]


class SubscriptionApiListResponseEnhanced(BaseModel):
    meta: MetaSubInfo
    data: list[SubscriptionResponseEnhanced]


class EventTypesResponse(BaseModel):
    name: str
    resource: str
    action: str


class EventTypesMeta(BaseModel):
    orgId: str


class EventTypesApiListResponse(BaseModel):
    meta: EventTypesMeta
    data: list[EventTypesResponse]


class ResourceVersion(BaseModel):
    resource: str
    version: str


class MetaResourceVersionInfo(BaseModel):
    orgId: str
    resourceVersionList: list[ResourceVersion]


class EventTypesApiListResponseEnhanced(BaseModel):
    meta: MetaResourceVersionInfo
    data: list[EventTypesResponse]


# --- the sandbox's delivery log (/sandbox/wxcc/webhooks/...) ----------------------------------------
class WebhookAttemptView(BaseModel):
    number: int
    startedTime: int
    durationMs: float | None = None
    statusCode: int | None = None
    error: str | None = None
    responseExcerpt: str | None = None


class WebhookDeliveryView(BaseModel):
    id: str
    subscriptionId: str
    orgId: str
    eventType: str
    destinationUrl: str
    status: Literal["pending", "sending", "delivered", "failed", "blocked", "dropped"]
    attempts: int
    createdTime: int
    nextAttemptTime: int | None = None
    finishedTime: int | None = None
    lastStatusCode: int | None = None
    lastError: str | None = None
    headers: dict[str, str] | None = None
    body: str | None = None
    attemptLog: list[WebhookAttemptView] | None = None


class WebhookDeliveryList(BaseModel):
    items: list[WebhookDeliveryView]
