"""Desktop layouts: the agent desktop's JSON layout, assigned to teams.

A team's layout is the team's ``desktopLayoutId`` (one source of truth, as team members are the
users' ``teamIds``): a layout's ``teamIds`` is derived on read, and writing it assigns or
unassigns those teams. ``jsonFileContent`` must be JSON (400 otherwise); ``status`` is the active
flag (purge looks at it). The tenant's "Global Layout" is a seeded system default.
"""

from __future__ import annotations

import json
from typing import Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description


class DesktopLayoutDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=255)
    description: Description
    editedBy: str = Field(max_length=255)
    jsonFileName: str = Field(min_length=1, max_length=255)
    jsonFileContent: str = Field(min_length=1)
    # `global` is a Python keyword: the field keeps its wire name through the alias.
    global_: bool = Field(alias="global")
    status: bool
    defaultJsonModified: bool
    validated: bool
    validatedTime: Optional[int] = None
    defaultJsonModifiedTime: Optional[int] = None
    modifiedTime: Optional[int] = None
    teamIds: Optional[list[str]] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    try:
        json.loads(data["jsonFileContent"])
    except ValueError as e:
        errors.append(f"jsonFileContent: not valid JSON ({e.args[0] if e.args else e}).")
    if not data["jsonFileName"].lower().endswith(".json"):
        errors.append("jsonFileName: must end with .json.")
    if data.get("global") and existing is None and any(r.data.get("global") for r in ctx.rows("desktop-layout")):
        errors.append("global: the organization already has its global layout.")
    for tid in data.get("teamIds") or []:
        team = ctx.find("team", tid)
        if team is None:
            errors.append("teamIds: not found for given orgId.")
            break
        if data.get("global"):
            errors.append("teamIds: the global layout applies to every team; assign teams to a custom layout.")
            break


def _after_write(ctx: Ctx, row: WxccEntity, data: dict) -> None:
    wanted = data.pop("teamIds", None)
    row.data = dict(data)
    row.data["modifiedTime"] = row.updated_ms
    if wanted is None:
        return
    for t in ctx.rows("team"):
        current = t.data.get("desktopLayoutId")
        if t.id in wanted and current != row.id:
            t.data = {**t.data, "desktopLayoutId": row.id}
        elif t.id not in wanted and current == row.id:
            t.data = {k: v for k, v in t.data.items() if k != "desktopLayoutId"}
        else:
            continue
        t.version += 1
        t.updated_ms = row.updated_ms
        ctx.session.add(t)


def _decorate(ctx: Ctx, out: dict, full: bool) -> None:
    out["teamIds"] = [t.id for t in ctx.rows("team") if t.data.get("desktopLayoutId") == out["id"]]


def _team_names(ctx: Ctx, row: dict) -> list[str]:
    return [t.name for t in ctx.rows("team") if t.data.get("desktopLayoutId") == row["id"]]


DESKTOP_LAYOUT = register(Resource(
    kind="desktop-layout", tag="Desktop Layout", title="desktop layout", model=DesktopLayoutDTO,
    paths=std_paths("desktop-layout", v1_list=None, bulk_export="desktop-layout/bulk-export",
                    purge="desktop-layout/purge-inactive-entities"),
    create_status=200, delete_status=200, rules=[_rules], after_write=_after_write, decorate=_decorate,
    list_omit=("jsonFileContent",), active_field="status",
    export=exporter(("name", "description", "jsonFileName", "teamNames", "id"),
                    convert={"teamNames": _team_names}),
))
