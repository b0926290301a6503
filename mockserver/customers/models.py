"""The POD Gmail mailbox's forwarding addresses (Settings → Forwarding and POP/IMAP)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms


class GmailForwarding(SQLModel, table=True):
    __tablename__ = "customer_gmail_forwarding"
    id: str = Field(primary_key=True)  # <mailbox>|<forwarding address>
    pod: int = Field(index=True)
    mailbox: str = Field(index=True)
    address: str
    code: str
    status: str = "pending"  # pending | verified
    enabled: bool = False  # "Forward a copy of incoming mail to" this address
    created_ms: int = epoch_ms()
