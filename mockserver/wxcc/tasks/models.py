"""Tasks (WxCC's interactions): one row per contact, from creation through queue, offer, the
agents who join it, wrap-up and close. ``state`` is the routing engine's; ``status`` is what
``GET /v1/tasks`` reports (created | queued | offered | assigned | abandoned | completed)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict, json_list


class WxccTask(SQLModel, table=True):
    __tablename__ = "wxcc_task"
    __table_args__ = (
        Index("ix_wxcc_task_route", "org_id", "state", "priority", "queued_ms"),
        Index("ix_wxcc_task_org_created", "org_id", "created_ms"),
    )
    id: str = Field(primary_key=True)  # the task id = interactionId
    pod: int = Field(index=True)
    org_id: str
    state: str = "new"  # new | queued | offered | connected | wrapup | ended
    status: str = "created"
    media_type: str  # chat | email | social | telephony
    media_channel: str  # email | web | facebook | whatsapp | sms | telephony ...
    direction: str = "inbound"
    outbound_type: str = ""
    origin: str = ""
    destination: str = ""
    customer_name: str = ""
    customer_id: str = ""
    conversation_id: str = ""  # the Engage conversation (mediaResourceId of the main media)
    entry_point_id: str = ""
    queue_id: str = Field(default="", index=True)
    queue_name: str = ""
    priority: int = 10
    skill_requirements: list = json_list()
    previous_queues: list = json_list()
    eligible_teams: list = json_list()  # teams of the distribution groups open so far (None = any: agent-based)
    group_step: int = 0
    owner: str = Field(default="", index=True)  # the agent who holds the contact (accepted)
    offered_to: str = Field(default="", index=True)  # the agent it is offered to now
    participants: dict = json_dict()  # agent_id -> {state: offered|joined|wrapup|done, name, teamId, ...}
    consult: dict = json_dict()  # a pending consult: {from, to, destinationType, state}
    held: bool = False
    conference: bool = False
    variables: dict = json_dict()  # call-associated data (PATCH attributes, the flow's variables)
    acks: list = json_list()  # the flows' Routed / Modify / Close notifications
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
    queued_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    offered_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    assigned_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    ended_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    rona_count: int = 0
    reason: str = ""
    reason_code: str = ""
    wrapup_code: str = ""
    wrapup_reason: str = ""


TABLES: list[type[SQLModel]] = [WxccTask]
