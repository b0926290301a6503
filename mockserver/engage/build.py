"""What a freshly provisioned Engage tenant holds, as plain rows.

One function builds them for both paths: the DigitalChannelsProvisioned handler (run time) and the
``engage.provision`` scenario step (seeded state), so the ``provisioned`` checkpoint is exactly what
provisioning produces. Seeded ids derive from the POD and keys; a user's id derives from its
Control Hub person id (stable across re-synchronization).
"""

from __future__ import annotations

from typing import Any, Iterable

from mockserver.core.ids import derived_uuid
from mockserver.identity.tokens import ADMIN_ROLES

ADMINISTRATIVE = "Administrative"
CUSTOMER_CARE = "Customer Care"
ROLE_TYPES = (ADMINISTRATIVE, CUSTOMER_CARE)
CHANNELS = ("email", "chat", "messenger", "whatsapp", "sms")
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")

# Used when the fixture has no engage: section (fixtures/pods.yaml documents the real defaults).
DEFAULT_PLAN: dict[str, Any] = {
    "url": "https://{org}.imi.chat/",
    "licences": {"CJPPRM": "Premium Agent", "CJPSTD": "Standard Agent"},
    "attachments": {"enabled": True, "extensions": ["pdf", "txt"], "channels": {
        c: {"maxSizeMB": 5, "maxCount": 1, "extensions": ["pdf", "txt"], "limits": {"maxSizeMB": 25, "maxCount": 10}}
        for c in CHANNELS}},
    "workingHours": [],
}


def plan_from_fixture(fixture: dict[str, Any], org_name: str) -> dict[str, Any]:
    f = fixture.get("engage") or {}
    plan = {**DEFAULT_PLAN, **f}
    plan["url"] = str(plan["url"]).replace("{org}", org_name)
    return plan


def user_id(person_id: str) -> str:
    return derived_uuid("engage", "user", person_id)


def person_facts(row: Any, codes_by_licence: dict[str, str]) -> dict[str, Any]:
    """What Engage reads of a Control Hub person (an IdentityPerson or its seeding dict)."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return {
        "id": get("id"), "email": get("email"), "first_name": get("first_name") or "",
        "last_name": get("last_name") or "", "display_name": get("display_name") or "",
        "roles": list(get("roles") or []), "codes": [codes_by_licence.get(x, x) for x in get("licenses") or []],
        "active": bool(get("login_enabled")) and get("status") == "active",
    }


def cc_licence(plan: dict[str, Any], codes: Iterable[str]) -> str | None:
    held = set(codes)
    for code in plan["licences"]:  # the fixture's order is the preference: Premium before Standard
        if code in held:
            return code
    return None


def role_type(roles: Iterable[str]) -> str:
    # Decision: any Control Hub administrator role makes the user Administrative (lab 12.1:
    # administrators → "Administrative", premium agents and supervisors → "Customer Care").
    return ADMINISTRATIVE if set(roles) & ADMIN_ROLES else CUSTOMER_CARE


def user_row(pod: int, org_id: str, plan: dict[str, Any], person: dict[str, Any], now: int,
             created_ms: int | None = None) -> dict[str, Any] | None:
    licence = cc_licence(plan, person["codes"])
    if licence is None:
        return None
    return {
        "id": user_id(person["id"]), "pod": pod, "org_id": org_id, "person_id": person["id"],
        "email": person["email"], "first_name": person["first_name"], "last_name": person["last_name"],
        "display_name": person["display_name"] or f"{person['first_name']} {person['last_name']}".strip(),
        "role_type": role_type(person["roles"]), "licence": licence,
        "status": "active" if person["active"] else "inactive", "logged_in": False,
        "created_ms": created_ms if created_ms is not None else now, "synced_ms": now,
    }


def tenant_rows(pod: int, org_id: str, plan: dict[str, Any], people: list[dict[str, Any]], now: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of a new tenant, keyed by table."""
    from mockserver.engage.models import EngageAttachmentChannel, EngageUser, EngageWorkingHours

    users = [r for p in people if (r := user_row(pod, org_id, plan, p, now)) is not None]
    att = plan["attachments"]
    channels = []
    for i, (channel, c) in enumerate((att.get("channels") or {}).items()):
        channels.append({
            "id": f"{org_id}:{channel}", "pod": pod, "org_id": org_id, "channel": channel, "position": i,
            "max_size_mb": int(c["maxSizeMB"]), "max_count": int(c["maxCount"]), "extensions": list(c["extensions"]),
            "limits": dict(c.get("limits") or {}), "updated_ms": now,
        })
    hours = []
    for wh in plan.get("workingHours") or []:
        hours.append({
            "id": derived_uuid("engage", pod, "working-hours", wh["key"]), "pod": pod, "org_id": org_id,
            "name": wh["name"], "name_key": wh["name"].strip().lower(), "description": wh.get("description", ""),
            "time_zone": wh["timeZone"], "days": [dict(d) for d in wh.get("days", [])], "created_ms": now, "updated_ms": now,
        })
    return {EngageUser: users, EngageAttachmentChannel: channels, EngageWorkingHours: hours}  # type: ignore[dict-item]


def tenant_fields(plan: dict[str, Any], owner_person_id: str | None, now: int) -> dict[str, Any]:
    return {"provisioned": True, "provisioned_ms": now, "owner_person_id": owner_person_id,
            "attachments_enabled": bool(plan["attachments"].get("enabled", True)), "attachments_updated_ms": now,
            "url": plan["url"]}
