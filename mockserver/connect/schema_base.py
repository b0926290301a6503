"""What every Connect request and response body is built on (the Control Hub digital settings and
the Connect admin API, designed to mirror the portal one to one; docs/fidelity.md): request bodies
refuse unknown fields, responses may carry more than documented, and lists share one envelope."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class BodyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BodyOut(BaseModel):
    model_config = ConfigDict(extra="allow")


class ConnectItemList(BodyOut):
    items: list[dict[str, Any]]
    total: int
