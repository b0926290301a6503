"""Request and response bodies of the settings: templates, blocklist, working hours."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from mockserver.engage.schemas import Channel, EngagePageMeta, In, Out

Day = Literal["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


# --- templates ---------------------------------------------------------------------------------------------
class EngageTemplateIn(In):
    name: str = Field(min_length=1, max_length=100, examples=["Greeting"])
    channel: Channel = Field(examples=["chat"])
    body: str = Field(min_length=1, max_length=10000, description="Text with {{placeholders}}.",
                      examples=["Hello {{customer.firstName}}, thank you for contacting {{business.name}}."])
    subject: Optional[str] = Field(default=None, max_length=200, description="Email templates only.")
    description: Optional[str] = Field(default=None, max_length=500)


class EngageTemplateOut(Out):
    id: str
    name: str
    channel: Channel
    subject: Optional[str] = None
    body: str
    placeholders: list[str] = Field(examples=[["customer.firstName", "business.name"]])
    description: str
    createdBy: Optional[str] = None
    updatedBy: Optional[str] = None
    createdAt: str
    updatedAt: str


class EngageTemplateList(Out):
    data: list[EngageTemplateOut]
    meta: EngagePageMeta


# --- blocklist ---------------------------------------------------------------------------------------------
class EngageBlockWordIn(In):
    word: str = Field(min_length=1, max_length=100, examples=["stupid"])
    action: Literal["block", "mask"] = Field(default="block", description="block: the message is not delivered; "
                                             "mask: the word is replaced with asterisks.", examples=["mask"])


class EngageBlockWordOut(Out):
    id: str
    word: str
    action: Literal["block", "mask"]
    createdBy: Optional[str] = None
    createdAt: str
    updatedAt: str


class EngageBlockWordList(Out):
    data: list[EngageBlockWordOut]
    meta: EngagePageMeta


# --- working hours ------------------------------------------------------------------------------------------
class EngageTimeRange(In):
    start: str = Field(min_length=1, max_length=5, description="HH:mm", examples=["09:00"])
    end: str = Field(min_length=1, max_length=5, description="HH:mm (24:00 = midnight)", examples=["17:00"])


class EngageDayHours(In):
    day: Day
    ranges: list[EngageTimeRange] = Field(min_length=1, max_length=24)


class EngageWorkingHoursIn(In):
    name: str = Field(min_length=1, max_length=100, examples=["Business Hours"])
    timeZone: str = Field(min_length=1, max_length=64, examples=["America/New_York"])
    description: Optional[str] = Field(default=None, max_length=500)
    days: list[EngageDayHours] = Field(min_length=1, max_length=7, examples=[[
        {"day": "MONDAY", "ranges": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]}]])


class EngageWorkingHoursOut(Out):
    id: str
    name: str
    description: str
    timeZone: str
    days: list[dict[str, Any]]
    createdAt: str
    updatedAt: str


class EngageWorkingHoursList(Out):
    data: list[EngageWorkingHoursOut]
    meta: EngagePageMeta
