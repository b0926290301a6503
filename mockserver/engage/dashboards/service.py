"""The admin and Customer Care dashboards: ongoing conversations and agents (conversation-less for
now: the counts are 0 until conversations are emulated)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.engage.deps import Caller
from mockserver.engage.errors import bad
from mockserver.engage.users.models import CUSTOMER_CARE, EngageUser


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
            "meta": {"selection": "all" if not agent_ids else "some"}}
