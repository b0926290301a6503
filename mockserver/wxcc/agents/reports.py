"""The agents' reporting reads: ``GET /v1/agents/activities`` (the state and contact periods, from
the activity rows) and ``GET /v1/agents/statistics`` (per interval and channel, from the tasks)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.wxcc.agents.models import WxccAgent, WxccAgentActivity
from mockserver.wxcc.reporting import bad, windows

MAX_WINDOW_MS = 86_400_000
CAP = 10_000


def activities(session: Session, org_id: str, *, from_ms: int, to_ms: int | None, agent_ids: list[str] | None,
               team_ids: list[str] | None, channel_types: list[str] | None, page: int, page_size: int) -> list[dict]:
    # Cisco: "If unspecified, queries up to the present" — and the window rule holds for that window
    # too, so a `from` a day or more ago without `to` is refused, not cut to its first 24 hours.
    to = to_ms if to_ms is not None else clock.now_ms()
    if to < from_ms:
        raise bad("to: must not be before from.")
    if to - from_ms >= MAX_WINDOW_MS:
        told = "" if to_ms is not None else " (to left out: up to now)"
        raise bad(f"to: the window from..to{told} must be shorter than 24 hours (86400000 ms).")
    if page * page_size >= CAP:
        raise bad(f"page: at most {CAP} records can be read for one window.")
    q = select(WxccAgentActivity).where(WxccAgentActivity.org_id == org_id, WxccAgentActivity.start_ms >= from_ms,
                                        WxccAgentActivity.start_ms <= to)
    if agent_ids:
        q = q.where(WxccAgentActivity.agent_id.in_(agent_ids))  # type: ignore[attr-defined]
    if team_ids:
        q = q.where(WxccAgentActivity.team_id.in_(team_ids))  # type: ignore[attr-defined]
    rows = list(session.exec(q).all())
    # by startTime; at one instant, periods that already ended came first (login's Idle, then Available)
    rows.sort(key=lambda r: (r.start_ms, r.end_ms == -1, r.end_ms, r.state == "WrappedUp"))
    if channel_types:
        rows = [r for r in rows if not r.channel_type or r.channel_type in channel_types]
    rows = rows[page * page_size:(page + 1) * page_size]
    agents = {a.agent_id: a for a in session.exec(select(WxccAgent).where(WxccAgent.org_id == org_id)).all()}
    out = []
    for r in rows:
        a = agents.get(r.agent_id)
        out.append({
            "active": r.end_ms == -1, "agentId": r.agent_id, "agentDn": a.dial_number if a else "",
            "agentLogin": a.email if a else "", "agentSessionId": r.session_id, "agentName": a.name if a else "",
            "currentState": r.state, "siteId": a.site_id if a else "", "siteName": a.site_name if a else "",
            "teamId": r.team_id, "teamName": a.team_name if a and a.team_id == r.team_id else "",
            "isLogin": 0 if r.state == "LoggedOut" else 1, "taskId": r.task_id, "channelId": r.task_id and r.channel_type,
            "channelType": r.channel_type, "subChannelType": r.sub_channel_type, "idleCodeName": r.idle_code_name,
            "idleCode": r.idle_code, "queueId": r.queue_id, "queueName": r.queue_name,
            "wrapupCodeName": r.wrapup_code_name, "reason": r.reason, "startTime": r.start_ms, "endTime": r.end_ms,
            "mmProfileType": ((a.mm or {}).get("blendingMode") or "") if a else "",
        })
    return out


def statistics(session: Session, org_id: str, *, from_ms: int, to_ms: int, interval_min: int | None,
               agent_ids: list[str] | None) -> list[dict[str, Any]]:
    from mockserver.wxcc.tasks.models import WxccTask

    intervals = windows(from_ms, to_ms, interval_min)
    agents = {a.agent_id: a for a in session.exec(select(WxccAgent).where(WxccAgent.org_id == org_id)).all()
              if not agent_ids or a.agent_id in agent_ids}
    tasks = session.exec(select(WxccTask).where(WxccTask.org_id == org_id, WxccTask.created_ms < to_ms,
                                                WxccTask.updated_ms >= from_ms)).all()
    acts = session.exec(select(WxccAgentActivity).where(WxccAgentActivity.org_id == org_id,
                                                        WxccAgentActivity.start_ms < to_ms)).all()
    out = []
    now = clock.now_ms()
    for start, end in intervals:
        for agent_id, a in sorted(agents.items()):
            per: dict[str, dict[str, float]] = {}
            for t in tasks:
                p = (t.participants or {}).get(agent_id)
                if not p or not (start <= (t.offered_ms or t.created_ms) < end):
                    continue
                c = per.setdefault(t.media_type, {})
                c["offered"] = c.get("offered", 0) + 1
                if p.get("joinedMs"):
                    c["accepted"] = c.get("accepted", 0) + 1
                    c["assigned"] = c.get("assigned", 0) + 1
                    if t.ended_ms:
                        c["handled"] = c.get("handled", 0) + 1
                        c["engaged"] = c.get("engaged", 0) + (t.ended_ms - p["joinedMs"])
                else:
                    c["rejected"] = c.get("rejected", 0) + 1
            avail = unavail = 0
            wrap: dict[str, int] = {}
            for r in acts:
                if r.agent_id != agent_id:
                    continue
                s, e = max(r.start_ms, start), min(r.end_ms if r.end_ms != -1 else now, end)
                if e <= s:
                    continue
                if r.state == "Available":
                    avail += e - s
                elif r.state in ("Idle", "RONA"):
                    unavail += e - s
                elif r.state == "WrapUp" and r.channel_type:
                    wrap[r.channel_type] = wrap.get(r.channel_type, 0) + e - s
            channels = []
            for ch in sorted(set(per) | set(wrap) | {"chat", "email", "social", "telephony"}):
                c = per.get(ch, {})
                handled = c.get("handled", 0)
                channels.append({
                    "channelType": ch, "totalAssignedTasks": int(c.get("assigned", 0)),
                    "totalOfferedTasks": int(c.get("offered", 0)), "totalAcceptedTasks": int(c.get("accepted", 0)),
                    "totalRejectedTasks": int(c.get("rejected", 0)),
                    "totalTransferredTasks": int((a.counters or {}).get(ch, {}).get("transferred", 0)),
                    "totalEngagedDuration": int(c.get("engaged", 0)), "totalHoldDuration": 0,
                    "totalWrapUpDuration": int(wrap.get(ch, 0)), "totalAvailableTime": int(avail),
                    "totalUnAvailableTime": int(unavail),
                    "averageHandledTime": float(c.get("engaged", 0) / handled) if handled else 0.0,
                })
            out.append({"intervalStartTime": start, "agentId": agent_id, "agentName": a.name, "teamId": a.team_id,
                        "teamName": a.team_name, "channels": channels})
    return out
