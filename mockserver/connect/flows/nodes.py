"""What each node type does (docs/flows.md § Nodes). A handler gets the rendered configuration and
answers (outcome, outputs); it raises NodeFailed for an error outcome, Wait to park on Receive.

The Engage nodes call engage/conversations/public.py and the WxCC nodes wxcc/tasks/public.py
(docs/runtime-contract.md) in the engine's transaction, after their node authorization was
checked (links.py): a pending, expired or revoked authorization takes ``onauthorizationfail``."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import socket
from typing import Any, Callable
from urllib.parse import urlparse

from mockserver.connect.flows import links
from mockserver.connect.flows.engine import Context, NodeFailed, Wait
from mockserver.connect.flows.expressions import ExpressionError, evaluate, render, run_script, test_condition, as_text
from mockserver.connect.flows import definition as fdef

Handler = Callable[[Context, fdef.Node, dict[str, Any]], tuple[str, dict[str, Any]]]
HANDLERS: dict[str, Handler] = {}
ENGAGE_CHANNEL = {"livechat": "chat", "email": "email", "messenger": "messenger", "whatsapp": "whatsapp", "sms": "sms"}
MEDIA_CHANNEL = {"livechat": "web", "email": "email", "messenger": "facebook", "whatsapp": "whatsapp", "sms": "sms"}


def node(type_: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        HANDLERS[type_] = fn
        return fn

    return deco


def _t(v: Any) -> str:
    return as_text(v).strip()


# --- flow logic ----------------------------------------------------------------------------------
@node("setVariable")
def _set_variable(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    values = cfg.get("variables")
    if not isinstance(values, dict):
        raise NodeFailed("error", "config.variables must be an object {name: value}")
    for name, value in values.items():
        ctx.variables[name] = value
    return "success", dict(values)


@node("evaluate")
def _evaluate(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    script = cfg.get("script")
    if not isinstance(script, str) or not script.strip():
        raise NodeFailed("error", "config.script is empty: write 'return \"<outcome>\"' at least")
    try:
        result, assigned = run_script(script, ctx.variables)
    except ExpressionError as e:
        raise NodeFailed("error", f"script error: {e}") from None
    for k, v in assigned.items():
        ctx.variables[k] = v
    outcome = _t(result)
    if outcome not in n.outcomes:
        raise NodeFailed("error", f"the script returned '{outcome}', which is not one of the node's outcomes "
                                  f"({', '.join(k for k in n.outcomes if k != 'error')})", assigned)
    return outcome, {**assigned, "result": outcome}


@node("branch")
def _branch(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    for cond in cfg.get("conditions") or []:
        if not isinstance(cond, dict) or not cond.get("outcome"):
            continue
        try:
            if "expression" in cond:
                ok = bool(evaluate(str(cond["expression"]), ctx.variables))
            else:
                actual = render(str(cond.get("variable", "")), ctx.variables)
                if "$(" not in str(cond.get("variable", "")):
                    actual = ctx.variables.get(str(cond.get("variable")), "")
                ok = test_condition(actual, str(cond.get("operator", "equals")), render(cond.get("value"), ctx.variables))
        except ExpressionError as e:
            raise NodeFailed("none", f"condition '{cond.get('outcome')}': {e}") from None
        if ok:
            return str(cond["outcome"]), {"matched": cond["outcome"]}
    return "none", {"matched": None}


@node("receive")
def _receive(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    try:
        timeout = float(cfg.get("timeoutSeconds", 300))
    except (TypeError, ValueError):
        raise NodeFailed("error", "config.timeoutSeconds must be a number of seconds") from None
    if not 1 <= timeout <= 7 * 86400:
        raise NodeFailed("error", "config.timeoutSeconds must be 1 to 604800 (7 days)")
    if not ctx.execution.asset_id or not ctx.execution.customer_address:
        raise NodeFailed("error", "Receive waits for a customer's next message: this flow was not started by one")
    raise Wait(timeout)


@node("send")
def _send(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    from mockserver.connect.flows import channels

    text = _t(cfg.get("text"))
    html = cfg.get("html") or None
    if not text and not html:
        raise NodeFailed("error", "config.text is empty: nothing to send")
    channel = cfg.get("channel") or ctx.trigger.get("channel")
    to = _t(cfg.get("to")) or ctx.trigger.get("customerAddress") or ""
    if not channel or not to:
        raise NodeFailed("error", "config.channel and config.to are needed when the flow was not started by a customer message")
    try:
        msg = channels.deliver(ctx.session, org_id=ctx.flow.org_id, tenant_id=ctx.flow.tenant_id, pod=ctx.flow.pod,
                               channel=str(channel), asset_id=cfg.get("assetId") or ctx.trigger.get("assetId"),
                               to=to, text=text, html=html, subject=_t(cfg.get("subject")), event=f"flow node {n.id}",
                               service_id=ctx.flow.service_id, flow_id=ctx.flow.id, transaction_id=ctx.execution.id)
    except channels.DeliveryError as e:
        raise NodeFailed("error", str(e)) from None
    return "sent", {"messageId": msg.id, "status": msg.status, "to": to}


def _allowed_host(host: str) -> bool:
    from mockserver.core.runtime import runtime

    host = host.lower().strip("[]")
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        pass
    if host == "localhost":
        return True
    for pat in (p.strip().lower() for p in (getattr(runtime.settings, "flow_http_allow", "") or "").split(",")):
        if pat and (host == pat or (pat.startswith("*.") and host.endswith(pat[1:]))):
            return True
    return False


@node("httpRequest")
def _http(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    import httpx

    method = _t(cfg.get("method") or "GET").upper()
    url = _t(cfg.get("url"))
    u = urlparse(url)
    if method not in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"):
        raise NodeFailed("error", f"config.method '{method}' is not an HTTP method the node supports")
    if u.scheme not in ("http", "https") or not u.hostname:
        raise NodeFailed("error", f"config.url '{url}' is not an absolute http(s) URL")
    if not _allowed_host(u.hostname):
        raise NodeFailed("error", f"host '{u.hostname}' is not allowed: the sandbox's HTTP Request node calls loopback "
                                  "addresses and the hosts of MOCKSERVER_FLOW_HTTP_ALLOW only")
    if not (u.hostname in ("localhost",) or _is_ip(u.hostname)):
        try:  # an allowed name must not resolve to somewhere else than what the allow-list means
            socket.getaddrinfo(u.hostname, None)
        except OSError as e:
            raise NodeFailed("error", f"host '{u.hostname}' cannot be resolved: {e}") from None
    try:
        timeout = min(max(float(cfg.get("timeoutSeconds", 10)), 0.1), 30)
    except (TypeError, ValueError):
        timeout = 10.0
    headers = {str(k): _t(v) for k, v in (cfg.get("headers") or {}).items()} if isinstance(cfg.get("headers"), dict) else {}
    body = cfg.get("body")
    content = None if body in (None, "") else (body if isinstance(body, str) else json.dumps(body))
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            r = client.request(method, url, headers=headers, content=content)
    except httpx.HTTPError as e:
        raise NodeFailed("error", f"{type(e).__name__}: {e}", {"statusCode": 0}) from None
    text = r.text[:100_000]
    outputs: dict[str, Any] = {"statusCode": r.status_code, "responseBody": text,
                               "responseHeaders": dict(list(r.headers.items())[:50])}
    mappings = cfg.get("responseMappings") or {}
    if isinstance(mappings, dict) and mappings:
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        for name, path in mappings.items():
            outputs[str(name)] = _jsonpath(parsed, str(path))
    return ("success" if 200 <= r.status_code < 300 else "failure"), outputs


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def _jsonpath(data: Any, path: str) -> Any:
    """The simple JSONPath the response mappings use: $.a.b[0].c"""
    cur = data
    for part in path.lstrip("$").replace("[", ".").replace("]", "").split("."):
        if not part:
            continue
        if isinstance(cur, dict):
            cur = cur.get(part)
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return None
    return cur


# --- Webex CC Engage --------------------------------------------------------------------------------
def _attr(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def _engage(ctx: Context, fail: str) -> Any:
    try:
        if "engage" not in ctx.authorized:  # checked once per run (nothing else moves the clock meanwhile)
            ctx.authorized["engage"] = links.engage_authorization(ctx.session, ctx.flow.org_id)
    except links.NodeAuthError as e:
        raise NodeFailed("onauthorizationfail", f"Webex CC Engage node authorization: {e}") from None
    try:
        return links.conversations()
    except ImportError:  # a build without Engage's conversation store
        raise NodeFailed(fail, "Webex Engage conversations are not available in this build") from None


def _channel(ctx: Context, cfg: dict[str, Any]) -> str:
    ch = _t(cfg.get("channel")) or ctx.trigger.get("channel") or ""
    return ENGAGE_CHANNEL.get(ch, ch)


def _conv_fail(e: Exception, default: str, invalid: str | None = None) -> NodeFailed:
    code = str(getattr(e, "code", "") or "")
    if code == "NOT_AUTHORIZED":
        return NodeFailed("onauthorizationfail", f"{code}: {e}")
    if code == "INVALID_DATA" and invalid:
        return NodeFailed(invalid, f"{code}: {e}")
    return NodeFailed(default, f"{code or type(e).__name__}: {e}")


def _conversation_error(conv: Any) -> type[Exception]:
    return getattr(conv, "ConversationError", Exception)


def _message_in(conv: Any, value: Any, default_sender: str = "customer") -> Any:
    m = value if isinstance(value, dict) else {"text": _t(value)}
    atts = m.get("attachments")
    if isinstance(atts, str):
        try:
            atts = json.loads(atts) if atts.strip() else []
        except ValueError:
            atts = []
    kw = {"direction": m.get("direction") or "inbound", "sender": m.get("sender") or default_sender,
          "text": _t(m.get("text")), "html": m.get("html") or None, "subject": _t(m.get("subject")) or None,
          "attachments": atts if isinstance(atts, list) else [], "in_reply_to": _t(m.get("inReplyTo")) or None,
          "message_id": _t(m.get("messageId")) or None}
    cls = getattr(conv, "MessageIn", None)
    if cls is None:
        return kw
    if dataclasses.is_dataclass(cls):
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in kw.items() if k in names}
    elif hasattr(cls, "model_fields"):
        kw = {k: v for k, v in kw.items() if k in cls.model_fields}
    return cls(**kw)


def _conv_out(view: Any) -> dict[str, Any]:
    cid = _attr(view, "id", "conversation_id", "conversationId")
    return {"conversationId": cid, "aliasId": _attr(view, "alias_id", "aliasId", default=cid),
            "status": _attr(view, "status"), "taskId": _attr(view, "task_id", "taskId")}


SEARCH_OUTCOME = {"active": "conversationActive", "closed": "conversationClosed", "queued": "conversationInQueue",
                  "onhold": "conversationOnHold"}


@node("searchConversation")
def _search(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    conv = _engage(ctx, "onError")
    customer, business = _t(cfg.get("customerAddress")), _t(cfg.get("businessAddress"))
    if not customer or not business:
        raise NodeFailed("onInvalidData", "customerAddress and businessAddress are required")
    try:
        view = conv.search(ctx.session, ctx.flow.org_id, channel=_channel(ctx, cfg), customer_address=customer,
                           business_address=business, subject=_t(cfg.get("subject")) or None,
                           in_reply_to=_t(cfg.get("inReplyTo")) or None, thread_id=_t(cfg.get("threadId")) or None)
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "onError", "onInvalidData") from None
    if view is None:
        return "noConversationFound", {"conversationExistsBool": False, "conversationId": "", "aliasId": "", "status": ""}
    out = {**_conv_out(view), "conversationExistsBool": True}
    return SEARCH_OUTCOME.get(str(out["status"]).lower(), "conversationActive"), out


@node("createConversation")
def _create_conversation(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    conv = _engage(ctx, "onConversationFailed")
    try:
        view = conv.create(ctx.session, ctx.flow.org_id, channel=_channel(ctx, cfg),
                           asset_id=ctx.trigger.get("assetId") or _t(cfg.get("assetId")),
                           business_address=_t(cfg.get("businessAddress")), customer_address=_t(cfg.get("customerAddress")),
                           customer_name=_t(cfg.get("customerName")) or None,
                           message=_message_in(conv, cfg.get("message")) if cfg.get("message") else None,
                           subject=_t(cfg.get("subject")) or None, thread_id=_t(cfg.get("threadId")) or None)
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "onConversationFailed") from None
    return "onConversationCreated", {**_conv_out(view), "TransId": ctx.execution.id}


@node("appendConversation")
def _append(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    conv = _engage(ctx, "onAppendMessageFailure")
    cid = _t(cfg.get("conversationId"))
    if not cid:
        raise NodeFailed("onAppendMessageFailure", "conversationId is empty")
    try:
        msg = conv.append(ctx.session, ctx.flow.org_id, cid, _message_in(conv, cfg.get("message")))
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "onAppendMessageFailure") from None
    return "onAppendMessageSuccess", {"messageId": _attr(msg, "id", "message_id"), "conversationId": cid,
                                      "TransId": ctx.execution.id}


@node("reopenConversation")
def _reopen(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    conv = _engage(ctx, "onReopenFailure")
    try:
        view = conv.reopen(ctx.session, ctx.flow.org_id, _t(cfg.get("conversationId")))
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "onReopenFailure") from None
    return "onConversationReopened", _conv_out(view)


@node("closeConversation")
def _close_conversation(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    conv = _engage(ctx, "onCloseConversationFailure")
    cid = _t(cfg.get("conversationId"))
    try:
        conv.close(ctx.session, ctx.flow.org_id, cid, closed_by=_t(cfg.get("closedBy")) or "system")
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "onCloseConversationFailure") from None
    return "onConversationClosed", {"conversationId": cid}


@node("addParticipant")
def _add_participant(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    conv = _engage(ctx, "OnAddParticipantFailure")
    cid, agent = _t(cfg.get("conversationId")), _t(cfg.get("agentId"))
    if not cid or not agent:
        raise NodeFailed("OnAddParticipantFailure", "conversationId and agentId are required")
    try:
        conv.add_participant(ctx.session, ctx.flow.org_id, cid, agent_id=agent, agent_name=_t(cfg.get("agentName")) or None)
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "OnAddParticipantFailure") from None
    return "OnAddParticipantSuccess", {"conversationId": cid, "agentId": agent}


@node("removeParticipant")
def _remove_participant(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    conv = _engage(ctx, "onRemoveParticipantFailure")
    cid, agent = _t(cfg.get("conversationId")), _t(cfg.get("agentId"))
    try:
        conv.remove_participant(ctx.session, ctx.flow.org_id, cid, agent_id=agent)
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "onRemoveParticipantFailure") from None
    return "onParticipantRemoved", {"conversationId": cid, "agentId": agent}


# --- Webex CC Task ---------------------------------------------------------------------------------
def _wxcc(ctx: Context) -> Any:
    try:
        if "task" not in ctx.authorized:
            ctx.authorized["task"] = links.task_authorization(ctx.session, ctx.flow.org_id)
    except links.NodeAuthError as e:
        raise NodeFailed("onauthorizationfail", f"Webex CC Task node authorization: {e}") from None
    try:
        return links.tasks()
    except ImportError:  # a build without WxCC's task runtime
        raise NodeFailed("onError", "Webex Contact Center tasks are not available in this build") from None


def _task_fail(tasks: Any, e: Exception, default: str = "taskFailed") -> NodeFailed:
    code = str(getattr(e, "reason_code", "") or "")
    status = getattr(e, "status", None)
    outcome = "onInvalidData" if status == 400 else "onauthorizationfail" if status in (401, 403) else default
    return NodeFailed(outcome, f"{code or type(e).__name__}: {e}", {"reasonCode": code, "reason": str(e)})


def _task_error(tasks: Any) -> type[Exception]:
    return getattr(tasks, "TaskError", Exception)


def _media(cfg: dict[str, Any], ctx: Context) -> tuple[str, str]:
    mt = _t(cfg.get("mediaType")).lower() or "social"
    mc = _t(cfg.get("mediaChannel")).lower() or MEDIA_CHANNEL.get(ctx.trigger.get("channel", ""), "")
    return mt, mc


def _remember(ctx: Context, conversation_id: str, task_id: Any) -> None:
    from mockserver.connect.flows.models import ConnectConversationTask
    from mockserver.core.clock import clock

    if not conversation_id or not task_id:
        return
    row = ctx.session.get(ConnectConversationTask, conversation_id)
    if row is None:
        row = ConnectConversationTask(conversation_id=conversation_id, pod=ctx.flow.pod, org_id=ctx.flow.org_id,
                                      task_id=str(task_id), updated_ms=clock.now_ms())
    row.task_id, row.updated_ms = str(task_id), clock.now_ms()
    ctx.session.add(row)


def _task_of(ctx: Context, conversation_id: str) -> str:
    from mockserver.connect.flows.models import ConnectConversationTask

    row = ctx.session.get(ConnectConversationTask, conversation_id) if conversation_id else None
    return row.task_id if row is not None and row.org_id == ctx.flow.org_id else ""


def _create_task(ctx: Context, tasks: Any, cfg: dict[str, Any], conversation_id: str) -> Any:
    view = _new_task(ctx, tasks, cfg, conversation_id)
    _remember(ctx, conversation_id, _attr(view, "id", "task_id", "taskId"))
    return view


def _new_task(ctx: Context, tasks: Any, cfg: dict[str, Any], conversation_id: str) -> Any:
    mt, mc = _media(cfg, ctx)
    return tasks.create_task(ctx.session, ctx.flow.org_id, conversation_id=conversation_id, media_type=mt, media_channel=mc,
                             origin=_t(cfg.get("origin")) or _t(cfg.get("customerAddress")) or ctx.trigger.get("customerAddress", ""),
                             destination=_t(cfg.get("destination")) or ctx.trigger.get("appId", ""),
                             customer_name=_t(cfg.get("customerName")) or None, customer_id=_t(cfg.get("customerId")) or None,
                             task_id=_t(cfg.get("taskId")) or None)


@node("createTask")
def _create(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    tasks = _wxcc(ctx)
    cid = _t(cfg.get("conversationId"))
    if not cid:
        raise NodeFailed("onInvalidData", "CONVERSATION ID is empty")
    try:
        view = _create_task(ctx, tasks, cfg, cid)
    except _task_error(tasks) as e:
        raise _task_fail(tasks, e) from None
    return "created", {"taskId": _attr(view, "id", "task_id", "taskId"), "conversationId": cid}


@node("queueTask")
def _queue(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    tasks = _wxcc(ctx)
    tid, qid = _t(cfg.get("taskId")), _t(cfg.get("queueId"))
    if not tid or not qid:
        raise NodeFailed("onInvalidData", "TASK ID and the queue are required")
    try:
        priority = int(_t(cfg.get("priority")) or 10)
    except ValueError:
        raise NodeFailed("onInvalidData", "CONTACT PRIORITY must be a number 1-10") from None
    skills = cfg.get("skillRequirements") or None
    try:
        view = tasks.queue_task(ctx.session, ctx.flow.org_id, tid, queue_id=qid, priority=priority, skill_requirements=skills)
    except _task_error(tasks) as e:
        raise _task_fail(tasks, e) from None
    return "queued", {"taskId": _attr(view, "id", "task_id", "taskId", default=tid),
                      "agentId": _attr(view, "agent_id", "agentId", "owner")}


@node("closeTask")
def _close_task(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    tasks = _wxcc(ctx)
    tid = _t(cfg.get("taskId")) or _task_of(ctx, _t(cfg.get("conversationId")))
    mode = _t(cfg.get("mode")) or "wxcc"
    if not tid:
        raise NodeFailed("onInvalidData", "TASK ID is empty and no task is known for the conversation")
    try:
        if mode == "wxcc":
            tasks.close_task(ctx.session, ctx.flow.org_id, tid, reason=_t(cfg.get("reason")) or None)
        else:
            tasks.acknowledge(ctx.session, ctx.flow.org_id, tid, kind="close", accepted=(mode == "accept"),
                              reason=_t(cfg.get("reason")) or None, reason_code=_t(cfg.get("reasonCode")) or None)
    except _task_error(tasks) as e:
        raise _task_fail(tasks, e) from None
    return "closed", {"taskId": tid, "mode": mode}


def _ack(kind: str, ok: str, failed: str) -> Handler:
    def handler(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        tasks = _wxcc(ctx)
        tid = _t(cfg.get("taskId"))
        accepted = cfg.get("accepted", True) not in (False, "false", "False", "0")
        try:
            tasks.acknowledge(ctx.session, ctx.flow.org_id, tid, kind=kind, accepted=accepted,
                              reason=_t(cfg.get("reason")) or None, reason_code=_t(cfg.get("reasonCode")) or None)
        except _task_error(tasks) as e:
            raise NodeFailed(failed, f"{getattr(e, 'reason_code', '')}: {e}") from None
        return ok, {"taskId": tid, "accepted": accepted}

    return handler


HANDLERS["routedNotification"] = _ack("routed", "onTaskRouted", "onTaskRoutedFailure")
HANDLERS["modifyNotification"] = _ack("modified", "onModifiedAcceptSuccess", "onModifiedFailure")


@node("resolveConversation")
def _resolve(ctx: Context, n: fdef.Node, cfg: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """v3.x: find / create / append / re-open the conversation in one call; a created or re-opened
    one gets a new task (HELP wxcc-resolve-conversation)."""
    tasks = _wxcc(ctx)
    conv = _engage(ctx, "error")
    customer, business = _t(cfg.get("customerAddress")), _t(cfg.get("businessAddress"))
    if not customer or not business:
        raise NodeFailed("onInvalidData", "the customer and business addresses are required (messageDetails)")
    try:
        res = conv.resolve(ctx.session, ctx.flow.org_id, channel=_channel(ctx, cfg),
                           asset_id=ctx.trigger.get("assetId") or _t(cfg.get("assetId")), business_address=business,
                           customer_address=customer, customer_name=_t(cfg.get("customerName")) or None,
                           message=_message_in(conv, cfg.get("message")), subject=_t(cfg.get("subject")) or None,
                           in_reply_to=_t(cfg.get("inReplyTo")) or None, thread_id=_t(cfg.get("threadId")) or None)
    except _conversation_error(conv) as e:
        raise _conv_fail(e, "appendFailed", "onInvalidData") from None
    op = str(_attr(res, "operation", default="created"))
    view = _attr(res, "conversation")
    out = {**_conv_out(view), "conversationOperation": op, "transId": ctx.execution.id}
    if op in ("created", "reopened"):
        try:
            task = _create_task(ctx, tasks, cfg, out["conversationId"])
        except _task_error(tasks) as e:
            raise _task_fail(tasks, e) from None
        out["taskId"] = _attr(task, "id", "task_id", "taskId")
    return op, out
