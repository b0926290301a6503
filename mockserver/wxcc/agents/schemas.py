"""Request bodies of the agent APIs (Cisco's LogInResourceRequest, StateResourceRequest,
LogOutResourceRequest, BuddyAgentRequest) and the reporting responses. Unknown fields are
ignored: Cisco's SDK sends more than the spec lists (teamName, siteId, usesOtherDN, auxCodeId)."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LogInResourceRequest(_In):
    dialNumber: str = Field(min_length=1, max_length=43, description="Extension or dial number (the labs use 1000).")
    roles: list[str] = Field(min_length=1, description="agent and/or supervisor (compared case-insensitively).")
    teamId: Optional[str] = Field(default=None, max_length=36, description="Required for the agent role.")
    isExtension: bool = False
    deviceType: Optional[str] = Field(default=None, description="AGENT_DN | EXTENSION | BROWSER; required for the agent role.")
    deviceId: Optional[str] = Field(default=None, max_length=43)


class StateResourceRequest(_In):
    state: str = Field(min_length=1, description="Available | Idle")
    auxCodeId: str = Field(max_length=36, description="An idle code's id for Idle; \"0\" (or an empty string) for Available.")
    lastStateChangeReason: Optional[str] = Field(default=None, max_length=128)
    agentId: Optional[str] = Field(default=None, max_length=36, description="A supervisor changing another agent's state.")


class LogOutResourceRequest(_In):
    logoutReason: str = Field(max_length=128)
    agentId: Optional[str] = Field(default=None, max_length=36)


class BuddyAgentRequest(_In):
    agentProfileId: str = Field(min_length=1, max_length=36)
    mediaType: str = Field(description="telephony | chat | social | email | workItem")
    state: Optional[str] = Field(default=None, description="Available | Idle; both when left out.")


class Meta(BaseModel):
    orgId: str


class AgentActivity(BaseModel):
    active: bool
    agentId: str
    agentDn: str
    agentLogin: str
    agentSessionId: str
    agentName: str
    currentState: str
    siteId: str
    siteName: str
    teamId: str
    teamName: str
    isLogin: int
    taskId: str
    channelId: str
    channelType: str
    subChannelType: str
    idleCodeName: str
    idleCode: str
    queueId: str
    queueName: str
    wrapupCodeName: str
    reason: str
    startTime: int
    endTime: int
    mmProfileType: str


class AgentActivitiesApiResponse(BaseModel):
    meta: Meta
    data: list[AgentActivity]


class ChannelResponse(BaseModel):
    channelType: str
    totalAssignedTasks: int
    totalOfferedTasks: int
    totalAcceptedTasks: int
    totalRejectedTasks: int
    totalTransferredTasks: int
    totalEngagedDuration: int
    totalHoldDuration: int
    totalWrapUpDuration: int
    totalAvailableTime: int
    totalUnAvailableTime: int
    averageHandledTime: float


class OutAgentStatistics(BaseModel):
    intervalStartTime: int
    agentId: str
    agentName: str
    teamId: str
    teamName: str
    channels: list[ChannelResponse]


class AgentApiResponse(BaseModel):
    meta: Meta
    data: list[OutAgentStatistics]
