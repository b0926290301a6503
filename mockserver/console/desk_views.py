"""What the console's customer, agent, conversation and task screens read: plain dicts in the
shapes the products' own read APIs answer (Connect's channel log and debug transactions, Engage's
conversations and transcripts through its service's JSON builders, WxCC's tasks and agent
activities). Unlike part 1's ``service.py`` these read the products' tables directly (no product
has a read of "everything of a POD" — a task's history, a POD's executions — in its public
surface); they only read: every change the console makes goes through a public API from the
browser (static/desk.js)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from mockserver.core.clock import iso_ms
from mockserver.core.seeding import pod_org_id

CHANNELS = ("email", "messenger", "whatsapp", "sms", "livechat")
CHANNEL_LABEL = {"email": "Email", "messenger": "Facebook Messenger", "whatsapp": "WhatsApp", "sms": "SMS",
                 "livechat": "Live chat"}
# Where a customer writes from, per channel, until the user types another address.
DEFAULT_CUSTOMER = {"email": "jane.customer@example.com", "messenger": "7001", "whatsapp": "+14155550100",
                    "sms": "+14155550100", "livechat": "visitor-1"}
FROM_HINT = {"email": "the customer's email address", "messenger": "the customer's page-scoped id (PSID)",
             "whatsapp": "the customer's number (E.164)", "sms": "the customer's number (E.164)",
             "livechat": "the visitor id (browser fingerprint)"}
TASK_LIMIT = 100
CONVERSATION_LIMIT = 50
EXECUTION_LIMIT = 50


def _ms(ms: int | None) -> str | None:
    return iso_ms(ms) if ms else None


# --- play the customer -----------------------------------------------------------------------------------
def customer_targets(session: Session, pod: int) -> list[dict[str, Any]]:
    """Every address a customer of this POD can write to: the apps of each channel (by what the
    channel addresses: email forwarding address, page id, business number, app id) and the POD's
    Gmail mailbox, which reaches the email app only once forwarding to it is confirmed (lab 12.7)."""
    from mockserver.connect.assets.models import ConnectAsset
    from mockserver.connect.flows.models import ConnectFlowBinding
    from mockserver.customers.models import GmailForwarding
    from mockserver.providers.google import GoogleAccount

    apps = session.exec(select(ConnectAsset).where(ConnectAsset.pod == pod, ConnectAsset.kind == "app")
                        .order_by(ConnectAsset.channel, ConnectAsset.created_ms)).all()
    live: set[str] = set()
    if apps:
        q = select(ConnectFlowBinding.key).where(ConnectFlowBinding.kind == "channel",
                                                 col(ConnectFlowBinding.key).in_([a.id for a in apps]))
        live = set(session.exec(q).all())
    out: list[dict[str, Any]] = []
    forwarding_to: dict[str, list[str]] = {}
    for f in session.exec(select(GmailForwarding).where(GmailForwarding.pod == pod)).all():
        if f.enabled and f.status == "verified":
            forwarding_to.setdefault(f.address, []).append(f.mailbox)
    for a in apps:
        if a.channel not in CHANNELS:
            continue
        if a.channel == "email":
            to = (a.config or {}).get("forwardingAddress") or a.address
        elif a.channel == "livechat":
            to = a.app_id
        else:
            to = a.address
        note = []
        if not a.registered_ms:
            note.append("not registered to Webex CC")
        if a.id not in live:
            note.append("no live flow")
        out.append({"key": f"{a.channel}:{to}", "channel": a.channel, "channelLabel": CHANNEL_LABEL[a.channel],
                    "name": a.name, "appId": a.app_id, "assetId": a.id, "to": to, "live": a.id in live,
                    "registered": bool(a.registered_ms), "note": ", ".join(note), "from": DEFAULT_CUSTOMER[a.channel],
                    "fromHint": FROM_HINT[a.channel]})
        if a.channel == "email":
            for mailbox in forwarding_to.get(str(to).lower(), []):
                out.append({**out[-1], "key": f"email:{mailbox}", "to": mailbox,
                            "name": f"{mailbox} (Gmail, forwards to {a.name})"})
    for g in session.exec(select(GoogleAccount).where(GoogleAccount.pod == pod)).all():
        if not any(t["to"] == g.email for t in out):
            out.append({"key": f"email:{g.email}", "channel": "email", "channelLabel": "Email", "name": f"{g.email} (Gmail)",
                        "appId": None, "assetId": None, "to": g.email, "live": False, "registered": False,
                        "note": "forwards to no confirmed address: Connect does not see this mail",
                        "from": DEFAULT_CUSTOMER["email"], "fromHint": FROM_HINT["email"]})
    return out


def customer_thread(session: Session, pod: int, channel: str, address: str, limit: int = 200) -> list[dict[str, Any]]:
    """What one customer sent and received on a channel, oldest first (Connect's channel log)."""
    from mockserver.connect.flows.channels import message_json
    from mockserver.connect.flows.models import ConnectMessage

    addresses = {address, address.lower(), "+" + address.lstrip("+"), address.lstrip("+")}
    rows = session.exec(select(ConnectMessage).where(ConnectMessage.pod == pod, ConnectMessage.channel == channel,
                                                     col(ConnectMessage.customer_address).in_(addresses))
                        .order_by(col(ConnectMessage.created_ms).desc(), col(ConnectMessage.id).desc()).limit(limit)).all()
    return [message_json(m) for m in reversed(rows)]


# --- play the agent ----------------------------------------------------------------------------------------
def agent_users(session: Session, pod: int) -> list[dict[str, Any]]:
    """The POD's contact-center users an agent desktop can sign in as, with their state now."""
    from mockserver.wxcc.agents.config_view import rows
    from mockserver.wxcc.agents.models import WxccAgent

    org = pod_org_id(pod)
    state = {a.agent_id: a for a in session.exec(select(WxccAgent).where(WxccAgent.pod == pod)).all()}
    out = []
    for u in rows(session, org, "user"):
        if not u.get("contactCenterEnabled") or not u.get("email") or not u.get("teamIds"):
            continue
        a = state.get(u.get("ciUserId") or "")
        out.append({"email": u["email"], "name": f"{u.get('firstName', '')} {u.get('lastName', '')}".strip() or u["email"],
                    "loggedIn": bool(a and a.logged_in), "state": (a.sub_status if a and a.logged_in else "LoggedOut")})
    out.sort(key=lambda x: ("agent" not in x["email"], x["email"]))
    return out


# --- conversations -----------------------------------------------------------------------------------------
def conversations(session: Session, pod: int, selected: str | None = None,
                  limit: int = CONVERSATION_LIMIT) -> list[dict[str, Any]]:
    """Engage's conversations of the POD, newest first (as the customer-care API answers them);
    the selected one (by default the newest) with its whole transcript."""
    from mockserver.engage.conversations import service as conv

    org = pod_org_id(pod)
    people = conv._people(session, org)  # noqa: SLF001 - one read of the users for every conversation
    rows = conv.conversations_of(session, org)[:limit]
    pick = selected if any(c.id == selected for c in rows) else (rows[0].id if rows else None)
    out = []
    for c in rows:
        j = conv.conversation_json(session, c, people)
        if c.id == pick:
            j["messages"] = [conv.message_json(m, c.alias_id) for m in conv.transcript(session, org, c.id, offset=0, limit=500)]
        out.append(j)
    return out


# --- tasks -------------------------------------------------------------------------------------------------
def _task_history(t: Any, activities: list[Any], agents: dict[str, str]) -> list[dict[str, Any]]:
    """The task's life, oldest first: its own milestones and each agent's periods on it."""
    h: list[tuple[int, int, dict[str, Any]]] = []

    def add(ms: int, what: str, detail: str = "", order: int = 1) -> None:
        h.append((ms, order, {"at": _ms(ms), "what": what, "detail": detail}))

    add(t.created_ms, "created", f"{t.media_type} from {t.origin}" + (f" ({t.customer_name})" if t.customer_name else ""), 0)
    if t.queued_ms:
        add(t.queued_ms, "queued", t.queue_name or t.queue_id)
    if t.offered_ms:
        # offered_to is cleared once accepted; with no RONA the agent who holds it had the offer
        to = t.offered_to or (t.owner if not t.rona_count else "")
        add(t.offered_ms, "offered" if t.offered_to or not t.rona_count else "offered again", agents.get(to, to))
    for a in activities:
        detail = agents.get(a.agent_id, a.agent_id)
        if a.wrapup_code_name:
            detail += f": {a.wrapup_code_name}"
        if a.reason and a.reason != a.wrapup_code_name:
            detail += f" ({a.reason})"
        add(a.start_ms, a.state, detail)
    if t.ended_ms:
        add(t.ended_ms, "ended", t.reason or "")
    if t.status in ("abandoned", "completed"):
        add(max(t.updated_ms, t.ended_ms), t.status, f"wrap-up {t.wrapup_reason}" if t.wrapup_reason else "", 9)
    h.sort(key=lambda e: (e[0], e[1]))
    return [e for _, _, e in h]


def tasks(session: Session, pod: int, limit: int = TASK_LIMIT) -> list[dict[str, Any]]:
    """WxCC's tasks of the POD, newest first, with their participants and history."""
    from mockserver.connect.flows.models import ConnectFlowExecution
    from mockserver.wxcc.agents.models import WxccAgent, WxccAgentActivity
    from mockserver.wxcc.tasks.models import WxccTask

    rows = session.exec(select(WxccTask).where(WxccTask.pod == pod).order_by(col(WxccTask.created_ms).desc()).limit(limit)).all()
    if not rows:
        return []
    ids_ = [t.id for t in rows]
    acts: dict[str, list[Any]] = {}
    for a in session.exec(select(WxccAgentActivity).where(WxccAgentActivity.pod == pod, col(WxccAgentActivity.task_id).in_(ids_))
                          .order_by(WxccAgentActivity.start_ms)).all():
        acts.setdefault(a.task_id, []).append(a)
    agents = {a.agent_id: a.name or a.email for a in session.exec(select(WxccAgent).where(WxccAgent.pod == pod)).all()}
    # The flow execution that queued each task: the latest inbound execution on the task's
    # conversation that started before the task was created (a re-opened conversation has several).
    runs: dict[str, list[tuple[int, str]]] = {}
    convs = {t.conversation_id for t in rows if t.conversation_id}
    if convs:
        q = (select(ConnectFlowExecution.id, ConnectFlowExecution.variables, ConnectFlowExecution.started_ms)
             .where(ConnectFlowExecution.pod == pod, col(ConnectFlowExecution.trigger).startswith("channel:"))
             .order_by(col(ConnectFlowExecution.started_ms).desc()).limit(1000))
        for ex_id, variables, started in session.exec(q).all():
            cid = (variables or {}).get("conversationId")
            if cid in convs:
                runs.setdefault(cid, []).append((started, ex_id))

    def queued_by(t: Any) -> str | None:
        return next((ex_id for started, ex_id in runs.get(t.conversation_id, []) if started <= t.created_ms), None)

    out = []
    for t in rows:
        out.append({
            "id": t.id, "status": t.status, "state": t.state, "mediaType": t.media_type, "mediaChannel": t.media_channel,
            "origin": t.origin, "destination": t.destination, "customerName": t.customer_name,
            "conversationId": t.conversation_id, "queueId": t.queue_id, "queueName": t.queue_name,
            "owner": agents.get(t.owner, t.owner) if t.owner else None,
            "offeredTo": agents.get(t.offered_to, t.offered_to) if t.offered_to else None,
            "participants": [{"agentId": k, "name": p.get("name") or agents.get(k, k), "state": p.get("state")}
                             for k, p in (t.participants or {}).items()],
            "wrapUp": t.wrapup_reason or None, "ronaCount": t.rona_count, "createdAt": _ms(t.created_ms),
            "updatedAt": _ms(t.updated_ms), "history": _task_history(t, acts.get(t.id, []), agents),
            "transactionId": queued_by(t),
        })
    return out


# --- flow executions ---------------------------------------------------------------------------------------
def executions(session: Session, pod: int, limit: int = EXECUTION_LIMIT) -> list[dict[str, Any]]:
    """The POD's flow executions, newest first, without their step logs."""
    from mockserver.connect.flows.models import ConnectFlow, ConnectFlowExecution

    rows = session.exec(select(ConnectFlowExecution).where(ConnectFlowExecution.pod == pod)
                        .order_by(col(ConnectFlowExecution.started_ms).desc()).limit(limit)).all()
    names: dict[str, str] = {}
    if rows:
        q = select(ConnectFlow.id, ConnectFlow.name).where(col(ConnectFlow.id).in_({r.flow_id for r in rows}))
        names = dict(session.exec(q).all())
    return [{"transactionId": r.id, "flowId": r.flow_id, "flowName": names.get(r.flow_id, r.flow_id), "version": r.version,
             "trigger": r.trigger, "customerAddress": r.customer_address, "status": r.status, "startedAt": _ms(r.started_ms),
             "steps": len(r.steps or [])} for r in rows]


def execution(session: Session, pod: int, transaction_id: str) -> dict[str, Any] | None:
    """One execution with its step log and the definition of the version that ran (for the drawing)."""
    from mockserver.connect.flows.engine import execution_json
    from mockserver.connect.flows.models import ConnectFlow, ConnectFlowExecution, ConnectFlowVersion

    ex = session.get(ConnectFlowExecution, transaction_id)
    if ex is None or ex.pod != pod:
        return None
    f = session.get(ConnectFlow, ex.flow_id)
    v = session.get(ConnectFlowVersion, f"{ex.flow_id}:{ex.version}")
    out = execution_json(ex)
    out["flowName"] = f.name if f else ex.flow_id
    out["definition"] = (v.definition if v else None) or (f.draft if f else None)
    out["executedNodeIds"] = [s.get("nodeId") for s in ex.steps or [] if s.get("nodeId") is not None]
    return out
