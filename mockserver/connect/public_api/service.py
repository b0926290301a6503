"""Connect's public APIs (connect-api.md §1): service key / JWT authentication, the Messaging API
v1 and v2, SMS API v1, custom events, inbound webhooks and delivery receipts POSTed to the notify
URL. Served on the sandbox under /connect/api (api.<region>.webexconnect.io) and /connect/hooks
(hooks.<region>.webexconnect.io). Messages reach the customer simulator through Connect's channels."""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.flows import channels, engine
from mockserver.connect.flows.models import ConnectFlow, ConnectFlowBinding, ConnectFlowVersion, ConnectMessage
from mockserver.connect.services.models import ConnectService
from mockserver.core.clock import clock, iso_ms
from mockserver.core.ids import ids, same_secret
from mockserver.core.timers import timers

RECEIPT_TIMER = "connect.delivery_receipt"
JWT_TTL_S = 3600
WEBHOOK_MAX = 256 * 1024
V1_CHANNELS = {"sms": "sms", "whatsapp": "whatsapp", "fb": "messenger", "appmessaging": "livechat", "rt": "livechat"}
DEST_KEYS = {"sms": ("msisdn",), "whatsapp": ("waid", "msisdn"), "messenger": ("psid",), "livechat": ("userid", "customerid")}


class PublicError(Exception):
    def __init__(self, code: str, description: str, status: int = 200) -> None:
        super().__init__(description)
        self.code, self.description, self.status = code, description, status


def authenticate(session: Session, key: str | None, authorization: str | None) -> ConnectService:
    """The service behind the request: a JWT (Authorization: Bearer) wins over the key header."""
    bearer = (authorization or "").partition(" ")
    if bearer[0].lower() == "bearer" and bearer[2].strip():
        return _jwt_service(session, bearer[2].strip())
    if key and key.count(".") == 2:  # the inbound-webhook page puts the JWT in `key` too
        return _jwt_service(session, key)
    if not key:
        raise PublicError("7002", "Service key missing.")
    svc = session.exec(select(ConnectService).where(ConnectService.service_key == key.strip())).first()
    if svc is None:
        raise PublicError("7001", "Authentication failed.")
    return svc


def _jwt_service(session: Session, token: str) -> ConnectService:
    from jose import JWTError, jwt

    try:
        claims = jwt.get_unverified_claims(token)
    except JWTError:
        raise PublicError("7001", "Authentication failed.") from None
    svc = session.get(ConnectService, str(claims.get("iss") or ""))
    if svc is None:
        raise PublicError("7001", "Authentication failed.")
    try:
        jwt.decode(token, base64.b64decode(svc.service_secret), algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False})
    except JWTError:
        raise PublicError("7001", "Authentication failed.") from None
    iat = claims.get("iat")
    if not isinstance(iat, (int, float)) or clock.now_s() > float(iat) + JWT_TTL_S or float(iat) > clock.now_s() + 300:
        raise PublicError("7001", "Authentication failed.")  # the JWT lives 60 minutes after iat
    return svc


def _app(session: Session, svc: ConnectService, channel: str, app_id: str | None, sender: str | None = None) -> ConnectAsset:
    q = select(ConnectAsset).where(ConnectAsset.tenant_id == svc.tenant_id, ConnectAsset.kind == "app",
                                   ConnectAsset.channel == channel)
    rows = session.exec(q).all()
    for a in rows:
        if app_id and a.app_id == app_id:
            return a
        if sender and (a.address.lstrip("+") == sender.lstrip("+") or a.address.lower() == sender.lower()):
            return a
    if not app_id and not sender and rows:
        return rows[0]
    raise PublicError("7104", "Invalid app id." if app_id else "Invalid parameter - from", 200)


def _receipt(session: Session, m: ConnectMessage, notify: str | None, callback: str | None, correlation: str | None) -> None:
    if notify:
        timers.schedule(session, pod=m.pod, kind=RECEIPT_TIMER, after_s=0, subject=f"connect:receipt:{m.id}",
                        payload={"id": m.id, "url": notify, "callbackData": callback or "", "correlationid": correlation or ""})


def messaging_v1(session: Session, svc: ConnectService, body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict):
        raise PublicError("7000", "Invalid JSON")
    dc = str(body.get("deliverychannel") or "").lower()
    channel = V1_CHANNELS.get(dc)
    if channel is None:
        raise PublicError("7004", f"Invalid parameter - deliverychannel (one of {', '.join(V1_CHANNELS)})")
    dests = body.get("destination")
    if not isinstance(dests, list) or not dests:
        raise PublicError("7003", "Mandatory parameter missing - destination")
    addresses: list[tuple[str, str]] = []
    for d in dests:
        if not isinstance(d, dict):
            raise PublicError("7004", "Invalid parameter - destination")
        for k in DEST_KEYS[channel]:
            for v in d.get(k) or []:
                addresses.append((str(v), str(d.get("correlationid") or body.get("correlationid") or "")))
    if not addresses:
        raise PublicError("7003", f"Mandatory parameter missing - destination[].{DEST_KEYS[channel][0]}")
    if len(addresses) > 1000:
        raise PublicError("7009", "More than 1000 destinations.")
    text = _v1_text(body, channel)
    if not text:
        raise PublicError("7004", "Invalid parameter - channels (no message text for this channel)")
    app = _app(session, svc, channel, body.get("appid") or None)
    out = []
    for addr, corr in addresses:
        if channel in ("sms", "whatsapp") and not addr.startswith("+"):
            addr = "+" + addr
        m = channels.deliver(session, org_id=svc.org_id, tenant_id=svc.tenant_id, pod=svc.pod, channel=channel, asset_id=app.id,
                             to=addr, text=text, event="Messaging API v1", service_id=svc.id, sender="api")
        m.meta = {**m.meta, "correlationid": corr, "api": "v1"}
        _receipt(session, m, body.get("notifyurl"), body.get("callbackData"), corr)
        out.append({"code": "1001", "transid": m.id, "description": "Queued", "correlationid": corr})
    _api_count(session, svc, len(out), 0)
    session.commit()
    return out


def _v1_text(body: dict[str, Any], channel: str) -> str:
    ch = body.get("channels") or {}
    if channel == "sms":
        return str((ch.get("sms") or {}).get("text") or "")
    ott = ch.get("OTT-Messaging") or {}
    if channel == "whatsapp":
        wa = ott.get("wa") or {}
        return str((wa.get("text") or {}).get("body") or wa.get("caption") or "")
    if channel == "messenger":
        return str((ott.get("fb") or {}).get("text") or "")
    am = ch.get("appmessaging") or ch.get("rt") or {}
    return str((am.get("message") or {}).get("text") or "")


def _api_count(session: Session, svc: ConnectService, accepted: int, rejected: int) -> None:
    stats = json.loads(json.dumps(svc.stats or {}))
    api = stats.setdefault("messagingApi", {"requests": 0, "accepted": 0, "rejected": 0})
    api["requests"] = int(api.get("requests", 0)) + 1
    api["accepted"] = int(api.get("accepted", 0)) + accepted
    api["rejected"] = int(api.get("rejected", 0)) + rejected
    svc.stats = stats
    session.add(svc)


def messages_v2(session: Session, svc: ConnectService, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise PublicError("7000", "Invalid JSON", 400)
    channel = str(body.get("channel") or "").lower()
    if channel not in ("sms", "email"):
        raise PublicError("7004", "Invalid parameter - channel", 400)
    if body.get("expireAt") and body.get("validity"):
        raise PublicError("7004", "Invalid parameter - expireAt and validity are exclusive", 400)
    to = body.get("to")
    if not isinstance(to, list) or not to:
        raise PublicError("7003", "Mandatory parameter missing - to", 400)
    key = "msisdn" if channel == "sms" else "email"
    content = body.get("content") or {}
    text = str(content.get("text") or content.get("html") or "")
    if not text:
        raise PublicError("7004", "Invalid parameter - content", 400)
    app = _app(session, svc, channel, None, str(body.get("from") or "") or None)
    first = None
    for t in to:
        for addr in (t or {}).get(key) or []:
            m = channels.deliver(session, org_id=svc.org_id, tenant_id=svc.tenant_id, pod=svc.pod, channel=channel, asset_id=app.id,
                                 to=str(addr), text=str(content.get("text") or ""), html=content.get("html"),
                                 subject=str(content.get("subject") or ""), event="Messaging API v2", service_id=svc.id, sender="api")
            m.meta = {**m.meta, "api": "v2"}
            _receipt(session, m, body.get("notifyUrl"), body.get("callbackData"), (t or {}).get("correlationId") or body.get("correlationId"))
            first = first or m
    if first is None:
        raise PublicError("7003", f"Mandatory parameter missing - to[].{key}", 400)
    _api_count(session, svc, 1, 0)
    session.commit()
    return {"requestTimestamp": iso_ms(first.created_ms), "messageId": first.id,
            "correlationId": body.get("correlationId") or "", "status": "queued"}


def sms_v1(session: Session, svc: ConnectService, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise PublicError("7000", "Invalid JSON", 400)
    if body.get("contentType", "text") not in ("text", "unicode"):
        raise PublicError("7004", "Invalid parameter -  : contentType", 400)
    to, content = str(body.get("to") or ""), str(body.get("content") or "")
    if not to.lstrip("+").isdigit():
        raise PublicError("7004", "Invalid parameter -  : to", 400)
    if not content:
        raise PublicError("7004", "Invalid parameter -  : content", 400)
    app = _app(session, svc, "sms", None, str(body.get("from") or "") or None)
    m = channels.deliver(session, org_id=svc.org_id, tenant_id=svc.tenant_id, pod=svc.pod, channel="sms", asset_id=app.id,
                         to="+" + to.lstrip("+"), text=content, event="SMS API v1", service_id=svc.id, sender="api")
    _receipt(session, m, body.get("callbackUrl"), body.get("callbackData"), body.get("correlationId"))
    _api_count(session, svc, 1, 0)
    session.commit()
    return {"acceptedTime": iso_ms(m.created_ms), "messageId": m.id, "correlationId": body.get("correlationId") or ""}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """JSON → dot-notation variables (arrays are not indexed: their items' fields share a name, the last wins)."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}{k}."))
    elif isinstance(value, list):
        for v in value:
            out.update(flatten(v, prefix))
        if prefix and not any(isinstance(v, (dict, list)) for v in value):
            out[prefix[:-1]] = json.dumps(value)
    elif prefix:
        out[prefix[:-1]] = value if isinstance(value, (str, int, float, bool)) or value is None else str(value)
    return out


def _run_flow(session: Session, flow_id: str, version: int, kind: str, variables: dict[str, Any]) -> str:
    flow = session.get(ConnectFlow, flow_id)
    v = session.get(ConnectFlowVersion, f"{flow_id}:{version}")
    svc = session.get(ConnectService, flow.service_id) if flow else None
    ex = engine.start(session, flow, v, trigger=kind, start_vars=variables, link={}, service_key=svc.service_key if svc else "")
    return ex.id


def webhook(session: Session, webhook_id: str, raw: bytes) -> dict[str, Any]:
    if len(raw) > WEBHOOK_MAX:
        raise PublicError("430", f"Payload too large: the limit is {WEBHOOK_MAX // 1024} KB.")
    b = session.exec(select(ConnectFlowBinding).where(ConnectFlowBinding.kind == "webhook",
                                                      ConnectFlowBinding.key == webhook_id)).first()
    if b is None:
        raise PublicError("7008", "Invalid or unsaved endpoint.")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise PublicError("7000", "Invalid JSON") from None
    tid = _run_flow(session, b.flow_id, b.version, "webhook", flatten(body))
    session.commit()
    return {"code": "1002", "description": "Queued", "transid": tid}


def custom_event(session: Session, svc: ConnectService, body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict):
        raise PublicError("7000", "Invalid JSON")
    events = body.get("events")
    if events is None:
        raise PublicError("7003", "Mandatory parameter missing - events")
    if not isinstance(events, list) or not events:
        raise PublicError("7004", "invalid value for param events")
    out = []
    for e in events:
        if not isinstance(e, dict):
            raise PublicError("7004", "invalid value for param events")
        evtid, corr = str(e.get("evtid") or ""), str(e.get("correlationid") or "")
        b = session.exec(select(ConnectFlowBinding).where(ConnectFlowBinding.kind == "event", ConnectFlowBinding.key == evtid)).first()
        flow = session.get(ConnectFlow, b.flow_id) if b else None
        if b is None or flow is None or flow.service_id != svc.id:
            out.append({"code": "7004", "description": "invalid value for param evtid", "transid": ids.uuid(), "correlationid": corr})
            continue
        params = e.get("parameters") or {}
        if not isinstance(params, dict):
            out.append({"code": "7004", "description": "invalid value for param parameters", "transid": ids.uuid(), "correlationid": corr})
            continue
        d = engine.parsed(session.get(ConnectFlowVersion, f"{b.flow_id}:{b.version}"))
        missing = [p for p in getattr(d.trigger, "parameters", []) if p not in params]
        if missing:
            out.append({"code": "7025", "description": f"mandatory parameter {missing[0]} missing", "transid": ids.uuid(),
                        "correlationid": corr})
            continue
        tid = _run_flow(session, b.flow_id, b.version, "event", {**flatten(params), "event.evtid": evtid})
        out.append({"code": "1002", "description": "Queued", "transid": tid, "correlationid": corr})
    session.commit()
    return out


@timers.on(RECEIPT_TIMER)
def _send_receipts(session: Session, timer) -> None:  # noqa: ANN001
    """Submitted then Delivered, POSTed to the notify URL (loopback / allow-listed hosts only, as flows' HTTP)."""
    import httpx

    from mockserver.connect.flows.nodes import _allowed_host
    from urllib.parse import urlparse

    m = session.get(ConnectMessage, timer.payload.get("id"))
    url = str(timer.payload.get("url") or "")
    if m is None:
        return
    host = urlparse(url).hostname or ""
    results = []
    if not _allowed_host(host):
        results.append(f"not sent: host '{host}' is not loopback or allow-listed")
    else:
        dtype = {"sms": "msisdn", "email": "email", "messenger": "psid", "whatsapp": "waid", "livechat": "userid"}[m.channel]
        dch = {"sms": "SMS", "email": "email", "messenger": "fb", "whatsapp": "whatsapp", "livechat": "rt"}[m.channel]
        for st in m.statuses:
            body = {"deliveryInfoNotification": {"deliveryInfo": {
                "timeStamp": st["at"], "Description": st["status"], "code": st.get("code", ""), "messageCount": "1",
                "deliveryChannel": dch, "additionalInfo": "", "destination": m.customer_address.lstrip("+"),
                "destinationType": dtype, "deliveryStatus": st["status"]},
                "carrier": "", "subtid": m.transaction_id or "", "transid": m.id, "callbackData": timer.payload.get("callbackData", ""),
                "correlationid": timer.payload.get("correlationid", "")}}
            try:
                r = httpx.post(url, json=body, timeout=10)
                results.append(f"{st['status']}: HTTP {r.status_code}")
            except httpx.HTTPError as e:
                results.append(f"{st['status']}: {type(e).__name__}")
    m.meta = {**m.meta, "receipts": results}
    session.add(m)
