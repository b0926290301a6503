"""Request and response bodies of the Engage admin API (designed to mirror the portal's objects one
to one; docs/fidelity.md → Webex Engage)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal["email", "chat", "messenger", "whatsapp", "sms"]
Day = Literal["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class EngagePageMeta(_Out):
    page: int
    size: int
    totalItems: int
    totalPages: int


# --- tenant / cross-launch --------------------------------------------------------------------------
class EngageTenantOut(_Out):
    tenant: str = Field(examples=["cl1pod1"])
    url: str = Field(examples=["https://cl1pod1.imi.chat/"])
    orgId: str
    provisionedAt: Optional[str] = None
    signedInAs: dict[str, Any] = Field(examples=[{"email": "cl1admin1@email.carehybrid.com", "portals": ["admin", "customerCare"]}])
    portals: dict[str, str]


# --- users --------------------------------------------------------------------------------------------
class EngageUserOut(_Out):
    id: str
    personId: str = Field(description="The Control Hub (Webex) person id.")
    email: str = Field(examples=["cl1agent1@email.carehybrid.com"])
    firstName: str
    lastName: str
    displayName: str
    roleType: Literal["Administrative", "Customer Care"]
    license: str = Field(description="The contact-center licence code: CJPPRM (Premium) or CJPSTD (Standard).",
                         examples=["CJPPRM"])
    status: Literal["active", "inactive"]
    loggedIn: bool = Field(description="Whether the agent is signed in (false until the contact lifecycle is emulated).")
    createdAt: str
    lastSyncedAt: str


class EngageUserList(_Out):
    data: list[EngageUserOut]
    meta: EngagePageMeta


class EngagePendingChange(_Out):
    personId: str
    email: Optional[str] = None
    added: list[str]
    removed: list[str]
    changedAt: str


class EngageUserSyncStatus(_Out):
    lastSynchronizedAt: Optional[str] = None
    lastRequestedBy: Optional[str] = None
    pendingChanges: list[EngagePendingChange]
    description: str


# --- channel assets ------------------------------------------------------------------------------------
class EngageWidgetAppearance(_In):
    title: str = Field(min_length=1, max_length=60, examples=["Chat with us"])
    welcomeMessage: str = Field(min_length=1, max_length=500, examples=["Hi! How can we help you today?"])
    brandColor: str = Field(min_length=1, max_length=20, description="#RRGGBB", examples=["#07C1E4"])
    position: Literal["bottom-right", "bottom-left"] = "bottom-right"
    showAgentName: bool = True


class EngageWidgetUpdate(_In):
    websiteDomain: str = Field(min_length=1, max_length=253, description="The website that hosts the widget "
                               "(domain name only; *.example.com for sub-domains).", examples=["www.example.com"])
    visibility: Literal["always", "workingHours", "hidden"] = Field(
        examples=["workingHours"], description="always shown, shown only within the working hours, or hidden.")
    workingHoursId: Optional[str] = Field(default=None, max_length=100, description="Required with visibility workingHours.")
    appearance: EngageWidgetAppearance


class EngageChannelAssetOut(_Out):
    id: str
    name: str = Field(examples=["Live Chat cl1pod1"])
    channel: Literal["email", "chat", "sms", "messenger", "whatsapp", "apple"]
    channelLabel: str
    address: str = Field(description="App id, number, mailbox or page id, per channel.")
    addressType: str
    service: Optional[str] = None
    registeredAt: str
    updatedAt: str
    readOnly: bool
    widget: Optional[dict[str, Any]] = Field(default=None, description="Live Chat assets only.")


class EngageChannelAssetList(_Out):
    data: list[EngageChannelAssetOut]
    meta: EngagePageMeta


# --- attachments ------------------------------------------------------------------------------------------
class EngageAttachmentSwitch(_In):
    enabled: bool = Field(description="The global 'Enable Attachment' switch.", examples=[False])


class EngageAttachmentChannelUpdate(_In):
    maxSizeMB: int = Field(ge=-2147483648, le=2147483647, description="Maximum size of one attachment, MB "
                           "(1 to the channel's limit).", examples=[10])
    maxCount: int = Field(ge=-2147483648, le=2147483647, description="Maximum attachments per message "
                          "(1 to the channel's limit).", examples=[5])
    extensions: list[str] = Field(max_length=100, description="Supported file formats (extensions, without the dot).",
                                  examples=[["pdf", "txt", "docx"]])


class EngageAttachmentChannelOut(_Out):
    channel: Channel
    maxSizeMB: int
    maxCount: int
    extensions: list[str]
    limits: dict[str, int]
    updatedAt: str


class EngageAttachmentSettingsOut(_Out):
    enabled: bool
    updatedAt: Optional[str] = None
    supportedExtensions: list[str]
    channels: list[EngageAttachmentChannelOut]


# --- templates ---------------------------------------------------------------------------------------------
class EngageTemplateIn(_In):
    name: str = Field(min_length=1, max_length=100, examples=["Greeting"])
    channel: Channel = Field(examples=["chat"])
    body: str = Field(min_length=1, max_length=10000, description="Text with {{placeholders}}.",
                      examples=["Hello {{customer.firstName}}, thank you for contacting {{business.name}}."])
    subject: Optional[str] = Field(default=None, max_length=200, description="Email templates only.")
    description: Optional[str] = Field(default=None, max_length=500)


class EngageTemplateOut(_Out):
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


class EngageTemplateList(_Out):
    data: list[EngageTemplateOut]
    meta: EngagePageMeta


# --- blocklist ---------------------------------------------------------------------------------------------
class EngageBlockWordIn(_In):
    word: str = Field(min_length=1, max_length=100, examples=["stupid"])
    action: Literal["block", "mask"] = Field(default="block", description="block: the message is not delivered; "
                                             "mask: the word is replaced with asterisks.", examples=["mask"])


class EngageBlockWordOut(_Out):
    id: str
    word: str
    action: Literal["block", "mask"]
    createdBy: Optional[str] = None
    createdAt: str
    updatedAt: str


class EngageBlockWordList(_Out):
    data: list[EngageBlockWordOut]
    meta: EngagePageMeta


# --- working hours ------------------------------------------------------------------------------------------
class EngageTimeRange(_In):
    start: str = Field(min_length=1, max_length=5, description="HH:mm", examples=["09:00"])
    end: str = Field(min_length=1, max_length=5, description="HH:mm (24:00 = midnight)", examples=["17:00"])


class EngageDayHours(_In):
    day: Day
    ranges: list[EngageTimeRange] = Field(min_length=1, max_length=24)


class EngageWorkingHoursIn(_In):
    name: str = Field(min_length=1, max_length=100, examples=["Business Hours"])
    timeZone: str = Field(min_length=1, max_length=64, examples=["America/New_York"])
    description: Optional[str] = Field(default=None, max_length=500)
    days: list[EngageDayHours] = Field(min_length=1, max_length=7, examples=[[
        {"day": "MONDAY", "ranges": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]}]])


class EngageWorkingHoursOut(_Out):
    id: str
    name: str
    description: str
    timeZone: str
    days: list[dict[str, Any]]
    createdAt: str
    updatedAt: str


class EngageWorkingHoursList(_Out):
    data: list[EngageWorkingHoursOut]
    meta: EngagePageMeta


# --- dashboard --------------------------------------------------------------------------------------------
class EngageDashboardOut(_Out):
    conversations: dict[str, int]
    agents: list[dict[str, Any]]
    meta: dict[str, Any]
