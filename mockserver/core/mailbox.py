"""The sandbox's mailbox: every email a product "sends" lands here, readable at /sandbox/mailbox.

A product writes the mail in its own transaction, so an action and its email commit together;
the same transaction posts ``MailSent`` to the outbox, so whoever watches live hears of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, Session, SQLModel

from mockserver.core.clock import clock
from mockserver.core.ids import ids
from mockserver.core.outbox import outbox


@outbox.crosses
@dataclass(frozen=True)
class MailSent:
    """An email was "sent" (it is in the mailbox)."""

    pod: int
    mail_id: str
    to: str
    subject: str
    kind: str


class SandboxMail(SQLModel, table=True):
    __tablename__ = "sandbox_mail"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    sent_ms: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    kind: str = ""  # activation, invite, notification...
    sender: str = ""
    to: str = Field(index=True)
    subject: str = ""
    text: str = ""
    links: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    meta: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def send(
    session: Session,
    *,
    pod: int,
    to: str,
    subject: str,
    text: str,
    kind: str,
    sender: str = "no-reply@webex.com",
    links: list[dict[str, Any]] | None = None,
    meta: dict[str, Any] | None = None,
) -> SandboxMail:
    mail = SandboxMail(
        id=ids.uuid(), pod=pod, sent_ms=clock.now_ms(), kind=kind, sender=sender, to=to.lower(),
        subject=subject, text=text, links=links or [], meta=meta or {},
    )
    session.add(mail)
    outbox.post(session, MailSent(pod=pod, mail_id=mail.id, to=mail.to, subject=subject, kind=kind))
    return mail
