"""Webhook subscriptions (``/v1``, ``/v2/subscriptions``) and the log of what was delivered."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Text
from sqlmodel import Field, SQLModel


class WebhookSubscription(SQLModel, table=True):
    __tablename__ = "wxcc_webhook_subscription"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    api_version: int  # 1 or 2: the two APIs list, read and change only their own (errata 12)
    name: str
    description: str | None = None
    event_types: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    destination_url: str
    secret: str | None = None  # never answered; signs the deliveries
    status: str = "active"
    resource_version: str | None = None  # v2 only, e.g. agent:1.0.0
    created_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_by: str
    updated_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_by: str


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription: the exact bytes sent, every attempt, the outcome."""

    __tablename__ = "wxcc_webhook_delivery"
    id: str = Field(primary_key=True)  # the CloudEvent id (the body's "id")
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    subscription_id: str = Field(index=True)
    event_type: str = Field(index=True)
    destination_url: str
    body: str = Field(sa_column=Column(Text, nullable=False))  # signed as is
    headers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # pending (an attempt is due) | sending | delivered | failed (attempts exhausted) |
    # blocked (destination not allowed from the sandbox) | dropped (subscription gone or inactive)
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    claim: str | None = None  # which process sends the current attempt
    created_ms: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    next_attempt_ms: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    finished_ms: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    last_status_code: int | None = None
    last_error: str | None = None


class WebhookAttempt(SQLModel, table=True):
    __tablename__ = "wxcc_webhook_attempt"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    delivery_id: str = Field(index=True)
    number: int
    started_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
    duration_ms: float | None = None
    status_code: int | None = None
    error: str | None = None
    response_excerpt: str | None = None


TABLES = (WebhookSubscription, WebhookDelivery, WebhookAttempt)
