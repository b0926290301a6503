"""The admin and Customer Care dashboards: ongoing conversations and agents, counted from the
conversation store; each agent's "logged in" follows the WxCC agent sessions (AgentLoggedIn /
AgentLoggedOut, engage/users/service.py).

Counts: ``active`` — open conversations with an agent taking part; ``queued`` — open with no agent
yet (waiting in a WxCC queue); ``onHold``; ``closedToday`` — closed since 00:00 UTC of the sandbox
clock's day; ``ongoing`` = active + queued + onHold; ``?channel=`` narrows everything to one channel. The agent filter (``?agent=``, repeatable)
takes an agent's Engage user id or email ("Select All" = no filter); with a filter, the counts and
the list cover the conversations those agents take part in.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.engage.conversations.service import OPEN, conversation_json, conversations_of
from mockserver.engage.deps import Caller
from mockserver.engage.errors import bad
from mockserver.engage.users.models import CUSTOMER_CARE, EngageUser

DAY_MS = 24 * 3600 * 1000


def _select_agents(rows: list[EngageUser], wanted: list[str]) -> list[EngageUser]:
    by_key = {}
    for u in rows:
        by_key[u.id] = u
        by_key[u.email.lower()] = u
    out: list[EngageUser] = []
    for i, a in enumerate(wanted):
        u = by_key.get(a) or by_key.get(a.strip().lower())
        if u is None:
            raise bad(f"agent[{i}]", f"'{a}' is not a Customer Care user of this tenant (give the user's id or email; "
                      "Engage → Users lists them)")
        if u not in out:
            out.append(u)
    return out


def dashboard(session: Session, caller: Caller, agent_ids: list[str] | None, channel: str | None = None) -> dict[str, Any]:
    from mockserver.engage.conversations.service import CHANNELS

    if channel and channel not in CHANNELS:
        raise bad("channel", f"'{channel}' is not a channel; one of: {', '.join(CHANNELS)}")
    rows = list(session.exec(select(EngageUser).where(EngageUser.org_id == caller.org_id,
                                                      EngageUser.role_type == CUSTOMER_CARE)
                             .order_by(EngageUser.display_name)).all())
    chosen = _select_agents(rows, agent_ids) if agent_ids else rows
    people = {u.person_id: u for u in session.exec(select(EngageUser).where(EngageUser.org_id == caller.org_id)).all()}
    today = clock.now_ms() // DAY_MS * DAY_MS
    open_rows = [c for c in conversations_of(session, caller.org_id, OPEN) if not channel or c.channel == channel]
    closed_today = [c for c in conversations_of(session, caller.org_id, ("closed",))
                    if (c.closed_ms or 0) >= today and (not channel or c.channel == channel)]
    ongoing = [conversation_json(session, c, people) for c in open_rows]
    closed = [conversation_json(session, c, people) for c in closed_today]
    chosen_ids = {u.person_id for u in chosen}

    def agents_of(j: dict[str, Any]) -> set[str]:
        return set(j["agents"])

    def ever_agents(j: dict[str, Any]) -> set[str]:
        return {p["id"] for p in j["participants"] if p["type"] == "agent"}

    if agent_ids:
        ongoing = [j for j in ongoing if agents_of(j) & chosen_ids]
        closed = [j for j in closed if ever_agents(j) & chosen_ids]
    counts = {
        "active": sum(1 for j in ongoing if j["status"] != "onhold" and j["agents"]),
        "queued": sum(1 for j in ongoing if j["status"] != "onhold" and not j["agents"]),
        "onHold": sum(1 for j in ongoing if j["status"] == "onhold"),
        "closedToday": len(closed),
    }
    counts["ongoing"] = counts["active"] + counts["queued"] + counts["onHold"]
    by_channel: dict[str, int] = {}
    for j in ongoing:
        by_channel[j["channel"]] = by_channel.get(j["channel"], 0) + 1
    agents = [{"id": u.id, "displayName": u.display_name, "email": u.email, "loggedIn": u.logged_in,
               "activeConversations": sum(1 for j in ongoing if u.person_id in j["agents"]),
               "closedToday": sum(1 for j in closed if u.person_id in ever_agents(j))} for u in chosen]
    return {"conversations": counts, "byChannel": by_channel, "agents": agents,
            "ongoing": [{"id": j["id"], "aliasId": j["aliasId"], "channel": j["channel"], "status": j["status"],
                         "customer": j["customerName"] or j["customerAddress"], "agents": [
                             next((p["name"] or p["email"] or p["id"]) for p in j["participants"]
                                  if p["type"] == "agent" and p["id"] == a and p["leftAt"] is None) for a in j["agents"]],
                         "startedAt": j["createdAt"], "messageCount": j["messageCount"]} for j in ongoing],
            "meta": {"selection": "all" if not agent_ids else "some", "channel": channel, "agentsLoggedIn": sum(1 for u in chosen if u.logged_in),
                     "generatedAt": clock.iso()}}
