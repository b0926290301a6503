"""The Engage tenant: as the cross-launch shows it, and what provisioning makes of it.

What a freshly provisioned tenant holds is built as plain rows by one function for both paths: the
DigitalChannelsProvisioned handler (run time) and the ``engage.provision`` scenario step (seeded
state), so the ``provisioned`` checkpoint is exactly what provisioning produces. Seeded ids derive
from the POD and keys; a user's id derives from its Control Hub person id (stable across
re-synchronization).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.core.clock import clock, iso_ms
from mockserver.core.db import db
from mockserver.core.ids import derived_uuid
from mockserver.engage.channels.models import EngageAttachmentChannel
from mockserver.engage.channels.service import CHANNELS
from mockserver.engage.deps import Caller
from mockserver.engage.models import EngageTenant
from mockserver.engage.settings.models import EngageWorkingHours
from mockserver.engage.users.models import EngageUser
from mockserver.engage.users.service import people_facts, user_id, user_row
from mockserver.events import DigitalChannelsProvisioned
from mockserver.identity.public import spark_ids

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


# --- the cross-launch --------------------------------------------------------------------------------
def tenant_json(session: Session, caller: Caller) -> dict[str, Any]:
    t = caller.tenant
    me = session.get(EngageUser, user_id(caller.principal.person_id))
    base = f"/engage/{t.name}"
    return {
        "tenant": t.name, "url": t.url, "orgId": spark_ids.org_id(t.org_id),
        "provisionedAt": iso_ms(t.provisioned_ms) if t.provisioned_ms else None,
        "signedInAs": {"email": caller.email, "personId": spark_ids.person_id(caller.principal.person_id),
                       "roleType": me.role_type if me else None, "portals": ["admin", "customerCare"]},
        "portals": {"admin": base, "customerCare": f"{base}/customer-care"},
    }


# --- provisioning ------------------------------------------------------------------------------------
def tenant_rows(pod: int, org_id: str, plan: dict[str, Any], people: list[dict[str, Any]], now: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of a new tenant, keyed by table."""
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


def on_provisioned(event: DigitalChannelsProvisioned) -> None:
    with db.session() as s:
        t = s.get(EngageTenant, event.org_id)
        if t is None or t.provisioned:
            return
        now = clock.now_ms()
        for k, v in tenant_fields(t.plan, event.owner_person_id or None, now).items():
            setattr(t, k, v)
        if event.tenant:
            t.name = event.tenant.lower()
        s.add(t)
        for table, rows in tenant_rows(t.pod, t.org_id, t.plan, people_facts(s, t.org_id), now).items():
            for r in rows:
                s.add(table(**r))
        s.commit()
