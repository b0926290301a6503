"""The simulator's bodies."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class OfferContact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pod: int = Field(default=1, ge=1, le=999, description="The POD whose org receives the contact.")
    queueId: str = Field(min_length=1, max_length=64, description="A contact-service-queue of that org.")
    mediaType: Literal["chat", "email", "social"] = "chat"
    mediaChannel: Literal["web", "email", "facebook", "whatsapp", "sms"] | None = Field(
        default=None, description="Defaults by mediaType: chat→web, email→email, social→whatsapp.")
    origin: str = Field(default="customer@example.com", min_length=1, max_length=256, description="The customer's address.")
    destination: str = Field(default="sandbox-entry-point", min_length=1, max_length=256,
                             description="The business address / asset the customer wrote to.")
    customerName: str | None = Field(default="Customer", max_length=128)
    conversationId: str | None = Field(default=None, max_length=64,
                                       description="The Engage conversation (mediaResourceId); a new id when left out.")
    priority: int = Field(default=10, ge=1, le=10)
    variables: dict[str, Any] | None = None


class OfferedTask(BaseModel):
    id: str
    orgId: str
    status: str
    mediaType: str
    mediaChannel: str
    queueId: str
    conversationId: str
    offeredTo: str | None = None
    owner: str | None = None
