"""Conversation tables: the conversation, who took part in it over time, and its messages in order.

A message's ``seq`` is its place in the conversation (1, 2, ...): the order is the order of
appending, on the one sandbox clock, even when two messages share a millisecond.
"""

from __future__ import annotations

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_list


class EngageConversation(SQLModel, table=True):
    __tablename__ = "engage_conversation"
    __table_args__ = (
        Index("ix_engage_conversation_lookup", "org_id", "channel", "business_address", "customer_address"),
        UniqueConstraint("org_id", "alias_id", name="uq_engage_conversation_alias"),
    )
    id: str = Field(primary_key=True)  # 24 hex digits, as Connect's logs show it (mediaResourceId)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    alias_id: str  # the short number people read out (Engage's aliasId)
    channel: str  # email | chat | sms | messenger | whatsapp | apple
    asset_id: str
    business_address: str
    customer_address: str
    customer_name: str | None = None
    subject: str | None = None  # email: the first subject, without Re:/Fwd:
    thread_id: str | None = None  # live chat: the widget's thread
    status: str = "active"  # active | queued | onhold | closed
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
    closed_ms: int | None = epoch_ms(nullable=True)
    closed_by: str | None = None
    reopened_count: int = 0
    message_count: int = 0
    last_message_ms: int | None = epoch_ms(nullable=True)
    email_ids: list = json_list()  # Message-IDs of the conversation's emails (In-Reply-To matching)


class EngageParticipant(SQLModel, table=True):
    __tablename__ = "engage_participant"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    conversation_id: str = Field(index=True)
    position: int = 0  # order of joining (several may join within one millisecond)
    kind: str  # customer | bot | agent
    ref: str  # the customer's address, "bot", or the agent's id
    name: str | None = None
    joined_ms: int = epoch_ms()
    left_ms: int | None = epoch_ms(nullable=True)


class EngageMessage(SQLModel, table=True):
    __tablename__ = "engage_message"
    __table_args__ = (UniqueConstraint("conversation_id", "seq", name="uq_engage_message_seq"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    conversation_id: str
    seq: int
    direction: str  # inbound | outbound | announcement
    sender: str  # customer | bot | agent:<id> | system
    sender_name: str | None = None
    type: str  # text | text-with-attachments | attachments
    text: str = ""
    html: str | None = None
    subject: str | None = None
    attachments: list = json_list()  # [{fileName, mimeType, size, dropped, reason}]
    in_reply_to: str | None = None
    message_id: str | None = None  # email Message-ID
    masked: list = json_list()  # blocklist words masked in this message
    created_ms: int = epoch_ms()
    delivery_status: str = "received"  # inbound: received; outbound: submitted | delivered | read | failed
