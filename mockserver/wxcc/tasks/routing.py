"""The routing engine: which Available agent gets a queued task, and which queued task an agent
who just became free gets. Everything happens inside the writer's transaction (writes are
serialized: SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock), so a task is never offered twice
and an agent's capacity is never overrun, however many workers and clients race.

- Team-based queues: agents logged in to a team of the queue's call distribution groups that are
  open (a group opens once the task has waited its ``duration`` seconds, in ``order``).
- Skill-based queues: the same agents (or every logged-in agent when the queue names no group),
  filtered by the queue's and the task's skill requirements against the agent's skill profile.
- Agent-based queues: the queue's ``agents``.
- Among them, Available agents with free capacity for the task's channel in their multimedia
  profile (snapshotted at login); the longest available wins (smallest ``ready_ms``: when they last
  went Available or finished a contact), ties by agent id.
- Tasks are taken by priority (1 is the highest), then by time in queue.

Offers carry ``ronaTimeout`` from the tenant's RONA setting for the channel
(``wxcc/settings/public.py``); a ``wxcc.rona`` timer puts the task back in the queue when it runs
out, the agent going to the RONA state. ``wxcc.group`` timers open the next distribution groups;
``wxcc.max_time`` ends a task still queued after the queue's ``maxTimeInQueue``.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.core.timers import SandboxTimer, timers
from mockserver.events import TaskClosed, TaskProgressed
from mockserver.wxcc.agents import config_view as cfg
from mockserver.wxcc.agents.effects import after_commit
from mockserver.wxcc.agents.models import WxccAgent
from mockserver.wxcc.settings.public import rona_timeouts
from mockserver.wxcc.tasks.frames import task_frame
from mockserver.wxcc.tasks.models import WxccTask

QUEUE_CHANNELS = {"chat": ("CHAT",), "email": ("EMAIL",), "social": ("SOCIAL_CHANNEL",), "telephony": ("TELEPHONY",)}
ACTIVE = ("offered", "joined", "consult_offered", "consulting", "wrapup")


# --- capacity and skills --------------------------------------------------------------------------
def has_capacity(a: WxccAgent, channel: str) -> bool:
    busy = a.busy or {}
    if int(busy.get(channel, 0)) >= int((a.mm or {}).get(channel, 0)):
        return False
    mode = (a.mm or {}).get("blendingMode") or "BLENDED"
    others = sum(int(v) for k, v in busy.items() if k != channel)
    if mode == "EXCLUSIVE" and others:
        return False
    if mode == "BLENDED_REALTIME" and channel in ("telephony", "chat"):
        if int(busy.get("chat" if channel == "telephony" else "telephony", 0)):
            return False
    return True


def hold_capacity(a: WxccAgent, channel: str, delta: int) -> None:
    busy = dict(a.busy or {})
    busy[channel] = max(0, int(busy.get(channel, 0)) + delta)
    a.busy = busy  # reassigned: JSON columns do not see in-place changes


def count(a: WxccAgent, channel: str, what: str, delta: int = 1) -> None:
    counters = {k: dict(v) for k, v in (a.counters or {}).items()}
    ch = counters.setdefault(channel, {})
    ch[what] = int(ch.get(what, 0)) + delta
    a.counters = counters


def _skill_ok(agent_value: Any, condition: str, wanted: str) -> bool:
    cond = (condition or "").upper()
    if agent_value is None:
        return cond in ("IS_NOT", "NEQ", "NOT_EQUAL", "NOT_EQUALS")
    if isinstance(agent_value, bool) or str(wanted).lower() in ("true", "false"):
        same = str(agent_value).lower() == str(wanted).lower()
        return not same if cond in ("IS_NOT", "NEQ", "NOT_EQUAL", "NOT_EQUALS") else same
    try:
        av, wv = float(agent_value), float(wanted)
    except (TypeError, ValueError):
        same = str(agent_value).lower() == str(wanted).lower()
        return not same if cond in ("IS_NOT", "NEQ", "NOT_EQUAL", "NOT_EQUALS") else same
    return {"GTE": av >= wv, "GT": av > wv, "LTE": av <= wv, "LT": av < wv, "IS_NOT": av != wv, "NEQ": av != wv,
            "NOT_EQUAL": av != wv, "NOT_EQUALS": av != wv}.get(cond, av == wv)


def skills_match(a: WxccAgent, requirements: list[dict]) -> bool:
    return all(_skill_ok((a.skills or {}).get(r.get("skillId")), r.get("condition", "IS"), str(r.get("skillValue", "")))
               for r in requirements)


def cancel_timers(session: Session, kind: str, subject: str) -> None:
    """``timers.cancel`` without flushing the transaction's changes first (its SELECT would): a
    flush per step was a visible share of a contact's cost. A timer of this transaction not yet
    flushed is dropped from the session instead."""
    for t in list(session.new):
        if isinstance(t, SandboxTimer) and t.kind == kind and t.subject == subject:
            session.expunge(t)
    with session.no_autoflush:
        timers.cancel(session, kind=kind, subject=subject)


# --- queues -----------------------------------------------------------------------------------------
def queue_of(session: Session, org_id: str, queue_id: str) -> dict[str, Any] | None:
    return cfg.entity(session, org_id, "contact-service-queue", queue_id)


def is_skill_based(queue: dict) -> bool:
    return queue.get("queueRoutingType") == "SKILL_BASED" or queue.get("routingType") == "SKILLS_BASED"


def open_teams(queue: dict, waited_s: float) -> tuple[list[str] | None, float | None]:
    """Teams of the groups open after ``waited_s`` in queue, and when the next one opens (None: no more).
    None for the teams means "no restriction" (an agent-based queue, or a skill-based one with no group)."""
    if queue.get("queueRoutingType") == "AGENT_BASED":
        return None, None
    groups = sorted(queue.get("callDistributionGroups") or [], key=lambda g: (g.get("order", 1), g.get("duration", 0)))
    if not groups:
        return (None if is_skill_based(queue) else []), None
    teams: list[str] = []
    next_at = None
    for g in groups:
        if float(g.get("duration") or 0) <= waited_s:
            teams += [ag.get("teamId") for ag in g.get("agentGroups") or [] if ag.get("teamId")]
        elif next_at is None or float(g["duration"]) < next_at:
            next_at = float(g["duration"])
    return teams, next_at


def requirements(queue: dict, task: WxccTask) -> list[dict]:
    reqs = list(task.skill_requirements or [])
    if is_skill_based(queue):
        reqs += list(queue.get("queueSkillRequirements") or [])
    return reqs


def holds_part(a: WxccAgent, task: WxccTask) -> bool:
    """The agent still has a part in this very contact (offered, connected, consulting, wrapping up)."""
    return ((task.participants or {}).get(a.agent_id) or {}).get("state") in ACTIVE


def agent_eligible(a: WxccAgent, task: WxccTask, queue: dict) -> bool:
    if holds_part(a, task):
        return False
    if queue.get("queueRoutingType") == "AGENT_BASED":
        if a.user_id not in {x.get("id") for x in queue.get("agents") or []}:
            return False
    elif task.eligible_teams is not None and "*" not in task.eligible_teams and a.team_id not in task.eligible_teams:
        return False
    return has_capacity(a, task.media_type) and skills_match(a, requirements(queue, task))


# --- offers -----------------------------------------------------------------------------------------
def rona_for(session: Session, task: WxccTask) -> int:
    return int(rona_timeouts(session, task.org_id).get(task.media_type) or 30)


def offer(session: Session, task: WxccTask, a: WxccAgent, *, tid: str | None = None, direct: bool = False) -> None:
    now = clock.now_ms()
    task.state = "offered"
    task.status = "offered"
    task.offered_to = a.agent_id
    task.offered_ms = now
    task.updated_ms = now
    parts = {k: dict(v) for k, v in (task.participants or {}).items()}
    parts[a.agent_id] = {"state": "offered", "name": a.name, "teamId": a.team_id, "dn": a.dial_number,
                         "consulted": False, **({"transfer": True} if direct else {})}
    task.participants = parts
    session.add(task)
    hold_capacity(a, task.media_type, +1)
    count(a, task.media_type, "offered")
    session.add(a)
    ronas = rona_timeouts(session, task.org_id)
    rona = int(ronas.get(task.media_type) or 30)
    # (a previous offer's RONA timer was cancelled when the task went back to the queue)
    timers.schedule(session, pod=task.pod, kind="wxcc.rona", after_s=rona, subject=task.id,
                    payload={"agentId": a.agent_id, "offeredMs": now})
    # The SDK creates its task from AgentContactReserved and updates it from AgentOfferContact.
    task_frame(session, task, a.agent_id, ("AgentContactReserved", "AgentOfferContact"), tid=tid, rona_s=rona,
               ronas=ronas)
    progressed(session, task, "connect", a.agent_id)


def route_task(session: Session, task: WxccTask, *, tid: str | None = None) -> bool:
    """Offers a queued task to the best eligible agent; False when nobody can take it now."""
    if task.state != "queued":
        return False
    queue = queue_of(session, task.org_id, task.queue_id)
    if queue is None:
        return False
    q = select(WxccAgent).where(WxccAgent.org_id == task.org_id, WxccAgent.logged_in == True,  # noqa: E712
                                WxccAgent.sub_status == "Available")
    teams = task.eligible_teams
    if queue.get("queueRoutingType") != "AGENT_BASED" and teams is not None and "*" not in teams:
        if not teams:
            return False
        q = q.where(WxccAgent.team_id.in_(teams))  # type: ignore[attr-defined]
    best = None
    for a in session.exec(q).all():
        if agent_eligible(a, task, queue) and (best is None or (a.ready_ms, a.agent_id) < (best.ready_ms, best.agent_id)):
            best = a
    if best is None:
        return False
    offer(session, task, best, tid=tid)
    return True


def route_agent(session: Session, a: WxccAgent, *, tid: str | None = None) -> int:
    """Offers waiting tasks to an agent who just became free, while it has capacity."""
    if not a.logged_in or a.sub_status != "Available":
        return 0
    waiting = session.exec(select(WxccTask).where(WxccTask.org_id == a.org_id, WxccTask.state == "queued")
                           .order_by(WxccTask.priority, WxccTask.queued_ms, WxccTask.id)).all()
    queues: dict[str, dict | None] = {}
    offered = 0
    for task in waiting:
        if not has_capacity(a, task.media_type):
            continue
        if task.queue_id not in queues:
            queues[task.queue_id] = queue_of(session, task.org_id, task.queue_id)
        queue = queues[task.queue_id]
        if queue is None or not agent_eligible(a, task, queue):
            continue
        offer(session, task, a, tid=tid)
        offered += 1
    return offered


def release(session: Session, task: WxccTask, agent_id: str, *, state: str = "done") -> WxccAgent | None:
    """The agent's part in the task ends (or moves to wrap-up, which still holds the capacity)."""
    parts = {k: dict(v) for k, v in (task.participants or {}).items()}
    p = parts.get(agent_id)
    if p is None:
        return None
    was = p.get("state")
    p["state"] = state
    task.participants = parts
    session.add(task)
    a = session.get(WxccAgent, agent_id)
    if a is not None and state == "done" and was in ACTIVE:
        hold_capacity(a, task.media_type, -1)
        a.ready_ms = clock.now_ms()
        session.add(a)
    return a


def requeue(session: Session, task: WxccTask, *, tid: str | None = None, route: bool = True) -> None:
    if task.state == "offered":
        cancel_timers(session, "wxcc.rona", task.id)
    task.state = "queued"
    task.status = "queued"
    task.offered_to = ""
    task.updated_ms = clock.now_ms()
    session.add(task)
    if route:
        route_task(session, task, tid=tid)


def enqueue(session: Session, task: WxccTask, queue: dict, *, tid: str | None = None, route: bool = True) -> None:
    """Puts the task in ``queue`` (first time, or transferred): time in queue starts now."""
    now = clock.now_ms()
    if task.queued_ms:  # queued before (a transfer): its old queue's timers go
        for kind in ("wxcc.group", "wxcc.max_time"):
            cancel_timers(session, kind, task.id)
    if task.queue_id and task.queue_id != queue["id"]:
        task.previous_queues = [*(task.previous_queues or []), task.queue_id]
    task.queue_id = queue["id"]
    task.queue_name = queue.get("name", "")
    task.queued_ms = now
    teams, next_at = open_teams(queue, 0)
    task.eligible_teams = ["*"] if teams is None else teams
    if next_at is not None:
        timers.schedule(session, pod=task.pod, kind="wxcc.group", after_s=next_at, subject=task.id,
                        payload={"queueId": queue["id"], "queuedMs": now})
    max_s = queue.get("maxTimeInQueue")
    if max_s:
        timers.schedule(session, pod=task.pod, kind="wxcc.max_time", after_s=float(max_s), subject=task.id,
                        payload={"queueId": queue["id"], "queuedMs": now})
    progressed(session, task, "parked", "")
    requeue(session, task, tid=tid, route=route)


def progressed(session: Session, task: WxccTask, step: str, owner: str | None = None) -> None:
    """Publishes ``task:<step>`` (TaskProgressed) after the commit."""
    from mockserver.wxcc.tasks.service import event_fields

    after_commit(session, TaskProgressed(**event_fields(task, owner), step=step))


def close_event(task: WxccTask, reason: str | None) -> None:
    from mockserver.wxcc.tasks.service import event_fields

    return TaskClosed(**event_fields(task), reason=reason)


def end_in_queue(session: Session, task: WxccTask, *, status: str, reason: str) -> None:
    now = clock.now_ms()
    task.state = "ended"
    task.status = status
    task.reason = reason
    task.reason_code = reason
    task.ended_ms = now
    task.updated_ms = now
    task.offered_to = ""
    session.add(task)
    for kind in ("wxcc.rona", "wxcc.group", "wxcc.max_time"):
        cancel_timers(session, kind, task.id)
    after_commit(session, close_event(task, reason))


# --- timers -----------------------------------------------------------------------------------------
@timers.on("wxcc.rona")
def _rona(session: Session, t: Any) -> None:
    from mockserver.wxcc.agents.service import to_default_idle, change_state

    task = session.get(WxccTask, t.subject)
    agent_id = t.payload.get("agentId")
    if task is None or task.state != "offered" or task.offered_to != agent_id:
        return
    a = release(session, task, agent_id)
    if a is not None:
        count(a, task.media_type, "rona")
        task_frame(session, task, agent_id, "AgentOfferContactRona", reason="Contact was not answered within "
                   f"the RONA timeout", reasonCode=156)
        if a.logged_in:
            change_state(session, a, "RONA", reason="RONA", aux={"id": "", "name": "RONA"})
        else:
            to_default_idle(session, a, "RONA")
    task.rona_count += 1
    requeue(session, task)


@timers.on("wxcc.group")
def _group_opens(session: Session, t: Any) -> None:
    task = session.get(WxccTask, t.subject)
    if task is None or task.state not in ("queued", "offered") or task.queue_id != t.payload.get("queueId"):
        return
    queue = queue_of(session, task.org_id, task.queue_id)
    if queue is None:
        return
    waited = (clock.now_ms() - task.queued_ms) / 1000.0
    teams, next_at = open_teams(queue, waited + 0.0005)
    task.eligible_teams = ["*"] if teams is None else teams
    session.add(task)
    if next_at is not None:
        timers.schedule(session, pod=task.pod, kind="wxcc.group", due_ms=task.queued_ms + int(next_at * 1000),
                        subject=task.id, payload=t.payload)
    if task.state == "queued":
        session.flush()
        route_task(session, task)


@timers.on("wxcc.max_time")
def _max_time(session: Session, t: Any) -> None:
    task = session.get(WxccTask, t.subject)
    if task is None or task.state != "queued" or task.queue_id != t.payload.get("queueId"):
        return
    end_in_queue(session, task, status="abandoned", reason="MAX_TIME_IN_QUEUE_EXCEEDED")


# --- agents leaving, agents coming back -------------------------------------------------------------
def release_offers_of(session: Session, a: WxccAgent, *, reason: str) -> None:
    """An agent logging out: offers pending on them go back to the queue."""
    for task in session.exec(select(WxccTask).where(WxccTask.offered_to == a.agent_id, WxccTask.state == "offered")).all():
        release(session, task, a.agent_id)
        task_frame(session, task, a.agent_id, "AgentOfferContactRona", reason=reason, reasonCode=0)
        requeue(session, task)


def rehydrate(session: Session, a: WxccAgent, tid: str | None) -> None:
    """Relogin: the agent's live contacts as ``AgentContact`` frames (the SDK's task:hydrate)."""
    from mockserver.wxcc.agents.service import channels_map

    for ids_ in channels_map(session, a).values():
        for task_id in ids_:
            task = session.get(WxccTask, task_id)
            if task is not None:
                task_frame(session, task, a.agent_id, "AgentContact", tid=tid, rona_s=rona_for(session, task))
