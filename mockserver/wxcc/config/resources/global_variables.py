"""Global variables (path ``cad-variable``): flow variables an agent may see or edit.

``variableType`` takes either spelling the spec lists (``STRING`` or ``String``); the answer keeps
what was sent. ``defaultValue`` must parse as the type (decision: an INTEGER "abc" is a 400, as the
portal refuses it). A reportable variable counts towards the org's limit of reportable ones, which
``GET cad-variable/reportable-count`` reports.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO

VariableType = Literal["STRING", "INTEGER", "DATE_TIME", "BOOLEAN", "DECIMAL",
                       "String", "Integer", "DateTime", "Boolean", "Decimal"]
MAX_REPORTABLE = 100  # decision: the portal's documented ceiling for reportable global variables
_CHECKS = {
    "INTEGER": re.compile(r"^-?\d+$"),
    "DECIMAL": re.compile(r"^-?\d+(\.\d+)?$"),
    "BOOLEAN": re.compile(r"^(true|false)$", re.I),
    "DATETIME": re.compile(r"^(\d+|\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)$"),
}


class CadVariableDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[a-zA-Z\d_]+$")
    description: Optional[str] = Field(default=None, max_length=256)
    active: bool
    agentEditable: bool
    variableType: VariableType
    defaultValue: str = Field(max_length=256)
    reportable: bool
    agentViewable: bool
    sensitive: Optional[bool] = None
    desktopLabel: Optional[str] = Field(default=None, max_length=50)


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    kind = data["variableType"].upper().replace("_", "")
    check = _CHECKS.get(kind)
    if check is not None and data["defaultValue"] != "" and not check.match(data["defaultValue"]):
        errors.append(f"defaultValue: '{data['defaultValue']}' is not a valid {data['variableType']}.")
    if (data["agentViewable"] or data["agentEditable"]) and not data.get("desktopLabel"):
        errors.append("desktopLabel: is required when the variable is agentViewable or agentEditable.")
    if data["agentEditable"] and not data["agentViewable"]:
        errors.append("agentEditable: an agent-editable variable must also be agentViewable.")
    if data["reportable"] and not (existing is not None and existing.data.get("reportable")):
        if reportable_count(ctx) >= MAX_REPORTABLE:
            errors.append(f"reportable: the organization already has {MAX_REPORTABLE} reportable global variables.")
    data.setdefault("sensitive", False)


def reportable_count(ctx: Ctx) -> int:
    return sum(1 for r in ctx.rows("cad-variable") if r.data.get("reportable"))


CAD_VARIABLE = register(Resource(
    kind="cad-variable", tag="Global Variables", title="global variable", model=CadVariableDTO,
    paths=std_paths("cad-variable", v1_list=None, bulk_export="cad-variable/bulk-export",
                    purge="cad-variable/purge-inactive-entities"),
    create_status=200, delete_status=200, rules=[_rules],
    export=exporter(("name", "description", "agentEditable", "variableType", "defaultValue", "reportable",
                     "sensitive", "agentViewable", "desktopLabel")),
))
