"""Connect services (lab 12.2): containers of flows with their API credentials and lock."""

from __future__ import annotations

import base64
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.caller import Caller
from mockserver.connect.errors import bad, conflict, not_found
from mockserver.connect.provisioned_tenant import digits
from mockserver.connect.services.models import ConnectService
from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids

CHANNELS = ("sms", "email", "whatsapp", "messenger", "livechat", "apple")
COUNTERS = ("inbound", "outbound", "submitted", "delivered", "read", "failed", "rejected")


def empty_stats() -> dict[str, Any]:
    return {"channels": {c: {k: 0 for k in COUNTERS} for c in CHANNELS}, "flows": {},
            "messagingApi": {"requests": 0, "accepted": 0, "rejected": 0}}


def _mask(value: str) -> str:
    return "•" * 8 + value[-4:]


def service_json(s: ConnectService, *, reveal: bool = False) -> dict[str, Any]:
    return {
        "id": s.id, "name": s.name, "description": s.description, "locked": s.locked, "lockedBy": s.locked_by,
        "containerId": s.container_id, "createdBy": s.created_by, "createdAt": iso_ms(s.created_ms),
        "updatedAt": iso_ms(s.updated_ms),
        "api": {"serviceId": s.id, "serviceKey": s.service_key if reveal else _mask(s.service_key),
                "serviceSecret": s.service_secret if reveal else _mask(s.service_secret), "masked": not reveal},
    }


def visible_service(session: Session, caller: Caller, service_id: str) -> ConnectService:
    s = session.get(ConnectService, service_id)
    if s is None or s.tenant_id != caller.tenant.id or not caller.sees(s.container_id):
        raise not_found("Service", service_id)
    return s


def _name(body: dict[str, Any], required: bool) -> str | None:
    name = body.get("name")
    if name is None and not required:
        return None
    name = (name or "").strip()
    if not 1 <= len(name) <= 100:
        raise bad("name", "is required: 1-100 characters")
    return name


def _unique(session: Session, caller: Caller, name: str, own_id: str | None = None) -> None:
    other = session.exec(select(ConnectService).where(ConnectService.tenant_id == caller.tenant.id,
                                                      ConnectService.name_key == name.lower())).first()
    if other is not None and other.id != own_id:
        raise conflict(f"name: a service named '{other.name}' already exists.")


def create(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("services.write")
    name = _name(body, True)
    _unique(session, caller, name)
    now = clock.now_ms()
    sid = "s_" + digits("service", ids.uuid(), length=16)  # decision: shaped like App IDs
    s = ConnectService(
        id=sid, pod=caller.tenant.pod, org_id=caller.tenant.org_id, tenant_id=caller.tenant.id, name=name,
        name_key=name.lower(), description=(body.get("description") or "").strip(), service_key=ids.uuid(),
        service_secret=base64.b64encode(bytes.fromhex(ids.hex(32))).decode(), locked=False,
        container_id=caller.user.container_id, created_by=caller.user.email, created_ms=now, updated_ms=now,
        stats=empty_stats(),
    )
    session.add(s)
    session.commit()
    return service_json(s)


def list_(session: Session, caller: Caller, search: str | None) -> dict[str, Any]:
    caller.need("services.read")
    rows = session.exec(select(ConnectService).where(ConnectService.tenant_id == caller.tenant.id)
                        .order_by(ConnectService.created_ms, ConnectService.name)).all()
    q = (search or "").strip().lower()
    items = [service_json(s) for s in rows if caller.sees(s.container_id)
             and (not q or q in s.name_key or q in s.description.lower())]
    return {"items": items, "total": len(items)}


def get(s: ConnectService) -> dict[str, Any]:
    return service_json(s)


def _locked(s: ConnectService) -> ApiError:
    return ApiError(423, "Locked.", [
        f"Service '{s.name}' is locked (Service Locking, by {s.locked_by or 'a teammate'}): "
        "untick Service Locking (PATCH {\"locked\": false}) before changing it or its flows."])


def ensure_unlocked(s: ConnectService) -> None:
    """For the service's flows: a locked service refuses their changes too."""
    if s.locked:
        raise _locked(s)


def update(session: Session, caller: Caller, s: ConnectService, body: dict[str, Any]) -> dict[str, Any]:
    name = _name(body, False)
    desc = body.get("description")
    lock = body.get("locked")
    changes = (name is not None and name != s.name) or (desc is not None and desc.strip() != s.description)
    if s.locked and lock is not False and (changes or lock is None):
        raise _locked(s)
    if name is not None:
        _unique(session, caller, name, s.id)
        s.name, s.name_key = name, name.lower()
    if desc is not None:
        if len(desc) > 500:
            raise bad("description", "at most 500 characters")
        s.description = desc.strip()
    if lock is not None:
        s.locked, s.locked_by = bool(lock), caller.user.email if lock else None
    s.updated_ms = clock.now_ms()
    session.add(s)
    session.commit()
    return service_json(s)


def delete(session: Session, s: ConnectService) -> None:
    ensure_unlocked(s)
    used = session.exec(select(ConnectAsset).where(ConnectAsset.registered_service_id == s.id)).all()
    if used:
        raise conflict(f"Service '{s.name}' has assets registered to Webex CC with it: "
                       f"{', '.join(a.name for a in used)}; it cannot be deleted.")
    session.delete(s)
    session.commit()


def credentials(s: ConnectService) -> dict[str, Any]:
    return service_json(s, reveal=True)["api"]


def dashboard(s: ConnectService) -> dict[str, Any]:
    stats = s.stats or empty_stats()
    return {"serviceId": s.id, "name": s.name, "asOf": clock.iso(), **stats}
