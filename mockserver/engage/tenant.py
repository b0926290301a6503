"""The Engage tenant as the cross-launch sees it, and the (conversation-less, for now) dashboards."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import iso_ms
from mockserver.engage.access import Caller
from mockserver.engage.build import CUSTOMER_CARE
from mockserver.engage.errors import bad
from mockserver.engage.models import EngageUser
from mockserver.identity import spark_ids


def tenant_json(session: Session, caller: Caller) -> dict[str, Any]:
    t = caller.tenant
    me = session.get(EngageUser, _user_id(caller))
    base = f"/engage/{t.name}"
    return {
        "tenant": t.name, "url": t.url, "orgId": spark_ids.org_id(t.org_id),
        "provisionedAt": iso_ms(t.provisioned_ms) if t.provisioned_ms else None,
        "signedInAs": {"email": caller.email, "personId": spark_ids.person_id(caller.principal.person_id),
                       "roleType": me.role_type if me else None, "portals": ["admin", "customerCare"]},
        "portals": {"admin": base, "customerCare": f"{base}/customer-care"},
    }


def _user_id(caller: Caller) -> str:
    from mockserver.engage.build import user_id

    return user_id(caller.principal.person_id)


def dashboard(session: Session, caller: Caller, agent_ids: list[str] | None) -> dict[str, Any]:
    rows = session.exec(select(EngageUser).where(EngageUser.org_id == caller.org_id, EngageUser.role_type == CUSTOMER_CARE)
                        .order_by(EngageUser.display_name)).all()
    if agent_ids:
        known = {u.id for u in rows}
        for i, a in enumerate(agent_ids):
            if a not in known:
                raise bad(f"agent[{i}]", f"'{a}' is not a Customer Care user of this tenant")
        rows = [u for u in rows if u.id in set(agent_ids)]
    agents = [{"id": u.id, "displayName": u.display_name, "email": u.email, "loggedIn": u.logged_in,
               "activeConversations": 0} for u in rows]
    return {"conversations": {"active": 0, "queued": 0, "onHold": 0, "closedToday": 0},
            "agents": agents,
            "meta": {"selection": "all" if not agent_ids else "some",
                     "note": "Conversations are emulated with the contact lifecycle (a later issue): counts are 0."}}
