"""Business hours: named weekly working hours in a time zone (flows read them)."""

from __future__ import annotations

import re
from typing import Literal, Optional
from zoneinfo import available_timezones

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description, Wire

_NAME = r"^[a-zA-Z0-9_-]+(\s?[a-zA-Z0-9_-]+)*$"
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ZONES = available_timezones()


class WorkingHours(Wire):
    name: str = Field(min_length=1, max_length=80, pattern=_NAME)
    days: list[Literal["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]] = Field(min_length=1)
    startTime: Optional[str] = None
    endTime: Optional[str] = None


class BusinessHoursDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=_NAME)
    description: Description
    timezone: str = Field(min_length=1)
    workingHours: list[WorkingHours] = Field(min_length=1)
    holidaysId: Optional[str] = None
    overridesId: Optional[str] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    if data["timezone"] not in _ZONES:
        errors.append(f"timezone: '{data['timezone']}' is not a known IANA time zone.")
    for i, wh in enumerate(data["workingHours"]):
        for f in ("startTime", "endTime"):
            if wh.get(f) is not None and not _HHMM.match(wh[f]):
                errors.append(f"workingHours.{i}.{f}: must be HH:mm (00:00-23:59).")
        if _HHMM.match(wh.get("startTime") or "") and _HHMM.match(wh.get("endTime") or "") \
                and wh["startTime"] >= wh["endTime"]:
            errors.append(f"workingHours.{i}.endTime: must be after startTime.")
    data["workingHoursCount"] = len(data["workingHours"])


def _export_hours(ctx: Ctx, row: dict) -> list[dict]:
    return [{"workingHourName": w["name"], "startTime": w.get("startTime"), "endTime": w.get("endTime"),
             "days": w["days"]} for w in row.get("workingHours") or []]


BUSINESS_HOURS = register(Resource(
    kind="business-hours", tag="Business Hour", title="business hours", model=BusinessHoursDTO,
    paths=std_paths("business-hours", bulk_export="business-hours/bulk-export"), rules=[_rules],
    refs=[Ref("holidaysId", "holiday-list"), Ref("overridesId", "overrides")], active_field=None,
    export=exporter(("name", "description", "timezone", "holidayName", "overrideName", "workingHours"),
                    names={"holidayName": ("holidaysId", "holiday-list"), "overrideName": ("overridesId", "overrides")},
                    convert={"workingHours": _export_hours}), list_omit=("workingHours",), search_fields=("name",),
    response_extra={"workingHoursCount": int},
))
