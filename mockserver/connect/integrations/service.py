"""Assets → Integrations (Webex CC Task, Webex CC Engage) and Connect as an OAuth *client*: the
email app's "GENERATE TOKEN" (Google) and the integrations' node authorizations (Webex identity,
"Node Runtime Authorization"), both authorization-code round trips that come back to the tenant's
callback: the tenant URL (the sandbox's own public address, ``<sandbox>/connect/<tenant>``) +
``/callback``, so the browser comes back to ``GET /connect/<tenant>/callback`` by itself. Webex is reached through
``identity/public.py`` only; the node authorizations' refresh timer is registered here, on import."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlparse

from sqlmodel import Session, select

from mockserver.connect.caller import Caller
from mockserver.connect.controlhub.models import ConnectDigitalSettings
from mockserver.connect.errors import bad, bad_many, conflict, not_found
from mockserver.connect.integrations.models import ConnectIntegration, ConnectNodeAuth, ConnectOAuthRequest
from mockserver.connect.tenant import ConnectTenant
from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.core.runtime import runtime
from mockserver.core.timers import timers
from mockserver.identity import public as identity
from mockserver.providers import google

REQUEST_TTL_S = 600  # decision: a started round trip must come back within 10 minutes
REFRESH_TIMER = "connect.node_auth_refresh"
REFRESH_MARGIN_S = 86400  # refresh a node authorization's access token a day before it expires
GOOGLE_AUTH_HOSTS = {("accounts.google.com", "/o/oauth2/auth"), ("accounts.google.com", "/o/oauth2/v2/auth")}
GOOGLE_TOKEN_HOSTS = {("oauth2.googleapis.com", "/token"), ("accounts.google.com", "/o/oauth2/token"),
                      ("www.googleapis.com", "/oauth2/v4/token")}
CC_LICENCES = ("CJPPRM", "CJPSTD")


def callback_uri(tenant: ConnectTenant) -> str:
    return tenant.public_url.rstrip("/") + "/callback"


def _google_url(field: str, value: str | None, real: set[tuple[str, str]], sandbox_path: str) -> str:
    u = urlparse((value or "").strip())
    if u.scheme not in ("http", "https") or not u.netloc:
        raise bad(field, "must be an absolute https URL")
    if (u.hostname, u.path.rstrip("/") or "/") in {(h, p) for h, p in real} or u.path.rstrip("/") == sandbox_path:
        return sandbox_path
    raise bad(field, f"the sandbox emulates Google's OAuth endpoints only: use one of "
                     f"{', '.join('https://' + h + p for h, p in sorted(real))} or <sandbox>{sandbox_path}")


def start_email_token(session: Session, caller: Caller, body: dict[str, Any], base: str) -> dict[str, Any]:
    caller.need("assets.write")
    errors = [f"{f}: is required" for f in ("clientId", "clientSecret", "scope") if not (body.get(f) or "").strip()]
    if errors:
        raise bad_many(errors)
    auth_path = _google_url("authorizationUrl", body.get("authorizationUrl"), GOOGLE_AUTH_HOSTS, "/google/o/oauth2/auth")
    _google_url("accessTokenUrl", body.get("accessTokenUrl"), GOOGLE_TOKEN_HOSTS, "/google/token")
    scopes = google.split_scopes(body.get("scope"))
    state = ids.secret(32)
    now = clock.now_ms()
    req = ConnectOAuthRequest(
        id=ids.uuid(), pod=caller.tenant.pod, org_id=caller.tenant.org_id, tenant_id=caller.tenant.id, state=state,
        kind="email_token", user_id=caller.user.id, secret=body["clientSecret"].strip(),
        params={"clientId": body["clientId"].strip(), "scope": " ".join(scopes), "redirectUri": callback_uri(caller.tenant),
                "emailId": (body.get("emailId") or "").strip().lower()},
        created_ms=now, expires_ms=now + REQUEST_TTL_S * 1000,
    )
    session.add(req)
    session.commit()
    query = urlencode({"response_type": "code", "client_id": req.params["clientId"], "redirect_uri": req.params["redirectUri"],
                       "scope": req.params["scope"], "state": state, "access_type": "offline", "prompt": "consent"})
    return {**email_token_json(req), "authorizationUrl": f"{base}{auth_path}?{query}"}


def email_token_json(req: ConnectOAuthRequest) -> dict[str, Any]:
    return {"id": req.id, "status": req.status, "error": req.error, "state": req.state,
            "redirectUri": req.params.get("redirectUri"), "expiresAt": iso_ms(req.expires_ms),
            "accessToken": req.result.get("access_token"), "refreshToken": req.result.get("refresh_token"),
            "scope": req.result.get("scope"), "expiresIn": req.result.get("expires_in")}


def email_token_request(session: Session, caller: Caller, req_id: str) -> ConnectOAuthRequest:
    req = session.get(ConnectOAuthRequest, req_id)
    if req is None or req.tenant_id != caller.tenant.id or req.kind != "email_token":
        raise not_found("Token request", req_id)
    return req


def take_email_tokens(session: Session, caller: Caller, req_id: str | None) -> tuple[dict[str, Any], ConnectOAuthRequest]:
    """SAVE of an OAuth 2.0 email app: the tokens of a completed GENERATE TOKEN move into the asset."""
    req = session.get(ConnectOAuthRequest, req_id or "")
    if req is None or req.tenant_id != caller.tenant.id or req.kind != "email_token":
        raise bad("tokenRequestId", "is required for OAuth 2.0: click GENERATE TOKEN (POST .../assets/apps/email/tokens) "
                                    "and complete the Google consent first")
    if req.status != "completed":
        raise bad("tokenRequestId", f"the token request is {req.status}"
                  + (f" ({req.error})" if req.error else "") + "; generate the token again")
    return dict(req.result), req


# --- integrations ----------------------------------------------------------------------------------
def integration_json(session: Session, i: ConnectIntegration) -> dict[str, Any]:
    auths = session.exec(select(ConnectNodeAuth).where(ConnectNodeAuth.integration_id == i.id)
                         .order_by(ConnectNodeAuth.created_ms, ConnectNodeAuth.id)).all()
    status = "Authorized" if auths and all(a.status == "Authorized" for a in auths) else "Authorization Pending"
    return {"id": i.id, "name": i.name, "description": i.description, "type": "pre-built", "status": status,
            "nodeAuthorizations": [node_auth_json(a) for a in auths], "createdAt": iso_ms(i.created_ms)}


def list_integrations(session: Session, caller: Caller) -> dict[str, Any]:
    caller.need("integrations.read")
    rows = session.exec(select(ConnectIntegration).where(ConnectIntegration.tenant_id == caller.tenant.id)
                        .order_by(ConnectIntegration.name)).all()
    items = [integration_json(session, i) for i in rows]
    return {"items": items, "total": len(items)}


def tenant_integration(session: Session, caller: Caller, integration_id: str) -> ConnectIntegration:
    i = session.get(ConnectIntegration, integration_id)
    if i is None or i.tenant_id != caller.tenant.id:
        raise not_found("Integration", integration_id)
    return i


def node_authorization(session: Session, integ: ConnectIntegration, auth_id: str) -> ConnectNodeAuth:
    na = session.get(ConnectNodeAuth, auth_id)
    if na is None or na.integration_id != integ.id:
        raise not_found("Node authorization", auth_id)
    return na


# --- node authorizations -------------------------------------------------------------------------
def _node_integration_key(session: Session, org_id: str) -> str:
    """The identity integration (fixture key) node authorizations sign in with."""
    row = session.get(ConnectDigitalSettings, org_id)
    return ((row.plan if row else {}).get("nodeAuthorization") or {}).get("integration", "lab")


def _identity_integration(session: Session, tenant: ConnectTenant) -> identity.Integration:
    key = _node_integration_key(session, tenant.org_id)
    integ = identity.integration(session, identity.client_id_for(tenant.pod, key))
    if integ is None:
        raise conflict(f"The Webex integration '{key}' that node authorizations sign in with is missing from this POD.")
    if callback_uri(tenant) not in integ.redirect_uris:
        raise conflict(f"The Webex integration '{integ.name}' does not list {callback_uri(tenant)} as a redirect URI.")
    return integ


def start_node_auth(session: Session, caller: Caller, na: ConnectNodeAuth, name: str | None, base: str) -> dict[str, Any]:
    name = (name or "").strip()
    if not 1 <= len(name) <= 100:
        raise bad("name", "is required: the Authorization Name, 1-100 characters (e.g. 'WxCC Authorisation')")
    webex = _identity_integration(session, caller.tenant)
    state = ids.secret(32)
    now = clock.now_ms()
    session.add(ConnectOAuthRequest(
        id=ids.uuid(), pod=caller.tenant.pod, org_id=caller.tenant.org_id, tenant_id=caller.tenant.id, state=state,
        kind="node_auth", subject_id=na.id, user_id=caller.user.id,
        params={"clientId": webex.client_id, "scope": " ".join(na.scopes), "redirectUri": callback_uri(caller.tenant),
                "name": name},
        created_ms=now, expires_ms=now + REQUEST_TTL_S * 1000))
    session.commit()
    query = urlencode({"response_type": "code", "client_id": webex.client_id, "redirect_uri": callback_uri(caller.tenant),
                       "scope": " ".join(na.scopes), "state": state})
    return {**node_auth_json(na), "pendingName": name, "state": state, "redirectUri": callback_uri(caller.tenant),
            "authorizationUrl": f"{base}/v1/authorize?{query}"}


def node_auth_json(na: ConnectNodeAuth) -> dict[str, Any]:
    return {"id": na.id, "integrationId": na.integration_id, "name": na.name or None, "authType": na.auth_type,
            "status": na.status, "scopes": list(na.scopes), "authorizedBy": na.authorized_email,
            "authorizedAt": iso_ms(na.authorized_ms) if na.authorized_ms else None,
            "accessTokenExpiresAt": iso_ms(na.access_expires_ms) if na.access_expires_ms else None,
            "lastRefreshedAt": iso_ms(na.refreshed_ms) if na.refreshed_ms else None, "lastError": na.last_error}


def _check_authorizer(session: Session, tenant: ConnectTenant, access_token: str) -> str:
    p = identity.resolve(access_token, session)
    if p.org_id != tenant.org_id:
        raise ValueError(f"{p.email} belongs to another organization; sign in with an administrator of {tenant.name}")
    person = identity.person(session, p.person_id)
    has_cc = person is not None and person.has_licence(*CC_LICENCES)
    if not p.is_full_admin or not has_cc:
        raise ValueError(f"{p.email} cannot authorize: the authorizing user needs a Contact Center licence and the "
                         "Full Admin (or Contact Center Admin) role")
    return p.email


def _schedule_refresh(session: Session, na: ConnectNodeAuth) -> None:
    timers.cancel(session, kind=REFRESH_TIMER, subject=f"connect:node-auth:{na.id}")
    life_s = max(1, ((na.access_expires_ms or 0) - clock.now_ms()) // 1000)
    after = life_s - REFRESH_MARGIN_S if life_s > 2 * REFRESH_MARGIN_S else life_s // 2
    timers.schedule(session, pod=na.pod, kind=REFRESH_TIMER, after_s=max(1, after),
                    subject=f"connect:node-auth:{na.id}", payload={"id": na.id})


def _fail(session: Session, req: ConnectOAuthRequest, what: str, reason: str) -> ApiError:
    req.status, req.error = "failed", reason
    session.add(req)
    session.commit()
    return ApiError(400, f"{what} failed.", [reason])


def callback(session: Session, tenant: ConnectTenant, *, code: str | None, state: str | None, error: str | None,
             error_description: str | None) -> dict[str, Any]:
    req = session.exec(select(ConnectOAuthRequest).where(ConnectOAuthRequest.state == (state or ""))).first()
    if req is None or req.tenant_id != tenant.id:
        raise ApiError(400, "Invalid parameter - state", ["state: unknown or missing; start GENERATE TOKEN / Authorize again."])
    what = "Token generation" if req.kind == "email_token" else "Authorization"
    if req.status != "pending":
        raise ApiError(400, "Invalid parameter - state", [f"state: this {what.lower()} round trip is already {req.status}."])
    if clock.now_ms() >= req.expires_ms:
        raise _fail(session, req, what, "the round trip took longer than 10 minutes; start again")
    if error:
        raise _fail(session, req, what, f"the provider answered {error}" + (f": {error_description}" if error_description else ""))
    if not code:
        raise _fail(session, req, what, "code: missing from the callback")
    if req.kind == "email_token":
        try:
            body = google.exchange(session, client_id=req.params["clientId"], client_secret=req.secret, code=code,
                                   redirect_uri=req.params["redirectUri"])
        except google.GoogleOAuthError as e:
            hint = {"invalid_client": " (check the Client ID and Client Secret)"}.get(e.error, "")
            raise _fail(session, req, what, f"Google token endpoint: {e.error}: {e.description}{hint}") from None
        req.status, req.result, req.secret = "completed", body, req.secret
        session.add(req)
        session.commit()
        return {"kind": "email_token", **email_token_json(req)}
    # node authorization: the Webex identity service
    settings = runtime.settings
    na = session.get(ConnectNodeAuth, req.subject_id)
    integ = identity.integration(session, req.params["clientId"])
    if na is None or integ is None:
        raise _fail(session, req, what, "the node authorization or its Webex integration no longer exists")
    try:
        body = identity.exchange_code(session, integ.client_id, code, req.params["redirectUri"],
                                      access_ttl=settings.access_token_ttl, refresh_ttl=settings.refresh_token_ttl)
        email = _check_authorizer(session, tenant, body["access_token"])
    except ApiError as e:
        raise _fail(session, req, what, f"Webex token endpoint: {'; '.join(e.details)}") from None
    except ValueError as e:
        raise _fail(session, req, what, str(e)) from None
    now = clock.now_ms()
    na.name, na.status, na.authorized_email, na.authorized_ms = req.params["name"], "Authorized", email, now
    na.access_token, na.refresh_token = body["access_token"], body["refresh_token"]
    na.access_expires_ms = now + int(body["expires_in"]) * 1000
    na.refresh_expires_ms = now + int(body["refresh_token_expires_in"]) * 1000
    na.refreshed_ms, na.last_error = None, None
    req.status = "completed"
    session.add(na)
    session.add(req)
    _schedule_refresh(session, na)
    session.commit()
    return {"kind": "node_auth", "status": "completed", "nodeAuthorization": node_auth_json(na)}


@timers.on(REFRESH_TIMER)
def _refresh(session: Session, timer) -> None:  # noqa: ANN001
    """Keeps a node authorization's Webex access token fresh on the sandbox clock."""
    na = session.get(ConnectNodeAuth, timer.payload.get("id"))
    if na is None or na.status != "Authorized":
        return
    client_id = identity.client_id_for(na.pod, _node_integration_key(session, na.org_id))
    try:
        body = identity.refresh(session, client_id, na.refresh_token, access_ttl=runtime.settings.access_token_ttl)
    except ApiError as e:
        na.status, na.last_error = "Authorization Pending", f"token refresh failed: {'; '.join(e.details)}; authorize again"
        na.access_token = ""
        session.add(na)
        return
    now = clock.now_ms()
    na.access_token, na.access_expires_ms, na.refreshed_ms = body["access_token"], now + int(body["expires_in"]) * 1000, now
    session.add(na)
    _schedule_refresh(session, na)


def node_token(session: Session, org_id: str, integration_key: str) -> str:
    """The access token a flow node of 'Webex CC Task' (task) or 'Webex CC Engage' (engage) uses.

    For the flow issue: raises a clear error while the authorization is pending."""
    integ = session.exec(select(ConnectIntegration).where(ConnectIntegration.org_id == org_id,
                                                          ConnectIntegration.key == integration_key)).first()
    na = session.exec(select(ConnectNodeAuth).where(ConnectNodeAuth.integration_id == integ.id)).first() if integ else None
    if na is not None and na.status == "Authorized" and not na.access_token and na.authorized_email:
        _mint_seeded(session, na)
    if na is None or na.status != "Authorized" or not na.access_token:
        label = integ.name if integ else integration_key
        raise ApiError(409, "Authorization Pending.", [
            f"onauthorizationfail: the node authorization of integration '{label}' is not authorized "
            "(Assets → Integrations → Manage → Node Authorizations → Add Authorization)."
            + (f" Last error: {na.last_error}" if na and na.last_error else "")])
    return na.access_token


def _mint_seeded(session: Session, na: ConnectNodeAuth) -> None:
    """A scenario-seeded authorization gets its Webex tokens on first use (tokens are not seeded)."""
    person = identity.person_by_email(session, na.authorized_email or "")
    tenant = session.get(ConnectTenant, na.tenant_id)
    if person is None or tenant is None:
        return
    integ = _identity_integration(session, tenant)
    settings = runtime.settings
    pair = identity.mint_token_pair(session, person.id, list(na.scopes), integ.client_id,
                                    access_ttl=settings.access_token_ttl, refresh_ttl=settings.refresh_token_ttl)
    if pair is None:
        return
    access, refresh = pair
    now = clock.now_ms()
    na.access_token, na.refresh_token = access, refresh
    na.access_expires_ms = now + settings.access_token_ttl * 1000
    na.refresh_expires_ms = now + settings.refresh_token_ttl * 1000
    session.add(na)
    _schedule_refresh(session, na)
    session.commit()
