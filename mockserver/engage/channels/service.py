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


OFFLINE_DEFAULT = {"behaviour": "showMessage",
                  "message": "We are offline right now. Our working hours are {{workingHours}}; please leave us a "
                             "message or come back later."}
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
_DAY_NAMES = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


def default_widget(name: str) -> dict[str, Any]:
    # Decision: what a new live-chat asset's widget looks like before anyone edits it.
    return {"websiteName": None, "websiteDomain": None, "allowedDomains": [], "visibility": "always",
            "workingHoursId": None, "offline": dict(OFFLINE_DEFAULT),
            "preChatForm": {"enabled": False, "title": "Before we start", "fields": []},
            "appearance": {"title": name, "welcomeMessage": "Hi! How can we help you today?",
                           "brandColor": "#07C1E4", "position": "bottom-right", "showAgentName": True,
                           "launcherText": None, "logoUrl": None},
            "updatedAt": None}


def _filled(widget: dict[str, Any], name: str) -> dict[str, Any]:
    """A widget saved before the later fields existed reads with their defaults."""
    base = default_widget(name)
    out = {**base, **(widget or {})}
    out["appearance"] = {**base["appearance"], **(widget or {}).get("appearance", {})}
    return out


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
        "widget": _filled(a.widget, a.name) if a.channel == "chat" else None,
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
    if ap.get("logoUrl") and not re.match(r"^https://[^\s/]+(/\S*)?$", ap["logoUrl"]):
        errors.append("appearance.logoUrl: must be an https:// URL")
    allowed: list[str] = []
    for i, d in enumerate(body.get("allowedDomains") or []):
        dd = d.strip().lower()
        if not _HOST.match(dd):
            errors.append(f"allowedDomains[{i}]: '{d}' is not a domain name (e.g. shop.example.com)")
        elif dd != domain and dd not in allowed:
            allowed.append(dd)
    form = body.get("preChatForm") or {"enabled": False, "title": "Before we start", "fields": []}
    seen: set[str] = set()
    for i, f in enumerate(form["fields"]):
        if not _FIELD_NAME.match(f["name"]):
            errors.append(f"preChatForm.fields[{i}].name: '{f['name']}' must start with a letter or '_' and hold "
                          "letters, digits or '_' (the flow reads inappmessaging.formFields.<name>)")
        elif f["name"].lower() in seen:
            errors.append(f"preChatForm.fields[{i}].name: '{f['name']}' is used twice")
        seen.add(f["name"].lower())
        if f["type"] == "dropdown" and not [o for o in f["options"] if o.strip()]:
            errors.append(f"preChatForm.fields[{i}].options: a dropdown needs at least one option")
        if f["type"] != "dropdown" and f["options"]:
            errors.append(f"preChatForm.fields[{i}].options: only dropdown fields have options")
    if form["enabled"] and not form["fields"]:
        errors.append("preChatForm.fields: an enabled pre-chat form needs at least one field")
    offline = body.get("offline") or dict(OFFLINE_DEFAULT)
    if errors:
        raise bad_many(errors)
    now = clock.now_ms()
    a.widget = {"websiteName": (body.get("websiteName") or "").strip() or None, "websiteDomain": domain,
                "allowedDomains": allowed, "visibility": body["visibility"], "workingHoursId": body.get("workingHoursId"),
                "offline": dict(offline), "preChatForm": {**form, "fields": [dict(f) for f in form["fields"]]},
                "appearance": dict(ap), "updatedAt": iso_ms(now)}
    a.updated_ms = now
    session.add(a)
    session.commit()
    return asset_json(a)


# --- the widget as a site owner and a visitor see it -----------------------------------------------------
def installation_script(caller_tenant: EngageTenant, a: EngageChannelAsset) -> str:
    # Decision (docs/fidelity.md): the snippet's shape is designed; it names the tenant's widget host,
    # the app id and the widget (asset) id, which is what a site needs to load the widget.
    host = (caller_tenant.url or f"https://{caller_tenant.name}.imi.chat/").rstrip("/")
    return ("<!-- Webex Engage live chat: paste before </body> -->\n"
            f'<script id="webex-engage-livechat" src="{host}/widget/livechat.js" data-app-id="{a.address}" '
            f'data-widget-id="{a.id}" data-tenant="{caller_tenant.name}" async></script>')


def _hours_text(h: EngageWorkingHours) -> str:
    parts = [f"{d['day'][:3].title()} " + ", ".join(f"{r['start']}-{r['end']}" for r in d["ranges"]) for d in h.days]
    return "; ".join(parts) + f" ({h.time_zone})" if parts else f"none ({h.time_zone})"


def within_hours(h: EngageWorkingHours, now_ms: int) -> bool:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    local = datetime.fromtimestamp(now_ms / 1000, tz=ZoneInfo(h.time_zone))
    day, minute = _DAY_NAMES[local.weekday()], local.hour * 60 + local.minute
    for d in h.days:
        if d["day"] != day:
            continue
        for r in d["ranges"]:
            sh, sm = r["start"].split(":")
            eh, em = r["end"].split(":")
            if int(sh) * 60 + int(sm) <= minute < int(eh) * 60 + int(em):
                return True
    return False


def availability(session: Session, a: EngageChannelAsset, now_ms: int | None = None) -> dict[str, Any]:
    """Whether the widget shows and a visitor can start a chat now (sandbox clock)."""
    now = clock.now_ms() if now_ms is None else now_ms
    w = _filled(a.widget, a.name)
    out: dict[str, Any] = {"evaluatedAt": iso_ms(now), "message": None}
    if w["visibility"] == "hidden":
        return {**out, "state": "hidden", "available": False, "reason": "The widget's visibility is 'hidden'."}
    if w["visibility"] == "always":
        return {**out, "state": "online", "available": True, "reason": "The widget is always shown."}
    h = session.get(EngageWorkingHours, w["workingHoursId"]) if w.get("workingHoursId") else None
    if h is None:  # the hours were removed under it (deleting is refused, so only a damaged row)
        return {**out, "state": "online", "available": True, "reason": "No working hours are set: always shown."}
    if within_hours(h, now):
        return {**out, "state": "online", "available": True, "reason": f"Within the working hours '{h.name}'."}
    off = w.get("offline") or OFFLINE_DEFAULT
    reason = f"Outside the working hours '{h.name}' ({_hours_text(h)})."
    if off.get("behaviour") == "hideWidget":
        return {**out, "state": "hidden", "available": False, "reason": reason}
    return {**out, "state": "offline", "available": False, "reason": reason,
            "message": off.get("message", OFFLINE_DEFAULT["message"]).replace("{{workingHours}}", _hours_text(h))}


def widget_json(session: Session, tenant: EngageTenant, a: EngageChannelAsset) -> dict[str, Any]:
    if a.channel != "chat":
        raise conflict(f"Channel asset '{a.name}' is a {CHANNEL_LABEL.get(a.channel, a.channel)} asset: only "
                       "Live Chat assets have a web-chat widget.")
    return {"assetId": a.id, "assetName": a.name, "appId": a.address, "widget": _filled(a.widget, a.name),
            "installationScript": installation_script(tenant, a), "availability": availability(session, a)}


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
