"""Assets (lab 12.2, 12.7): pre-assigned numbers (read-only) and apps — Email, Messenger, WhatsApp,
Live Chat, SMS — each with an App ID, sharing with groups/teams, and "Register to Webex CC" (once,
publishes AssetRegistered). The Messenger app signs in to Facebook (mockserver/providers)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from sqlmodel import Session, select

from mockserver.connect.assets import email_tokens
from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.caller import Caller
from mockserver.connect.errors import EMAIL_RE, bad, bad_many, conflict, forbidden, not_found
from mockserver.connect.integrations.models import ConnectOAuthRequest
from mockserver.connect.integrations.service import take_email_tokens
from mockserver.connect.provisioned_tenant import app_id_for
from mockserver.connect.services.models import ConnectService
from mockserver.connect.services.service import visible_service
from mockserver.connect.team.models import ConnectContainer
from mockserver.core.clock import clock, iso_ms
from mockserver.core.events import dispatcher
from mockserver.core.ids import ids
from mockserver.events import AssetRegistered
from mockserver.providers import facebook

APP_CHANNELS = ("email", "messenger", "whatsapp", "livechat", "sms")
# Connect channel -> the channel name of the AssetRegistered event (WxCC / Engage vocabulary)
EVENT_CHANNEL = {"email": "email", "messenger": "messenger", "whatsapp": "whatsapp", "livechat": "chat", "sms": "sms"}
SECURITY = ("SSL", "TLS", "None")
AUTH_TYPES = ("OAuth 2.0", "Basic")


def _mask(value: str | None) -> str | None:
    return None if not value else "•" * 8 + value[-4:]


def registration_json(session: Session, a: ConnectAsset) -> dict[str, Any] | None:
    if a.registered_ms is None:
        return None
    svc = session.get(ConnectService, a.registered_service_id) if a.registered_service_id else None
    return {"registeredAt": iso_ms(a.registered_ms), "serviceId": a.registered_service_id,
            "serviceName": svc.name if svc else None, "registeredBy": a.registered_by,
            "message": f"Registered to Webex CC on {iso_ms(a.registered_ms)} with service "
                       f"'{svc.name if svc else a.registered_service_id}'."}


def asset_json(session: Session, a: ConnectAsset) -> dict[str, Any]:
    cfg = dict(a.config)
    if a.channel == "email":
        cfg["clientSecret"] = _mask(a.secrets.get("clientSecret"))
        cfg["accessToken"] = _mask(a.secrets.get("access_token"))
        cfg["refreshToken"] = _mask(a.secrets.get("refresh_token"))
        if cfg.get("authType") == "Basic":
            cfg["password"] = _mask(a.secrets.get("password"))
    out = {"id": a.id, "appId": a.app_id, "kind": a.kind, "channel": a.channel, "name": a.name, "address": a.address,
           "config": cfg, "containerId": a.container_id, "createdAt": iso_ms(a.created_ms),
           "updatedAt": iso_ms(a.updated_ms)}
    shared = list(a.config.get("sharedWith") or [])
    if a.kind == "app":
        names = {c.id: c for c in session.exec(select(ConnectContainer).where(ConnectContainer.tenant_id == a.tenant_id)).all()}
        out["sharedWith"] = [{"id": x, "kind": names[x].kind, "name": names[x].name} for x in shared if x in names]
    token = email_tokens.email_token_status(a)
    if token is not None:
        out["token"] = token
    if a.kind == "app":
        out["registeredToWebexCc"] = registration_json(session, a)
    return out


def _own_chain(session: Session, caller: Caller) -> set[str]:
    """The caller's container and the ones above it (a team's group): shares to these reach the caller."""
    cid = caller.user.container_id
    c = session.get(ConnectContainer, cid) if cid else None
    if c is None:
        return set()
    return {c.id, *([c.parent_id] if c.parent_id else [])}


def shared_with_caller(session: Session, caller: Caller, a: ConnectAsset) -> bool:
    return bool(set(a.config.get("sharedWith") or []) & _own_chain(session, caller))


def visible_asset(session: Session, caller: Caller, asset_id: str, kind: str, *, write: bool = True) -> ConnectAsset:
    """An asset at the caller's level or below; for reads also one shared with the caller's group or team
    (read-only for them: changing it stays with its own level)."""
    a = session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id, ConnectAsset.kind == kind,
                                                (ConnectAsset.id == asset_id) | (ConnectAsset.app_id == asset_id))).first()
    if a is not None and not caller.sees(a.container_id) and shared_with_caller(session, caller, a):
        if not write:
            return a
        raise forbidden(f"App '{a.name}' is shared with your group/team: you can use it but only its own level "
                        "can change, register, share or delete it.")
    if a is None or not caller.sees(a.container_id):
        raise not_found("App" if kind == "app" else "Number", asset_id)
    return a


def share_app(session: Session, caller: Caller, a: ConnectAsset, container_ids: list[str] | None) -> dict[str, Any]:
    """Share an app with groups/teams (the portal's Share with groups): their users then see and use it.
    The list replaces the previous one; only containers at or below the caller's level can be chosen."""
    if container_ids is None:
        raise bad("containerIds", "is required: the groups/teams to share with ([] to stop sharing)")
    wanted = list(dict.fromkeys(str(x) for x in container_ids))
    errors = []
    for cid in wanted:
        c = session.get(ConnectContainer, cid)
        if c is None or c.tenant_id != caller.tenant.id or not caller.sees(c.id):
            errors.append(f"containerIds: '{cid}' is not a group or team at or below your level")
        elif c.id == a.container_id:
            errors.append(f"containerIds: '{c.name}' is the app's own {c.kind}; its users already see it")
    if errors:
        raise bad_many(errors)
    a.config = {**a.config, "sharedWith": wanted}
    a.updated_ms = clock.now_ms()
    session.add(a)
    session.commit()
    return asset_json(session, a)


def list_numbers(session: Session, caller: Caller) -> dict[str, Any]:
    caller.need("assets.read")
    rows = session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id, ConnectAsset.kind == "number")
                        .order_by(ConnectAsset.channel, ConnectAsset.name)).all()
    apps = {a.address: a for a in session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id,
                                                                          ConnectAsset.kind == "app")).all()
            if a.channel in ("sms", "whatsapp")}
    items = []
    for n in rows:
        j = asset_json(session, n)
        j.update({"number": n.address, "countryCode": n.config.get("countryCode"), "wabaId": n.config.get("wabaId"),
                  "appId": apps[n.address].app_id if n.address in apps else None, "readOnly": True})
        items.append(j)
    return {"items": items, "total": len(items)}


def list_apps(session: Session, caller: Caller, channel: str | None) -> dict[str, Any]:
    caller.need("assets.read")
    if channel is not None and channel not in APP_CHANNELS:
        raise bad("channel", f"must be one of {', '.join(APP_CHANNELS)}")
    q = select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id, ConnectAsset.kind == "app")
    if channel:
        q = q.where(ConnectAsset.channel == channel)
    rows = session.exec(q.order_by(ConnectAsset.created_ms, ConnectAsset.name)).all()
    items = []
    for a in rows:
        if caller.sees(a.container_id):
            items.append(asset_json(session, a))
        elif shared_with_caller(session, caller, a):
            items.append({**asset_json(session, a), "sharedWithYou": True})
    return {"items": items, "total": len(items)}


def get_app(session: Session, caller: Caller, a: ConnectAsset) -> dict[str, Any]:
    out = asset_json(session, a)
    if not caller.sees(a.container_id):
        out["sharedWithYou"] = True
    return out


def _name(session: Session, caller: Caller, body: dict[str, Any]) -> str:
    name = (body.get("name") or "").strip()
    if not 1 <= len(name) <= 100:
        raise bad("name", "is required: the Asset Name, 1-100 characters")
    if session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id, ConnectAsset.kind == "app",
                                               ConnectAsset.name_key == name.lower())).first():
        raise conflict(f"name: an app named '{name}' already exists.")
    return name


def _new(caller: Caller, channel: str, name: str, address: str, config: dict, secrets: dict | None = None,
         asset_id: str | None = None) -> ConnectAsset:
    now = clock.now_ms()
    return ConnectAsset(id=asset_id or ids.uuid(), pod=caller.tenant.pod, org_id=caller.tenant.org_id,
                        tenant_id=caller.tenant.id, kind="app", channel=channel,
                        app_id=app_id_for(caller.tenant.pod, channel, ids.uuid()), name=name,
                        name_key=name.lower(), address=address, config=config, secrets=secrets or {},
                        container_id=caller.user.container_id, created_ms=now, updated_ms=now)


def create_email(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("assets.write")
    name = _name(session, caller, body)
    errors: list[str] = []
    email = (body.get("emailId") or "").strip().lower()
    if not EMAIL_RE.match(email):
        errors.append("emailId: must be the mailbox address (e.g. cl1webex1@gmail.com)")
    auth = body.get("authType") or "OAuth 2.0"
    if auth not in AUTH_TYPES:
        errors.append(f"authType: must be one of {', '.join(AUTH_TYPES)}")
    if not (body.get("smtpServer") or "").strip():
        errors.append("smtpServer: is required (e.g. smtp.gmail.com)")
    port = body.get("port")
    if not isinstance(port, int) or not 1 <= port <= 65535:
        errors.append("port: must be a TCP port 1-65535 (465 for SSL, 587 for TLS)")
    security = body.get("security") or "SSL"
    if security not in SECURITY:
        errors.append(f"security: must be one of {', '.join(SECURITY)}")
    if auth == "Basic" and not body.get("password"):
        errors.append("password: is required for Basic authentication")
    if errors:
        raise bad_many(errors)
    config = {"emailId": email, "authType": auth, "smtpServer": body["smtpServer"].strip(),
              "username": (body.get("username") or email).strip(), "port": port, "security": security}
    secrets: dict[str, Any] = {}
    req = None
    if auth == "OAuth 2.0":
        tokens, req = take_email_tokens(session, caller, body.get("tokenRequestId"))
        if body.get("clientId") and body["clientId"].strip() != req.params.get("clientId"):
            raise bad("clientId", "differs from the Client ID the token was generated with; generate the token again")
        config.update({"clientId": req.params.get("clientId"), "scope": req.params.get("scope"),
                       "authorizationUrl": body.get("authorizationUrl"), "accessTokenUrl": body.get("accessTokenUrl"),
                       "refreshTokenUrl": body.get("refreshTokenUrl"), "tokenGeneratedFor": req.params.get("emailId")})
        secrets = email_tokens.email_secrets(tokens, req.secret)
    else:
        secrets = {"password": body["password"]}
    a = _new(caller, "email", name, email, config, secrets)
    # Decision: the forwarding address is <App ID>@<tenant>.imiconnect.io (the real format is undocumented).
    a.config = {**config, "forwardingAddress": f"{a.app_id}@{caller.tenant.name}.imiconnect.io"}
    session.add(a)
    if req is not None:
        req.status, req.secret, req.result = "consumed", "", {}
        session.add(req)
        email_tokens.schedule_email_refresh(session, a)
    session.commit()
    return asset_json(session, a)


def replace_email_token(session: Session, caller: Caller, a: ConnectAsset, token_request_id: str | None) -> dict[str, Any]:
    """The Email app's GENERATE TOKEN again (e.g. after "refresh failed"): a completed token request's
    tokens replace the app's, and the refresh schedule starts over."""
    if a.channel != "email" or a.config.get("authType") != "OAuth 2.0":
        raise bad("appId", f"app '{a.name}' is not an OAuth 2.0 email app; only those hold Google tokens")
    tokens, req = take_email_tokens(session, caller, token_request_id)
    if req.params.get("clientId") != a.config.get("clientId"):
        raise bad("tokenRequestId", "was generated with another Client ID than the app's; generate the token with "
                                    f"Client ID {a.config.get('clientId')}")
    a.secrets = email_tokens.email_secrets(tokens, req.secret)
    a.config = {**a.config, "tokenGeneratedFor": req.params.get("emailId")}
    a.updated_ms = clock.now_ms()
    req.status, req.secret, req.result = "consumed", "", {}
    session.add(a)
    session.add(req)
    email_tokens.schedule_email_refresh(session, a)
    session.commit()
    return asset_json(session, a)


FACEBOOK_LOGIN_TTL_S = 600  # decision: the Facebook login of "Add Messenger Page" is usable for 10 minutes


def _pages_json(session: Session, caller: Caller, pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    linked = {a.address: a for a in session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id,
                                                                            ConnectAsset.channel == "messenger")).all()}
    return [{**p, "linkedApp": ({"id": linked[p["id"]].id, "name": linked[p["id"]].name} if p["id"] in linked else None)}
            for p in pages]


def _login_json(session: Session, caller: Caller, req: ConnectOAuthRequest) -> dict[str, Any]:
    return {"id": req.id, "account": req.result.get("account"), "expiresAt": iso_ms(req.expires_ms),
            "pages": _pages_json(session, caller, req.result.get("pages") or [])}


def facebook_login(session: Session, caller: Caller, email: str | None, password: str | None) -> dict[str, Any]:
    """"Add Messenger Page" → the Facebook login step (Continue as …, pages_messaging and
    pages_show_list granted); answers the pages the account manages, to link one."""
    caller.need("assets.write")
    email = (email or "").strip().lower()
    if not EMAIL_RE.match(email):
        raise bad("email", "must be the Facebook account's email address")
    account = facebook.sign_in(session, caller.tenant.org_id, email, password or "")
    if account is None:
        raise bad("password", "Facebook did not accept this email and password (the POD's Facebook account is listed "
                              "under connect.facebook of GET /sandbox/pods/{n})")
    now = clock.now_ms()
    pages = account.pages
    req = ConnectOAuthRequest(id=ids.uuid(), pod=caller.tenant.pod, org_id=caller.tenant.org_id, tenant_id=caller.tenant.id,
                              state=ids.secret(32), kind="facebook_login", user_id=caller.user.id, status="completed",
                              result={"account": {"email": email, "name": account.name}, "pages": pages},
                              created_ms=now, expires_ms=now + FACEBOOK_LOGIN_TTL_S * 1000)
    session.add(req)
    session.commit()
    return _login_json(session, caller, req)


def facebook_session(session: Session, caller: Caller, login_id: str | None) -> ConnectOAuthRequest:
    req = session.get(ConnectOAuthRequest, login_id or "")
    if req is None or req.tenant_id != caller.tenant.id or req.kind != "facebook_login":
        raise bad("facebookLoginId", "is required: sign in to Facebook first (POST .../assets/apps/messenger/facebookLogin)")
    if clock.now_ms() >= req.expires_ms:
        raise bad("facebookLoginId", f"the Facebook login expired at {iso_ms(req.expires_ms)} "
                                     f"(valid {FACEBOOK_LOGIN_TTL_S // 60} minutes); sign in to Facebook again")
    return req


def facebook_pages(session: Session, caller: Caller, req: ConnectOAuthRequest) -> dict[str, Any]:
    return _login_json(session, caller, req)


def create_messenger(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("assets.write")
    name = _name(session, caller, body)
    req = facebook_session(session, caller, body.get("facebookLoginId"))
    page_id = str(body.get("pageId") or "").strip()
    pages = {p["id"]: p for p in req.result.get("pages") or []}
    if page_id not in pages:
        listed = ", ".join(f"{p['id']} ({p['name']})" for p in pages.values()) or "none"
        raise bad("pageId", f"must be one of the pages {req.result['account']['email']} manages on Facebook: {listed}")
    for other in session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id,
                                                         ConnectAsset.channel == "messenger")).all():
        if other.address == page_id:
            raise conflict(f"pageId: page {page_id} is already linked to app '{other.name}'.")
    page = pages[page_id]
    a = _new(caller, "messenger", name, page_id, {"pageId": page_id, "pageName": page["name"],
                                                  "pageCategory": page.get("category", ""),
                                                  "facebookAccount": req.result["account"]["email"],
                                                  "mMeLink": f"https://m.me/{page_id}"})
    session.add(a)
    session.commit()
    return asset_json(session, a)


def create_livechat(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("assets.write")
    name = _name(session, caller, body)
    u = urlparse((body.get("websiteUrl") or "").strip())
    if u.scheme not in ("http", "https") or not u.hostname:
        raise bad("websiteUrl", "must be the website's absolute URL (https://www.example.com)")
    domains = [d.strip().lower() for d in (body.get("allowedDomains") or [u.hostname]) if str(d).strip()]
    a = _new(caller, "livechat", name, u.hostname, {"websiteUrl": u.geturl(), "allowedDomains": domains})
    a.config = {**a.config, "clientKey": ids.hex(16)}
    session.add(a)
    session.commit()
    return asset_json(session, a)


def create_numbered(session: Session, caller: Caller, channel: str, body: dict[str, Any]) -> dict[str, Any]:
    """WhatsApp and SMS apps are bound to one of the tenant's pre-assigned numbers."""
    caller.need("assets.write")
    name = _name(session, caller, body)
    number = str(body.get("number") or "").strip()
    owned = session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id,
                                                    ConnectAsset.kind == "number", ConnectAsset.channel == channel)).all()
    match = next((n for n in owned if n.address == number), None)
    if match is None:
        have = ", ".join(n.address for n in owned) or "none"
        raise bad("number", f"must be one of the tenant's pre-assigned {channel} numbers ({have}); "
                            "numbers cannot be procured from a Webex CC integrated tenant")
    bound = session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == caller.tenant.id, ConnectAsset.kind == "app",
                                                    ConnectAsset.channel == channel, ConnectAsset.address == number)).first()
    if bound is not None:
        raise conflict(f"number: {number} is already bound to app '{bound.name}' ({bound.app_id}).")
    a = _new(caller, channel, name, number, dict(match.config))
    session.add(a)
    session.commit()
    return asset_json(session, a)


def delete_app(session: Session, a: ConnectAsset) -> None:
    if a.registered_ms is not None:
        raise conflict(f"App '{a.name}' is registered to Webex CC (entry points may use it); it cannot be deleted.")
    email_tokens.cancel_email_refresh(session, a)
    session.delete(a)
    session.commit()


def register(session: Session, caller: Caller, a: ConnectAsset, service_id: str | None) -> dict[str, Any]:
    """REGISTER TO WEBEX CC; once committed, WxCC's asset registry and Engage hear of it."""
    if a.registered_ms is not None:
        reg = registration_json(session, a) or {}
        raise conflict(reg.get("message", "Already registered to Webex CC."),
                       registeredAt=reg.get("registeredAt"), serviceId=reg.get("serviceId"),
                       serviceName=reg.get("serviceName"))
    if not service_id:
        raise bad("serviceId", "is required: the service this asset is managed under (GET .../services)")
    svc = visible_service(session, caller, service_id)
    a.registered_ms, a.registered_service_id, a.registered_by = clock.now_ms(), svc.id, caller.user.email
    a.updated_ms = a.registered_ms
    session.add(a)
    session.commit()
    out = asset_json(session, a)
    session.commit()  # ends the read transaction asset_json opened: the subscribers write with their own sessions
    dispatcher.publish(AssetRegistered(org_id=a.org_id, asset_id=a.id, name=a.name, channel=EVENT_CHANNEL[a.channel],
                                       address=a.address, service=svc.name, app_id=a.app_id or ""))
    return out


def unshare_container(session: Session, tenant_id: str, container_id: str) -> None:
    """A deleted group or team stops being a share target (in the caller's transaction)."""
    for a in session.exec(select(ConnectAsset).where(ConnectAsset.tenant_id == tenant_id, ConnectAsset.kind == "app")).all():
        shared = list(a.config.get("sharedWith") or [])
        if container_id in shared:
            a.config = {**a.config, "sharedWith": [x for x in shared if x != container_id]}
            session.add(a)
