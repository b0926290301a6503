"""Team: agents of a site; queues distribute to teams. Its members are the users whose
``teamIds`` name it (one source of truth); a team's ``userIds`` is derived on read, and writing it
moves the team in or out of those users' ``teamIds``."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import AliasChoices, Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Wire


class QueueRanking(Wire):
    queueId: str = Field(min_length=1)
    rank: int = Field(le=50)


class TeamDTO(ConfigDTO):
    name: str = Field(min_length=1)
    teamType: Literal["AGENT", "CAPACITY"]
    teamStatus: Literal["IN_SERVICE", "NOT_AVAILABLE"]
    dialedNumber: Optional[str] = None
    capacity: Optional[int] = None
    active: bool
    siteId: str = Field(min_length=1)
    desktopLayoutId: Optional[str] = None
    skillProfileId: Optional[str] = None
    # Cisco spells it multiMediaProfileId; the Postman sample sends multimediaProfileId (C15).
    multiMediaProfileId: Optional[str] = Field(default=None, validation_alias=AliasChoices(
        "multiMediaProfileId", "multimediaProfileId"))
    userIds: Optional[list[str]] = None
    description: Optional[str] = Field(default=None, max_length=255)
    # Spec-required, but the Postman sample omits it and the service accepts that (C15).
    rankQueuesForTeam: bool = False
    queueRankings: Optional[list[QueueRanking]] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    if data["teamType"] == "CAPACITY":
        if data.get("userIds"):
            errors.append("userIds: agents cannot be assigned to a CAPACITY team.")
        if data.get("multiMediaProfileId"):
            errors.append("multiMediaProfileId: a multimedia profile cannot be assigned to a CAPACITY team.")
        if data.get("capacity") is None:
            errors.append("capacity: is required for a CAPACITY team.")
    if existing is not None and existing.data.get("teamType") != data["teamType"]:
        errors.append("teamType: cannot be modified.")
    for uid in data.get("userIds") or []:
        if ctx.find("user", uid) is None:
            errors.append("userIds: not found for given orgId.")
            break


def _members(ctx: Ctx, team_id: str) -> list[str]:
    return [u.id for u in ctx.rows("user") if team_id in (u.data.get("teamIds") or [])]


def _after_write(ctx: Ctx, row: WxccEntity, data: dict) -> None:
    wanted = data.pop("userIds", None)
    row.data = dict(data)
    if wanted is None:
        return
    for u in ctx.rows("user"):
        teams = list(u.data.get("teamIds") or [])
        if u.id in wanted and row.id not in teams:
            u.data = {**u.data, "teamIds": teams + [row.id]}
        elif u.id not in wanted and row.id in teams:
            u.data = {**u.data, "teamIds": [t for t in teams if t != row.id]}
        else:
            continue
        u.version += 1
        u.updated_ms = row.updated_ms
        ctx.session.add(u)


def _decorate(ctx: Ctx, out: dict, full: bool) -> None:
    site = ctx.find("site", out.get("siteId", ""))
    if site is not None:
        out["siteName"] = site.name
    if full:
        out["userIds"] = _members(ctx, out["id"])


def _member_ids(ctx: Ctx, row: dict) -> list[str]:
    """The pseudo-field ``userId`` of team filters: members' ids and dbIds (the SDK sends dbIds)."""
    members = [u for u in ctx.rows("user") if row["id"] in (u.data.get("teamIds") or [])]
    return [u.id for u in members] + [u.data["dbId"] for u in members if u.data.get("dbId")]


def _site_label(ctx: Ctx, data: dict) -> str:
    site = ctx.find("site", data.get("siteId", ""))
    return f"in site '{site.name if site else data.get('siteId')}'"


TEAM = register(Resource(
    kind="team", tag="Team", title="team", model=TeamDTO,
    paths=std_paths("team", purge="team/purge-inactive-entities"),
    refs=[Ref("siteId", "site"), Ref("desktopLayoutId", "desktop-layout"), Ref("multiMediaProfileId", "multimedia-profile"),
          Ref("skillProfileId", "skill-profile"), Ref("queueRankings[].queueId", "contact-service-queue")],
    immutable=("siteId",), list_omit=("userIds", "queueRankings"),
    filter_exclude=("organizationId", "userIds", "queueRankings", "createdTime", "lastUpdatedTime"),
    unique_scope=lambda d: d.get("siteId", ""), unique_label=_site_label,
    rules=[_rules], decorate=_decorate, after_write=_after_write,
    virtual_filters={"userId": _member_ids},
    response_extra={"siteName": str},
))
