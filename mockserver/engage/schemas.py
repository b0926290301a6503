"""Wire pieces every Engage wing shares (bodies designed to mirror the portal's objects one to one;
docs/fidelity.md → Webex Engage): the body bases, the page of a list, the channel types, and the
tenant as the cross-launch shows it."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal["email", "chat", "messenger", "whatsapp", "sms"]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a request body: unknown fields are refused


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class EngagePageMeta(Out):
    page: int
    size: int
    totalItems: int
    totalPages: int


def page_json(items: list[dict[str, Any]], page: int, size: int) -> dict[str, Any]:
    """One 1-based page of a list: ``{data, meta}``."""
    total = len(items)
    start = (page - 1) * size
    return {"data": items[start:start + size],
            "meta": {"page": page, "size": size, "totalItems": total, "totalPages": (total + size - 1) // size}}


# --- tenant / cross-launch --------------------------------------------------------------------------
class EngageTenantOut(Out):
    tenant: str = Field(examples=["cl1pod1"])
    url: str = Field(examples=["https://cl1pod1.imi.chat/"])
    orgId: str
    provisionedAt: Optional[str] = None
    signedInAs: dict[str, Any] = Field(examples=[{"email": "cl1admin1@email.carehybrid.com", "portals": ["admin", "customerCare"]}])
    portals: dict[str, str]
