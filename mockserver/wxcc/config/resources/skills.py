"""Skills and skill profiles (skills-based routing).

``skillType``: live tenants carry and answer the upper-case form (``PROFICIENCY``, errata F), Cisco's
spec enumerates ``Proficiency|Boolean|Text|enum``, and real clients send either. Any casing is
accepted and the answer is the upper-case form live data shows.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, field_validator

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description, Wire, name_field

_NAME = r"^[a-zA-Z0-9,@_.\-\s]*$"


class EnumSkillValue(Wire):
    id: Optional[str] = None
    name: str = Field(min_length=1, max_length=80, pattern=r"^[a-zA-Z0-9._\-\s]*$")
    description: Optional[str] = Field(default=None, max_length=255)


class SkillDTO(ConfigDTO):
    name: name_field(_NAME)  # type: ignore[valid-type]
    description: Description
    serviceLevelThreshold: int
    enumSkillValues: Optional[list[EnumSkillValue]] = None
    active: bool
    dynamicSkill: Optional[bool] = None
    skillType: Literal["PROFICIENCY", "BOOLEAN", "TEXT", "ENUM"]

    @field_validator("skillType", mode="before")
    @classmethod
    def _live_casing(cls, v: object) -> object:
        return v.upper() if isinstance(v, str) else v


class ActiveSkill(Wire):
    id: Optional[str] = None
    skillId: str = Field(min_length=1)
    booleanValue: bool
    textValue: Optional[str] = Field(default=None, max_length=100)
    proficiencyValue: Optional[int] = Field(default=None, ge=0, le=10)


class ActiveEnumSkill(Wire):
    id: Optional[str] = None
    enumSkillValueId: str


class SkillProfileDTO(ConfigDTO):
    name: name_field(_NAME)  # type: ignore[valid-type]
    description: Description
    activeSkills: list[ActiveSkill]
    activeEnumSkills: Optional[list[ActiveEnumSkill]] = None


def _skill_rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    values = data.get("enumSkillValues") or []
    if data["skillType"] == "ENUM" and not values:
        errors.append("enumSkillValues: is required when skillType is ENUM.")
    if data["skillType"] != "ENUM" and values:
        errors.append("enumSkillValues: applies only when skillType is ENUM.")
    old = {v.get("name"): v.get("id") for v in (existing.data.get("enumSkillValues") or [])} if existing else {}
    from mockserver.core.ids import ids

    data["enumSkillValues"] = [{**v, "id": v.get("id") or old.get(v["name"]) or ids.uuid()} for v in values]
    if not data["enumSkillValues"]:
        data.pop("enumSkillValues")


def _enum_values(ctx: Ctx) -> dict[str, str]:
    return {v["id"]: s.id for s in ctx.rows("skill") for v in s.data.get("enumSkillValues") or []}


def _profile_rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    values = _enum_values(ctx)
    for e in data.get("activeEnumSkills") or []:
        if e["enumSkillValueId"] not in values:
            errors.append("activeEnumSkills.enumSkillValueId: not found for given orgId.")
            break
    for s in data.get("activeSkills") or []:
        skill = ctx.find("skill", s["skillId"])
        if skill is not None and skill.data["skillType"] == "PROFICIENCY" and s.get("proficiencyValue") is None:
            errors.append(f"activeSkills.proficiencyValue: is required for the Proficiency skill '{skill.name}'.")


def _profile_decorate(ctx: Ctx, out: dict, full: bool) -> None:
    if full and out.get("activeSkills"):
        names = {s.id: s.name for s in ctx.rows("skill")}
        out["activeSkills"] = [{**a, "skillName": names[a["skillId"]]} if a["skillId"] in names else a
                               for a in out["activeSkills"]]


SKILL = register(Resource(
    kind="skill", tag="Skill", title="skill", model=SkillDTO,
    paths=std_paths("skill", purge="skill/purge-inactive-entities"),
    immutable=("name", "skillType"), rules=[_skill_rules], list_omit=("enumSkillValues",),
))

SKILL_PROFILE = register(Resource(
    kind="skill-profile", tag="Skill Profile", title="skill profile", model=SkillProfileDTO,
    paths=std_paths("skill-profile"), refs=[Ref("activeSkills[].skillId", "skill")],
    rules=[_profile_rules], decorate=_profile_decorate, list_omit=("activeSkills", "activeEnumSkills"),
))
