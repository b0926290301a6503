"""Entry points, every channel type. Per-channel rules (the spec's field texts, not its flat
`required` list, which names `assetId` and `socialChannelType` for every channel):

- EMAIL, CHAT and SOCIAL_CHANNEL need ``assetId``: a Connect asset of the org registered to Webex CC,
  of the entry point's channel (Messenger / WhatsApp assets for those social channel types), used by
  no other entry point; TELEPHONY and the other channels take no asset.
- SOCIAL_CHANNEL needs ``socialChannelType``; other channels may not send it.
- OUTBOUND entry points are TELEPHONY only. ``controlFlowScriptUrl`` is filled in for TELEPHONY;
  ``imiOrgType`` defaults to IMI (all digital channels of a lab tenant run on Connect).
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import Channel, ConfigDTO, Description, SocialChannel, Wire, name_field

DIGITAL = ("EMAIL", "CHAT", "SOCIAL_CHANNEL")
# Which Connect asset channels an entry point of each channel may use. The spec has no SMS channel
# type: Cisco's spec and portal put SMS under SOCIAL_CHANNEL / MESSAGEBIRD (Connect's SMS runs on
# MessageBird); CHAT also takes SMS numbers, as before (decision).
ASSET_CHANNELS = {"EMAIL": {"email"}, "CHAT": {"chat", "sms"}, "MESSENGER": {"messenger"},
                  "WHATSAPP": {"whatsapp"}, "APPLE_BUSINESS_CHAT": {"apple"}, "MESSAGEBIRD": {"messagebird", "sms"},
                  "GOOGLE_BUSINESS_MESSAGES": {"gbm"}}
_SHOWN = {v: k for k, vs in ASSET_CHANNELS.items() for v in vs if k != "CHAT"} | {"chat": "CHAT"}


class FlowOverrideSetting(Wire):
    name: str
    type: str
    entityType: Optional[str] = None
    entityId: Optional[str] = None
    value: Optional[str] = None


class EntryPointDTO(ConfigDTO):
    name: name_field(r"^[a-zA-Z0-9&_\-\s]*$")  # type: ignore[valid-type]
    description: Description
    entryPointType: Literal["INBOUND", "OUTBOUND"]
    channelType: Channel
    socialChannelType: Optional[SocialChannel] = None
    active: bool
    serviceLevelThreshold: int
    maximumActiveContacts: int
    controlFlowScriptUrl: Optional[str] = None
    overflowNumber: Optional[str] = Field(default=None, max_length=40, pattern=r"^[0-9]*$")
    timezone: Optional[str] = None
    imiOrgType: Optional[Literal["MIXED_MODE", "IMI"]] = None
    assetId: Optional[str] = None
    xspVersion: Optional[str] = Field(default=None, max_length=80)
    subscriptionId: Optional[str] = Field(default=None, max_length=80)
    routePointId: Optional[str] = None
    flowId: Optional[str] = None
    flowTagId: Optional[str] = None
    musicOnHoldId: Optional[str] = None
    outdialQueueId: Optional[str] = None
    callbackEnabled: Optional[bool] = None
    outdialTransferToQueueEnabled: Optional[bool] = None
    flowOverrideSettings: Optional[list[FlowOverrideSetting]] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    ch = data["channelType"]
    if data["entryPointType"] == "OUTBOUND" and ch != "TELEPHONY":
        errors.append("entryPointType: OUTBOUND entry points support only the TELEPHONY channel.")
    if existing is not None and existing.data.get("channelType") != ch:
        errors.append("channelType: cannot be modified.")
    social = data.get("socialChannelType")
    if ch == "SOCIAL_CHANNEL" and not social:
        errors.append("socialChannelType: is required when channelType is SOCIAL_CHANNEL.")
    if ch != "SOCIAL_CHANNEL" and social:
        errors.append("socialChannelType: applies only when channelType is SOCIAL_CHANNEL.")
    if ch != "TELEPHONY" and data.get("overflowNumber"):
        errors.append("overflowNumber: applies only to the TELEPHONY channel.")
    asset_id = data.get("assetId")
    if ch in DIGITAL:
        data.setdefault("imiOrgType", "IMI")
        if not asset_id:
            errors.append(f"assetId: is required when channelType is {ch}.")
        else:
            _check_asset(ctx, data, existing, asset_id, social if ch == "SOCIAL_CHANNEL" else ch, errors)
    elif asset_id:
        errors.append(f"assetId: applies only to the {', '.join(DIGITAL)} channels.")
    if ch == "TELEPHONY":
        data.setdefault("controlFlowScriptUrl", "https://controlflow.sandbox.invalid/entry-point/default")


def _check_asset(ctx: Ctx, data: dict, existing: WxccEntity | None, asset_id: str, want: str | None,
                 errors: list[str]) -> None:
    asset = ctx.asset(asset_id)
    fitting = [a for a in ctx.assets() if not want or a.channel in ASSET_CHANNELS.get(want, set())]
    offer = "; ".join(f"'{a.name}' ({a.app_id or a.id})" for a in fitting) or "none yet: register one in Webex Connect"
    if asset is None:
        errors.append(f"assetId: '{asset_id}' is not a Connect asset registered to Webex CC in this organization; "
                      f"send its App ID (a_...) or id. Registered {want or ''} assets: {offer}.")
        return
    if want and asset.channel not in ASSET_CHANNELS.get(want, set()):
        use = _SHOWN.get(asset.channel, asset.channel.upper())
        use = f"SOCIAL_CHANNEL with socialChannelType {use}" if use not in ("EMAIL", "CHAT") else use
        errors.append(f"assetId: the asset '{asset.name}' is a {asset.channel} asset, which serves {use} entry points, "
                      f"not {want} ones. {want} assets: {offer}.")
    for r in ctx.rows("entry-point"):
        other = r.data.get("assetId")
        same = other == asset_id or (other is not None and (o := ctx.asset(other)) is not None and o.id == asset.id)
        if same and (existing is None or r.id != existing.id):
            errors.append(f"assetId: the asset '{asset.name}' is already used by entry point '{r.name}'.")


ENTRY_POINT = register(Resource(
    kind="entry-point", tag="Entry Point", title="entry point", model=EntryPointDTO,
    paths=std_paths("entry-point", v1_deprecated=True, bulk_export="entry-point/bulk-export",
                    purge="entry-point/purge-inactive-entities"),
    export_type="entryPointType",
    export=exporter(("name", "description", "serviceLevelThreshold", "timezone", "channelType", "socialChannelType",
                     "entryPointType", "assetId", "flowId", "flowTag", "musicOnHoldId", "outdialQueueId",
                     "callbackEnabled"),
                    convert={"serviceLevelThreshold": lambda ctx, row: str(row["serviceLevelThreshold"]),
                             "flowTag": lambda ctx, row: row.get("flowTagId")}),
    refs=[Ref("outdialQueueId", "contact-service-queue"), Ref("musicOnHoldId", "audio-file")], rules=[_rules],
    list_omit=("flowOverrideSettings",),
))
