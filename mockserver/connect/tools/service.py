"""Tools → Templates: per-channel message templates with $(variable) placeholders."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.caller import Caller
from mockserver.connect.errors import bad, bad_many, conflict, not_found
from mockserver.connect.tools.models import ConnectTemplate
from mockserver.core.clock import clock, iso_ms
from mockserver.core.ids import ids

TEMPLATE_CHANNELS = ("sms", "email", "whatsapp", "messenger", "livechat", "apple")
VAR_RE = re.compile(r"\$\(([A-Za-z_][\w.]*)\)")


# --- templates -----------------------------------------------------------------------------------
def template_json(t: ConnectTemplate) -> dict[str, Any]:
    text = " ".join(str(v) for v in t.content.values() if isinstance(v, str))
    return {"id": t.id, "name": t.name, "channel": t.channel, "content": t.content,
            "variables": list(dict.fromkeys(VAR_RE.findall(text))), "containerId": t.container_id,
            "createdBy": t.created_by, "createdAt": iso_ms(t.created_ms), "updatedAt": iso_ms(t.updated_ms)}


def _validate(session: Session, caller: Caller, body: dict[str, Any], own: ConnectTemplate | None) -> tuple[str, str, dict]:
    errors = []
    name = (body.get("name") or "").strip()
    if not 1 <= len(name) <= 100:
        errors.append("name: is required: 1-100 characters")
    channel = body.get("channel")
    if channel not in TEMPLATE_CHANNELS:
        errors.append(f"channel: must be one of {', '.join(TEMPLATE_CHANNELS)}")
    content = body.get("content") or {}
    if channel == "email":
        if not (content.get("subject") or "").strip():
            errors.append("content.subject: is required for email templates")
        if not (content.get("text") or content.get("html") or "").strip():
            errors.append("content.text: an email template needs text or html")
    elif channel in TEMPLATE_CHANNELS and not (content.get("text") or "").strip():
        errors.append("content.text: is required")
    if channel == "sms" and len(content.get("text") or "") > 1600:
        errors.append("content.text: an SMS template holds at most 1600 characters (10 segments)")
    if errors:
        raise bad_many(errors)
    other = session.exec(select(ConnectTemplate).where(ConnectTemplate.tenant_id == caller.tenant.id,
                                                       ConnectTemplate.name_key == name.lower())).first()
    if other is not None and (own is None or other.id != own.id):
        raise conflict(f"name: a template named '{other.name}' already exists.")
    allowed = {"subject", "text", "html"} if channel == "email" else {"text"}
    return name, channel, {k: v for k, v in content.items() if k in allowed and isinstance(v, str)}


def visible_template(session: Session, caller: Caller, template_id: str) -> ConnectTemplate:
    t = session.get(ConnectTemplate, template_id)
    if t is None or t.tenant_id != caller.tenant.id or not caller.sees(t.container_id):
        raise not_found("Template", template_id)
    return t


def list_templates(session: Session, caller: Caller, channel: str | None, search: str | None) -> dict[str, Any]:
    caller.need("templates.read")
    if channel is not None and channel not in TEMPLATE_CHANNELS:
        raise bad("channel", f"must be one of {', '.join(TEMPLATE_CHANNELS)}")
    q = select(ConnectTemplate).where(ConnectTemplate.tenant_id == caller.tenant.id)
    if channel:
        q = q.where(ConnectTemplate.channel == channel)
    s = (search or "").strip().lower()
    rows = session.exec(q.order_by(ConnectTemplate.created_ms, ConnectTemplate.name)).all()
    items = [template_json(t) for t in rows if caller.sees(t.container_id) and (not s or s in t.name_key)]
    return {"items": items, "total": len(items)}


def create_template(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("templates.write")
    name, channel, content = _validate(session, caller, body, None)
    now = clock.now_ms()
    t = ConnectTemplate(id=ids.uuid(), pod=caller.tenant.pod, org_id=caller.tenant.org_id, tenant_id=caller.tenant.id,
                        name=name, name_key=name.lower(), channel=channel, content=content,
                        container_id=caller.user.container_id, created_by=caller.user.email, created_ms=now, updated_ms=now)
    session.add(t)
    session.commit()
    return template_json(t)


def get_template(t: ConnectTemplate) -> dict[str, Any]:
    return template_json(t)


def update_template(session: Session, caller: Caller, t: ConnectTemplate, body: dict[str, Any]) -> dict[str, Any]:
    name, channel, content = _validate(session, caller, body, t)
    t.name, t.name_key, t.channel, t.content, t.updated_ms = name, name.lower(), channel, content, clock.now_ms()
    session.add(t)
    session.commit()
    return template_json(t)


def delete_template(session: Session, t: ConnectTemplate) -> None:
    session.delete(t)
    session.commit()
