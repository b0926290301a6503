"""Overrides: dated exceptions to business hours (``BusinessHoursDTO.overridesId``), e.g. open on a
holiday or closed for a training. ``overridesCount`` and ``latestOverride`` (the one that starts
last) are computed; list rows leave the overrides out."""

from __future__ import annotations

import re
from typing import Optional
from zoneinfo import available_timezones

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.resources.holiday_lists import NAME, Frequency, Recurrence
from mockserver.wxcc.config.schemas import ConfigDTO, Description, Wire

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
_ZONES: set[str] = set()


class Override(Wire):
    name: str = Field(min_length=1, max_length=80, pattern=NAME)
    startDateTime: Optional[str] = None
    endDateTime: Optional[str] = None
    workingHours: bool
    frequency: Optional[Frequency] = None
    recurrence: Optional[Recurrence] = None


class OverridesDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=NAME)
    description: Description
    timezone: str = Field(min_length=1)
    overrides: list[Override]


def _zones() -> set[str]:
    if not _ZONES:  # read on first use, not at import (start-up stays cheap)
        _ZONES.update(available_timezones())
    return _ZONES


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    if data["timezone"] not in _zones():
        errors.append(f"timezone: '{data['timezone']}' is not a known IANA time zone.")
    for i, o in enumerate(data["overrides"]):
        for f in ("startDateTime", "endDateTime"):
            if not o.get(f):
                errors.append(f"overrides.{i}.{f}: is required.")
            elif not DATETIME.match(o[f]):
                errors.append(f"overrides.{i}.{f}: must be YYYY-MM-DDTHH:mm.")
        if o.get("startDateTime") and o.get("endDateTime") and o["endDateTime"] <= o["startDateTime"]:
            errors.append(f"overrides.{i}.endDateTime: must be after startDateTime.")
        o.setdefault("frequency", "DontRepeat")
    data["overridesCount"] = len(data["overrides"])


def _decorate(ctx: Ctx, out: dict, full: bool) -> None:
    dated = [o for o in out.get("overrides") or [] if o.get("startDateTime")]
    if dated:
        out["latestOverride"] = max(dated, key=lambda o: o["startDateTime"])


OVERRIDES = register(Resource(
    kind="overrides", tag="Overrides", title="overrides list", model=OverridesDTO,
    paths=std_paths("overrides"), rules=[_rules], decorate=_decorate, list_omit=("overrides",),
    response_extra={"overridesCount": int, "latestOverride": dict},
))
