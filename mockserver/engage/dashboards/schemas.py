"""Response body of the admin and Customer Care dashboards."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from mockserver.engage.schemas import Out


class EngageDashboardAgent(Out):
    id: str
    displayName: str
    email: str
    loggedIn: bool = Field(description="Signed in to the Agent Desktop now (WxCC station login).")
    activeConversations: int
    closedToday: int


class EngageDashboardConversation(Out):
    id: str
    aliasId: str
    channel: str
    status: str
    customer: str
    agents: list[str]
    startedAt: str
    messageCount: int


class EngageDashboardOut(Out):
    conversations: dict[str, int] = Field(description="active, queued, onHold, ongoing, closedToday.",
                                          examples=[{"active": 1, "queued": 1, "onHold": 0, "ongoing": 2, "closedToday": 3}])
    byChannel: dict[str, int] = Field(default_factory=dict, description="Ongoing conversations per channel.")
    agents: list[EngageDashboardAgent]
    ongoing: list[EngageDashboardConversation] = Field(default_factory=list)
    meta: dict[str, Any]
    note: Optional[str] = None
