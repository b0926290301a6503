"""Holiday lists: named days off that business hours point at (``BusinessHoursDTO.holidaysId``).

Rules (decisions where the spec is silent): dates are ``YYYY-MM-DD`` and times ``HH:mm``; a holiday
ends on or after it starts; ``holidaysCount`` is computed; list rows leave the holidays out.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description, Wire

NAME = r"^[a-zA-Z0-9_-]+(\s?[a-zA-Z0-9_-]+)*$"
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
Frequency = Literal["DontRepeat", "Daily", "Weekly", "Monthly", "Yearly"]


class Recurrence(Wire):
    interval: int = Field(ge=1)
    occurrenceInTheMonth: Optional[Literal["FIRST", "SECOND", "THIRD", "FOURTH", "LAST"]] = None
    daysOfWeek: Optional[list[Literal["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]]] = None
    specificDayOfMonth: Optional[int] = Field(default=None, ge=1, le=31)
    specificMonth: Optional[Literal["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                                    "DEC"]] = None
    endDate: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class Holiday(Wire):
    name: str = Field(min_length=1, max_length=80, pattern=NAME)
    startDate: Optional[str] = None
    endDate: Optional[str] = None
    startTime: Optional[str] = None
    endTime: Optional[str] = None
    frequency: Optional[Frequency] = None
    recurrence: Optional[Recurrence] = None
    overlapsWith: Optional[list[str]] = None


class HolidayListDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=NAME)
    description: Description
    holidays: list[Holiday]


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    names: set[str] = set()
    for i, h in enumerate(data["holidays"]):
        if h["name"].lower() in names:
            errors.append(f"holidays.{i}.name: '{h['name']}' appears twice in the list.")
        names.add(h["name"].lower())
        if not h.get("startDate"):
            errors.append(f"holidays.{i}.startDate: is required.")
        for f in ("startDate", "endDate"):
            if h.get(f) and not DATE.match(h[f]):
                errors.append(f"holidays.{i}.{f}: must be YYYY-MM-DD.")
        for f in ("startTime", "endTime"):
            if h.get(f) and not TIME.match(h[f]):
                errors.append(f"holidays.{i}.{f}: must be HH:mm.")
        if h.get("startDate") and h.get("endDate") and h["endDate"] < h["startDate"]:
            errors.append(f"holidays.{i}.endDate: must be on or after startDate.")
        h.setdefault("endDate", h.get("startDate"))
        h.setdefault("frequency", "DontRepeat")
    data["holidaysCount"] = len(data["holidays"])


HOLIDAY_LIST = register(Resource(
    kind="holiday-list", tag="Holiday List", title="holiday list", model=HolidayListDTO,
    paths=std_paths("holiday-list"), rules=[_rules], list_omit=("holidays",),
    response_extra={"holidaysCount": int},
))
