"""Engage → Settings → attachments: the global "Enable Attachment" switch and, per channel type,
the maximum size, the maximum number and the supported file formats. Connect is PCI compliant:
only text-based formats are known (lab 12.3). Enforcement on messages comes with conversations."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock, iso_ms
from mockserver.engage.access import Caller
from mockserver.engage.build import CHANNELS
from mockserver.engage.errors import bad, bad_many
from mockserver.engage.models import EngageAttachmentChannel


def _known(caller: Caller) -> list[str]:
    return list(caller.tenant.plan["attachments"].get("extensions") or [])


def channel_json(c: EngageAttachmentChannel) -> dict[str, Any]:
    return {"channel": c.channel, "maxSizeMB": c.max_size_mb, "maxCount": c.max_count,
            "extensions": list(c.extensions), "limits": dict(c.limits), "updatedAt": iso_ms(c.updated_ms)}


def _rows(session: Session, caller: Caller) -> list[EngageAttachmentChannel]:
    return list(session.exec(select(EngageAttachmentChannel).where(EngageAttachmentChannel.org_id == caller.org_id)
                             .order_by(EngageAttachmentChannel.position)).all())


def settings_json(session: Session, caller: Caller) -> dict[str, Any]:
    t = caller.tenant
    return {"enabled": t.attachments_enabled,
            "updatedAt": iso_ms(t.attachments_updated_ms) if t.attachments_updated_ms else None,
            "supportedExtensions": _known(caller),
            "channels": [channel_json(c) for c in _rows(session, caller)]}


def set_enabled(session: Session, caller: Caller, enabled: bool) -> dict[str, Any]:
    t = caller.tenant
    t.attachments_enabled, t.attachments_updated_ms = enabled, clock.now_ms()
    session.add(t)
    session.commit()
    return settings_json(session, caller)


def _channel(session: Session, caller: Caller, channel: str) -> EngageAttachmentChannel:
    if channel not in CHANNELS:
        raise bad("channel", f"'{channel}' is not a channel type; one of: {', '.join(CHANNELS)}")
    c = session.get(EngageAttachmentChannel, f"{caller.org_id}:{channel}")
    if c is None:
        raise bad("channel", f"'{channel}' has no attachment settings in this tenant")
    return c


def get_channel(session: Session, caller: Caller, channel: str) -> dict[str, Any]:
    return channel_json(_channel(session, caller, channel))


def set_channel(session: Session, caller: Caller, channel: str, body: dict[str, Any]) -> dict[str, Any]:
    c = _channel(session, caller, channel)
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
