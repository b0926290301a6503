"""The flow engine: runs a live flow version node by node inside the caller's transaction.

Every execution has a transaction id and a step log (node, inputs, outputs, outcome, time). A
node that fails takes its error outcome; an outcome that is not connected, a node type that
cannot run or a runaway loop ends the run with a recorded reason. Receive parks the execution
(status ``waiting``) until the customer's next message or its timeout on the sandbox clock.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.flows import definition as fdef
from mockserver.connect.flows.expressions import as_text, render_deep
from mockserver.connect.flows.models import ConnectFlow, ConnectFlowExecution, ConnectFlowVersion
from mockserver.core.clock import clock, iso_ms
from mockserver.core.ids import ids
from mockserver.core.lifecycle import forget_on_new_app
from mockserver.core.timers import timers

MAX_STEPS = 250  # a flow that loops longer than this is ended (real flows are bounded by their timers)
RECEIVE_TIMER = "connect.flow_receive_timeout"
_parsed: dict[str, fdef.FlowDefinition] = {}


class Wait(Exception):
    """Raised by Receive: park the execution until the next message or the timeout."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s


class NodeFailed(Exception):
    def __init__(self, outcome: str, message: str, outputs: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.outcome, self.message, self.outputs = outcome, message, outputs or {}


@dataclass
class Context:
    session: Session
    execution: ConnectFlowExecution
    definition: fdef.FlowDefinition
    variables: dict[str, Any]
    flow: ConnectFlow
    trigger: dict[str, Any] = field(default_factory=dict)  # channel, asset, business/customer addresses
    authorized: dict[str, str] = field(default_factory=dict)  # integration -> token checked in this run


def parsed(v: ConnectFlowVersion) -> fdef.FlowDefinition:
    d = _parsed.get(v.id)
    if d is None:
        d = fdef.parse(v.definition)
        if len(_parsed) > 512:
            _parsed.clear()
        _parsed[v.id] = d
    return d


def forget() -> None:
    _parsed.clear()


forget_on_new_app("connect.flows.parsed", forget)


def new_transaction_id() -> str:
    return ids.uuid()


def start(session: Session, flow: ConnectFlow, version: ConnectFlowVersion, *, trigger: str, start_vars: dict[str, Any],
          link: dict[str, Any], asset_id: str | None = None, customer_address: str | None = None,
          service_key: str = "") -> ConnectFlowExecution:
    d = parsed(version)
    tid = new_transaction_id()
    variables: dict[str, Any] = {v.name: v.default for v in d.customVariables}
    prefix = f"n{d.startNodeId}."
    variables.update({prefix + k: v for k, v in start_vars.items()})
    variables.update({prefix + "service.serviceKey": service_key, "service.serviceKey": service_key,
                      "flowId": flow.id, "tid": tid, "transId": tid})
    ex = ConnectFlowExecution(id=tid, pod=flow.pod, org_id=flow.org_id, tenant_id=flow.tenant_id, service_id=flow.service_id,
                              flow_id=flow.id, version=version.version, trigger=trigger, asset_id=asset_id,
                              customer_address=customer_address, status="running", variables={}, steps=[],
                              started_ms=clock.now_ms())
    ex.steps = [{"nodeId": d.startNodeId, "name": _node(d, d.startNodeId).name or "Start", "type": "start",
                 "inputs": {}, "outputs": dict(start_vars), "outcome": "next", "at": iso_ms(ex.started_ms)}]
    ctx = Context(session, ex, d, variables, flow, dict(link))
    _run(ctx, _node(d, d.startNodeId).outcomes.get("next"))
    return ex


def resume(session: Session, ex: ConnectFlowExecution, outcome: str, outputs: dict[str, Any]) -> ConnectFlowExecution:
    """A parked Receive goes on: ``received`` (with the message's variables) or ``timeout``."""
    flow = session.get(ConnectFlow, ex.flow_id)
    v = session.get(ConnectFlowVersion, f"{ex.flow_id}:{ex.version}")
    if flow is None or v is None:
        _finish(ex, "failed", "the flow or its version was deleted while the execution waited")
        session.add(ex)
        return ex
    d = parsed(v)
    node = _node(d, ex.waiting_node)
    variables = dict(ex.variables)
    timers.cancel(session, kind=RECEIVE_TIMER, subject=f"connect:execution:{ex.id}")
    for k, val in outputs.items():
        variables[f"n{node.id}.{k}"] = val
    ctx = Context(session, ex, d, variables, flow, dict(variables.get("__link") or {}))
    ex.status, ex.waiting_node = "running", None
    _log(ctx, node, {}, outputs, outcome)
    _after(ctx, node)
    _run(ctx, node.outcomes.get(outcome), came_from=(node, outcome))
    return ex


def _node(d: fdef.FlowDefinition, node_id: int | None) -> fdef.Node:
    for n in d.nodes:
        if n.id == node_id:
            return n
    raise KeyError(node_id)


def _log(ctx: Context, node: fdef.Node, inputs: dict[str, Any], outputs: dict[str, Any], outcome: str | None,
         error: str | None = None) -> None:
    entry = {"nodeId": node.id, "name": node.name or node.type, "type": node.type, "inputs": inputs, "outputs": outputs,
             "outcome": outcome, "at": clock.iso()}
    if error:
        entry["error"] = error
    ctx.execution.steps = [*ctx.execution.steps, entry]


def _finish(ex: ConnectFlowExecution, status: str, reason: str | None) -> None:
    ex.status, ex.reason, ex.ended_ms, ex.waiting_node = status, reason, clock.now_ms(), None


def _set_vars(ctx: Context, actions: dict[str, str]) -> None:
    for name, value in actions.items():
        ctx.variables[name] = render_deep(value, ctx.variables)


def _after(ctx: Context, node: fdef.Node) -> None:
    if node.after:
        _set_vars(ctx, node.after)


def _save(ctx: Context) -> None:
    ctx.variables["__link"] = ctx.trigger
    ctx.execution.variables = {k: v for k, v in ctx.variables.items()}
    ctx.session.add(ctx.execution)


def _run(ctx: Context, node_id: int | None, came_from: tuple[fdef.Node, str] | None = None) -> None:
    from mockserver.connect.flows.nodes import HANDLERS

    ex, steps = ctx.execution, 0
    while True:
        if node_id is None:
            if came_from is not None:
                node, outcome = came_from
                reason = f"node {node.id} ({node.name or node.type}) took outcome '{outcome}', which is not connected"
                failed = outcome in fdef.ERROR_OUTCOMES
                _finish(ex, "failed" if failed else "completed", reason)
            else:
                _finish(ex, "completed", None)
            break
        steps += 1
        if steps > MAX_STEPS:
            _finish(ex, "failed", f"the execution ran more than {MAX_STEPS} nodes (a loop without Receive?)")
            break
        try:
            node = _node(ctx.definition, node_id)
        except KeyError:
            _finish(ex, "failed", f"node {node_id} does not exist")
            break
        if node.type == "end":
            _log(ctx, node, {}, {}, None)
            _finish(ex, "completed", None)
            break
        if node.before:
            _set_vars(ctx, node.before)
        inputs = render_deep(copy.deepcopy(node.config), ctx.variables) if node.type not in ("evaluate", "branch") else dict(node.config)
        handler = HANDLERS.get(node.type)
        try:
            if handler is None:
                raise NodeFailed("error", f"node type '{node.type}' cannot run")
            outcome, outputs = handler(ctx, node, inputs)
        except Wait as w:
            ex.status, ex.waiting_node = "waiting", node.id
            _log(ctx, node, inputs, {}, None)
            ctx.execution.steps[-1]["waitingUntil"] = iso_ms(clock.now_ms() + int(w.timeout_s * 1000))
            timers.schedule(ctx.session, pod=ex.pod, kind=RECEIVE_TIMER, after_s=w.timeout_s,
                            subject=f"connect:execution:{ex.id}", payload={"id": ex.id})
            break
        except NodeFailed as e:
            for k, v in e.outputs.items():
                ctx.variables[f"n{node.id}.{k}"] = v
            _log(ctx, node, inputs, e.outputs, e.outcome, e.message)
            came_from = (node, e.outcome)
            target = node.outcomes.get(e.outcome)
            if target is None:
                _finish(ex, "failed", f"node {node.id} ({node.name or node.type}) failed with outcome '{e.outcome}' "
                                      f"(not connected): {e.message}")
                break
            node_id = target
            continue
        for k, v in outputs.items():
            ctx.variables[f"n{node.id}.{k}"] = v
        _log(ctx, node, inputs, outputs, outcome)
        _after(ctx, node)
        came_from = (node, outcome)
        node_id = node.outcomes.get(outcome)
    _save(ctx)


@timers.on(RECEIVE_TIMER)
def _receive_timeout(session: Session, timer) -> None:  # noqa: ANN001
    ex = session.get(ConnectFlowExecution, timer.payload.get("id"))
    if ex is None or ex.status != "waiting":
        return
    resume(session, ex, "timeout", {})


def waiting_for(session: Session, asset_id: str, customer_address: str) -> ConnectFlowExecution | None:
    return session.exec(select(ConnectFlowExecution).where(
        ConnectFlowExecution.customer_address == customer_address, ConnectFlowExecution.asset_id == asset_id,
        ConnectFlowExecution.status == "waiting").order_by(ConnectFlowExecution.started_ms.desc())).first()  # type: ignore[union-attr]


def execution_json(ex: ConnectFlowExecution, *, steps: bool = True) -> dict[str, Any]:
    out = {"transactionId": ex.id, "flowId": ex.flow_id, "version": ex.version, "serviceId": ex.service_id,
           "trigger": ex.trigger, "assetId": ex.asset_id, "customerAddress": ex.customer_address, "status": ex.status,
           "reason": ex.reason, "waitingNode": ex.waiting_node, "startedAt": iso_ms(ex.started_ms),
           "endedAt": iso_ms(ex.ended_ms) if ex.ended_ms else None}
    if steps:
        out["steps"] = ex.steps
        out["variables"] = {k: v for k, v in ex.variables.items() if not k.startswith("__")}
    return out


def text(v: Any) -> str:
    return as_text(v)
