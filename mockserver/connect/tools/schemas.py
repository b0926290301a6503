"""Request and response bodies of Tools → Templates."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class ConnectTemplateIn(BodyIn):
    name: str = Field(max_length=100, examples=["Welcome"])
    channel: Literal["sms", "email", "whatsapp", "messenger", "livechat", "apple"]
    content: dict[str, str] = Field(description="text (and subject/html for email); $(variable) placeholders.",
                                    examples=[{"text": "Hello $(customerName), thanks for contacting us."}])


class ConnectTemplateOut(BodyOut):
    id: str
    name: str
    channel: str
    content: dict[str, Any]
    variables: list[str]
