"""A flow's life in a service (lab "Flow Builder Overview", 12.5 §2, 12.7 step 4): create from
scratch, by upload or by copy; the Working Draft (node configuration, the start node's trigger,
custom variables); Save (the graph check); Make Live with the triggering assets → Publishing for
about two minutes on the sandbox clock → Live; versions, and an earlier one made live again. A
locked service refuses every change to its flows."""

from __future__ import annotations

import copy
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.caller import Caller
from mockserver.connect.errors import bad, bad_many, conflict, not_found
from mockserver.connect.flows import catalog, definition as fdef
from mockserver.connect.flows.models import ConnectFlow, ConnectFlowBinding, ConnectFlowVersion
from mockserver.connect.provisioned_tenant import digits
from mockserver.connect.services.models import ConnectService
from mockserver.connect.services.service import ensure_unlocked
from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.core.timers import timers

PUBLISH_TIMER = "connect.flow_publish"
PUBLISH_SECONDS = 120  # "Wait for 2 minutes and verify that the flow is published successfully" (lab 12.7)
ASSET_CHANNEL = {"email": "email", "messenger": "messenger", "whatsapp": "whatsapp", "sms": "sms", "livechat": "livechat"}


def status_of(f: ConnectFlow) -> str:
    if f.publishing_version is not None:
        return "Publishing"
    if f.live_version is not None:
        return "Live"
    return "Working Draft"


def flow_json(f: ConnectFlow, *, with_definition: bool = False) -> dict[str, Any]:
    trig = (f.draft or {}).get("trigger") or {}
    out = {"id": f.id, "serviceId": f.service_id, "name": f.name, "description": f.description, "type": "Work Flow",
           "status": status_of(f), "liveVersion": f.live_version, "publishingVersion": f.publishing_version,
           "publishingCompletesAt": iso_ms(f.publishing_due_ms) if f.publishing_due_ms else None,
           "draftChanged": f.draft_changed, "versions": f.versions, "trigger": trig, "source": f.source,
           "webhookUrl": f"/connect/hooks/events/{f.webhook_id}" if f.webhook_id else None,
           "createdBy": f.created_by, "createdAt": iso_ms(f.created_ms), "updatedAt": iso_ms(f.updated_ms)}
    if with_definition:
        out["definition"] = f.draft
    return out


def visible_flow(session: Session, svc: ConnectService, flow_id: str) -> ConnectFlow:
    f = session.get(ConnectFlow, flow_id)
    if f is None or f.service_id != svc.id:
        raise not_found("Flow", flow_id)
    return f


def _checked(data: Any) -> dict[str, Any]:
    try:
        d = fdef.parse(data)
    except ValueError as e:
        raise bad_many(list(e.args[0])) from None
    return d.model_dump(mode="json", exclude_none=True)


def _name(session: Session, svc: ConnectService, name: Any, own: str | None = None) -> str:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not 1 <= len(name) <= 100:
        raise bad("name", "is required: the FLOW NAME, 1-100 characters")
    other = session.exec(select(ConnectFlow).where(ConnectFlow.service_id == svc.id,
                                                   ConnectFlow.name_key == name.lower())).first()
    if other is not None and other.id != own:
        raise conflict(f"name: a flow named '{other.name}' already exists in service '{svc.name}'.")
    return name


def _new_id(session: Session) -> str:
    while True:
        fid = digits("flow", ids.uuid(), length=6)
        if session.get(ConnectFlow, fid) is None:
            return fid


def _store(session: Session, caller: Caller, svc: ConnectService, name: str, draft: dict[str, Any], source: dict[str, Any],
           description: str = "") -> ConnectFlow:
    now = clock.now_ms()
    draft = {**draft, "name": name}
    f = ConnectFlow(id=_new_id(session), pod=svc.pod, org_id=svc.org_id, tenant_id=svc.tenant_id, service_id=svc.id,
                    name=name, name_key=name.lower(), description=description or draft.get("description", ""),
                    draft=draft, source=source, created_by=caller.user.email, created_ms=now, updated_ms=now)
    if (draft.get("trigger") or {}).get("type") == "webhook":
        f.webhook_id = ids.alnum(10).upper()  # hooks.<region>.webexconnect.io/events/<10 uppercase alphanumerics>
    session.add(f)
    session.commit()
    return f


def scratch(trigger: dict[str, Any]) -> dict[str, Any]:
    """"New Flow": the chosen trigger's start node, nothing connected yet."""
    return {"formatVersion": fdef.FORMAT_VERSION, "trigger": trigger, "customVariables": [], "startNodeId": 2,
            "nodes": [{"id": 2, "type": "start", "name": "Start", "config": {}, "outcomes": {"next": None}}]}


def create(session: Session, caller: Caller, svc: ConnectService, body: dict[str, Any]) -> dict[str, Any]:
    ensure_unlocked(svc)
    name = _name(session, svc, body.get("name"))
    method = body.get("method") or ("copy" if body.get("copyFromFlowId") else "template" if body.get("template")
                                    else "definition" if body.get("definition") else "new")
    if method == "new":
        if not body.get("trigger"):
            raise bad("trigger", "is required for a New Flow: the start node's event, e.g. {\"type\": \"channel\", "
                                 "\"channel\": \"email\", \"event\": \"incomingMessage\"}")
        draft = _checked({**scratch(body["trigger"])})
        source = {"kind": "scratch"}
    elif method == "definition":
        draft = _checked(body.get("definition"))
        source = {"kind": "definition"}
    elif method == "template":
        t = catalog.BY_KEY.get(str(body.get("template")))
        if t is None or not t.supported:
            raise bad("template", "must be one of " + ", ".join(x.key for x in catalog.TEMPLATES if x.supported))
        draft = _checked(catalog.definition(t))
        source = {"kind": "template", "template": t.key, "sha256": t.sha256}
    elif method == "copy":
        src = session.get(ConnectFlow, str(body.get("copyFromFlowId") or ""))
        src_svc = session.get(ConnectService, src.service_id) if src else None
        if src is None or src_svc is None or src_svc.tenant_id != caller.tenant.id or not caller.sees(src_svc.container_id):
            raise bad("copyFromFlowId", "must be the id of a flow of this tenant (GET .../services/{id}/flows)")
        draft = copy.deepcopy(src.draft)
        source = {"kind": "copy", "flowId": src.id, "serviceId": src.service_id}
    else:
        raise bad("method", "must be one of new, definition, template, copy (or upload the file: POST .../flows/upload)")
    return flow_json(_store(session, caller, svc, name, draft, source, (body.get("description") or "").strip()), with_definition=True)


def upload(session: Session, caller: Caller, svc: ConnectService, name: Any, filename: str, data: bytes) -> dict[str, Any]:
    """"Upload a flow": a published template (zip or .workflow) or an open definition (JSON)."""
    ensure_unlocked(svc)
    name = _name(session, svc, name)
    try:
        raw, source = catalog.read_upload(filename or "upload", data)
    except catalog.UploadError as e:
        raise ApiError(e.status, e.message, e.details) from None
    return flow_json(_store(session, caller, svc, name, _checked(raw), source), with_definition=True)


def _touch(session: Session, f: ConnectFlow, draft: dict[str, Any]) -> dict[str, Any]:
    f.draft, f.draft_changed, f.updated_ms = draft, True, clock.now_ms()
    if (draft.get("trigger") or {}).get("type") == "webhook" and not f.webhook_id:
        f.webhook_id = ids.alnum(10).upper()
    session.add(f)
    session.commit()
    return flow_json(f, with_definition=True)


def replace_definition(session: Session, svc: ConnectService, f: ConnectFlow, data: Any) -> dict[str, Any]:
    ensure_unlocked(svc)
    draft = _checked(data)
    draft["name"] = f.name
    return _touch(session, f, draft)


def edit_node(session: Session, svc: ConnectService, f: ConnectFlow, node_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A node's Configuration tab (merged), its name, transition actions and outcomes."""
    ensure_unlocked(svc)
    draft = copy.deepcopy(f.draft)
    node = next((n for n in draft.get("nodes", []) if n.get("id") == node_id), None)
    if node is None:
        raise not_found("Node", str(node_id))
    if body.get("config") is not None:
        node["config"] = {**node.get("config", {}), **body["config"]}
    for k in ("name", "before", "after"):
        if body.get(k) is not None:
            node[k] = body[k]
    if body.get("outcomes") is not None:
        node["outcomes"] = {**node.get("outcomes", {}), **body["outcomes"]}
    return _touch(session, f, _checked(draft))


def set_trigger(session: Session, svc: ConnectService, f: ConnectFlow, trigger: dict[str, Any]) -> dict[str, Any]:
    ensure_unlocked(svc)
    return _touch(session, f, _checked({**f.draft, "trigger": trigger}))


def set_custom_variables(session: Session, svc: ConnectService, f: ConnectFlow, values: dict[str, Any]) -> dict[str, Any]:
    """Settings → Custom Variables: default values (a new name adds a variable)."""
    ensure_unlocked(svc)
    current = {v["name"]: dict(v) for v in f.draft.get("customVariables", [])}
    for name, value in values.items():
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise bad(f"variables.{name}", "a default value is text")
        current.setdefault(name, {"name": name, "description": ""})["default"] = "" if value is None else str(value)
    return _touch(session, f, _checked({**f.draft, "customVariables": list(current.values())}))


def save(session: Session, svc: ConnectService, f: ConnectFlow) -> dict[str, Any]:
    """SAVE: the graph check (every missing or incorrect connection)."""
    ensure_unlocked(svc)
    errors = fdef.graph_errors(fdef.parse(f.draft))
    if errors:
        raise ApiError(400, "Flow has errors.", errors, extra={"code": "7004"})
    f.updated_ms = clock.now_ms()
    session.add(f)
    session.commit()
    return {**flow_json(f), "saved": True, "errors": []}


def delete(session: Session, svc: ConnectService, f: ConnectFlow) -> None:
    ensure_unlocked(svc)
    timers.cancel(session, kind=PUBLISH_TIMER, subject=f"connect:flow:{f.id}")
    for row in session.exec(select(ConnectFlowBinding).where(ConnectFlowBinding.flow_id == f.id)).all():
        session.delete(row)
    for row in session.exec(select(ConnectFlowVersion).where(ConnectFlowVersion.flow_id == f.id)).all():
        session.delete(row)
    session.delete(f)
    session.commit()


def list_flows(session: Session, svc: ConnectService) -> dict[str, Any]:
    rows = session.exec(select(ConnectFlow).where(ConnectFlow.service_id == svc.id)
                        .order_by(ConnectFlow.created_ms, ConnectFlow.id)).all()
    items = [flow_json(f) for f in rows]
    return {"items": items, "total": len(items)}


def version_json(v: ConnectFlowVersion, f: ConnectFlow) -> dict[str, Any]:
    state = ("Publishing" if f.publishing_version == v.version else "Live" if f.live_version == v.version else "Inactive")
    return {"version": v.version, "status": state, "assetIds": list(v.asset_ids), "comments": v.comments,
            "madeLiveBy": v.made_live_by, "madeLiveAt": iso_ms(v.made_live_ms),
            "liveAt": iso_ms(v.live_ms) if v.live_ms else None}


def versions(session: Session, f: ConnectFlow) -> dict[str, Any]:
    rows = session.exec(select(ConnectFlowVersion).where(ConnectFlowVersion.flow_id == f.id)
                        .order_by(ConnectFlowVersion.version)).all()
    items = [version_json(v, f) for v in rows]
    return {"items": items, "total": len(items)}


def version_definition(session: Session, f: ConnectFlow, version: int | None) -> dict[str, Any]:
    if version is None:
        return f.draft
    v = session.get(ConnectFlowVersion, f"{f.id}:{version}")
    if v is None:
        raise not_found("Flow version", str(version))
    return v.definition


# --- Make Live --------------------------------------------------------------------------------------------
def _assets_for(session: Session, caller: Caller, trig: dict[str, Any], asset_ids: list[str]) -> list[ConnectAsset]:
    if trig.get("type") != "channel":
        if asset_ids:
            raise bad("assetIds", f"a {trig.get('type')} flow is not triggered by an app; leave assetIds empty")
        return []
    if not asset_ids:
        raise bad("assetIds", f"choose the {trig.get('channel')} app that triggers the flow (Assets → Apps)")
    out = []
    for aid in asset_ids:
        a = session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id, ConnectAsset.kind == "app",
                                                    (ConnectAsset.id == aid) | (ConnectAsset.app_id == aid))).first()
        if a is None:
            raise bad("assetIds", f"'{aid}' is not an app of this tenant (Assets → Apps)")
        if a.channel != ASSET_CHANNEL.get(trig.get("channel", "")):
            raise bad("assetIds", f"app '{a.name}' is a {a.channel} app; this flow's start node is {trig.get('channel')}")
        out.append(a)
    return out


def _check_queues(session: Session, org_id: str, d: fdef.FlowDefinition) -> None:
    """The Queue Task node's queue must exist in WxCC (read with the Webex CC Task node authorization)."""
    from mockserver.connect.flows import links

    queue_nodes = [n for n in d.nodes if n.type == "queueTask"]
    if not queue_nodes:
        return
    missing = [f"node {n.id} ({n.name or 'Queue Task'}): QUEUE NAME is not chosen; select the queue before Make Live"
               for n in queue_nodes if not str(n.config.get("queueId") or "").strip()]
    if missing:
        raise bad_many(missing)
    try:
        links.task_authorization(session, org_id)
    except links.NodeAuthError as e:
        raise ApiError(409, "Authorization Pending.", [
            f"Make Live: the Queue Task node reads WxCC queues with the node authorization of 'Webex CC Task', which "
            f"failed: {e}. Authorize it (Assets → Integrations → Webex CC Task → Manage → Add Authorization) and try again."]) from None
    unknown = []
    for n in queue_nodes:
        qid = str(n.config["queueId"]).strip()
        try:
            exists = "$(" in qid or links.queue_exists(session, org_id, qid)
        except ImportError:  # a build without WxCC's task runtime
            raise ApiError(409, "Conflict.", ["Make Live: Webex Contact Center queues cannot be read in this build"]) from None
        if not exists:
            unknown.append(f"node {n.id} ({n.name or 'Queue Task'}): queue '{qid}' does not exist in Webex Contact Center")
    if unknown:
        raise bad_many(unknown)


def make_live(session: Session, caller: Caller, svc: ConnectService, f: ConnectFlow, asset_ids: list[str] | None,
              comments: str | None, version: int | None = None) -> dict[str, Any]:
    ensure_unlocked(svc)
    if f.publishing_version is not None:
        raise conflict(f"Flow '{f.name}' is already publishing version {f.publishing_version} "
                       f"(done at {iso_ms(f.publishing_due_ms or 0)}); wait for it to be Live.")
    old = session.get(ConnectFlowVersion, f"{f.id}:{version}") if version is not None else None
    if version is not None and old is None:
        raise not_found("Flow version", str(version))
    data = old.definition if old is not None else f.draft
    d = fdef.parse(data)
    errors = fdef.graph_errors(d)
    if errors:
        raise ApiError(400, "Flow has errors.", errors, extra={"code": "7004"})
    trig = data["trigger"]
    ids_ = list(asset_ids) if asset_ids is not None else (list(old.asset_ids) if old is not None else [])
    assets = _assets_for(session, caller, trig, ids_)
    for a in assets:
        other = session.exec(select(ConnectFlowBinding).where(
            ConnectFlowBinding.kind == "channel", ConnectFlowBinding.key == a.id,
            ConnectFlowBinding.event == trig.get("event", "incomingMessage"), ConnectFlowBinding.flow_id != f.id)).first()
        if other is not None:
            o = session.get(ConnectFlow, other.flow_id)
            raise conflict(f"assetIds: app '{a.name}' already triggers live flow '{o.name if o else other.flow_id}' "
                           f"on {trig.get('event')}; an app and event start one flow.")
    _check_queues(session, f.org_id, d)
    now = clock.now_ms()
    f.versions += 1
    v = ConnectFlowVersion(id=f"{f.id}:{f.versions}", pod=f.pod, flow_id=f.id, version=f.versions, definition=copy.deepcopy(data),
                           asset_ids=[a.id for a in assets], comments=(comments or "").strip()[:500],
                           made_live_by=caller.user.email, made_live_ms=now)
    f.publishing_version, f.publishing_due_ms = v.version, now + PUBLISH_SECONDS * 1000
    if old is None:
        f.draft_changed = False
    f.updated_ms = now
    session.add(v)
    session.add(f)
    timers.schedule(session, pod=f.pod, kind=PUBLISH_TIMER, after_s=PUBLISH_SECONDS, subject=f"connect:flow:{f.id}",
                    payload={"flowId": f.id, "version": v.version})
    session.commit()
    return {**flow_json(f), "version": version_json(v, f)}


def _bind(session: Session, f: ConnectFlow, v: ConnectFlowVersion) -> None:
    for row in session.exec(select(ConnectFlowBinding).where(ConnectFlowBinding.flow_id == f.id)).all():
        session.delete(row)
    session.flush()
    trig = v.definition.get("trigger") or {}
    kind = trig.get("type")
    keys: list[tuple[str, str, str]] = []
    if kind == "channel":
        keys = [("channel", a, trig.get("event", "incomingMessage")) for a in v.asset_ids]
    elif kind == "wxccTask":
        keys = [("wxcc", trig["event"], trig["event"])]
    elif kind == "webhook" and f.webhook_id:
        keys = [("webhook", f.webhook_id, "webhook")]
    elif kind == "customEvent":
        keys = [("event", f.id, trig.get("name", "customEvent"))]
    for k, key, event in keys:
        session.add(ConnectFlowBinding(id=ids.uuid(), pod=f.pod, org_id=f.org_id, tenant_id=f.tenant_id, flow_id=f.id, version=v.version,
                                       kind=k, key=key, event=event))


@timers.on(PUBLISH_TIMER)
def _published(session: Session, timer) -> None:  # noqa: ANN001
    f = session.get(ConnectFlow, timer.payload.get("flowId"))
    if f is None or f.publishing_version != timer.payload.get("version"):
        return
    v = session.get(ConnectFlowVersion, f"{f.id}:{f.publishing_version}")
    if v is None:
        return
    v.live_ms = clock.now_ms()
    f.live_version, f.publishing_version, f.publishing_due_ms = v.version, None, None
    session.add(v)
    session.add(f)
    _bind(session, f, v)
