"""A Google-like OAuth 2.0 provider (accounts.google.com/o/oauth2/auth, oauth2.googleapis.com/token)
under /google, enough for the email asset's "GENERATE TOKEN" of lab 12.7.

Behaviour follows Google's documented web-server flow: unknown client → "Error 401: invalid_client"
page; unregistered redirect URI → "Error 400: redirect_uri_mismatch" page; unknown scope → "Error
400: invalid_scope" page; an account that is not a test user of an app in testing → "Error 403:
access_denied" page; consent declined → redirect with error=access_denied. The token endpoint
answers ``{"error", "error_description"}`` (``invalid_client``/"Unauthorized" for a wrong secret,
``invalid_grant`` for a bad code). Access tokens live 3599 s. Refresh tokens of a client whose
consent screen is in "Testing" (it lists test users) expire after 7 days, as Google documents for
apps in testing; others do not expire. ``POST /google/revoke`` (oauth2.googleapis.com/revoke) revokes
a token and the whole grant it belongs to.

An outside party, not part of Connect: it owns its clients, accounts and grants (seeded from the
POD fixture's ``connect.google`` clients and ``gmail`` mailbox) and answers in Google's error shape.
Connect calls it (token exchange and refresh); it never imports Connect.
"""

from __future__ import annotations

import hashlib
import hmac
from html import escape
from typing import Annotated, Any, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Field, Session, SQLModel, col, select

from mockserver.core.public_url import resolve_all
from mockserver.core.clock import clock
from mockserver.core.columns import epoch_ms, json_list
from mockserver.core.db import db
from mockserver.core.errors import ApiError
from mockserver.core.http import documented, error_responses, json_response
from mockserver.core.ids import ids
from mockserver.core.ids import same_secret
from mockserver.core.seeding import PodContext, Rows

SCOPES = {
    "https://mail.google.com/": "Read, compose, send, and permanently delete all your email from Gmail",
    "https://www.googleapis.com/auth/gmail.send": "Send email on your behalf",
    "https://www.googleapis.com/auth/gmail.readonly": "View your email messages and settings",
    "https://www.googleapis.com/auth/gmail.modify": "Read, compose, and send emails from your Gmail account",
    "https://www.googleapis.com/auth/gmail.compose": "Manage drafts and send emails",
    "https://www.googleapis.com/auth/userinfo.email": "See your primary Google Account email address",
    "https://www.googleapis.com/auth/userinfo.profile": "See your personal info",
    "openid": "Associate you with your personal info on Google", "email": "See your email address",
    "profile": "See your personal info",
}
ACCESS_TTL = 3599
TESTING_REFRESH_TTL = 7 * 86400  # Google: refresh tokens of apps in "Testing" publishing status expire in 7 days
CODE_TTL = 600
_PARAMS = ("client_id", "redirect_uri", "response_type", "scope", "state", "access_type", "prompt", "login_hint")


# --- tables --------------------------------------------------------------------------------------
class GoogleGrant(SQLModel, table=True):
    """The Google-like OAuth emulation: codes and tokens it issued (by hash)."""

    __tablename__ = "google_grant"
    token_hash: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    kind: str  # code | access | refresh
    client_id: str
    account: str
    scopes: list = json_list()
    redirect_uri: str = ""
    expires_ms: int = epoch_ms()
    used: bool = False


class GoogleClient(SQLModel, table=True):
    """OAuth clients of the Google Cloud console projects the labs create (fixture)."""

    __tablename__ = "google_client"
    client_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    name: str
    client_secret: str
    redirect_uris: list = json_list()
    test_users: list = json_list()  # consent screen in "Testing": only these accounts may consent


class GoogleAccount(SQLModel, table=True):
    """The POD's Gmail account (fixture ``gmail:``), the one that consents in lab 12.7."""

    __tablename__ = "google_account"
    email: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    password_hash: str


TABLES: list[type[SQLModel]] = [GoogleGrant, GoogleClient, GoogleAccount]


# --- errors: Google's OAuth endpoints answer {"error", "error_description"} -----------------------
def render_google(err: ApiError, tracking_id: str) -> dict:
    return {
        "error": err.extra.get("error") or {400: "invalid_request", 401: "invalid_client", 404: "not_found",
                                            405: "method_not_allowed"}.get(err.status, "server_error"),
        "error_description": err.details[0] if err.details else err.message,
    }


class GoogleError(BaseModel):
    error: str
    error_description: str


class GoogleOAuthError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


def derive(*parts: object) -> str:
    return hashlib.sha256("/".join(["wxcc-sandbox", "google", *map(str, parts)]).encode()).hexdigest()


def client_id_for(n: int, key: str) -> str:
    h = derive(n, key, "client")
    return f"{int(h[:12], 16) % 10**12:012d}-{h[12:44]}.apps.googleusercontent.com"


def client_secret_for(n: int, key: str) -> str:
    return "GOCSPX-" + derive(n, key, "secret")[:28]


def password_hash(email: str, password: str) -> str:
    return hashlib.sha256(f"google:{email.lower()}:{password}".encode()).hexdigest()


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def split_scopes(value: str | None) -> list[str]:
    return list(dict.fromkeys((value or "").replace(",", " ").split()))


# --- seeding: the POD's Google Cloud OAuth client(s) and Gmail account ----------------------------
def rows(ctx: PodContext) -> Rows:
    n, org = ctx.n, ctx.org_id
    out: Rows = {t: [] for t in TABLES}
    g = (ctx.fixture.get("connect") or {}).get("google") or {}
    for c in g.get("clients", []):
        out[GoogleClient].append({
            "client_id": client_id_for(n, c["key"]), "pod": n, "org_id": org, "name": c.get("name", c["key"]),
            "client_secret": client_secret_for(n, c["key"]), "redirect_uris": list(c.get("redirectUris", [])),
            "test_users": [u.lower() for u in c.get("testUsers", [])],
        })
    gmail = ctx.fixture.get("gmail") or {}
    if gmail.get("address"):
        out[GoogleAccount].append({"email": gmail["address"].lower(), "pod": n, "org_id": org,
                                   "password_hash": password_hash(gmail["address"], gmail.get("password", ""))})
    return out


def clients_json(session: Session, pod: int) -> list[dict[str, Any]]:
    """The POD's OAuth clients as GET /sandbox/pods/{n} shows them (secrets included: it is a sandbox)."""
    clients = session.exec(select(GoogleClient).where(GoogleClient.pod == pod)).all()
    return [{"name": c.name, "client_id": c.client_id, "client_secret": c.client_secret,
             "redirect_uris": resolve_all(c.redirect_uris), "test_users": list(c.test_users)} for c in clients]


# --- the authorization endpoint -----------------------------------------------------------------
def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = ("<!doctype html><html lang=en><head><meta charset=utf-8><title>" + escape(title) + "</title>"
            "<style>body{font-family:Roboto,Arial,sans-serif;background:#fff;display:flex;justify-content:center}"
            "main{border:1px solid #dadce0;border-radius:8px;margin-top:8vh;padding:2rem 2.5rem;width:28rem}"
            ".err{color:#d93025} label{display:block;margin-top:.8rem} input{width:100%;padding:.5rem}"
            "button{margin-top:1rem;padding:.5rem 1.2rem}</style></head><body><main>" + body + "</main></body></html>")
    return HTMLResponse(html, status_code=status)


def _error_page(code: int, error: str, text: str) -> HTMLResponse:
    return _page("Error", f"<h1>Access blocked: authorization error</h1><p class=err role=alert>{escape(text)}</p>"
                          f"<p><strong>Error {code}: {escape(error)}</strong></p>", code)


def _validate(session: Session, params: dict[str, str | None]) -> tuple[GoogleClient, list[str]]:
    client = session.get(GoogleClient, (params.get("client_id") or "").strip())
    if client is None:
        raise GoogleOAuthError(401, "invalid_client", "The OAuth client was not found.")
    if params.get("redirect_uri") not in resolve_all(client.redirect_uris):
        raise GoogleOAuthError(400, "redirect_uri_mismatch",
                               f"You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. "
                               f"redirect_uri={params.get('redirect_uri')} is not an authorized redirect URI of the client.")
    scopes = split_scopes(params.get("scope"))
    if not scopes:
        raise GoogleOAuthError(400, "invalid_request", "Missing required parameter: scope")
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise GoogleOAuthError(400, "invalid_scope", f"Some requested scopes were invalid. {{invalid={unknown}}}")
    return client, scopes


def _redirect(uri: str, params: dict[str, str | None]) -> RedirectResponse:
    sep = "&" if "?" in uri else "?"
    return RedirectResponse(uri + sep + urlencode({k: v for k, v in params.items() if v is not None}), status_code=302)


def _consent(params: dict[str, str | None], client: GoogleClient, scopes: list[str], error: str = "") -> str:
    hidden = "".join(f'<input type=hidden name="{escape(k)}" value="{escape(v)}">' for k, v in params.items() if v)
    items = "".join(f"<li>{escape(SCOPES[s])} <code>{escape(s)}</code></li>" for s in scopes)
    err = f"<p class=err role=alert>{escape(error)}</p>" if error else ""
    return (f"<h1>Sign in with Google (sandbox)</h1><p><strong>{escape(client.name)}</strong> wants to access your "
            f"Google Account:</p><ul>{items}</ul>{err}<form method=post action=\"/google/o/oauth2/auth\">{hidden}"
            "<label>Email<input name=email type=email required></label>"
            "<label>Password<input name=password type=password required></label>"
            "<button name=decision value=deny formnovalidate>Cancel</button> "
            "<button name=decision value=allow>Allow</button></form>")


def issue_code(session: Session, client: GoogleClient, account: str, scopes: list[str], redirect_uri: str) -> str:
    code = "4/0" + ids.secret(70)
    session.add(GoogleGrant(token_hash=_hash(code), pod=client.pod, org_id=client.org_id, kind="code",
                            client_id=client.client_id, account=account, scopes=scopes, redirect_uri=redirect_uri,
                            expires_ms=clock.now_ms() + CODE_TTL * 1000))
    session.commit()
    return code


# --- the token endpoint (also called in-process by Connect) ---------------------------------------
def _client(session: Session, client_id: str | None, client_secret: str | None) -> GoogleClient:
    client = session.get(GoogleClient, client_id or "")
    if client is None:
        raise GoogleOAuthError(401, "invalid_client", "The OAuth client was not found.")
    if not client_secret or not same_secret(client.client_secret, client_secret):
        raise GoogleOAuthError(401, "invalid_client", "Unauthorized")
    return client


def _tokens(session: Session, client: GoogleClient, account: str, scopes: list[str], refresh: str | None) -> dict[str, Any]:
    access = "ya29.a0" + ids.secret(120)
    now = clock.now_ms()
    session.add(GoogleGrant(token_hash=_hash(access), pod=client.pod, org_id=client.org_id, kind="access",
                            client_id=client.client_id, account=account, scopes=scopes, expires_ms=now + ACCESS_TTL * 1000))
    body: dict[str, Any] = {"access_token": access, "expires_in": ACCESS_TTL, "scope": " ".join(scopes), "token_type": "Bearer"}
    if refresh is None:
        refresh = "1//0" + ids.secret(100)
        life_s = TESTING_REFRESH_TTL if client.test_users else 100 * 365 * 86400
        session.add(GoogleGrant(token_hash=_hash(refresh), pod=client.pod, org_id=client.org_id, kind="refresh",
                                client_id=client.client_id, account=account, scopes=scopes,
                                expires_ms=now + life_s * 1000))
        body["refresh_token"] = refresh
        if client.test_users:
            body["refresh_token_expires_in"] = life_s
    session.commit()
    return body


def exchange(session: Session, *, client_id: str | None, client_secret: str | None, code: str | None,
             redirect_uri: str | None) -> dict[str, Any]:
    client = _client(session, client_id, client_secret)
    grant = session.get(GoogleGrant, _hash(code or ""))
    if grant is None or grant.kind != "code" or grant.client_id != client.client_id:
        raise GoogleOAuthError(400, "invalid_grant", "Malformed auth code.")
    if grant.used or clock.now_ms() >= grant.expires_ms:
        raise GoogleOAuthError(400, "invalid_grant", "Bad Request")
    if grant.redirect_uri != redirect_uri:
        raise GoogleOAuthError(400, "redirect_uri_mismatch", "Bad Request")
    grant.used = True
    session.add(grant)
    return _tokens(session, client, grant.account, list(grant.scopes), None)


def refresh(session: Session, *, client_id: str | None, client_secret: str | None, refresh_token: str | None) -> dict[str, Any]:
    client = _client(session, client_id, client_secret)
    grant = session.get(GoogleGrant, _hash(refresh_token or ""))
    if grant is None or grant.kind != "refresh" or grant.client_id != client.client_id or clock.now_ms() >= grant.expires_ms:
        raise GoogleOAuthError(400, "invalid_grant", "Token has been expired or revoked.")
    return _tokens(session, client, grant.account, list(grant.scopes), refresh_token)


def revoke(session: Session, token: str | None) -> None:
    """Revokes an access or refresh token and, as Google does, the grant it belongs to (the
    refresh token and every access token of that client and account)."""
    grant = session.get(GoogleGrant, _hash(token or ""))
    if grant is None or grant.kind not in ("access", "refresh") or clock.now_ms() >= grant.expires_ms:
        raise GoogleOAuthError(400, "invalid_token", "Token expired or revoked")
    for g in session.exec(select(GoogleGrant).where(GoogleGrant.client_id == grant.client_id,
                                                    GoogleGrant.account == grant.account,
                                                    col(GoogleGrant.kind).in_(("access", "refresh")))).all():
        session.delete(g)
    session.commit()


# --- routes --------------------------------------------------------------------------------------
router = APIRouter(prefix="/google", tags=["Google OAuth (emulated)"])


@router.get("/o/oauth2/auth", response_class=HTMLResponse, summary="Google sign-in and consent (accounts.google.com/o/oauth2/auth)",
            responses={302: {"description": "Back to the redirect URI with code (or error) and state."},
                       400: {"description": "HTML error page: redirect_uri_mismatch, invalid_scope, invalid_request."},
                       401: {"description": "HTML error page: invalid_client."}})
async def authorize_page(request: Request, client_id: str | None = None, redirect_uri: str | None = None,
                         response_type: str | None = None, scope: str | None = None, state: str | None = None,
                         access_type: str | None = None, prompt: str | None = None,
                         login_hint: str | None = None) -> Response:
    params = {k: request.query_params.get(k) for k in _PARAMS}
    with db.session() as s:
        try:
            client, scopes = _validate(s, params)
        except GoogleOAuthError as e:
            return _error_page(e.status, e.error, e.description)
        if response_type != "code":
            return _redirect(redirect_uri or "", {"error": "unsupported_response_type", "state": state})
        return _page("Sign in - Google Accounts", _consent(params, client, scopes))


@router.post("/o/oauth2/auth", response_class=HTMLResponse, summary="Submit the Google sign-in and consent form",
             responses={302: {"description": "Redirect with code+scope+state, or error=access_denied."},
                        400: {"description": "HTML error page."}, 401: {"description": "HTML page: wrong password."},
                        403: {"description": "HTML error page: the account is not a test user of the app."}})
async def authorize_submit(request: Request, email: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
                           decision: Annotated[str, Form()] = "allow") -> Response:
    form = await request.form()
    params = {k: (str(form[k]) if k in form else None) for k in _PARAMS}
    with db.session() as s:
        try:
            client, scopes = _validate(s, params)
        except GoogleOAuthError as e:
            return _error_page(e.status, e.error, e.description)
        if params.get("response_type") != "code":
            return _redirect(params["redirect_uri"] or "", {"error": "unsupported_response_type", "state": params["state"]})
        if decision == "deny":
            return _redirect(params["redirect_uri"] or "", {"error": "access_denied", "state": params["state"]})
        account = s.get(GoogleAccount, email.strip().lower())
        if account is None or not hmac.compare_digest(account.password_hash, password_hash(email, password)):
            return _page("Sign in - Google Accounts", _consent(params, client, scopes, "Wrong password or unknown account."), 401)
        if client.test_users and account.email not in [u.lower() for u in client.test_users]:
            return _error_page(403, "access_denied", f"{client.name} has not completed the Google verification process. "
                               "The app is currently being tested, and can only be accessed by developer-approved testers.")
        code = issue_code(s, client, account.email, scopes, params["redirect_uri"] or "")
        return _redirect(params["redirect_uri"] or "", {"state": params["state"], "code": code, "scope": " ".join(scopes)})


class GoogleTokenResponse(BaseModel):
    access_token: str
    expires_in: int
    scope: str
    token_type: str
    refresh_token: str | None = None


@router.post("/token", summary="Google token endpoint (oauth2.googleapis.com/token)",
             responses={200: documented(GoogleTokenResponse), **error_responses(GoogleError, 400, 401)})
async def token(grant_type: Annotated[str, Form()] = "", client_id: Annotated[str | None, Form()] = None,
                client_secret: Annotated[str | None, Form()] = None, code: Annotated[str | None, Form()] = None,
                redirect_uri: Annotated[str | None, Form()] = None,
                refresh_token: Annotated[str | None, Form()] = None) -> Response:
    with db.session() as s:
        try:
            if grant_type == "authorization_code":
                body = exchange(s, client_id=client_id, client_secret=client_secret, code=code, redirect_uri=redirect_uri)
            elif grant_type == "refresh_token":
                body = refresh(s, client_id=client_id, client_secret=client_secret, refresh_token=refresh_token)
            else:
                raise GoogleOAuthError(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}")
        except GoogleOAuthError as e:
            raise ApiError(e.status, e.description, [e.description], extra={"error": e.error}) from None
    return json_response(body, headers={"Cache-Control": "no-store"})


@router.post("/revoke", summary="Google token revocation (oauth2.googleapis.com/revoke)",
             responses={200: {"description": "Revoked (empty JSON object)."}, **error_responses(GoogleError, 400)})
async def revoke_token(token: Annotated[Optional[str], Query(max_length=4000)] = None,
                       form_token: Annotated[Optional[str], Form(alias="token", max_length=4000)] = None) -> Response:
    with db.session() as s:
        try:
            revoke(s, form_token or token)
        except GoogleOAuthError as e:
            raise ApiError(e.status, e.description, [e.description], extra={"error": e.error}) from None
    return json_response({})
