"""Request and response bodies of Channel Assets (and their web-chat widget) and of the attachment settings."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from mockserver.engage.schemas import Channel, EngagePageMeta, In, Out


# --- channel assets ------------------------------------------------------------------------------------
class EngageWidgetAppearance(In):
    title: str = Field(min_length=1, max_length=60, examples=["Chat with us"])
    welcomeMessage: str = Field(min_length=1, max_length=500, examples=["Hi! How can we help you today?"])
    brandColor: str = Field(min_length=1, max_length=20, description="#RRGGBB", examples=["#07C1E4"])
    position: Literal["bottom-right", "bottom-left"] = "bottom-right"
    showAgentName: bool = True


class EngageWidgetUpdate(In):
    websiteDomain: str = Field(min_length=1, max_length=253, description="The website that hosts the widget "
                               "(domain name only; *.example.com for sub-domains).", examples=["www.example.com"])
    visibility: Literal["always", "workingHours", "hidden"] = Field(
        examples=["workingHours"], description="always shown, shown only within the working hours, or hidden.")
    workingHoursId: Optional[str] = Field(default=None, max_length=100, description="Required with visibility workingHours.")
    appearance: EngageWidgetAppearance


class EngageChannelAssetOut(Out):
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


class EngageChannelAssetList(Out):
    data: list[EngageChannelAssetOut]
    meta: EngagePageMeta


# --- attachments ------------------------------------------------------------------------------------------
class EngageAttachmentSwitch(In):
    enabled: bool = Field(description="The global 'Enable Attachment' switch.", examples=[False])


class EngageAttachmentChannelUpdate(In):
    """What the pencil dialog changes; a field left out keeps its current value."""
    maxSizeMB: Optional[int] = Field(default=None, ge=-2147483648, le=2147483647, description="Maximum size of one "
                                     "attachment, MB (1 to the channel's limit).", examples=[10])
    maxCount: Optional[int] = Field(default=None, ge=-2147483648, le=2147483647, description="Maximum attachments per "
                                    "message (1 to the channel's limit).", examples=[5])
    extensions: Optional[list[str]] = Field(default=None, max_length=100, description="Supported file formats "
                                            "(extensions, without the dot).", examples=[["pdf", "txt", "docx"]])


class EngageAttachmentChannelOut(Out):
    channel: Channel
    maxSizeMB: int
    maxCount: int
    extensions: list[str]
    limits: dict[str, int]
    updatedAt: str


class EngageAttachmentSettingsOut(Out):
    enabled: bool
    updatedAt: Optional[str] = None
    supportedExtensions: list[str]
    channels: list[EngageAttachmentChannelOut]
