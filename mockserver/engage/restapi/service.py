"""The v1 REST API's rules: the client secret (generated in the admin portal, Settings → API), the
client-credentials token (a JWT signed with a key derived from the tenant's secret: rotating the
secret revokes every token; expiry on the sandbox clock), and the reads."""

from __future__ import annotations

import hashlib
from typing import Any, Optional

from sqlmodel import Session

from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids, same_secret
from mockserver.engage.conversations import service as conversations
from mockserver.engage.conversations.views import ConversationError
from mockserver.engage.models import EngageTenant

TOKEN_TTL_S = 3600
SCOPES = ["conversations:read", "conversations:write", "conversations-messages:read", "conversations-messages:write"]
API_BASE = "/engage/api/v1"


def _key(t: EngageTenant) -> str:
    return hashlib.sha256(f"engage-api:{t.org_id}:{t.api_secret}".encode()).hexdigest()


# --- Settings → API (admin portal) --------------------------------------------------------------------
def credentials_json(t: EngageTenant, secret: Optional[str] = None) -> dict[str, Any]:
    out = {"clientId": t.org_id, "secretGenerated": t.api_secret is not None,
           "secretGeneratedAt": iso_ms(t.api_secret_ms) if t.api_secret_ms else None,
           "tokenUrl": f"{API_BASE}/oauth/token", "apiBase": API_BASE, "scopes": list(SCOPES),
           "note": ("Engage's v1 REST API is documented for standalone Engage customers; WxCC tenants are told to "
                    "use the WxCC APIs. The sandbox serves it for integration tests.")}
    if secret is not None:
        out["clientSecret"] = secret
    return out


def rotate_secret(session: Session, t: EngageTenant) -> dict[str, Any]:
    secret = ids.secret(40)
    t.api_secret, t.api_secret_ms = secret, clock.now_ms()
    session.add(t)
    session.commit()
    return credentials_json(t, secret)


# --- the token ---------------------------------------------------------------------------------------------
def _invalid_client() -> ApiError:
    return ApiError(401, "Invalid client credentials.", [
        "client_id: unknown tenant id or wrong client_secret (Engage admin → Settings → API → Generate secret)"])


def issue_token(session: Session, client_id: str, client_secret: str, grant_type: str) -> dict[str, Any]:
    from jose import jwt

    if grant_type != "client_credentials":
        raise ApiError(400, "Invalid parameter - grant_type", [
            f"grant_type: '{grant_type}' is not supported; use client_credentials"])
    if not client_id or not client_secret:
        raise ApiError(400, "Invalid parameter - client_id", ["client_id: client_id and client_secret are required"])
    t = session.get(EngageTenant, client_id)
    if t is None or not t.provisioned or not t.api_secret or not same_secret(client_secret, t.api_secret):
        raise _invalid_client()
    now = int(clock.now_s())
    token = jwt.encode({"iss": "engage-sandbox", "sub": t.org_id, "tenant": t.name, "scope": SCOPES, "iat": now,
                        "exp": now + TOKEN_TTL_S, "jti": ids.secret(16)}, _key(t), algorithm="HS256")
    return {"access_token": token, "expires_in": TOKEN_TTL_S, "token_type": "Bearer", "scope": list(SCOPES)}


def resolve_token(session: Session, token: str, scope: str) -> EngageTenant:
    from jose import JWTError, jwt

    def unauthorized(why: str) -> ApiError:
        return ApiError(401, "Unauthorized.", [f"Authorization: {why}"], headers={"WWW-Authenticate": "Bearer"})

    try:
        claims = jwt.get_unverified_claims(token)
    except JWTError:
        raise unauthorized("not an Engage API access token (POST /engage/api/v1/oauth/token)") from None
    sub = claims.get("sub")
    t = session.get(EngageTenant, sub) if isinstance(sub, str) else None
    if t is None or not t.api_secret:
        raise unauthorized("not an Engage API access token (POST /engage/api/v1/oauth/token)")
    try:
        claims = jwt.decode(token, _key(t), algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False})
    except JWTError:
        raise unauthorized("the token's signature does not match (the client secret was rotated?)") from None
    if not isinstance(claims.get("exp"), int) or claims["exp"] <= clock.now_s():
        raise unauthorized("the access token expired; request a new one")
    if scope not in (claims.get("scope") or []):
        raise ApiError(403, "Forbidden.", [f"scope: the token lacks {scope}"])
    return t


# --- reads -----------------------------------------------------------------------------------------------------
def list_conversations(session: Session, t: EngageTenant, status: Optional[str], channel: Optional[str], page: int,
                       limit: int) -> dict[str, Any]:
    return conversations.list_json(session, t.org_id, status=status, channel=channel, agent=None, search_=None,
                                   page=page, size=limit)


def get_conversation(session: Session, t: EngageTenant, ref: str) -> dict[str, Any]:
    try:
        return conversations.conversation_json(session, conversations.find(session, t.org_id, ref))
    except ConversationError as e:
        raise conversations.api_error(e) from None


def messages(session: Session, t: EngageTenant, ref: str, offset: int, limit: int) -> dict[str, Any]:
    try:
        j = conversations.transcript_json(session, t.org_id, ref, offset, limit)
    except ConversationError as e:
        raise conversations.api_error(e) from None
    return {"data": j["messages"], "meta": {"offset": offset, "limit": limit, "total": j["countOfRecords"]}}
