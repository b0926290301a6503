"""Request and response bodies of the control plane (/sandbox)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SandboxErrorItem(BaseModel):
    description: str


class SandboxError(BaseModel):
    message: str
    errors: list[SandboxErrorItem]
    trackingId: str


class Health(BaseModel):
    ready: bool = Field(description="Requests are taken and answered (from the first moment `serve` listens).")
    warm: bool = Field(description="The sandbox is built: no request waits. False only in the first second or two "
                       "after `serve` starts, while it builds and seeds; a request sent meanwhile is held, then answered.")
    version: str
    pods: list[int]
    database: str
    clock: dict[str, Any]
    uptimeMs: int


class PodSummary(BaseModel):
    pod: int
    orgId: str
    orgName: str | None = None
    scenario: str
    seededAt: str


class PodsSeedRequest(_In):
    pods: list[int] | str | None = Field(default=None, description="POD numbers, or a range such as '4-6'.", examples=["4-6"])
    count: int | None = Field(default=None, ge=1, le=999, description="Seed this many PODs after the highest seeded one.")
    scenario: str = "default"


class PodsSeedResult(BaseModel):
    seeded: list[int]
    alreadySeeded: list[int]


class ResetResult(BaseModel):
    reset: list[int]
    scenario: str | None = None
    tookMs: float


class SnapshotRequest(_In):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")


class SnapshotInfo(BaseModel):
    name: str
    takenAt: str
    pods: list[int]
    rows: int


class ClockRequest(_In):
    mode: Literal["real", "manual"] | None = None
    set: str | None = Field(default=None, description="ISO-8601 instant, e.g. 2026-01-01T09:00:00Z")
    advance: float | None = Field(default=None, ge=0, le=10 * 365 * 86400, description="Seconds to move forward.")


class ClockState(BaseModel):
    now: str
    mode: Literal["real", "manual"]
    epochMs: int


class TokenRequest(_In):
    email: str = Field(min_length=3, max_length=254)
    scopes: list[str] | None = Field(default=None, description="Defaults to the user's full personal-token reach.")
    expires_in: int | None = Field(default=None, ge=1, le=90 * 86400)
    client_id: str | None = Field(default=None, description="Attribute the token to this integration (its scopes bound the request).")


class TokenResult(BaseModel):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str
    orgId: str
    personId: str
    email: str


class IntegrationRequest(_In):
    name: str = Field(min_length=1, max_length=128)
    redirect_uris: list[str] = Field(min_length=1, max_length=20)
    scopes: list[str] = Field(min_length=1)
    client_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]{8,128}$")
    client_secret: str | None = Field(default=None, min_length=16, max_length=256)


class IntegrationInfo(BaseModel):
    name: str
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    scopes: list[str]


class MailItem(BaseModel):
    id: str
    pod: int
    sentAt: str
    kind: str
    sender: str
    to: str
    subject: str
    text: str
    links: list[dict[str, Any]]
    meta: dict[str, Any]


class FaultRequest(_In):
    method: str = Field(default="*", pattern=r"^(\*|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$")
    path: str = Field(default="*", min_length=1, max_length=512, description="Glob on the path, e.g. /v1/people*")
    status: int | None = Field(default=None, ge=400, le=599)
    latency_ms: int = Field(default=0, ge=0, le=60000)
    retry_after: int | None = Field(default=None, ge=0, le=86400)
    probability: float = Field(default=1.0, gt=0, le=1)
    count: int | None = Field(default=None, ge=1)
    message: str | None = Field(default=None, max_length=500)


class FaultInfo(BaseModel):
    id: str
    method: str
    path: str
    status: int | None
    latency_ms: int
    retry_after: int | None
    probability: float
    count: int | None
    message: str | None
    hits: int
