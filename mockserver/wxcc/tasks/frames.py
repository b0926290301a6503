"""The task frames (``RoutingMessage``) in the real envelope: the AgentContact shape Cisco's SDK
reads (``interactionId``, ``interaction{state, mediaType, participants, media, callProcessingDetails}``,
``ronaTimeout``), addressed to one agent."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.core.clock import clock
from mockserver.wxcc.notifications.service import send
from mockserver.wxcc.tasks.models import WxccTask

_INTERACTION_STATE = {"new": "new", "queued": "new", "offered": "new", "connected": "connected",
                      "wrapup": "wrapUp", "ended": "ended"}


def interaction(task: WxccTask, ronas: dict[str, int] | None = None) -> dict[str, Any]:
    media_id = task.conversation_id or task.id
    customer = task.customer_id or task.origin or "customer"
    participants: dict[str, Any] = {customer: {
        "id": customer, "pType": "Customer", "type": "Customer", "dn": task.origin, "name": task.customer_name,
        "hasJoined": True, "hasLeft": task.state == "ended", "isWrapUp": False, "isWrappedUp": False}}
    for agent_id, p in (task.participants or {}).items():
        st = p.get("state")
        participants[agent_id] = {
            "id": agent_id, "pType": "Agent", "type": "Agent", "name": p.get("name", ""), "teamId": p.get("teamId", ""),
            "dn": p.get("dn", ""), "hasJoined": st in ("joined", "consulting", "wrapup", "done"),
            "hasLeft": st in ("wrapup", "done"), "isWrapUp": st == "wrapup", "isWrappedUp": st == "done",
            "consultState": "consulting" if st == "consulting" else None, "isConsulted": bool(p.get("consulted"))}
    state = _INTERACTION_STATE.get(task.state, task.state)
    if task.state == "connected" and task.conference:
        state = "conference"
    if task.state == "connected" and task.held:
        state = "hold"
    joined = [a for a, p in (task.participants or {}).items() if p.get("state") in ("joined", "consulting")]
    cpd = {  # Cisco sends these as strings, booleans included
        "ani": task.origin, "dnis": task.destination, "QueueId": task.queue_id, "QMgrName": "aqm",
        "virtualTeamName": task.queue_name, "ronaTimeout": str((ronas or {}).get(task.media_type, "")),
        "customerName": task.customer_name, "EP_ID": task.entry_point_id, "pauseResumeEnabled": "false",
        "recordInProgress": "false", "taskToBeSelfServiced": "false", "mediaChannel": task.media_channel,
        "priority": str(task.priority),
    }
    return {
        "interactionId": task.id, "orgId": task.org_id, "state": state, "mediaType": task.media_type,
        "mediaChannel": task.media_channel, "contactDirection": {"type": task.direction.upper()},
        "outboundType": task.outbound_type or None, "isFcManaged": False, "isTerminated": task.state == "ended",
        "currentVTeam": task.queue_id, "previousVTeams": list(task.previous_queues or []),
        "queuedTimestamp": task.queued_ms or None, "createdTimestamp": task.created_ms, "owner": task.owner or None,
        "participants": participants,
        "media": {media_id: {"mediaResourceId": media_id, "mediaType": task.media_type, "mediaMgr": "digitalmm"
                             if task.media_type != "telephony" else "vmm", "participants": [customer, *joined],
                             "mType": "mainCall", "isHold": task.held, "holdTimestamp": None}},
        "callProcessingDetails": cpd,
        "callAssociatedData": {k: {"name": k, "value": str(v), "agentEditable": False, "displayName": k}
                               for k, v in (task.variables or {}).items()},
        "mainInteractionId": task.id,
    }


def task_frame(session: Session, task: WxccTask, agent_id: str, type_: str, *, tid: str | None = None,
               rona_s: int | None = None, ronas: dict[str, int] | None = None, **extra: Any) -> None:
    data = {
        "mediaResourceId": task.conversation_id or task.id, "eventType": "RoutingMessage", "eventTime": clock.now_ms(),
        "agentId": agent_id, "destAgentId": task.offered_to or agent_id, "trackingId": tid or "",
        "consultMediaResourceId": task.consult.get("mediaResourceId", "") if task.consult else "",
        "interactionId": task.id, "orgId": task.org_id, "owner": task.owner or agent_id, "queueMgr": "aqm",
        "queueName": task.queue_name, "type": type_, "isConsulted": bool((task.participants or {}).get(agent_id, {}).get("consulted")),
        "isConferencing": task.conference, "interaction": interaction(task, ronas),
    }
    if rona_s is not None:
        data["ronaTimeout"] = rona_s
    data.update(extra)
    send(session, pod=task.pod, org_id=task.org_id, agent_id=agent_id, category="RoutingMessage", data=data,
         tracking_id=tid)
