"""Contact-center users. They are not created here: each comes from a Control Hub (identity) user
with a contact-center licence, seeded per POD. ``PUT``/``PATCH /user/{id}`` set the contact-center
settings; ``GET /user/by-ci-user-id/{ciUserId}`` finds one by its Common Identity id.

Rules: ``ciUserId`` cannot change; ``firstName``, ``lastName``, ``email`` and ``active`` belong to
Control Hub (the spec: "can be changed using Users Management in Control Hub"), so values sent here
are ignored and the identity values stay (decision); with ``contactCenterEnabled`` a user needs a
``siteId`` and a desktop profile (``agentProfileId``), as the portal does (decision); the user's
teams must be AGENT teams of the user's site.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Wire

Inclusion = Literal["INCLUDED", "EXCLUDED"]
CI_OWNED = ("firstName", "lastName", "email", "active")


class AssignedDynamicSkill(Wire):
    id: Optional[str] = None
    skillId: str = Field(min_length=1)
    textValue: Optional[str] = Field(default=None, max_length=100)
    booleanValue: Optional[bool] = None
    proficiencyValue: Optional[int] = Field(default=None, ge=0, le=10)
    enumSkillValues: Optional[str] = None


class UserDTO(ConfigDTO):
    firstName: str = Field(min_length=1)
    lastName: str = Field(min_length=1)
    email: str = Field(min_length=1)
    workPhone: Optional[str] = Field(default=None, max_length=20)
    mobile: Optional[str] = Field(default=None, max_length=20)
    ciUserId: str = Field(min_length=1)
    broadCloudUserId: Optional[str] = None
    userProfileId: str = Field(min_length=1)
    contactCenterEnabled: bool
    timezone: Optional[str] = None
    xspVersion: Optional[str] = Field(default=None, max_length=80)
    subscriptionId: Optional[str] = Field(default=None, max_length=80)
    siteId: Optional[str] = None
    teamIds: Optional[list[str]] = None
    skillProfileId: Optional[str] = None
    agentProfileId: Optional[str] = None
    multimediaProfileId: Optional[str] = None
    deafultDialledNumber: Optional[str] = None  # sic: Cisco's spelling on the wire
    externalIdentifier: Optional[str] = None
    active: bool
    imiUserCreated: Optional[bool] = None
    preferredSupervisorTeamId: Optional[str] = None
    userLevelBurnoutInclusion: Optional[Inclusion] = None
    userLevelAutoCSATInclusion: Optional[Inclusion] = None
    userLevelWellnessBreakReminders: Optional[Literal["DISABLED", "ENABLED"]] = None
    userLevelSummariesInclusion: Optional[Inclusion] = None
    dynamicSkills: Optional[list[AssignedDynamicSkill]] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    if existing is not None:
        for f in CI_OWNED:
            data[f] = existing.data[f]
        for f in ("dbId", "imiUserCreated"):
            if f in existing.data:
                data[f] = existing.data[f]
    if data["contactCenterEnabled"]:
        for f in ("siteId", "agentProfileId"):
            if not data.get(f):
                errors.append(f"{f}: is required when contactCenterEnabled is true.")
    for tid in data.get("teamIds") or []:
        team = ctx.find("team", tid)
        if team is None:
            continue
        if team.data.get("teamType") == "CAPACITY":
            errors.append(f"teamIds: '{team.name}' is a CAPACITY team; users cannot be assigned to it.")
        elif data.get("siteId") and team.data.get("siteId") != data["siteId"]:
            errors.append(f"teamIds: team '{team.name}' does not belong to the user's site.")


def _decorate(ctx: Ctx, out: dict, full: bool) -> None:
    profile = ctx.find("user-profile", out.get("userProfileId", ""))
    if profile is not None:
        out["userProfileType"] = profile.data.get("profileType")
    site = ctx.find("site", out.get("siteId") or "")
    if site is not None:
        out["siteName"] = site.name


USER = register(Resource(
    kind="user", tag="Users", title="user", model=UserDTO,
    paths=std_paths("user", create=(), delete=(), bulk=None, v1_deprecated=True, patch_bulk=True),
    refs=[Ref("userProfileId", "user-profile"), Ref("siteId", "site"), Ref("teamIds[]", "team"),
          Ref("agentProfileId", "agent-profile"), Ref("multimediaProfileId", "multimedia-profile"),
          Ref("skillProfileId", "skill-profile"), Ref("preferredSupervisorTeamId", "team"),
          Ref("dynamicSkills[].skillId", "skill")],
    immutable=("ciUserId",), unique_scope=None, rules=[_rules], decorate=_decorate,
    list_omit=("teamIds", "dynamicSkills"), search_fields=("firstName", "lastName", "email"),
    filter_exclude=("organizationId", "createdTime", "lastUpdatedTime", "dynamicSkills"),
    response_extra={"dbId": str, "userProfileType": str, "siteName": str},
))


def by_ci_user_id(ctx: Ctx, ci_user_id: str) -> WxccEntity | None:
    for r in ctx.rows("user"):
        if r.data.get("ciUserId") == ci_user_id:
            return r
    return None
