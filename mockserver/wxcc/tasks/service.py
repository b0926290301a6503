"""Task rules: creation, queueing, the agent's actions and their frames, closing, the flows'
acknowledgements, the search and PATCH. Each HTTP action is one transaction: it checks the task's
state, changes it, posts the frames, then commits; an illegal action answers 4xx and changes nothing.

Participant states (per agent, in ``WxccTask.participants``): offered → joined → wrapup → done;
a consulted agent: consult_offered → consulting → joined (conference / transfer) or done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from mockserver.core.cache import AnswerCache
from mockserver.core.clock import clock
from mockserver.core.ids import ids
from mockserver.events import TaskModified, TaskRouted
from mockserver.wxcc.agents import config_view as cfg
from mockserver.wxcc.agents.deps import Caller
from mockserver.wxcc.agents.effects import after_commit
from mockserver.wxcc.agents.models import WxccAgent, WxccAgentActivity
from mockserver.wxcc.agents.service import close_activity, logged_in, to_default_idle
from mockserver.wxcc.tasks import routing
from mockserver.wxcc.tasks.errors import (INVALID_DATA, INVALID_STATE, NOT_AUTHORIZED, NOT_FOUND, QUEUE_NOT_FOUND,
                                          TaskError)
from mockserver.wxcc.tasks.frames import task_frame
from mockserver.wxcc.tasks.models import WxccTask

MEDIA_TYPES = ("chat", "email", "social", "telephony")
MEDIA_CHANNELS = ("email", "web", "chat", "facebook", "messenger", "whatsapp", "sms", "apple", "telephony", "other")


@dataclass(frozen=True)
class TaskView:
    id: str
    org_id: str
    status: str
    state: str
    media_type: str
    media_channel: str
    origin: str
    destination: str
    conversation_id: str
    queue_id: str
    queue_name: str
    owner: str
    offered_to: str
    customer_name: str
    direction: str
    created_ms: int
    updated_ms: int
    variables: dict[str, Any] = field(default_factory=dict)


def view(t: WxccTask) -> TaskView:
    return TaskView(id=t.id, org_id=t.org_id, status=t.status, state=t.state, media_type=t.media_type,
                    media_channel=t.media_channel, origin=t.origin, destination=t.destination,
                    conversation_id=t.conversation_id, queue_id=t.queue_id, queue_name=t.queue_name, owner=t.owner,
                    offered_to=t.offered_to, customer_name=t.customer_name, direction=t.direction,
                    created_ms=t.created_ms, updated_ms=t.updated_ms, variables=dict(t.variables or {}))


def event_fields(t: WxccTask, owner: str | None = None) -> dict[str, Any]:
    who = owner if owner is not None else t.owner
    p = (t.participants or {}).get(who or "", {})
    variables = {
        "taskId": t.id, "mediaResourceId": t.conversation_id or t.id, "agentId": who or "", "agentName": p.get("name", ""),
        "teamId": p.get("teamId", ""), "queueId": t.queue_id, "queueName": t.queue_name, "customerName": t.customer_name,
        **{k: str(v) for k, v in (t.variables or {}).items()},
    }
    return dict(org_id=t.org_id, task_id=t.id, media_type=t.media_type, media_channel=t.media_channel, origin=t.origin,
                destination=t.destination, queue_id=t.queue_id or None, conversation_id=t.conversation_id or None,
                owner=who or None, direction=t.direction, customer_id=t.customer_id or None,
                variables=tuple(variables.items()))


# An org's POD, read for every new task; kept while identity_org is unwritten (a reset rewrites it).
_pods = AnswerCache("wxcc.tasks.org_pod", tables=("identity_org",), clock_sensitive=False)


def _pod(session: Session, org_id: str) -> int:
    from mockserver.identity.public import org

    def read() -> int | None:
        o = org(session, org_id)
        return None if o is None else o.pod

    pod = _pods.answer(org_id, read) if cfg.unwritten(session, "identity_org") else read()  # type: ignore[arg-type]
    if pod is None:
        raise TaskError(NOT_FOUND, f"Organization {org_id} does not exist.", 404)
    return pod  # type: ignore[return-value]


def get_task(session: Session, org_id: str, task_id: str) -> WxccTask:
    t = session.get(WxccTask, task_id) if isinstance(task_id, str) and task_id else None
    if t is None or t.org_id != org_id:
        raise TaskError(NOT_FOUND, f"Task {task_id} does not exist in this organization.", 404)
    return t


# --- creation, queue, close (the flows' side; also POST /v1/tasks) ---------------------------------
def create(session: Session, org_id: str, *, conversation_id: str, media_type: str, media_channel: str, origin: str,
           destination: str, customer_name: str | None = None, customer_id: str | None = None,
           task_id: str | None = None, variables: dict | None = None, entry_point_id: str = "",
           direction: str = "inbound", outbound_type: str = "") -> WxccTask:
    media_type = (media_type or "").lower()
    if media_type not in MEDIA_TYPES:
        raise TaskError(INVALID_DATA, f"mediaType: {media_type!r} is not one of {', '.join(MEDIA_TYPES)}.")
    if not media_channel:
        raise TaskError(INVALID_DATA, "mediaChannel: is required (email, web, facebook, whatsapp, sms...).")
    if task_id and session.get(WxccTask, task_id) is not None:
        raise TaskError(INVALID_DATA, f"taskId: task {task_id} already exists.", 409)
    now = clock.now_ms()
    t = WxccTask(id=task_id or ids.uuid(), pod=_pod(session, org_id), org_id=org_id, media_type=media_type,
                 media_channel=media_channel.lower(), origin=origin or "", destination=destination or "",
                 customer_name=customer_name or "", customer_id=customer_id or "", conversation_id=conversation_id or "",
                 variables=dict(variables or {}), entry_point_id=entry_point_id, direction=direction,
                 outbound_type=outbound_type, created_ms=now, updated_ms=now,
                 # every JSON column given: pydantic inspects a default_factory's signature on each
                 # construction, which cost more than the rest of the insert
                 skill_requirements=[], previous_queues=[], eligible_teams=[], participants={}, consult={},
                 acks=[])
    session.add(t)
    routing.progressed(session, t, "new", "")
    return t


def queue(session: Session, org_id: str, task_id: str, *, queue_id: str, priority: int = 10,
          skill_requirements: list[dict] | None = None, tid: str | None = None) -> WxccTask:
    t = get_task(session, org_id, task_id)
    if t.state not in ("new", "queued"):
        raise TaskError(INVALID_STATE, f"Task {t.id} is {t.state}; only a new or queued task can be queued.")
    q = routing.queue_of(session, org_id, queue_id)
    if q is None:
        raise TaskError(QUEUE_NOT_FOUND, f"Queue {queue_id} does not exist in this organization.", 404)
    allowed = routing.QUEUE_CHANNELS.get(t.media_type, ())
    if q.get("channelType") not in allowed and q.get("channelType") not in ("OTHERS", "WORK_ITEM"):
        raise TaskError(INVALID_DATA, f"Queue {q.get('name')} is a {q.get('channelType')} queue; a {t.media_type} task "
                                      f"needs a {' or '.join(allowed)} queue.")
    if not q.get("active", True):
        raise TaskError(INVALID_DATA, f"Queue {q.get('name')} is inactive.")
    if not isinstance(priority, int) or not 1 <= priority <= 10:
        raise TaskError(INVALID_DATA, f"priority: {priority!r} must be an integer from 1 (highest) to 10.")
    for r in skill_requirements or []:
        if not isinstance(r, dict) or not r.get("skillId") or "skillValue" not in r:
            raise TaskError(INVALID_DATA, "skillRequirements: each needs skillId, condition and skillValue.")
    t.priority = priority
    t.skill_requirements = list(skill_requirements or [])
    t.updated_ms = clock.now_ms()
    routing.enqueue(session, t, q, tid=tid)
    return t


def close(session: Session, org_id: str, task_id: str, *, reason: str | None = None, tid: str | None = None) -> WxccTask:
    """The contact ends from the customer's side (or the flow's): queued → abandoned; offered → the
    offer is withdrawn; connected → every agent on it goes to wrap-up (``ContactEnded`` +
    ``AgentWrapup``); the task closes when the last agent wraps up."""
    t = get_task(session, org_id, task_id)
    if t.state in ("ended", "wrapup"):
        return t
    if t.state in ("new", "queued"):
        routing.end_in_queue(session, t, status="abandoned", reason=reason or "CUSTOMER_LEFT")
        return t
    if t.state == "offered":
        agent = t.offered_to
        routing.release(session, t, agent)
        task_frame(session, t, agent, "ContactEnded", tid=tid, reason=reason or "Customer left")
        routing.end_in_queue(session, t, status="abandoned", reason=reason or "CUSTOMER_LEFT")
        _after_free(session, agent, tid)
        return t
    _to_wrapup(session, t, reason=reason or "Customer left", tid=tid, ended_by="customer")
    return t


def _to_wrapup(session: Session, t: WxccTask, *, reason: str, tid: str | None, ended_by: str) -> None:
    now = clock.now_ms()
    t.state = "wrapup"
    t.ended_ms = now
    t.updated_ms = now
    t.held = False
    t.reason = reason
    if t.consult:
        c = t.consult
        t.consult = {}
        routing.release(session, t, c.get("to", ""))
    parts = t.participants or {}
    wrapping = [a for a, p in parts.items() if p.get("state") in ("joined", "consulting")]
    for agent_id in wrapping:
        routing.release(session, t, agent_id, state="wrapup")
    session.add(t)
    routing.cancel_timers(session, "wxcc.rona", t.id)
    for agent_id in wrapping:
        if ended_by == "customer":
            task_frame(session, t, agent_id, "ContactEnded", tid=tid, reason=reason)
        task_frame(session, t, agent_id, "AgentWrapup", tid=tid, wrapUpRequired=True)
        _activity(session, t, agent_id, "WrapUp")


def acknowledge(session: Session, org_id: str, task_id: str, *, kind: str, accepted: bool = True,
                reason: str | None = None, reason_code: str | int | None = None) -> None:
    t = get_task(session, org_id, task_id)
    kind = (kind or "").lower()
    if kind not in ("routed", "modify", "modified", "close", "closed"):
        raise TaskError(INVALID_DATA, f"kind: {kind!r} is not routed, modify or close.")
    t.acks = [*(t.acks or []), {"kind": kind.rstrip("d") if kind.endswith("ed") else kind, "accepted": bool(accepted),
                                "reason": reason, "reasonCode": None if reason_code is None else str(reason_code),
                                "timeMs": clock.now_ms()}]
    session.add(t)


# --- agent actions ------------------------------------------------------------------------------------
def _agent_task(session: Session, caller: Caller, task_id: str) -> tuple[WxccTask, WxccAgent]:
    t = get_task(session, caller.org_id, task_id)
    a = logged_in(session, caller.org_id, caller.person_id)
    return t, a


def _part(t: WxccTask, agent_id: str) -> dict:
    return (t.participants or {}).get(agent_id) or {}


def _not_yours(t: WxccTask) -> TaskError:
    return TaskError(NOT_AUTHORIZED, f"Task {t.id} is not assigned to the calling agent.", 403)


def _activity(session: Session, t: WxccTask, agent_id: str, state: str, **extra: Any) -> None:
    a = session.get(WxccAgent, agent_id)
    if a is None:
        return
    close_activity(session, a, kind="task", task_id=t.id)
    if state:
        session.add(WxccAgentActivity(id=ids.uuid(), pod=t.pod, org_id=t.org_id, agent_id=agent_id,
                                      session_id=a.session_id, state=state, task_id=t.id, channel_type=t.media_type,
                                      sub_channel_type=t.media_channel, channel_id=t.conversation_id or t.id,
                                      queue_id=t.queue_id, queue_name=t.queue_name, team_id=a.team_id,
                                      start_ms=clock.now_ms(), **extra))


def _after_free(session: Session, agent_id: str, tid: str | None) -> None:
    a = session.get(WxccAgent, agent_id)
    if a is not None and a.logged_in and a.sub_status == "Available":
        session.flush()
        routing.route_agent(session, a, tid=tid)


def accept(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    p = _part(t, a.agent_id)
    if t.state != "offered" or t.offered_to != a.agent_id or p.get("state") != "offered":
        if p.get("state") in ("joined",):
            raise TaskError(INVALID_STATE, f"Task {t.id} is already accepted.")
        if (t.offered_to and t.offered_to != a.agent_id) or (t.owner and t.owner != a.agent_id and t.state != "ended"):
            raise _not_yours(t)
        raise TaskError(INVALID_STATE, f"Task {t.id} is {t.state}; only a contact offered to the agent can be accepted.")
    _join(session, t, a, tid)
    session.commit()


def _join(session: Session, t: WxccTask, a: WxccAgent, tid: str | None) -> None:
    now = clock.now_ms()
    transfer = bool(_part(t, a.agent_id).get("transfer")) or any(
        p.get("state") in ("wrapup", "done") for k, p in (t.participants or {}).items() if k != a.agent_id)
    parts = {k: dict(v) for k, v in (t.participants or {}).items()}
    parts[a.agent_id] = {**parts.get(a.agent_id, {}), "state": "joined", "joinedMs": now}
    t.participants = parts
    t.owner = a.agent_id
    t.offered_to = ""
    t.state = "connected"
    t.status = "assigned"
    t.assigned_ms = t.assigned_ms or now
    t.updated_ms = now
    session.add(t)
    routing.cancel_timers(session, "wxcc.rona", t.id)
    routing.count(a, t.media_type, "accepted")
    session.add(a)
    task_frame(session, t, a.agent_id, "AgentContactAssigned", tid=tid)
    _activity(session, t, a.agent_id, "Connected")
    if transfer:
        after_commit(session, TaskModified(**event_fields(t, a.agent_id), context="add"))
    else:
        after_commit(session, TaskRouted(**event_fields(t, a.agent_id)))


def reject(session: Session, caller: Caller, task_id: str, media_resource_id: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    _check_media(t, media_resource_id)
    if t.offered_to != a.agent_id or _part(t, a.agent_id).get("state") != "offered":
        if t.offered_to and t.offered_to != a.agent_id:
            raise _not_yours(t)
        raise TaskError(INVALID_STATE, f"Task {t.id} is {t.state}; only a contact offered to the agent can be rejected.")
    routing.release(session, t, a.agent_id)
    routing.count(a, t.media_type, "rejected")
    task_frame(session, t, a.agent_id, "AgentOfferContactRona", tid=tid, reason="Rejected by the agent",
               reasonCode=0)
    # Cisco: "Once a task is rejected, the status of the user goes to idle from available."
    to_default_idle(session, a, "Rejected a contact", tid=tid)
    routing.requeue(session, t, tid=tid)
    session.commit()


def _check_media(t: WxccTask, media_resource_id: str) -> None:
    if media_resource_id not in (t.conversation_id, t.id):  # errata C14: the interaction id is accepted too
        raise TaskError(INVALID_DATA, f"mediaResourceId: {media_resource_id!r} is not a media of task {t.id} "
                                      f"(use {t.conversation_id or t.id}).")


def _joined_owner(t: WxccTask, a: WxccAgent) -> None:
    p = _part(t, a.agent_id)
    if not p:
        raise _not_yours(t)
    if t.state != "connected" or p.get("state") != "joined":
        raise TaskError(INVALID_STATE, f"Task {t.id} is {t.state} and the agent's part is {p.get('state')}; "
                                       "the agent must be connected to the contact.")


def end(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    _joined_owner(t, a)
    _to_wrapup(session, t, reason="Ended by the agent", tid=tid, ended_by="agent")
    session.commit()


def wrapup(session: Session, caller: Caller, task_id: str, aux_code_id: str, reason: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    p = _part(t, a.agent_id)
    if not p:
        raise _not_yours(t)
    if p.get("state") != "wrapup":
        raise TaskError(INVALID_STATE, f"Task {t.id}: the agent is {p.get('state')}; wrap-up comes after the contact "
                                       "ends (POST /v1/tasks/{id}/end).")
    code = cfg.aux_code(session, caller.org_id, aux_code_id)
    if code is None or code.get("workTypeCode") != "WRAP_UP_CODE":
        raise TaskError(INVALID_DATA, f"auxCodeId: {aux_code_id!r} is not a wrap-up code of this organization.")
    if not code.get("active", True):
        raise TaskError(INVALID_DATA, f"auxCodeId: the wrap-up code {code.get('name')} is inactive.")
    routing.release(session, t, a.agent_id)
    if t.owner == a.agent_id or not t.wrapup_code:
        t.wrapup_code = aux_code_id
        t.wrapup_reason = reason
    task_frame(session, t, a.agent_id, "AgentWrappedUp", tid=tid, wrapUpAuxCodeId=aux_code_id, wrapUpReason=reason)
    _activity(session, t, a.agent_id, "", )
    session.add(WxccAgentActivity(id=ids.uuid(), pod=t.pod, org_id=t.org_id, agent_id=a.agent_id,
                                  session_id=a.session_id, state="WrappedUp", task_id=t.id, channel_type=t.media_type,
                                  sub_channel_type=t.media_channel, channel_id=t.conversation_id or t.id,
                                  queue_id=t.queue_id, queue_name=t.queue_name, team_id=a.team_id,
                                  wrapup_code_name=code.get("name", ""), reason=reason, start_ms=clock.now_ms(),
                                  end_ms=clock.now_ms()))
    if t.state == "wrapup" and not any(x.get("state") in routing.ACTIVE for x in (t.participants or {}).values()):
        t.state = "ended"
        t.status = "completed"
        t.updated_ms = clock.now_ms()
        session.add(t)
        after_commit(session, routing.close_event(t, "Wrapped up"))
    session.flush()
    _after_free(session, a.agent_id, tid)
    session.commit()


def hold(session: Session, caller: Caller, task_id: str, media_resource_id: str, on: bool, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    _joined_owner(t, a)
    _check_media(t, media_resource_id)
    if t.held == on:
        raise TaskError(INVALID_STATE, f"Task {t.id} is {'already' if on else 'not'} on hold.")
    t.held = on
    t.updated_ms = clock.now_ms()
    session.add(t)
    task_frame(session, t, a.agent_id, "AgentContactHeld" if on else "AgentContactUnheld", tid=tid)
    routing.progressed(session, t, "on-hold" if on else "hold-done", a.agent_id)
    session.commit()


def record(session: Session, caller: Caller, task_id: str, resume: bool, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    _joined_owner(t, a)
    if t.media_type != "telephony":
        raise TaskError(INVALID_STATE, f"Task {t.id} is a {t.media_type} contact; only calls are recorded.")
    paused = bool((t.variables or {}).get("_recordingPaused"))
    if paused != resume:
        raise TaskError(INVALID_STATE, f"The recording of task {t.id} is {'not paused' if resume else 'already paused'}.")
    t.variables = {**(t.variables or {}), "_recordingPaused": not resume}
    session.add(t)
    task_frame(session, t, a.agent_id, "ContactRecordingResumed" if resume else "ContactRecordingPaused", tid=tid)
    session.commit()


def assign(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    """Self-assign a queued contact (manually assignable queues, the desktop's "assign to me")."""
    t, a = _agent_task(session, caller, task_id)
    if t.state not in ("queued", "offered") or (t.state == "offered" and t.offered_to != a.agent_id):
        raise TaskError(INVALID_STATE, f"Task {t.id} is {t.state}; only a queued contact can be assigned.")
    if t.state == "queued":
        if not routing.has_capacity(a, t.media_type):
            raise TaskError(INVALID_STATE, f"The agent has no free {t.media_type} capacity in the multimedia profile.")
        routing.offer(session, t, a, tid=tid)
    _join(session, t, a, tid)
    session.commit()


def _destination_queue(session: Session, t: WxccTask, to: str) -> dict:
    """The queue a transfer or consult names (``to``), in the task's organization."""
    q = routing.queue_of(session, t.org_id, to)
    if q is None:
        raise TaskError(QUEUE_NOT_FOUND, f"to: queue {to} does not exist in this organization.", 400)
    return q


def _destination_agent(session: Session, t: WxccTask, a: WxccAgent, to: str) -> WxccAgent:
    """The agent a transfer or consult names: another logged-in agent with room for this contact."""
    b = session.get(WxccAgent, to)
    if b is None or b.org_id != t.org_id or not b.logged_in or b.agent_id == a.agent_id:
        raise TaskError(INVALID_DATA, f"to: agent {to} is not another logged-in agent of this organization.")
    if not routing.has_capacity(b, t.media_type) or routing.holds_part(b, t):
        raise TaskError(INVALID_STATE, f"to: agent {b.name} has no free {t.media_type} capacity "
                                       "(or still holds a part of this contact).")
    return b


def transfer(session: Session, caller: Caller, task_id: str, to: str, destination_type: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    _joined_owner(t, a)
    if t.consult:
        raise TaskError(INVALID_STATE, f"Task {t.id} has a consult in progress; end it or use consult/transfer.")
    kind = destination_type.strip().lower()
    if kind == "queue":
        q = _destination_queue(session, t, to)
        if q.get("channelType") not in routing.QUEUE_CHANNELS[t.media_type]:
            raise TaskError(INVALID_DATA, f"to: queue {q.get('name')} is a {q.get('channelType')} queue; this is a "
                                          f"{t.media_type} contact.")
        _leave(session, t, a, "AgentVteamTransferred", tid, extra={"destinationType": "queue", "destination": to})
        t.owner = ""
        t.conference = False
        session.flush()
        routing.enqueue(session, t, q, tid=tid)
    elif kind == "agent":
        b = _destination_agent(session, t, a, to)
        _leave(session, t, a, "AgentBlindTransferred", tid, extra={"destinationType": "agent", "destination": to})
        t.owner = ""
        t.conference = False
        routing.offer(session, t, b, tid=tid, direct=True)
    elif kind in ("dialnumber", "entrypointdialnumber"):
        if t.media_type != "telephony":
            raise TaskError(INVALID_DATA, f"destinationType: {destination_type} transfers calls only; this is a "
                                          f"{t.media_type} contact.")
        _leave(session, t, a, "AgentBlindTransferred", tid, extra={"destinationType": destination_type, "destination": to})
        routing.end_in_queue(session, t, status="completed", reason="TRANSFERRED_TO_DN")
    else:
        raise TaskError(INVALID_DATA, f"destinationType: {destination_type!r} is not agent, queue, dialNumber or "
                                      "entrypointDialNumber.")
    session.commit()


def _leave(session: Session, t: WxccTask, a: WxccAgent, frame: str, tid: str | None, extra: dict | None = None) -> None:
    """The agent hands the contact on and goes to wrap-up for their part (Task Modified: remove)."""
    routing.release(session, t, a.agent_id, state="wrapup")
    routing.count(a, t.media_type, "transferred")
    session.add(a)
    task_frame(session, t, a.agent_id, frame, tid=tid, **(extra or {}))
    task_frame(session, t, a.agent_id, "AgentWrapup", tid=tid, wrapUpRequired=True)
    _activity(session, t, a.agent_id, "WrapUp")
    after_commit(session, TaskModified(**event_fields(t, a.agent_id), context="remove"))


# --- consult and conference -----------------------------------------------------------------------
def consult(session: Session, caller: Caller, task_id: str, to: str, destination_type: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    _joined_owner(t, a)
    if t.consult:
        raise TaskError(INVALID_STATE, f"Task {t.id} already has a consult in progress.")
    kind = destination_type.strip().lower()
    if kind == "queue":
        q = _destination_queue(session, t, to)
        probe = WxccTask(**{**t.model_dump(), "eligible_teams": (lambda tm: ["*"] if tm is None else tm)(
            routing.open_teams(q, 1e9)[0])})
        cands = [b for b in session.exec(select(WxccAgent).where(
            WxccAgent.org_id == t.org_id, WxccAgent.logged_in == True, WxccAgent.sub_status == "Available")).all()  # noqa: E712
            if b.agent_id != a.agent_id and routing.agent_eligible(b, probe, q)]
        if not cands:
            task_frame(session, t, a.agent_id, "AgentCtqFailed", tid=tid, reason="No agent available in the queue",
                       reasonCode=1014, queueId=to)
            session.commit()
            return
        b = min(cands, key=lambda x: (x.ready_ms, x.agent_id))
    elif kind == "agent":
        b = _destination_agent(session, t, a, to)
    else:
        raise TaskError(INVALID_DATA, f"destinationType: {destination_type!r} is not agent or queue for a "
                                      f"{t.media_type} consult.")
    parts = {k: dict(v) for k, v in (t.participants or {}).items()}
    parts[b.agent_id] = {"state": "consult_offered", "name": b.name, "teamId": b.team_id, "dn": b.dial_number,
                         "consulted": True}
    t.participants = parts
    t.consult = {"from": a.agent_id, "to": b.agent_id, "state": "offered", "destinationType": kind,
                 "mediaResourceId": f"{t.conversation_id or t.id}-consult"}
    session.add(t)
    routing.hold_capacity(b, t.media_type, +1)
    session.add(b)
    task_frame(session, t, a.agent_id, "AgentConsultCreated", tid=tid, destAgentId=b.agent_id)
    task_frame(session, t, b.agent_id, "AgentOfferConsult", tid=tid, destAgentId=b.agent_id,
               ronaTimeout=routing.rona_for(session, t))
    session.commit()


def _consult_of(t: WxccTask) -> dict:
    if not t.consult:
        raise TaskError(INVALID_STATE, f"Task {t.id} has no consult in progress.")
    return t.consult


def consult_accept(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    t, b = _agent_task(session, caller, task_id)
    c = _consult_of(t)
    if c.get("to") != b.agent_id:
        raise _not_yours(t)
    if c.get("state") != "offered":
        raise TaskError(INVALID_STATE, f"The consult on task {t.id} is already {c.get('state')}.")
    t.consult = {**c, "state": "accepted"}
    parts = {k: dict(v) for k, v in (t.participants or {}).items()}
    parts[b.agent_id]["state"] = "consulting"
    t.participants = parts
    session.add(t)
    for who in (c["from"], b.agent_id):
        task_frame(session, t, who, "AgentConsulting", tid=tid, destAgentId=b.agent_id)
    routing.progressed(session, t, "consulting", c["from"])
    session.commit()


def consult_end(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    c = _consult_of(t)
    if a.agent_id not in (c.get("from"), c.get("to")):
        raise _not_yours(t)
    t.consult = {}
    routing.release(session, t, c["to"])
    for who in (c["from"], c["to"]):
        task_frame(session, t, who, "AgentConsultEnded", tid=tid, destAgentId=c["to"])
    routing.progressed(session, t, "consult-done", c["from"])
    session.flush()
    _after_free(session, c["to"], tid)
    session.commit()


def _join_consulted(session: Session, caller: Caller, task_id: str):  # noqa: ANN202
    """The consulting agent turns an accepted consult into a conference or a transfer: the
    consulted agent joins the task and the consult ends. Returns (task, consulting agent, consult)."""
    t, a = _agent_task(session, caller, task_id)
    c = _consult_of(t)
    if c.get("from") != a.agent_id:
        raise _not_yours(t)
    if c.get("state") != "accepted":
        raise TaskError(INVALID_STATE, f"The consulted agent has not accepted the consult on task {t.id} yet.")
    parts = {k: dict(v) for k, v in (t.participants or {}).items()}
    parts[c["to"]]["state"] = "joined"
    t.participants = parts
    t.consult = {}
    return t, a, c


def consult_conference(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    t, a, c = _join_consulted(session, caller, task_id)
    t.conference = True
    session.add(t)
    for who in (c["from"], c["to"]):
        task_frame(session, t, who, "AgentConsultConferenced", tid=tid, destAgentId=c["to"])
    _activity(session, t, c["to"], "Connected")
    after_commit(session, TaskModified(**event_fields(t, c["to"]), context="add"))
    routing.progressed(session, t, "conferencing", c["from"])
    session.commit()


def consult_transfer(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    t, a, c = _join_consulted(session, caller, task_id)
    session.add(t)
    for who in (c["from"], c["to"]):
        task_frame(session, t, who, "AgentConsultTransferred", tid=tid, destAgentId=c["to"])
    _leave(session, t, a, "ParticipantLeftConference", tid)
    t.owner = c["to"]
    session.add(t)
    _activity(session, t, c["to"], "Connected")
    after_commit(session, TaskModified(**event_fields(t, c["to"]), context="add"))
    session.commit()


def conference_exit(session: Session, caller: Caller, task_id: str, tid: str | None) -> None:
    t, a = _agent_task(session, caller, task_id)
    p = _part(t, a.agent_id)
    if not p:
        raise _not_yours(t)
    if not t.conference or p.get("state") != "joined" or t.state != "connected":
        raise TaskError(INVALID_STATE, f"Task {t.id} is not a conference the agent is in.")
    others = [k for k, v in (t.participants or {}).items() if v.get("state") == "joined" and k != a.agent_id]
    for who in others:
        task_frame(session, t, who, "ParticipantLeftConference", tid=tid, participantId=a.agent_id)
    _leave(session, t, a, "ParticipantLeftConference", tid, extra={"participantId": a.agent_id})
    moved = t.owner == a.agent_id and bool(others)
    if moved:
        t.owner = others[0]
    t.conference = len(others) > 1
    session.add(t)
    if not t.conference:
        routing.progressed(session, t, "conference-done", t.owner)
    elif moved:
        routing.progressed(session, t, "conference-transferred", t.owner)
    session.commit()


# --- PATCH, POST /v1/tasks, search -------------------------------------------------------------------
def patch(session: Session, caller: Caller, task_id: str, attributes: dict[str, Any], tid: str | None) -> None:
    t = get_task(session, caller.org_id, task_id)
    if t.state == "ended":
        raise TaskError(INVALID_STATE, f"Task {t.id} has ended; its attributes can no longer change.")
    bad = [k for k, v in attributes.items() if not isinstance(k, str) or len(k) > 200 or isinstance(v, (dict, list))
           or len(str(v)) > 1024]
    if bad:
        raise TaskError(INVALID_DATA, f"attributes: {bad[0]!r} — keys up to 200 characters, values plain and up to "
                                      "1024 characters.")
    t.variables = {**(t.variables or {}), **attributes}
    t.updated_ms = clock.now_ms()
    session.add(t)
    for who, p in (t.participants or {}).items():
        if p.get("state") in ("joined", "consulting", "offered", "wrapup"):
            task_frame(session, t, who, "ContactUpdated", tid=tid, updatedAttributes=attributes)
    session.commit()


def create_outbound(session: Session, caller: Caller, body: Any, tid: str | None) -> str:
    """``POST /v1/tasks`` (CreateTaskRequest): OUTDIAL offers the new call to the calling agent;
    CALLBACK and EXECUTE_FLOW queue it on the entry point's outdial queue, where routing takes over."""
    ep = cfg.entity(session, caller.org_id, "entry-point", body.entryPointId)
    if ep is None:
        raise TaskError(INVALID_DATA, f"entryPointId: entry point {body.entryPointId} does not exist in this organization.")
    media = body.mediaType.strip().lower()
    if media != "telephony":
        raise TaskError(INVALID_DATA, f"mediaType: {body.mediaType!r} — tasks created here are telephony tasks.")
    kind = (body.outboundType or "OUTDIAL").upper()
    if kind not in ("OUTDIAL", "CALLBACK", "EXECUTE_FLOW"):
        raise TaskError(INVALID_DATA, f"outboundType: {body.outboundType!r} is not OUTDIAL, CALLBACK or EXECUTE_FLOW.")
    if kind in ("OUTDIAL", "EXECUTE_FLOW") and not body.origin:
        raise TaskError(INVALID_DATA, f"origin: is required for {kind} (the outdial ANI).")
    if kind == "CALLBACK" and body.callback is None:
        raise TaskError(INVALID_DATA, "callback: is required for CALLBACK ({callbackOrigin: web, callbackType: immediate}).")
    if kind == "OUTDIAL":
        if ep.get("entryPointType") != "OUTBOUND":
            raise TaskError(INVALID_DATA, f"entryPointId: {ep.get('name')} is not an outbound entry point.")
        a = logged_in(session, caller.org_id, caller.person_id)
        if not routing.has_capacity(a, "telephony"):
            raise TaskError(INVALID_STATE, "The agent has no free telephony capacity.")
    attrs = {k: str(v) for k, v in (body.attributes or {}).items()}
    t = create(session, caller.org_id, conversation_id="", media_type="telephony", media_channel="telephony",
               origin=body.origin or "", destination=body.destination, variables=attrs, entry_point_id=ep["id"],
               direction="outbound" if kind == "OUTDIAL" else "inbound", outbound_type=kind)
    t.customer_id = body.destination
    if kind == "OUTDIAL":
        t.queue_id = ep.get("outdialQueueId") or ""
        session.flush()
        routing.offer(session, t, a, tid=tid, direct=False)
    else:
        q = routing.queue_of(session, caller.org_id, ep.get("outdialQueueId") or "")
        if q is None:
            q = next((x for x in cfg.rows(session, caller.org_id, "contact-service-queue")
                      if x.get("channelType") == "TELEPHONY" and x.get("active", True)), None)
        if q is None:
            raise TaskError(QUEUE_NOT_FOUND, "No telephony queue to place the call in.", 400)
        session.flush()
        routing.enqueue(session, t, q, tid=tid)
    session.commit()
    return t.id


def search(session: Session, org_id: str, *, from_ms: int, to_ms: int | None, channel_types: list[str] | None,
           page_size: int) -> list[dict[str, Any]]:
    q = select(WxccTask).where(WxccTask.org_id == org_id, WxccTask.created_ms >= from_ms)
    if to_ms is not None:
        q = q.where(WxccTask.created_ms <= to_ms)
    if channel_types:
        q = q.where(WxccTask.media_type.in_(channel_types))  # type: ignore[attr-defined]
    rows = session.exec(q.order_by(WxccTask.created_ms, WxccTask.id).limit(page_size)).all()
    out = []
    for t in rows:
        owner_p = (t.participants or {}).get(t.owner or "", {})
        attrs: dict[str, Any] = {
            "owner": {"id": t.owner or "", "name": owner_p.get("name", "")},
            "queue": {"id": t.queue_id or "", "name": t.queue_name or ""},
            "channelType": t.media_type, "status": t.status, "createdTime": t.created_ms,
            "lastUpdatedTime": t.updated_ms, "captureRequested": False, "origin": t.origin,
            "destination": t.destination, "direction": t.direction,
        }
        if t.reason_code:
            attrs["reasonCode"] = t.reason_code
        out.append({"id": t.id, "attributes": attrs})
    return out
