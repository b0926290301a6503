"""The channels of an Engage tenant.

- Admin → Assets → Channel Assets: every Connect asset registered to Webex CC (AssetRegistered),
  read-only, plus the web-chat widget configuration of live-chat assets (editable).
- Admin → Settings → attachments: the global "Enable Attachment" switch and, per channel type, the
  maximum size, the maximum number and the supported file formats. Connect is PCI compliant: only
  text-based formats are known (lab 12.3). Enforcement on messages comes with conversations.
"""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock, iso_ms
from mockserver.core.db import db
from mockserver.engage.channels.models import EngageAttachmentChannel, EngageChannelAsset
from mockserver.engage.deps import Caller
from mockserver.engage.errors import bad, bad_many, conflict
from mockserver.engage.models import EngageTenant
from mockserver.engage.schemas import page_json
from mockserver.engage.settings.models import EngageWorkingHours
from mockserver.events import AssetRegistered

CHANNELS = ("email", "chat", "messenger", "whatsapp", "sms")  # the channel types with attachment settings
CHANNEL_LABEL = {"email": "Email", "chat": "Live Chat", "sms": "SMS", "messenger": "Facebook Messenger",
                 "whatsapp": "WhatsApp", "apple": "Apple Messages for Business"}
# What the address of each channel is (connect-api.md §2: business address per channel).
ADDRESS_KIND = {"email": "mailbox", "chat": "appId", "sms": "number", "messenger": "pageId",
                "whatsapp": "number", "apple": "accountId"}
VISIBILITY = ("always", "workingHours", "hidden")
POSITIONS = ("bottom-right", "bottom-left")
_HOST = re.compile(r"^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def default_widget(name: str) -> dict[str, Any]:
    # Decision: what a new live-chat asset's widget looks like before anyone edits it.
    return {"websiteDomain": None, "visibility": "always", "workingHoursId": None,
            "appearance": {"title": name, "welcomeMessage": "Hi! How can we help you today?",
                           "brandColor": "#07C1E4", "position": "bottom-right", "showAgentName": True},
            "updatedAt": None}


def on_asset_registered(event: AssetRegistered) -> None:
    """Kept per org even before the tenant is provisioned: it shows once the tenant exists."""
    with db.session() as s:
        t = s.get(EngageTenant, event.org_id)
        if t is None:
            return  # not a seeded org
        now = clock.now_ms()
        a = s.get(EngageChannelAsset, event.asset_id)
        if a is None:
            a = EngageChannelAsset(id=event.asset_id, pod=t.pod, org_id=t.org_id, name=event.name, channel=event.channel,
                                   registered_ms=now, updated_ms=now,
                                   widget=default_widget(event.name) if event.channel == "chat" else {})
        a.name, a.channel, a.address, a.service, a.updated_ms = event.name, event.channel, event.address, event.service, now
        if a.channel == "chat" and not a.widget:
            a.widget = default_widget(a.name)
        s.add(a)
        s.commit()


def asset_json(a: EngageChannelAsset) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id, "name": a.name, "channel": a.channel, "channelLabel": CHANNEL_LABEL.get(a.channel, a.channel),
        "address": a.address, "addressType": ADDRESS_KIND.get(a.channel, "address"), "service": a.service,
        "registeredAt": iso_ms(a.registered_ms), "updatedAt": iso_ms(a.updated_ms), "readOnly": True,
        "widget": dict(a.widget) if a.channel == "chat" else None,
    }
    return out


def list_assets(session: Session, caller: Caller, channel: str | None, search: str | None, page: int,
                size: int) -> dict[str, Any]:
    if channel and channel not in CHANNEL_LABEL:
        raise bad("channel", f"'{channel}' is not a channel; one of: {', '.join(CHANNEL_LABEL)}")
    rows = session.exec(select(EngageChannelAsset).where(EngageChannelAsset.org_id == caller.org_id)
                        .order_by(EngageChannelAsset.registered_ms, EngageChannelAsset.name)).all()
    needle = (search or "").strip().lower()
    items = [asset_json(a) for a in rows if (not channel or a.channel == channel)
             and (not needle or needle in a.name.lower() or needle in a.address.lower())]
    return page_json(items, page, size)


def set_widget(session: Session, caller: Caller, a: EngageChannelAsset, body: dict[str, Any]) -> dict[str, Any]:
    if a.channel != "chat":
        raise conflict(f"Channel asset '{a.name}' is a {CHANNEL_LABEL.get(a.channel, a.channel)} asset: only "
                       "Live Chat assets have a web-chat widget.")
    errors: list[str] = []
    domain = body["websiteDomain"].strip().lower()
    if not _HOST.match(domain):
        errors.append(f"websiteDomain: '{body['websiteDomain']}' is not a domain name (e.g. www.example.com, "
                      "*.example.com); no scheme, path or port")
    if body["visibility"] == "workingHours":
        wid = body.get("workingHoursId")
        wh = session.get(EngageWorkingHours, wid) if wid else None
        if not wid:
            errors.append("workingHoursId: is required when visibility is 'workingHours'")
        elif wh is None or wh.org_id != caller.org_id:
            errors.append(f"workingHoursId: no working hours '{wid}' in this tenant (Customer Care → Settings → "
                          "CONFIGURE → Working Hours)")
    elif body.get("workingHoursId"):
        errors.append("workingHoursId: only allowed when visibility is 'workingHours'")
    ap = body["appearance"]
    if not _COLOR.match(ap["brandColor"]):
        errors.append(f"appearance.brandColor: '{ap['brandColor']}' must be a hex colour #RRGGBB")
    if errors:
        raise bad_many(errors)
    now = clock.now_ms()
    a.widget = {"websiteDomain": domain, "visibility": body["visibility"], "workingHoursId": body.get("workingHoursId"),
                "appearance": dict(ap), "updatedAt": iso_ms(now)}
    a.updated_ms = now
    session.add(a)
    session.commit()
    return asset_json(a)


def widgets_using(session: Session, org_id: str, working_hours_id: str) -> list[str]:
    rows = session.exec(select(EngageChannelAsset).where(EngageChannelAsset.org_id == org_id)).all()
    return [a.name for a in rows if (a.widget or {}).get("workingHoursId") == working_hours_id]


# --- attachments -------------------------------------------------------------------------------------
def _known(caller: Caller) -> list[str]:
    return list(caller.tenant.plan["attachments"].get("extensions") or [])


def channel_json(c: EngageAttachmentChannel) -> dict[str, Any]:
    return {"channel": c.channel, "maxSizeMB": c.max_size_mb, "maxCount": c.max_count,
            "extensions": list(c.extensions), "limits": dict(c.limits), "updatedAt": iso_ms(c.updated_ms)}


def _attachment_rows(session: Session, caller: Caller) -> list[EngageAttachmentChannel]:
    return list(session.exec(select(EngageAttachmentChannel).where(EngageAttachmentChannel.org_id == caller.org_id)
                             .order_by(EngageAttachmentChannel.position)).all())


def _settings_json(session: Session, caller: Caller) -> dict[str, Any]:
    t = caller.tenant
    return {"enabled": t.attachments_enabled,
            "updatedAt": iso_ms(t.attachments_updated_ms) if t.attachments_updated_ms else None,
            "supportedExtensions": _known(caller),
            "channels": [channel_json(c) for c in _attachment_rows(session, caller)]}


def attachment_settings(session: Session, caller: Caller) -> dict[str, Any]:
    return _settings_json(session, caller)


def set_attachments_enabled(session: Session, caller: Caller, enabled: bool) -> dict[str, Any]:
    t = caller.tenant
    t.attachments_enabled, t.attachments_updated_ms = enabled, clock.now_ms()
    session.add(t)
    out = _settings_json(session, caller)  # read in this transaction: no second one after the commit
    session.commit()
    return out


def find_attachment_channel(session: Session, caller: Caller, channel: str) -> EngageAttachmentChannel:
    if channel not in CHANNELS:
        raise bad("channel", f"'{channel}' is not a channel type; one of: {', '.join(CHANNELS)}")
    c = session.get(EngageAttachmentChannel, f"{caller.org_id}:{channel}")
    if c is None:
        raise bad("channel", f"'{channel}' has no attachment settings in this tenant")
    return c


def set_attachment_channel(session: Session, caller: Caller, c: EngageAttachmentChannel,
                           body: dict[str, Any]) -> dict[str, Any]:
    channel = c.channel
    sent = {k: v for k, v in body.items() if v is not None}
    if not sent:
        raise bad("body", "send at least one of maxSizeMB, maxCount, extensions (fields left out keep their value)")
    body = {"maxSizeMB": c.max_size_mb, "maxCount": c.max_count, "extensions": list(c.extensions), **sent}
    errors: list[str] = []
    max_size, max_count = int(c.limits.get("maxSizeMB", 25)), int(c.limits.get("maxCount", 10))
    if not 1 <= body["maxSizeMB"] <= max_size:
        errors.append(f"maxSizeMB: {body['maxSizeMB']} is out of range; {channel} attachments may be 1-{max_size} MB")
    if not 1 <= body["maxCount"] <= max_count:
        errors.append(f"maxCount: {body['maxCount']} is out of range; {channel} messages may carry 1-{max_count} attachments")
    known = _known(caller)
    exts: list[str] = []
    for i, raw in enumerate(body["extensions"]):
        e = raw.strip().lower().lstrip(".")
        if e not in known:
            errors.append(f"extensions[{i}]: '{raw}' is not a supported file format; Webex Connect is PCI compliant and "
                          f"only exchanges text-based files: {', '.join(known)}")
        elif e in exts:
            errors.append(f"extensions[{i}]: '{raw}' is listed twice")
        else:
            exts.append(e)
    if not body["extensions"]:
        errors.append("extensions: at least one file format is required (switch attachments off globally instead)")
    if errors:
        raise bad_many(errors)
    c.max_size_mb, c.max_count, c.extensions, c.updated_ms = body["maxSizeMB"], body["maxCount"], exts, clock.now_ms()
    session.add(c)
    session.commit()
    return channel_json(c)
