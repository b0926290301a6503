"""Dial plans: how the desktop validates a number an agent dials or signs in with. A new tenant has
two system defaults, "US" and "Any Format" (seeded). ``regularExpression`` must compile (400
otherwise, decision)."""

from __future__ import annotations

import re
from typing import Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description


class DialPlanDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[a-zA-Z0-9,_\-\s]*$")
    description: Description
    regularExpression: str = Field(min_length=1, max_length=255)
    prefix: Optional[str] = Field(default=None, max_length=50)
    strippedChars: Optional[str] = Field(default=None, max_length=128)
    active: bool


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    try:
        re.compile(data["regularExpression"])
    except re.error as e:
        errors.append(f"regularExpression: not a valid regular expression ({e}).")
    if existing is not None and existing.system_default:
        for f in ("name", "regularExpression"):
            if data.get(f) != existing.data.get(f):
                errors.append(f"{f}: a system default dial plan's {f} cannot be modified.")


DIAL_PLAN = register(Resource(
    kind="dial-plan", tag="Dial Plan", title="dial plan", model=DialPlanDTO,
    paths=std_paths("dial-plan", bulk_export="dial-plan/bulk-export"),
    create_status=200, delete_status=200, rules=[_rules],
    export=exporter(("name", "regularExpression", "prefix", "strippedChars")),
))
