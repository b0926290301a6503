"""Wire bodies of the platform services the SDKs call (agent-sdk.md §1, §6: the shapes the SDK reads)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Hostmap(BaseModel):
    """U2C's ``format=hostmap`` answer: service name -> URL, and the hosts' catalog."""

    format: str
    serviceLinks: dict[str, str]
    hostCatalog: dict[str, list[dict[str, Any]]]
    timestamp: str | None = None


class LogUrlRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    file: str = Field(min_length=1, max_length=256)


class LogUrlResponse(BaseModel):
    tempURL: str
    logFilename: str
    userId: str


class MetaEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    key: str = Field(max_length=256)
    value: Any = None


class LogMetaRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    filename: str = Field(min_length=1, max_length=256)
    data: list[MetaEntry] = Field(default_factory=list, max_length=200)
    userId: str | None = Field(default=None, max_length=64)


class LogMetaResponse(BaseModel):
    trackingid: str
    url: str
    userId: str


class ClientMetrics(BaseModel):
    model_config = ConfigDict(extra="allow")
    metrics: list[dict[str, Any]] = Field(max_length=1000)


class ClientLogView(BaseModel):
    id: str
    orgId: str
    userId: str
    file: str
    logFilename: str
    createdTime: int
    uploadedTime: int | None = None
    finalizedTime: int | None = None
    size: int
    meta: list[dict[str, Any]]
    content: str | None = None


class ClientLogList(BaseModel):
    items: list[ClientLogView]
