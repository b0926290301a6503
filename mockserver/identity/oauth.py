"""OAuth 2.0 authorization-code flow (with PKCE) and OpenID Connect, as webexapis.com/v1 runs it.

Facts: developer.webex.com "Login with Webex" and "Integrations"; RFC 6749 / 7636 where Webex
documents nothing more. Decisions are written down in docs/fidelity.md.
"""

from __future__ import annotations

from mockserver.core.lifecycle import forget_on_new_app

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from mockserver.core.public_url import resolve_all
from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.core.ids import same_secret
from mockserver.identity.models import (
    IdentityAuthCode,
    IdentityIntegration,
    IdentityPerson,
    IdentitySigningKey,
    IdentityToken,
)
from mockserver.identity.scopes import OPENID_SCOPES, split_scope_param, unknown_scopes
from mockserver.identity.tokens import hash_token, tokens

_VERIFIER_RE = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


def password_hash(person_id: str, password: str) -> str:
    # Deterministic salt (the person id) keeps seeding byte-identical; these are fixture passwords.
    return hashlib.sha256(f"{person_id}:{password}".encode()).hexdigest()


def check_password(person: IdentityPerson, password: str) -> bool:
    return hmac.compare_digest(person.password_hash, password_hash(person.id, password))


class OAuthRedirectError(Exception):
    """An error that goes back to the client through its (validated) redirect URI."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class OAuthPageError(Exception):
    """An error shown to the person on the page: never redirected to an unverified URI (RFC 6749 §4.1.2.1)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass
class AuthorizeRequest:
    integration: IdentityIntegration
    redirect_uri: str
    scopes: list[str]
    state: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    nonce: str | None


def validate_authorize(session: Session, params: dict[str, str | None]) -> AuthorizeRequest:
    client_id = (params.get("client_id") or "").strip()
    if not client_id:
        raise OAuthPageError("invalid_request", "client_id is required.")
    integ = session.get(IdentityIntegration, client_id)
    if integ is None:
        raise OAuthPageError("invalid_client", "Client Id is invalid")
    redirect_uri = (params.get("redirect_uri") or "").strip()
    if not redirect_uri:
        raise OAuthPageError("invalid_request", "redirect_uri is required.")
    registered = resolve_all(integ.redirect_uris)  # "{sandbox}/..." is this sandbox's public address
    if redirect_uri not in registered:
        raise OAuthPageError(
            "invalid_request",
            f"redirect_uri '{redirect_uri}' is not registered for integration '{integ.name}'. Registered: {', '.join(registered)}",
        )
    # From here on, errors go back to the client through its redirect URI.
    response_type = (params.get("response_type") or "").strip()
    if response_type != "code":
        raise OAuthRedirectError(
            "unsupported_response_type", f"response_type '{response_type}' is not supported; use response_type=code."
        )
    scopes = split_scope_param(params.get("scope"))
    if not scopes:
        raise OAuthRedirectError("invalid_scope", "scope is required: a space-separated list of scopes.")
    unknown = unknown_scopes(scopes)
    if unknown:
        raise OAuthRedirectError("invalid_scope", f"Unknown scope(s): {' '.join(unknown)}")
    not_allowed = [s for s in scopes if s not in integ.scopes]
    if not_allowed:
        raise OAuthRedirectError(
            "invalid_scope", f"The integration is not registered for scope(s): {' '.join(not_allowed)}"
        )
    challenge = params.get("code_challenge") or None
    method = params.get("code_challenge_method") or None
    if challenge:
        method = method or "plain"
        if method not in ("S256", "plain"):
            raise OAuthRedirectError("invalid_request", f"code_challenge_method '{method}' is not supported; use S256.")
        if not _VERIFIER_RE.match(challenge) and method == "plain":
            raise OAuthRedirectError("invalid_request", "code_challenge must be 43-128 unreserved characters.")
    elif method:
        raise OAuthRedirectError("invalid_request", "code_challenge_method was given without code_challenge.")
    nonce = params.get("nonce") or None
    if "openid" in scopes and not nonce:
        raise OAuthRedirectError("invalid_request", "nonce is required when scope includes openid.")
    return AuthorizeRequest(integ, redirect_uri, scopes, params.get("state"), challenge, method, nonce)


def find_person(session: Session, email: str) -> IdentityPerson | None:
    email = email.strip().lower()
    return session.exec(select(IdentityPerson).where(IdentityPerson.email == email)).first()


def issue_code(session: Session, req: AuthorizeRequest, person: IdentityPerson, ttl_s: int) -> str:
    code = tokens.new_token_string(person.org_id)
    session.add(
        IdentityAuthCode(
            code_hash=hash_token(code),
            pod=person.pod,
            org_id=person.org_id,
            person_id=person.id,
            client_id=req.integration.client_id,
            redirect_uri=req.redirect_uri,
            scopes=req.scopes,
            code_challenge=req.code_challenge,
            code_challenge_method=req.code_challenge_method,
            nonce=req.nonce,
            expires_ms=clock.now_ms() + ttl_s * 1000,
        )
    )
    session.commit()
    return code


# --- token endpoint -----------------------------------------------------------------------------
def _bad(description: str, status: int = 400) -> ApiError:
    return ApiError(status, description, [description])


def authenticate_client(session: Session, client_id: str | None, client_secret: str | None, basic: str | None) -> IdentityIntegration:
    if basic:
        try:
            decoded = base64.b64decode(basic).decode()
            client_id, _, client_secret = decoded.partition(":")
        except Exception as exc:  # noqa: BLE001
            raise _bad("Authorization: Basic credentials are not base64 of client_id:client_secret.", 401) from exc
    if not client_id:
        raise _bad("client_id is required.")
    integ = session.get(IdentityIntegration, client_id)
    if integ is None:
        raise _bad("Client Id is invalid")
    if not client_secret:
        raise _bad("client_secret is required.")
    if not same_secret(integ.client_secret, client_secret):
        raise _bad("Client secret is invalid", 401)
    return integ


def _pkce_ok(code: IdentityAuthCode, verifier: str | None) -> None:
    if not code.code_challenge:
        return
    if not verifier:
        raise _bad("code_verifier is required: the authorization request carried a code_challenge.")
    if not _VERIFIER_RE.match(verifier):
        raise _bad("code_verifier must be 43-128 characters of [A-Z a-z 0-9 - . _ ~].")
    if code.code_challenge_method == "S256":
        computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    else:
        computed = verifier
    if not same_secret(computed, code.code_challenge):
        raise _bad("code_verifier does not match the code_challenge of the authorization request.")


def exchange_code(
    session: Session,
    integ: IdentityIntegration,
    code: str | None,
    redirect_uri: str | None,
    verifier: str | None,
    *,
    access_ttl: int,
    refresh_ttl: int,
    issuer: str,
) -> dict[str, Any]:
    if not code:
        raise _bad("code is required.")
    if not redirect_uri:
        raise _bad("redirect_uri is required.")
    row = session.get(IdentityAuthCode, hash_token(code))
    if row is None or row.client_id != integ.client_id:
        raise _bad("Invalid authorization code.")
    if row.used:
        # A replayed code: revoke what it issued (RFC 6749 §4.1.2) and refuse.
        tokens.revoke_chain(session, row.code_hash)
        session.commit()
        # Other workers drop the revoked tokens from their caches (after the commit: the write
        # lock of this transaction is released, so publishing cannot wait on ourselves).
        from mockserver.core.shared import shared

        shared.publish("caches")
        raise _bad("The authorization code was already used; tokens issued from it are revoked.")
    if clock.now_ms() >= row.expires_ms:
        raise _bad("The authorization code has expired; start the authorization again.")
    if row.redirect_uri != redirect_uri:
        raise _bad("redirect_uri does not match the one of the authorization request.")
    _pkce_ok(row, verifier)
    person = session.get(IdentityPerson, row.person_id)
    if person is None:
        raise _bad("The user of this authorization code no longer exists.")
    row.used = True
    session.add(row)
    refresh, refresh_row = tokens.mint(
        session, person, kind="refresh", scopes=row.scopes, ttl_s=refresh_ttl, client_id=integ.client_id, code_hash=row.code_hash
    )
    access, _ = tokens.mint(
        session, person, kind="access", scopes=row.scopes, ttl_s=access_ttl, client_id=integ.client_id,
        refresh_hash=refresh_row.token_hash, code_hash=row.code_hash,
    )
    body: dict[str, Any] = {
        "access_token": access,
        "expires_in": access_ttl,
        "refresh_token": refresh,
        "refresh_token_expires_in": refresh_ttl,
        "token_type": "Bearer",
    }
    if "openid" in row.scopes:
        body["id_token"] = signing.id_token(session, person, integ.client_id, row.nonce, issuer, access_ttl)
    session.commit()
    return body


def refresh(session: Session, integ: IdentityIntegration, refresh_token: str | None, *, access_ttl: int) -> dict[str, Any]:
    if not refresh_token:
        raise _bad("refresh_token is required.")
    row = session.get(IdentityToken, hash_token(refresh_token))
    if row is None or row.kind != "refresh" or row.client_id != integ.client_id:
        raise _bad("Invalid refresh token.")
    if row.revoked:
        raise _bad("The refresh token was revoked.")
    now = clock.now_ms()
    if now >= row.expires_ms:
        raise _bad("The refresh token has expired; the user must authorize the integration again.")
    person = session.get(IdentityPerson, row.person_id)
    if person is None:
        raise _bad("The user of this refresh token no longer exists.")
    access, _ = tokens.mint(
        session, person, kind="access", scopes=row.scopes, ttl_s=access_ttl, client_id=integ.client_id,
        refresh_hash=row.token_hash, code_hash=row.code_hash,
    )
    session.commit()
    # The same refresh token comes back with what is left of its life (no rotation; fidelity.md).
    return {
        "access_token": access,
        "expires_in": access_ttl,
        "refresh_token": refresh_token,
        "refresh_token_expires_in": max(0, (row.expires_ms - now) // 1000),
        "token_type": "Bearer",
    }


def userinfo(person: IdentityPerson, scopes: frozenset[str]) -> dict[str, Any]:
    if "openid" not in scopes:
        raise ApiError(403, "Forbidden.", ["userinfo needs a token issued with the openid scope."])
    out: dict[str, Any] = {"sub": person.id}
    if "email" in scopes:
        out["email"] = person.email
        out["email_verified"] = "true"
    if "profile" in scopes:
        out["name"] = person.display_name
        out["given_name"] = person.first_name
        out["family_name"] = person.last_name
    if "phone" in scopes and person.phone_numbers:
        out["phone"] = person.phone_numbers[0].get("value")
    return out


def discovery(base: str) -> dict[str, Any]:
    return {
        "issuer": f"{base}/idb",
        "authorization_endpoint": f"{base}/v1/authorize",
        "token_endpoint": f"{base}/v1/access_token",
        "userinfo_endpoint": f"{base}/v1/userinfo",
        "jwks_uri": f"{base}/v1/verification",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": list(OPENID_SCOPES),
        "claims_supported": ["aud", "sub", "auth_time", "iss", "exp", "iat", "nonce", "email",
                             "email_verified", "name", "given_name", "family_name", "phone"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["plain", "S256"],
    }


class Signing:
    """The RS256 key that signs ID tokens: made on first use and kept in the database."""

    def __init__(self) -> None:
        self._key: tuple[str, str] | None = None  # (kid, pem)

    def key(self, session: Session) -> tuple[str, str]:
        if self._key is None:
            row = session.exec(select(IdentitySigningKey).order_by(IdentitySigningKey.created_ms)).first()
            if row is None:
                from cryptography.hazmat.primitives import serialization
                from cryptography.hazmat.primitives.asymmetric import rsa

                pk = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                pem = pk.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ).decode()
                row = IdentitySigningKey(kid=ids.uuid(), private_pem=pem, created_ms=clock.now_ms())
                session.add(row)
                session.commit()
            self._key = (row.kid, row.private_pem)
        return self._key

    def id_token(self, session: Session, person: IdentityPerson, client_id: str, nonce: str | None, issuer: str, ttl: int) -> str:
        from jose import jwt

        kid, pem = self.key(session)
        now = clock.now_ms() // 1000
        claims: dict[str, Any] = {"iss": issuer, "sub": person.id, "aud": client_id, "iat": now, "exp": now + ttl, "auth_time": now}
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid})

    def jwks(self, session: Session) -> dict[str, Any]:
        from jose import jwk

        kid, pem = self.key(session)
        pub = jwk.construct(pem, "RS256").public_key().to_dict()
        return {"keys": [{"kty": "RSA", "e": pub["e"], "use": "sig", "kid": kid, "n": pub["n"], "alg": "RS256"}]}

    def forget(self) -> None:
        self._key = None


signing = Signing()
forget_on_new_app("identity.signing", signing.forget)


# --- the developer portal: personal tokens and integrations --------------------------------------
def personal_token(
    session: Session, email: str, scopes: list[str] | None, expires_in: int, client_id: str | None = None
) -> dict[str, Any]:
    from mockserver.identity.scopes import PERSONAL_ADMIN_SCOPES, PERSONAL_USER_SCOPES
    from mockserver.identity.tokens import ADMIN_ROLES

    person = find_person(session, email)
    if person is None:
        raise ApiError(404, "Unknown user.", [f"email: no Control Hub user '{email}' in any seeded POD."])
    if not person.login_enabled:
        raise ApiError(403, "User disabled.", [f"email: '{email}' has sign-in disabled in this scenario."])
    if scopes is None:
        scopes = list(PERSONAL_ADMIN_SCOPES if set(person.roles) & ADMIN_ROLES else PERSONAL_USER_SCOPES)
    unknown = unknown_scopes(scopes)
    if unknown:
        raise ApiError(400, "Unknown scope.", [f"scopes: unknown scope(s) {', '.join(unknown)}; see the scopes list in docs/fidelity.md."])
    if client_id is not None:
        integ = session.get(IdentityIntegration, client_id)
        if integ is None:
            raise ApiError(404, "Unknown integration.", [f"client_id: no integration '{client_id}'."])
        outside = [s for s in scopes if s not in integ.scopes]
        if outside:
            raise ApiError(400, "Scope not granted to the integration.", [f"scopes: integration '{integ.name}' is not registered for {', '.join(outside)}."])
    token, _ = tokens.mint(session, person, kind="access", scopes=scopes, ttl_s=expires_in, client_id=client_id)
    session.commit()
    from mockserver.identity import spark_ids

    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": " ".join(scopes),
        "orgId": person.org_id,
        "personId": spark_ids.person_id(person.id),
        "email": person.email,
    }


def register_integration(
    session: Session, pod: int, org_id: str, *, name: str, redirect_uris: list[str], scopes: list[str],
    client_id: str | None, client_secret: str | None,
) -> IdentityIntegration:
    unknown = unknown_scopes(scopes)
    if unknown:
        raise ApiError(400, "Unknown scope.", [f"scopes: unknown scope(s) {', '.join(unknown)}."])
    bad = [u for u in redirect_uris if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s]+$", u)]
    if bad:
        raise ApiError(400, "Invalid redirect URI.", [f"redirect_uris: not an absolute URI: {', '.join(bad)}."])
    cid = client_id or ("C" + ids.hex(32))
    if session.get(IdentityIntegration, cid) is not None:
        raise ApiError(409, "Integration exists.", [f"client_id: an integration '{cid}' already exists."])
    integ = IdentityIntegration(
        client_id=cid, pod=pod, org_id=org_id, name=name, client_secret=client_secret or ids.hex(32),
        redirect_uris=list(dict.fromkeys(redirect_uris)), scopes=list(dict.fromkeys(scopes)), created_ms=clock.now_ms(),
    )
    session.add(integ)
    session.commit()
    return integ
