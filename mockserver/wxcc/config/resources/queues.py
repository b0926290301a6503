"""Contact-service queues (v1 and v2 paths; one entity).

Per-channel rules: the spec says ``serviceLevelThreshold``, ``maxActiveContacts`` and
``checkAgentAvailability`` "do not support Social Channel Type", so they are required for every
channel but SOCIAL_CHANNEL. From Cisco's older portal pages (errata A16): ``order``, ``agentGroups``
and ``teamId`` are required in a distribution group, OUTBOUND queues are TELEPHONY only and
``channelType`` cannot change. TEAM_BASED queues need at least one group; SKILL_BASED need
``queueSkillRequirements``; AGENT_BASED need ``agents``; SKILLS_BASED routing needs
``skillBasedRoutingType``. A TELEPHONY queue gets ``controlFlowScriptUrl``/``ivrRequeueUrl`` filled in
and its recording/monitoring/parking flags default to false (the Postman sample omits them).
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, SocialChannel, Wire


class AgentGroup(Wire):
    teamId: str = Field(min_length=1)


class CallDistributionGroup(Wire):
    agentGroups: list[AgentGroup] = Field(min_length=1)
    order: int = Field(ge=1)
    duration: int = Field(default=0, ge=0)


class QueueSkillRequirement(Wire):
    id: Optional[str] = None
    skillId: str = Field(min_length=1)
    skillName: Optional[str] = None
    skillType: Optional[str] = None
    condition: str
    skillValue: str = Field(min_length=1)
    weight: Optional[int] = Field(default=None, le=1000)
    dynamicSkill: Optional[bool] = None


class QueueAgent(Wire):
    id: str
    ciUserId: Optional[str] = None


class ContactServiceQueueDTO(ConfigDTO):
    name: str = Field(min_length=1)
    description: Optional[str] = None
    queueType: Literal["INBOUND", "OUTBOUND"]
    checkAgentAvailability: Optional[bool] = None
    channelType: Literal["TELEPHONY", "EMAIL", "FAX", "CHAT", "VIDEO", "OTHERS", "SOCIAL_CHANNEL", "WORK_ITEM"]
    socialChannelType: Optional[SocialChannel] = None
    serviceLevelThreshold: Optional[int] = Field(default=None, ge=0)
    maxActiveContacts: Optional[int] = Field(default=None, ge=0)
    maxTimeInQueue: int = Field(ge=0)
    defaultMusicInQueueMediaFileId: Optional[str] = None
    timezone: Optional[str] = None
    active: bool
    outdialCampaignEnabled: Optional[bool] = None
    monitoringPermitted: Optional[bool] = None
    parkingPermitted: Optional[bool] = None
    recordingPermitted: Optional[bool] = None
    recordingAllCallsPermitted: Optional[bool] = None
    pauseRecordingPermitted: Optional[bool] = None
    recordingPauseDuration: Optional[int] = None
    controlFlowScriptUrl: Optional[str] = None
    ivrRequeueUrl: Optional[str] = None
    overflowNumber: Optional[str] = None
    vendorId: Optional[str] = None
    routingType: Literal["LONGEST_AVAILABLE_AGENT", "SKILLS_BASED", "CIRCULAR", "LINEAR"]
    skillBasedRoutingType: Optional[Literal["LONGEST_AVAILABLE_AGENT", "BEST_AVAILABLE_AGENT"]] = None
    # Spec-required; the Postman sample omits it (C15): TEAM_BASED then (decision).
    queueRoutingType: Literal["TEAM_BASED", "SKILL_BASED", "AGENT_BASED"] = "TEAM_BASED"
    queueSkillRequirements: Optional[list[QueueSkillRequirement]] = None
    agents: Optional[list[QueueAgent]] = None
    callDistributionGroups: list[CallDistributionGroup]
    xspVersion: Optional[str] = Field(default=None, max_length=80)
    subscriptionId: Optional[str] = Field(default=None, max_length=80)
    assistantSkill: Optional[dict] = None
    manuallyAssignable: Optional[bool] = None
    queueLevelSummariesInclusion: Optional[str] = None
    queueLevelSentimentAnalysisInclusion: Optional[str] = None
    queueLevelPredictedWaitTimeInclusion: Optional[str] = None
    queueLevelAutoCsatInclusion: Optional[str] = None
    queueLevelRealTimeTranscriptionsInclusion: Optional[str] = None
    personalizedAIRouting: Optional[dict] = None


_NOT_SOCIAL = ("serviceLevelThreshold", "maxActiveContacts", "checkAgentAvailability")
_TELEPHONY_FLAGS = ("recordingPermitted", "recordingAllCallsPermitted", "pauseRecordingPermitted",
                    "monitoringPermitted", "parkingPermitted")


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    ch = data["channelType"]
    if existing is not None and existing.data.get("channelType") != ch:
        errors.append("channelType: cannot be modified.")
    if data["queueType"] == "OUTBOUND" and ch != "TELEPHONY":
        errors.append("queueType: an OUTBOUND queue can be created only with the TELEPHONY channel type.")
    if ch != "SOCIAL_CHANNEL":
        errors.extend(f"{f}: is required." for f in _NOT_SOCIAL if data.get(f) is None)
        if data.get("socialChannelType"):
            errors.append("socialChannelType: applies only when channelType is SOCIAL_CHANNEL.")
    if data["routingType"] == "SKILLS_BASED" and not data.get("skillBasedRoutingType"):
        errors.append("skillBasedRoutingType: is required when routingType is SKILLS_BASED.")
    kind = data["queueRoutingType"]
    if kind == "TEAM_BASED" and not data["callDistributionGroups"]:
        errors.append("callDistributionGroups: at least one group is required for a TEAM_BASED queue.")
    if kind == "SKILL_BASED" and not data.get("queueSkillRequirements"):
        errors.append("queueSkillRequirements: is required for a SKILL_BASED queue.")
    if kind == "AGENT_BASED" and not data.get("agents"):
        errors.append("agents: is required for an AGENT_BASED queue.")
    orders = [g["order"] for g in data["callDistributionGroups"]]
    if len(set(orders)) != len(orders):
        errors.append("callDistributionGroups.order: each group needs its own order.")
    for g in data["callDistributionGroups"]:
        for ag in g["agentGroups"]:
            team = ctx.find("team", ag["teamId"])
            if team is not None and team.data.get("teamType") == "CAPACITY" and ch != "TELEPHONY":
                errors.append(f"callDistributionGroups.agentGroups.teamId: '{team.name}' is a CAPACITY team (telephony only).")
    if ch == "TELEPHONY":
        for f in _TELEPHONY_FLAGS:
            data.setdefault(f, False)
        data.setdefault("controlFlowScriptUrl", "https://controlflow.sandbox.invalid/queue/default")
        data.setdefault("ivrRequeueUrl", "https://controlflow.sandbox.invalid/queue/requeue")


_EXPORTED = ("name", "description", "type", "channelType", "routingType", "monitoringPermitted", "parkingPermitted",
             "recordingPermitted", "recordingAllCallsPermitted", "pauseRecordingPermitted", "recordingPauseDuration",
             "maxTimeInQueue", "defaultMusicInQueueMediaFile", "serviceLevelThreshold", "timezone", "imiOrgType",
             "skillBasedRoutingType", "outdialCampaignEnabled", "queueRoutingType", "callDistributionGroups",
             "queueSkillRequirements", "agents", "manuallyAssignable", "queueLevelSummariesInclusion",
             "queueLevelSentimentAnalysisInclusion", "queueLevelPredictedWaitTimeInclusion",
             "queueLevelAutoCsatInclusion", "queueLevelRealTimeTranscriptionsInclusion", "assistantSkill")


def _groups(ctx: Ctx, row: dict) -> list[dict]:
    out = []
    for g in row.get("callDistributionGroups") or []:
        teams = []
        for ag in g["agentGroups"]:
            team = ctx.find("team", ag["teamId"])
            site = ctx.find("site", team.data.get("siteId", "")) if team is not None else None
            teams.append({"teamName": team.name if team else None, "siteName": site.name if site else None})
        out.append({"agentGroups": teams, "order": g["order"], "duration": g.get("duration", 0)})
    return out


def _music(ctx: Ctx, row: dict) -> str | None:
    audio = ctx.find("audio-file", row.get("defaultMusicInQueueMediaFileId") or "")
    return audio.name if audio is not None else None


_export = exporter(_EXPORTED, convert={
    "type": lambda ctx, row: row["queueType"],
    "serviceLevelThreshold": lambda ctx, row: None if row.get("serviceLevelThreshold") is None else str(row["serviceLevelThreshold"]),
    "callDistributionGroups": _groups,
    "agents": lambda ctx, row: [a["id"] for a in row.get("agents") or []] or None,
    "defaultMusicInQueueMediaFile": _music,
})


QUEUE = register(Resource(
    kind="contact-service-queue", tag="Contact Service Queue", title="queue", model=ContactServiceQueueDTO,
    paths=std_paths("contact-service-queue", create=("contact-service-queue", "v2/contact-service-queue"),
                    item=("contact-service-queue", "v2/contact-service-queue"), patch_bulk=True,
                    bulk_export="contact-service-queue/bulk-export", purge="contact-service-queue/purge-inactive-entities"),
    refs=[Ref("callDistributionGroups[].agentGroups[].teamId", "team"),
          Ref("queueSkillRequirements[].skillId", "skill"), Ref("agents[].id", "user"),
          Ref("defaultMusicInQueueMediaFileId", "audio-file")],
    rules=[_rules], list_omit=("callDistributionGroups", "queueSkillRequirements", "agents"),
    export_type="queueType", export=_export,
))
