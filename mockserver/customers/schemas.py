"""Bodies of the customer simulator."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Attachment(_In):
    fileName: str = Field(min_length=1, max_length=255, examples=["invoice.pdf"])
    mimeType: str = Field(default="application/octet-stream", max_length=100, examples=["application/pdf"])
    content: Optional[str] = Field(default=None, max_length=40_000_000, description="Base64 content.")
    size: Optional[int] = Field(default=None, ge=0, le=200 * 1024 * 1024, description="Bytes, when no content is given.")


class EmailIn(_In):
    from_: str = Field(alias="from", max_length=320, examples=["jane.customer@example.com"])
    to: list[str] = Field(min_length=1, max_length=50, examples=[["cl1webex1@gmail.com"]],
                          description="The POD's Gmail mailbox (forwarded when forwarding is on) or the email app's forwarding address.")
    cc: list[str] = Field(default_factory=list, max_length=50)
    subject: str = Field(default="", max_length=998)
    text: str = Field(default="", max_length=1_000_000)
    html: Optional[str] = Field(default=None, max_length=2_000_000)
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)
    inReplyTo: Optional[str] = Field(default=None, max_length=998)
    messageId: Optional[str] = Field(default=None, max_length=998)
    senderName: Optional[str] = Field(default=None, max_length=200)


class MessageIn(_In):
    from_: str = Field(alias="from", min_length=1, max_length=100,
                       description="Messenger: the customer's PSID; WhatsApp / SMS: the customer's number.", examples=["+14155550100"])
    to: str = Field(min_length=1, max_length=100,
                    description="Messenger: the Page ID or App ID; WhatsApp / SMS: the business number.", examples=["+14085550111"])
    text: str = Field(default="", max_length=10_000)
    name: Optional[str] = Field(default=None, max_length=200)
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)
    event: Literal["incomingMessage", "postback"] = "incomingMessage"


class LiveChatIn(_In):
    appId: str = Field(min_length=1, max_length=100)
    userId: str = Field(min_length=1, max_length=200, description="The browser fingerprint / visitor id.")
    threadId: Optional[str] = Field(default=None, max_length=100)
    text: str = Field(default="", max_length=10_000)
    name: Optional[str] = Field(default=None, max_length=200)
    email: Optional[str] = Field(default=None, max_length=320)
    event: Literal["incomingMessage", "threadClosed"] = "incomingMessage"
    reason: Optional[str] = Field(default=None, max_length=200, description="threadClosed: why the thread closed.")
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)


class ForwardingAdd(_In):
    forwardingAddress: str = Field(min_length=3, max_length=320)


class ForwardingVerify(_In):
    forwardingAddress: str = Field(min_length=3, max_length=320)
    code: str = Field(min_length=1, max_length=20)


class Delivery(BaseModel):
    model_config = ConfigDict(extra="allow")
    delivered: list[dict[str, Any]]


class Received(BaseModel):
    model_config = ConfigDict(extra="allow")
    items: list[dict[str, Any]]
    total: int


class Forwarding(BaseModel):
    model_config = ConfigDict(extra="allow")
    mailbox: str
    addresses: list[dict[str, Any]]
