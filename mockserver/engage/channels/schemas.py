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
    launcherText: Optional[str] = Field(default=None, max_length=40, examples=["Chat with us"])
    logoUrl: Optional[str] = Field(default=None, max_length=2000, description="https URL of the header logo.")


class EngageWidgetOffline(In):
    behaviour: Literal["showMessage", "hideWidget"] = Field(
        default="showMessage", description="Outside the working hours: show the widget with the offline message, or hide it.")
    message: str = Field(default="We are offline right now. Our working hours are {{workingHours}}; please leave us a "
                         "message or come back later.", min_length=1, max_length=500,
                         description="What the widget says outside the working hours ({{workingHours}} is replaced).")


class EngagePreChatField(In):
    name: str = Field(min_length=1, max_length=40, description="The variable the flow sees "
                      "(inappmessaging.formFields.<name>): letters, digits, '_'.", examples=["Name"])
    label: str = Field(min_length=1, max_length=100, examples=["Your name"])
    type: Literal["text", "email", "phone", "number", "textarea", "dropdown"] = "text"
    required: bool = False
    options: list[str] = Field(default_factory=list, max_length=50, description="dropdown only: its choices.")


class EngagePreChatForm(In):
    enabled: bool = False
    title: str = Field(default="Before we start", min_length=1, max_length=100)
    fields: list[EngagePreChatField] = Field(default_factory=list, max_length=10)


class EngageWidgetUpdate(In):
    websiteName: Optional[str] = Field(default=None, max_length=100, description="Websites: the site's name.",
                                       examples=["Cumulus Support"])
    allowedDomains: list[str] = Field(default_factory=list, max_length=20, description="Websites: further domains "
                                      "allowed to load the widget (allowlist).", examples=[["shop.example.com"]])
    offline: Optional[EngageWidgetOffline] = None
    preChatForm: Optional[EngagePreChatForm] = None
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


class EngageWidgetAvailability(Out):
    state: Literal["online", "offline", "hidden"]
    available: bool = Field(description="A visitor can start a chat now.")
    reason: str
    message: Optional[str] = Field(default=None, description="What the widget shows when offline.")
    evaluatedAt: str


class EngageWidgetOut(Out):
    assetId: str
    assetName: str
    appId: str = Field(description="The live-chat app id (the asset's address): the widget's business address.")
    widget: dict[str, Any]
    installationScript: str = Field(description="What a site owner pastes before </body>.")
    availability: EngageWidgetAvailability


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
