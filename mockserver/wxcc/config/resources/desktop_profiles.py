"""Desktop profile (path ``agent-profile``): what an agent's desktop may do and see."""

from __future__ import annotations

from typing import Callable, Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import Access, ConfigDTO, Description, Wire, name_field


class ViewableStatistics(Wire):
    id: Optional[str] = None
    agentStats: Optional[bool] = None
    accessQueueStats: Access
    contactServiceQueues: Optional[list[str]] = None
    loggedInTeamStats: Optional[bool] = None
    accessTeamStats: Access
    teams: Optional[list[str]] = None


class AgentProfileDTO(ConfigDTO):
    name: name_field(r"^[a-zA-Z0-9\._\s\-\(\)]+$")  # type: ignore[valid-type]
    description: Description
    parentType: Literal["ORGANIZATION", "SITE"]
    siteId: Optional[str] = None
    screenPopup: Optional[bool] = None
    lastAgentRouting: Optional[bool] = None
    autoWrapUp: Optional[bool] = None
    autoAnswer: Optional[bool] = None
    autoWrapAfterSeconds: Optional[int] = None
    agentAvailableAfterOutdial: Optional[bool] = None
    allowAutoWrapUpExtension: Optional[bool] = None
    accessWrapUpCode: Access
    wrapUpCodes: Optional[list[str]] = None
    accessIdleCode: Access
    idleCodes: Optional[list[str]] = None
    accessQueue: Access
    queues: Optional[list[str]] = None
    accessEntryPoint: Access
    entryPoints: Optional[list[str]] = None
    accessBuddyTeam: Access
    buddyTeams: Optional[list[str]] = None
    consultToQueue: Optional[bool] = None
    outdialEnabled: Optional[bool] = None
    outdialEntryPointId: Optional[str] = None
    outdialANIId: Optional[str] = None
    addressBookId: Optional[str] = None
    dialPlanEnabled: Optional[bool] = None
    dialPlans: Optional[list[str]] = None
    agentDNValidation: Access
    agentDNValidationCriteria: Optional[Access] = None
    agentDNValidationCriterions: Optional[list[str]] = None
    loginVoiceOptions: Optional[list[Literal["AGENT_DN", "EXTENSION", "BROWSER"]]] = None
    viewableStatistics: ViewableStatistics
    thresholdRules: Optional[list[str]] = None
    active: bool
    timeoutDesktopInactivityCustomEnabled: Optional[bool] = None
    showUserDetailsMS: Optional[bool] = None
    stateSynchronizationMS: Optional[bool] = None
    showUserDetailsWebex: Optional[bool] = None
    stateSynchronizationWebex: Optional[bool] = None
    timeoutDesktopInactivityMins: Optional[int] = Field(default=None, ge=3, le=10000)


_LISTS = (("accessWrapUpCode", "wrapUpCodes"), ("accessIdleCode", "idleCodes"), ("accessQueue", "queues"),
          ("accessEntryPoint", "entryPoints"), ("accessBuddyTeam", "buddyTeams"))


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    if data["parentType"] == "SITE" and not data.get("siteId"):
        errors.append("siteId: is required when parentType is SITE.")
    for access, lst in _LISTS:
        if data[access] == "SPECIFIC" and not data.get(lst):
            errors.append(f"{lst}: is required when {access} is SPECIFIC.")
    for field, code in (("idleCodes", "IDLE_CODE"), ("wrapUpCodes", "WRAP_UP_CODE")):
        for cid in data.get(field) or []:
            row = ctx.find("auxiliary-code", cid)
            if row is not None and row.data.get("workTypeCode") != code:
                errors.append(f"{field}: {cid} is not a {code}.")


def _names(kind: str, field: str) -> Callable[[Ctx, dict], list[str] | None]:
    def names(ctx: Ctx, row: dict) -> list[str] | None:
        ids = row.get(field)
        if ids is None:
            return None
        return [r.name for r in (ctx.find(kind, i) for i in ids) if r is not None]

    return names


def _site_teams(field: str, stats: bool = False) -> Callable[[Ctx, dict], list[dict] | None]:
    def pairs(ctx: Ctx, row: dict) -> list[dict] | None:
        ids = (row.get("viewableStatistics") or {}).get("teams") if stats else row.get(field)
        if ids is None:
            return None
        out = []
        for t in (ctx.find("team", i) for i in ids):
            if t is not None:
                site = ctx.find("site", t.data.get("siteId", ""))
                out.append({"siteName": site.name if site else None, "teamName": t.name})
        return out

    return pairs


def _stat(field: str) -> Callable[[Ctx, dict], object]:
    return lambda ctx, row: (row.get("viewableStatistics") or {}).get(field)


def _queue_stats(ctx: Ctx, row: dict) -> list[str] | None:
    ids = (row.get("viewableStatistics") or {}).get("contactServiceQueues")
    return None if ids is None else [q.name for q in (ctx.find("contact-service-queue", i) for i in ids) if q]


_export = exporter(
    ("name", "description", "parentType", "siteId", "screenPopup", "lastAgentRouting", "autoWrapUp", "autoAnswer",
     "autoWrapAfterSeconds", "agentAvailableAfterOutdial", "allowAutoWrapUpExtension", "accessWrapUpCode",
     "wrapUpCodes", "accessIdleCode", "idleCodes", "accessQueue", "queues", "accessEntryPoint", "entryPoints",
     "accessBuddyTeam", "buddyTeamsList", "consultToQueue", "outdialEnabled", "outdialEntryPoint", "addressBook",
     "dialPlanEnabled", "dialPlans", "outdialANI", "agentDNValidation", "agentDNValidationCriteria",
     "agentDNValidationCriterions", "agentStats", "accessQueueStats", "viewableStatsQueue", "loggedInTeamStats",
     "accessTeamStats", "viewableStatsTeam", "thresholdRules", "loginVoiceOptions", "showUserDetailsMS",
     "stateSynchronizationMS", "showUserDetailsWebex", "stateSynchronizationWebex"),
    names={"outdialEntryPoint": ("outdialEntryPointId", "entry-point"), "addressBook": ("addressBookId", "address-book"),
           "outdialANI": ("outdialANIId", "outdial-ani")},
    convert={"wrapUpCodes": _names("auxiliary-code", "wrapUpCodes"), "idleCodes": _names("auxiliary-code", "idleCodes"),
             "queues": _names("contact-service-queue", "queues"), "entryPoints": _names("entry-point", "entryPoints"),
             "dialPlans": _names("dial-plan", "dialPlans"),
             "agentDNValidationCriterions": _names("dial-plan", "agentDNValidationCriterions"),
             "buddyTeamsList": _site_teams("buddyTeams"), "viewableStatsTeam": _site_teams("", stats=True),
             "agentStats": _stat("agentStats"), "accessQueueStats": _stat("accessQueueStats"),
             "loggedInTeamStats": _stat("loggedInTeamStats"), "accessTeamStats": _stat("accessTeamStats"),
             "viewableStatsQueue": _queue_stats})


DESKTOP_PROFILE = register(Resource(
    kind="agent-profile", tag="Desktop Profile", title="desktop profile", model=AgentProfileDTO,
    paths=std_paths("agent-profile", bulk_export="agent-profile/bulk-export", purge="agent-profile/purge-inactive-entities"),
    export=_export,
    refs=[Ref("siteId", "site", when=lambda d: d.get("parentType") == "SITE"),
          Ref("wrapUpCodes[]", "auxiliary-code"), Ref("idleCodes[]", "auxiliary-code"),
          Ref("queues[]", "contact-service-queue"), Ref("entryPoints[]", "entry-point"),
          Ref("buddyTeams[]", "team"), Ref("outdialEntryPointId", "entry-point"),
          Ref("viewableStatistics.contactServiceQueues[]", "contact-service-queue"),
          Ref("viewableStatistics.teams[]", "team"), Ref("outdialANIId", "outdial-ani"),
          Ref("addressBookId", "address-book"), Ref("dialPlans[]", "dial-plan"),
          Ref("agentDNValidationCriterions[]", "dial-plan")],
    rules=[_rules],
))
