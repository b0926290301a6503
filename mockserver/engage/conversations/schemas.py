"""Wire bodies of conversations: the transcript (JSON, Engage's message model — connect-api.md §2:
``direction``, ``type`` text | text-with-attachments | attachments, ``text``, ``attachments[{mimeType,
fileName, dropped}]``, ``redacted`` — with the sandbox's additions), the conversation as the Customer
Care portal shows it, and the agent's reply."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.engage.schemas import EngagePageMeta, In, Out


class EngageAttachmentOut(Out):
    fileName: str
    mimeType: str
    size: int = Field(description="Bytes.")
    dropped: bool = Field(description="True when the attachment rules refused the file: it is not attached.")
    reason: Optional[str] = Field(default=None, description="Why it was refused (what a flow tells the customer).")


class EngageSenderOut(Out):
    type: Literal["customer", "bot", "agent", "system"]
    id: Optional[str] = None
    name: Optional[str] = None


class EngageMessageOut(Out):
    id: str
    conversationId: str
    aliasId: str
    seq: int = Field(description="The message's place in the conversation (1, 2, ...).")
    direction: Literal["inbound", "outbound", "announcement"]
    type: Literal["text", "text-with-attachments", "attachments"]
    text: str
    html: Optional[str] = None
    subject: Optional[str] = None
    attachments: list[EngageAttachmentOut]
    sender: EngageSenderOut
    timestamp: str = Field(description="ISO 8601 on the sandbox clock.")
    redacted: bool = Field(description="True when blocklist words were masked in it.")
    maskedWords: list[str]
    deliveryStatus: str = Field(description="inbound: received; outbound: submitted | delivered | read | failed.")
    inReplyTo: Optional[str] = None
    messageId: Optional[str] = None


class EngageParticipantOut(Out):
    type: Literal["customer", "bot", "agent"]
    id: str
    name: Optional[str] = None
    email: Optional[str] = None
    joinedAt: str
    leftAt: Optional[str] = None


class EngageConversationOut(Out):
    id: str = Field(description="The conversation id Connect shows (mediaResourceId).", examples=["65a1f0c2b4e9d3a1c7f8e210"])
    aliasId: str
    channel: Literal["email", "chat", "sms", "messenger", "whatsapp", "apple"]
    channelLabel: str
    assetId: str
    businessAddress: str
    customerAddress: str
    customerName: Optional[str] = None
    subject: Optional[str] = None
    threadId: Optional[str] = None
    status: Literal["active", "queued", "onhold", "closed"]
    createdAt: str
    updatedAt: str
    closedAt: Optional[str] = None
    closedBy: Optional[str] = None
    messageCount: int
    reopenedCount: int
    participants: list[EngageParticipantOut]
    agents: list[str] = Field(description="Agents taking part now (their WxCC user ids).")


class EngageConversationList(Out):
    data: list[EngageConversationOut]
    meta: EngagePageMeta


class EngageTranscriptOut(Out):
    conversation: EngageConversationOut
    countOfRecords: int = Field(description="Messages in the conversation.")
    offset: int
    limit: int
    messages: list[EngageMessageOut]


# --- the agent's reply ---------------------------------------------------------------------------------
class EngageReplyAttachment(In):
    fileName: str = Field(min_length=1, max_length=255, examples=["invoice.pdf"])
    mimeType: str = Field(default="application/octet-stream", min_length=1, max_length=255, examples=["application/pdf"])
    content: str = Field(min_length=0, max_length=36_000_000, description="The file, base64-encoded.")


class EngageReplyIn(In):
    type: Optional[Literal["text", "text-with-attachments", "attachments"]] = Field(
        default=None, description="Derived from text and attachments when left out.")
    text: str = Field(default="", max_length=10000, examples=["Thanks for waiting, your order ships today."])
    html: Optional[str] = Field(default=None, max_length=100000, description="Email replies: the HTML body.")
    subject: Optional[str] = Field(default=None, max_length=998,
                                   description="Email replies only; left out, \"Re: \" + the subject of the customer's last email.")
    attachments: list[EngageReplyAttachment] = Field(default_factory=list, max_length=10)
