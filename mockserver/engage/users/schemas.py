"""Request and response bodies of Engage → Users."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.engage.schemas import EngagePageMeta, Out


class EngageUserOut(Out):
    id: str
    personId: str = Field(description="The Control Hub (Webex) person id.")
    email: str = Field(examples=["cl1agent1@email.carehybrid.com"])
    firstName: str
    lastName: str
    displayName: str
    roleType: Literal["Administrative", "Customer Care"]
    license: str = Field(description="The contact-center licence code: CJPPRM (Premium) or CJPSTD (Standard).",
                         examples=["CJPPRM"])
    status: Literal["active", "inactive"]
    loggedIn: bool = Field(description="Whether the agent is signed in to the Agent Desktop (WxCC station login / logout).")
    createdAt: str
    lastSyncedAt: str


class EngageUserList(Out):
    data: list[EngageUserOut]
    meta: EngagePageMeta


class EngagePendingChange(Out):
    personId: str
    email: Optional[str] = None
    added: list[str]
    removed: list[str]
    changedAt: str


class EngageUserSyncStatus(Out):
    lastSynchronizedAt: Optional[str] = None
    lastRequestedBy: Optional[str] = None
    pendingChanges: list[EngagePendingChange]
    description: str
