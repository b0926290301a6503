"""Agent rules: station login, state, logout, reload, buddy list, activities and statistics.

Control calls validate what can be checked at once (body, team, user, aux code) and answer a 4xx
in the AQM shape; what the real service reports asynchronously (a dial number already in use —
DUPLICATE_LOCATION —, an invalid dial number, relogin without a session) arrives as a failure frame
after the 202. Every outcome frame goes to the agent's own websockets through the outbox, and the
cross-product events (AgentLoggedIn / AgentLoggedOut / AgentStateChanged) are published after commit.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import bindparam, or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.core.ids import ids
from mockserver.events import AgentLoggedIn, AgentLoggedOut, AgentStateChanged
from mockserver.wxcc.agents import config_view as cfg
from mockserver.wxcc.agents.deps import Caller
from mockserver.wxcc.agents.effects import after_commit
from mockserver.wxcc.agents.errors import (AGENT_NOT_CC_USER, AGENT_NOT_LOGGED_IN, AUX_CODE_INVALID, FORBIDDEN,
                                           INVALID_REQUEST, INVALID_STATE, TEAM_NOT_ASSIGNED, TEAM_NOT_FOUND, AqmError)
from mockserver.wxcc.agents.models import WxccAgent, WxccAgentActivity
from mockserver.wxcc.notifications.service import send

DEVICE_TYPES = ("AGENT_DN", "EXTENSION", "BROWSER")
ROLES = ("agent", "supervisor")
CHANNELS = ("telephony", "chat", "email", "social")
MEDIA_TYPES = {"telephony": "telephony", "chat": "chat", "social": "social", "email": "email", "workitem": "workItem"}
_DIAL = re.compile(r"^\+?[0-9][0-9*#.\-]*$")
AVAILABLE_CODE = "0"  # the SDK's auxCodeId of the Available state


# --- reading -------------------------------------------------------------------------------------
def agent_row(session: Session, agent_id: str) -> WxccAgent | None:
    return session.get(WxccAgent, agent_id)


def logged_in(session: Session, org_id: str, agent_id: str) -> WxccAgent:
    a = session.get(WxccAgent, agent_id)
    if a is None or a.org_id != org_id or not a.logged_in:
        raise AqmError(400, "The agent is not logged in: POST /v1/agents/login first.", reason_code=AGENT_NOT_LOGGED_IN)
    return a


def channels_map(session: Session, agent: WxccAgent) -> dict[str, list[str]]:
    from mockserver.wxcc.tasks.models import WxccTask

    out: dict[str, list[str]] = {c: [] for c in CHANNELS}
    if not agent.logged_in:
        return out
    rows = session.exec(select(WxccTask.id, WxccTask.media_type, WxccTask.participants).where(
        WxccTask.org_id == agent.org_id, WxccTask.state.in_(("offered", "connected", "wrapup")),  # type: ignore[attr-defined]
        (WxccTask.owner == agent.agent_id) | (WxccTask.offered_to == agent.agent_id))).all()
    for tid, media, parts in rows:
        p = (parts or {}).get(agent.agent_id)
        if p and p.get("state") not in ("done",):
            out.setdefault(media, []).append(tid)
    return out


def agent_data(session: Session, a: WxccAgent, type_: str, **extra: Any) -> dict[str, Any]:
    cmap = channels_map(session, a)
    data = {
        "eventType": "AgentDesktopMessage", "agentId": a.agent_id, "trackingId": extra.pop("trackingId", ""),
        "auxCodeId": a.aux_code_id, "teamId": a.team_id, "teamName": a.team_name, "agentSessionId": a.session_id,
        "orgId": a.org_id, "interactionIds": [t for ts in cmap.values() for t in ts],
        "status": "LoggedIn" if a.logged_in else "LoggedOut", "subStatus": a.sub_status, "siteId": a.site_id,
        "lastIdleCodeChangeTimestamp": a.idle_code_ms, "lastStateChangeTimestamp": a.state_ms,
        "lastStateChangeReason": a.state_reason, "profileType": a.profile_type, "channelsMap": cmap,
        "dialNumber": a.dial_number, "dn": a.dial_number, "deviceType": a.device_type, "deviceId": a.device_id,
        "isExtension": a.is_extension, "roles": list(a.roles),
        "mmProfile": {c: int(a.mm.get(c, 0)) for c in CHANNELS},
        "chatCount": len(cmap.get("chat", [])), "emailCount": len(cmap.get("email", [])),
        "eventTime": clock.now_ms(), "type": type_,
    }
    data.update(extra)
    return data


def _frame(session: Session, a: WxccAgent, category: str, type_: str, tid: str | None, **extra: Any) -> None:
    send(session, pod=a.pod, org_id=a.org_id, agent_id=a.agent_id, category=category,
         data=agent_data(session, a, type_, trackingId=tid or "", **extra), tracking_id=tid)


def _failure(session: Session, caller: Caller, agent_id: str, category: str, type_: str, reason: str, code: int,
             tid: str | None, **extra: Any) -> None:
    send(session, pod=caller.pod, org_id=caller.org_id, agent_id=agent_id, category=category, tracking_id=tid,
         data={"eventType": "AgentDesktopMessage", "agentId": agent_id, "orgId": caller.org_id, "trackingId": tid or "",
               "type": type_, "reason": reason, "reasonCode": code, "eventTime": clock.now_ms(), **extra})


# --- activities ----------------------------------------------------------------------------------
def open_activity(session: Session, a: WxccAgent, state: str, **fields: Any) -> None:
    close_activity(session, a, kind="state")
    session.add(WxccAgentActivity(id=ids.uuid(), pod=a.pod, org_id=a.org_id, agent_id=a.agent_id,
                                  session_id=a.session_id, state=state, team_id=a.team_id,
                                  start_ms=clock.now_ms(), **fields))


def _close_stmt(kind: str) -> Any:
    col, act = WxccAgentActivity.task_id, WxccAgentActivity
    q = update(act).where(act.agent_id == bindparam("p_agent"), act.end_ms == -1)
    if kind == "state":
        q = q.where(or_(col == "", col.is_(None)))  # type: ignore[union-attr]
    elif kind == "task":
        q = q.where(col == bindparam("p_task"))
    return q.values(end_ms=bindparam("p_now")).execution_options(synchronize_session=False)


# Built once: making the statement and its cache key anew on each of a contact's steps cost more
# than running it.
_CLOSE = {k: _close_stmt(k) for k in ("state", "task", "all")}


def _closes(row: WxccAgentActivity, agent_id: str, kind: str, task_id: str) -> bool:
    if row.agent_id != agent_id or row.end_ms != -1:
        return False
    return (kind == "state" and not row.task_id) or (kind == "task" and row.task_id == task_id) or kind == "all"


def close_activity(session: Session, a: WxccAgent, *, kind: str = "state", task_id: str = "") -> None:
    """Ends the agent's open activities of that kind: its state's ("state"), one task's ("task"), or all.

    One UPDATE of the committed rows, without flushing the transaction's other changes first; the
    activities this session holds (added in this transaction, or loaded) are ended in memory."""
    stmt = _CLOSE.get(kind)
    if stmt is None:
        return
    now = clock.now_ms()
    with session.no_autoflush:
        session.execute(stmt, {"p_agent": a.agent_id, "p_task": task_id, "p_now": now})
    for row in session.new:  # not in the database yet: the flush writes it closed
        if isinstance(row, WxccAgentActivity) and _closes(row, a.agent_id, kind, task_id):
            row.end_ms = now
    for row in session.identity_map.values():  # as the UPDATE left it (their other changes stay pending)
        if isinstance(row, WxccAgentActivity) and _closes(row, a.agent_id, kind, task_id):
            set_committed_value(row, "end_ms", now)


# --- state changes shared with routing ----------------------------------------------------------
def change_state(session: Session, a: WxccAgent, state: str, *, aux: dict | None = None, reason: str = "",
                 changed_by: str | None = None, changed_by_name: str | None = None, tid: str | None = None) -> None:
    """Moves a logged-in agent to Available / Idle / RONA, with the frame and the event."""
    now = clock.now_ms()
    was = a.sub_status
    a.sub_status = state
    a.aux_code_id = AVAILABLE_CODE if state == "Available" else ((aux or {}).get("id") or "")
    a.state_reason = reason
    a.state_ms = now
    if state != "Available":
        a.idle_code_ms = now
    elif was != "Available":
        a.ready_ms = now
    session.add(a)
    open_activity(session, a, state, idle_code=a.aux_code_id if state != "Available" else "",
                  idle_code_name=(aux or {}).get("name", "RONA" if state == "RONA" else ""), reason=reason)
    _frame(session, a, "AgentStateChange", "AgentStateChangeSuccess", tid, changedBy=changed_by or a.agent_id,
           changedById=changed_by or a.agent_id, changedByName=changed_by_name or a.name)
    after_commit(session, AgentStateChanged(org_id=a.org_id, agent_id=a.agent_id, state=state,
                                            aux_code_id=a.aux_code_id or None))


def to_default_idle(session: Session, a: WxccAgent, reason: str, tid: str | None = None) -> None:
    aux = cfg.default_aux_code(session, a.org_id, "IDLE_CODE")
    change_state(session, a, "Idle", aux=aux, reason=reason, tid=tid)


# --- station login --------------------------------------------------------------------------------
def login(session: Session, caller: Caller, body: Any, tid: str | None) -> None:
    roles = [r.strip().lower() for r in body.roles]
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise AqmError(400, f"roles: {bad[0]!r} is not a role; use agent and/or supervisor.", reason_code=INVALID_REQUEST)
    is_agent = "agent" in roles
    device = (body.deviceType or "").upper() or None
    if device is not None and device not in DEVICE_TYPES:
        raise AqmError(400, f"deviceType: {body.deviceType!r} is not one of {', '.join(DEVICE_TYPES)}.",
                       reason_code=INVALID_REQUEST)
    if is_agent and device is None:
        raise AqmError(400, "deviceType: is required for the agent role (AGENT_DN, EXTENSION or BROWSER).",
                       reason_code=INVALID_REQUEST)
    if is_agent and not body.teamId:
        raise AqmError(400, "teamId: is required for the agent role.", reason_code=INVALID_REQUEST)
    user = _cc_user(session, caller)
    team = site = None
    if body.teamId:
        team = cfg.entity(session, caller.org_id, "team", body.teamId)
        if team is None:
            raise AqmError(400, f"teamId: team {body.teamId} does not exist in this organization.",
                           reason_code=TEAM_NOT_FOUND)
        if body.teamId not in (user.get("teamIds") or []):
            raise AqmError(400, f"teamId: the agent is not a member of team {team.get('name', body.teamId)} "
                                "(Control Hub → Users → the user's Teams).", reason_code=TEAM_NOT_ASSIGNED)
    site = cfg.entity(session, caller.org_id, "site", user.get("siteId") or (team or {}).get("siteId"))
    agent_id = caller.person_id
    a = session.get(WxccAgent, agent_id)
    dial = body.dialNumber.strip()
    if device != "BROWSER" and not _DIAL.match(dial):
        _failure(session, caller, agent_id, "StationLogin", "AgentStationLoginFailed", "INVALID_DIAL_NUMBER", 1107, tid,
                 dialNumber=dial, description=f"dialNumber {dial!r} is not a number or an extension.")
        session.commit()
        return
    if a is not None and a.logged_in:
        _failure(session, caller, agent_id, "StationLogin", "AgentStationLoginFailed", "DUPLICATE_LOCATION", 1104, tid,
                 dialNumber=a.dial_number, description="The agent is already logged in; log out first (or reload).")
        session.commit()
        return
    other = session.exec(select(WxccAgent).where(WxccAgent.org_id == caller.org_id, WxccAgent.logged_in == True,  # noqa: E712
                                                 WxccAgent.dial_number == dial)).first()
    if other is not None and device != "BROWSER":
        _failure(session, caller, agent_id, "StationLogin", "AgentStationLoginFailed", "DUPLICATE_LOCATION", 1104, tid,
                 dialNumber=dial, description=f"The dial number {dial} is in use by another logged-in agent.")
        session.commit()
        return
    now = clock.now_ms()
    profile = cfg.entity(session, caller.org_id, "user-profile", user.get("userProfileId"))
    fields = dict(
        pod=caller.pod, org_id=caller.org_id, user_id=user["id"], email=user.get("email", caller.principal.email),
        name=f"{user.get('firstName', '')} {user.get('lastName', '')}".strip(), logged_in=True,
        session_id=ids.uuid(), team_id=body.teamId or "", team_name=(team or {}).get("name", ""),
        site_id=(site or {}).get("id", ""), site_name=(site or {}).get("name", ""), dial_number=dial,
        device_type=device or "", device_id=body.deviceId or (f"webrtc-{agent_id}" if device == "BROWSER" else dial),
        is_extension=bool(body.isExtension or device == "EXTENSION"), roles=roles,
        profile_type=(profile or {}).get("profileType", ""), agent_profile_id=user.get("agentProfileId") or "",
        sub_status="Idle", aux_code_id="", state_reason="", state_ms=now, idle_code_ms=now, login_ms=now, ready_ms=now,
        mm=cfg.multimedia_profile(session, caller.org_id, user, team, site), busy={c: 0 for c in CHANNELS},
        skills=cfg.skills(session, caller.org_id, user))
    if a is None:
        a = WxccAgent(agent_id=agent_id, **fields)
    else:
        for k, v in fields.items():
            setattr(a, k, v)
    idle = cfg.default_aux_code(session, caller.org_id, "IDLE_CODE")
    a.aux_code_id = (idle or {}).get("id", "")
    session.add(a)
    open_activity(session, a, "Idle", idle_code=a.aux_code_id, idle_code_name=(idle or {}).get("name", ""),
                  reason="Login")
    _frame(session, a, "StationLogin", "AgentStationLoginSuccess", tid, notifsTrackingId=tid or "")
    after_commit(session, AgentLoggedIn(org_id=a.org_id, agent_id=a.agent_id, email=a.email, team_id=a.team_id,
                                        site_id=a.site_id or None, dial_number=a.dial_number, device_type=a.device_type))
    session.commit()


def _cc_user(session: Session, caller: Caller) -> dict[str, Any]:
    user = cfg.cc_user(session, caller.org_id, caller.person_id)
    if user is None:
        raise AqmError(403, "The user is not a Contact Center user (no Contact Center licence in Control Hub).",
                       reason_code=AGENT_NOT_CC_USER)
    if not user.get("active", True):
        raise AqmError(403, "The user is inactive in Contact Center.", reason_code=AGENT_NOT_CC_USER)
    if not user.get("contactCenterEnabled"):
        raise AqmError(403, "The user is not contact-center enabled (Control Hub → Contact Center → Users → "
                            "Contact Center Enabled).", reason_code=AGENT_NOT_CC_USER)
    return user


# --- state ----------------------------------------------------------------------------------------
def set_state(session: Session, caller: Caller, body: Any, tid: str | None) -> None:
    target = body.agentId or caller.person_id
    state = body.state.strip()
    norm = {"available": "Available", "idle": "Idle"}.get(state.lower())
    if norm is None:
        raise AqmError(400, f"state: {body.state!r} is not a state; use Available or Idle.", reason_code=INVALID_REQUEST)
    if target != caller.person_id:
        me = session.get(WxccAgent, caller.person_id)
        if me is None or not me.logged_in or "supervisor" not in me.roles:
            raise AqmError(403, "agentId: only a logged-in supervisor may change another agent's state.",
                           reason_code=FORBIDDEN)
    a = logged_in(session, caller.org_id, target)
    aux = None
    if norm == "Idle":
        aux = cfg.aux_code(session, caller.org_id, body.auxCodeId)
        if aux is None or aux.get("workTypeCode") != "IDLE_CODE":
            raise AqmError(400, f"auxCodeId: {body.auxCodeId!r} is not an idle code of this organization.",
                           reason_code=AUX_CODE_INVALID)
        if not aux.get("active", True):
            raise AqmError(400, f"auxCodeId: the idle code {aux.get('name')} is inactive.", reason_code=AUX_CODE_INVALID)
    elif body.auxCodeId not in ("", AVAILABLE_CODE):
        aux = cfg.aux_code(session, caller.org_id, body.auxCodeId)
        if aux is not None:
            raise AqmError(400, "auxCodeId: Available takes auxCodeId \"0\", not an idle code.", reason_code=AUX_CODE_INVALID)
    by = caller.person_id
    change_state(session, a, norm, aux=aux, reason=body.lastStateChangeReason or "", changed_by=by,
                 changed_by_name=None if by == a.agent_id else by, tid=tid)
    if norm == "Available":
        from mockserver.wxcc.tasks.routing import route_agent

        route_agent(session, a)
    session.commit()


# --- logout ---------------------------------------------------------------------------------------
def logout(session: Session, caller: Caller, body: Any, tid: str | None) -> None:
    target = body.agentId or caller.person_id
    if target != caller.person_id:
        me = session.get(WxccAgent, caller.person_id)
        supervisor = me is not None and me.logged_in and "supervisor" in me.roles
        if not (supervisor or caller.principal.is_admin):
            raise AqmError(403, "agentId: only a supervisor or an administrator may log out another agent.",
                           reason_code=FORBIDDEN)
    a = logged_in(session, caller.org_id, target)
    from mockserver.wxcc.tasks.routing import release_offers_of

    cmap = channels_map(session, a)
    release_offers_of(session, a, reason="Agent logged out")
    busy = channels_map(session, a)
    if any(busy.values()):
        raise AqmError(400, "The agent still has contacts: end and wrap up "
                            f"{', '.join(t for ts in busy.values() for t in ts)} before logging out.",
                       reason_code=INVALID_STATE)
    del cmap
    a.logged_in = False
    a.sub_status = "Idle"
    a.state_ms = clock.now_ms()
    a.state_reason = body.logoutReason
    session.add(a)
    close_activity(session, a, kind="all")
    session.add(WxccAgentActivity(id=ids.uuid(), pod=a.pod, org_id=a.org_id, agent_id=a.agent_id,
                                  session_id=a.session_id, state="LoggedOut", team_id=a.team_id, reason=body.logoutReason,
                                  start_ms=clock.now_ms(), end_ms=clock.now_ms()))
    _frame(session, a, "Logout", "AgentLogoutSuccess", tid, loggedOutBy=caller.person_id,
           logoutReason=body.logoutReason)
    after_commit(session, AgentLoggedOut(org_id=a.org_id, agent_id=a.agent_id, email=a.email,
                                         reason=body.logoutReason or "Agent Logged Out"))
    session.commit()


# --- reload -----------------------------------------------------------------------------------------
def reload(session: Session, caller: Caller, tid: str | None) -> None:
    a = session.get(WxccAgent, caller.person_id)
    if a is None or a.org_id != caller.org_id or not a.logged_in:
        _failure(session, caller, caller.person_id, "AgentReloginFailed", "AgentReloginFailed", "AGENT_NOT_FOUND", 1109,
                 tid, description="The agent has no station login to restore.")
        session.commit()
        return
    _frame(session, a, "AgentReloginSuccess", "AgentReloginSuccess", tid)
    from mockserver.wxcc.tasks.routing import rehydrate

    rehydrate(session, a, tid)
    session.commit()


# --- buddy list -------------------------------------------------------------------------------------
def buddy_list(session: Session, caller: Caller, body: Any, tid: str | None) -> None:
    media = MEDIA_TYPES.get(body.mediaType.strip().lower())
    if media is None:
        raise AqmError(400, f"mediaType: {body.mediaType!r} is not one of telephony, chat, social, email, workItem.",
                       reason_code=INVALID_REQUEST)
    state = None
    if body.state:
        state = {"available": "Available", "idle": "Idle"}.get(body.state.strip().lower())
        if state is None:
            raise AqmError(400, f"state: {body.state!r} is not Available or Idle.", reason_code=INVALID_REQUEST)
    if cfg.entity(session, caller.org_id, "agent-profile", body.agentProfileId) is None:
        raise AqmError(400, f"agentProfileId: desktop profile {body.agentProfileId} does not exist.",
                       reason_code=INVALID_REQUEST)
    me = logged_in(session, caller.org_id, caller.person_id)
    q = select(WxccAgent).where(WxccAgent.org_id == caller.org_id, WxccAgent.logged_in == True)  # noqa: E712
    agents = []
    for b in session.exec(q).all():
        if b.agent_id == me.agent_id or (state and b.sub_status != state):
            continue
        if state is None and b.sub_status not in ("Available", "Idle"):
            continue
        agents.append({"agentId": b.agent_id, "state": b.sub_status, "teamId": b.team_id, "teamName": b.team_name,
                       "dn": b.dial_number, "agentName": b.name, "siteId": b.site_id, "auxCodeId": b.aux_code_id,
                       "lastStateChangeTimestamp": b.state_ms})
    agents.sort(key=lambda x: (x["agentName"], x["agentId"]))
    send(session, pod=caller.pod, org_id=caller.org_id, agent_id=me.agent_id, category="BuddyAgents", tracking_id=tid,
         data={"eventType": "AgentDesktopMessage", "agentId": me.agent_id, "orgId": caller.org_id,
               "trackingId": tid or "", "agentSessionId": me.session_id, "mediaType": media, "agentList": agents,
               "type": "BuddyAgents"})
    session.commit()
