"""What the conversation store hands to its in-process callers (public.py): plain, frozen views
and the message a caller appends. Wire bodies live in schemas.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


class ConversationError(Exception):
    """A refused conversation operation. ``code``: NOT_FOUND | INVALID_DATA | CLOSED | NOT_AUTHORIZED
    (the Engage nodes map them to their error outcomes)."""

    CODES = ("NOT_FOUND", "INVALID_DATA", "CLOSED", "NOT_AUTHORIZED")

    def __init__(self, code: str, message: str) -> None:
        assert code in self.CODES, code
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class MessageIn:
    """A message to append. ``attachments``: ``[{fileName, mimeType, content: bytes}]`` or, when the
    caller has no bytes (a URL the channel gave), ``size`` instead of ``content`` (the PCI rule can
    then only judge the name and size)."""

    direction: str = "inbound"  # inbound | outbound | announcement
    sender: str = "customer"  # customer | bot | agent:<id> | system
    text: str = ""
    html: Optional[str] = None
    subject: Optional[str] = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    in_reply_to: Optional[str] = None
    message_id: Optional[str] = None  # email Message-ID
    sender_name: Optional[str] = None

    @classmethod
    def of(cls, value: "MessageIn | dict[str, Any] | str") -> "MessageIn":
        if isinstance(value, MessageIn):
            return value
        if isinstance(value, str):
            return cls(text=value)
        if isinstance(value, dict):
            known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
            aliases = {"inReplyTo": "in_reply_to", "messageId": "message_id", "senderName": "sender_name"}
            for a, k in aliases.items():
                if a in value and k not in known:
                    known[k] = value[a]
            return cls(**known)
        raise ConversationError("INVALID_DATA", "message: a MessageIn, a dict or a text is expected")


@dataclass(frozen=True)
class ParticipantView:
    kind: str  # customer | bot | agent
    ref: str
    name: Optional[str]
    joined_ms: int
    left_ms: Optional[int]

    @property
    def present(self) -> bool:
        return self.left_ms is None


@dataclass(frozen=True)
class ConversationView:
    id: str
    alias_id: str
    org_id: str
    channel: str
    asset_id: str
    business_address: str
    customer_address: str
    customer_name: Optional[str]
    subject: Optional[str]
    thread_id: Optional[str]
    status: str  # active | queued | onhold | closed
    created_ms: int
    updated_ms: int
    closed_ms: Optional[int]
    closed_by: Optional[str]
    message_count: int
    reopened_count: int
    participants: tuple[ParticipantView, ...] = ()

    @property
    def agent_ids(self) -> list[str]:
        """The agents taking part now."""
        return [p.ref for p in self.participants if p.kind == "agent" and p.present]


@dataclass(frozen=True)
class MessageView:
    id: str
    conversation_id: str
    seq: int
    direction: str
    sender: str
    sender_name: Optional[str]
    type: str  # text | text-with-attachments | attachments
    text: str
    html: Optional[str]
    subject: Optional[str]
    attachments: tuple[dict[str, Any], ...]  # {fileName, mimeType, size, dropped, reason}
    in_reply_to: Optional[str]
    message_id: Optional[str]
    masked: tuple[str, ...]
    timestamp_ms: int
    delivery_status: str

    @property
    def dropped(self) -> list[dict[str, Any]]:
        """The refused attachments, each with its reason (what a flow tells the customer)."""
        return [a for a in self.attachments if a.get("dropped")]


@dataclass(frozen=True)
class Resolution:
    operation: str  # created | appended | reopened
    conversation: ConversationView
    message: Optional[MessageView] = None
