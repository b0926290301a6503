"""WxCC task events start the event flows (WxCC Task v2 start node: Task Routed 50026, Task
Modified 50027, Task Closed 50025; connect-api.md §4.2). wiring.py hands TaskRouted / TaskModified /
TaskClosed here; each live flow bound to that event whose start-node conditions hold runs, in its
own transaction. WxCC never imports Connect."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.flows import engine
from mockserver.connect.flows.expressions import ExpressionError, render, test_condition
from mockserver.connect.flows.models import ConnectFlow, ConnectFlowBinding, ConnectFlowVersion
from mockserver.connect.services.models import ConnectService
from mockserver.core.cache import AnswerCache

EVENT_IDS = {"TaskRouted": "50026", "TaskModified": "50027", "TaskClosed": "50025"}


def webex_variables(event: Any) -> dict[str, Any]:
    kind = type(event).__name__
    variables = [{"name": k, "value": v} for k, v in event.variables]
    if event.conversation_id and not any(v["name"] == "mediaResourceId" for v in variables):
        variables.append({"name": "mediaResourceId", "value": event.conversation_id})
    data = {"id": event.task_id, "owner": event.owner, "origin": event.origin, "destination": event.destination,
            "mediaChannel": event.media_channel, "mediaType": event.media_type, "direction": event.direction,
            "queue": event.queue_id, "customerId": event.customer_id, "variables": variables}
    if kind == "TaskModified":
        data["context"] = getattr(event, "context", "add")
    body = {"type": kind, "data": data}
    out = {"webex.Type": kind, "webex.type": kind, "webex.origin": event.origin or "",
           "webex.destination": event.destination or "", "webex.mediaChannel": event.media_channel or "",
           "webex.mediaType": event.media_type or "", "webex.direction": event.direction or "",
           "webex.queue": event.queue_id or "", "webex.variables": json.dumps(variables, separators=(",", ":")),
           "webex.RequestBody": json.dumps(body, separators=(",", ":")), "webex.eventId": EVENT_IDS.get(kind, "")}
    if kind == "TaskClosed":
        out.update({"webex.taskId": event.task_id, "webex.owner": event.owner or "", "webex.reason": getattr(event, "reason", "") or ""})
    else:
        out.update({"webex.ID": event.task_id, "webex.agentId": event.owner or ""})
    if kind == "TaskModified":
        out["webex.context"] = getattr(event, "context", "add")
    return out


def _conditions_hold(conditions: list[dict[str, Any]], variables: dict[str, Any], prefix: str) -> bool:
    scoped = {**variables, **{prefix + k: v for k, v in variables.items()}}
    for c in conditions:
        ref = str(c.get("variable", ""))
        actual = render(ref, scoped) if "$(" in ref else scoped.get(ref, "")
        try:
            if not test_condition(actual, str(c.get("operator", "equals")), c.get("value")):
                return False
        except ExpressionError:
            return False
    return True


# Which (org, task event) pairs have a live event flow at all. Most orgs have none, and asking the
# database on every task event (three per contact) cost a twentieth of a contact's time. The
# bindings are rebuilt whenever a version goes live or a flow is deleted, so their table's write
# generation is the whole stamp (other workers' writes count too: see core/cache.py).
_bound = AnswerCache("connect.flows.task_events.bound", tables=(ConnectFlowBinding.__tablename__,),
                     clock_sensitive=False)


def bound(org_id: str, kind: str) -> bool:
    """Whether a live flow of the org starts on this task event (``kind``: TaskRouted...). Read in a
    session of its own: an answer built from somebody's uncommitted writes could outlive a rollback."""
    from mockserver.core.db import db

    def build() -> frozenset[tuple[str, str]]:
        with db.session() as s:
            return frozenset((o, k) for o, k in s.exec(select(ConnectFlowBinding.org_id, ConnectFlowBinding.key)
                                                        .where(ConnectFlowBinding.kind == "wxcc")).all())

    return (org_id, kind) in _bound.answer("pairs", build)  # type: ignore[operator]


def run_for(session: Session, event: Any) -> list[str]:
    kind = type(event).__name__
    start_vars = webex_variables(event)
    started: list[str] = []
    rows = session.exec(select(ConnectFlowBinding).where(ConnectFlowBinding.kind == "wxcc", ConnectFlowBinding.key == kind,
                                                         ConnectFlowBinding.org_id == event.org_id)
                        .order_by(ConnectFlowBinding.flow_id)).all()
    for b in rows:
        flow = session.get(ConnectFlow, b.flow_id)
        version = session.get(ConnectFlowVersion, f"{b.flow_id}:{b.version}")
        if flow is None or version is None:
            continue
        d = engine.parsed(version)
        conditions = [c.model_dump() for c in getattr(d.trigger, "conditions", [])]
        if not _conditions_hold(conditions, start_vars, f"n{d.startNodeId}."):
            continue
        svc = session.get(ConnectService, flow.service_id)
        ex = engine.start(session, flow, version, trigger=f"wxcc:{kind}", start_vars=start_vars,
                          link={"taskId": event.task_id}, service_key=svc.service_key if svc else "")
        started.append(ex.id)
    return started


def on_task_event(event: Any) -> None:
    from mockserver.core.db import db

    if db.engine is None:
        return
    if not bound(event.org_id, type(event).__name__):
        return
    with db.session() as session:
        if run_for(session, event):
            session.commit()
