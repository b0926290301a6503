"""Access and refresh tokens: minted here, stored hashed, resolved on every request.

Token strings have the real shape ``<random>_<cluster>_<orgUUID>`` (WxCC samples split on '_'),
with letters and digits only in ``<random>``. Only the SHA-256 of a token is stored. Resolving a
token is the hot path of every authenticated request, so resolved principals are cached in
process (by the token string, so a cached call hashes nothing); the cache drops entries on
revoke and on any reset (``StateReset``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.core.lifecycle import forget_on_new_app
from mockserver.identity.models import IdentityPerson, IdentityToken
from mockserver.identity.scopes import has_scope

ADMIN_ROLES = frozenset({"id_full_admin", "id_user_admin", "id_readonly_admin", "id_support_admin", "id_device_admin"})
# Administrators who may change things: a read-only or support administrator only looks.
WRITE_ADMIN_ROLES = frozenset({"id_full_admin", "id_user_admin", "id_device_admin"})


@dataclass(frozen=True)
class Principal:
    token_hash: str
    person_id: str
    org_id: str
    pod: int
    email: str
    scopes: frozenset[str]
    roles: frozenset[str]
    client_id: str | None
    expires_ms: int

    @property
    def is_admin(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)

    @property
    def is_full_admin(self) -> bool:
        return "id_full_admin" in self.roles

    @property
    def is_write_admin(self) -> bool:
        return bool(self.roles & WRITE_ADMIN_ROLES)

    def has(self, scope: str) -> bool:
        return has_scope(self.scopes, scope)

    def has_any(self, *scopes: str) -> bool:
        return any(has_scope(self.scopes, s) for s in scopes)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenService:
    def __init__(self) -> None:
        self._cache: dict[str, Principal] = {}  # token -> principal
        self.cluster = "PF84"

    # --- minting ---------------------------------------------------------------------------------
    def new_token_string(self, org_id: str) -> str:
        return f"{ids.secret(64)}_{self.cluster}_{org_id}"

    def mint(
        self,
        session: Session,
        person: IdentityPerson,
        *,
        kind: str,
        scopes: list[str],
        ttl_s: int,
        client_id: str | None,
        refresh_hash: str | None = None,
        code_hash: str | None = None,
    ) -> tuple[str, IdentityToken]:
        token = self.new_token_string(person.org_id)
        now = clock.now_ms()
        row = IdentityToken(
            token_hash=hash_token(token),
            pod=person.pod,
            kind=kind,
            org_id=person.org_id,
            person_id=person.id,
            client_id=client_id,
            scopes=list(scopes),
            created_ms=now,
            expires_ms=now + ttl_s * 1000,
            refresh_hash=refresh_hash,
            code_hash=code_hash,
        )
        session.add(row)
        return token, row

    # --- resolving ------------------------------------------------------------------------------
    def resolve(self, session: Session | None, token: str) -> Principal:
        # Keyed by the token itself: hashing it on every request was a tenth of a cached read.
        p = self._cache.get(token)
        if p is None:
            p = self._load(session, hash_token(token))
            self._cache[token] = p
        if clock.now_ms() >= p.expires_ms:
            raise ApiError(401, "The access token has expired.", [
                "The access token expired; refresh it at POST /v1/access_token with grant_type=refresh_token, or mint a new one."
            ])
        return p

    def _load(self, session: Session | None, h: str) -> Principal:
        from mockserver.core.db import db

        own = session is None
        s = session or db.session()
        try:
            row = s.get(IdentityToken, h)
            if row is None or row.kind != "access":
                raise ApiError(401, "Invalid access token.", [
                    "The access token is not one this sandbox issued (or the sandbox was reset with tokens revoked)."
                ])
            if row.revoked:
                raise ApiError(401, "Revoked access token.", ["The access token was revoked."])
            person = s.get(IdentityPerson, row.person_id)
            if person is None:
                raise ApiError(401, "Invalid access token.", ["The user this token was issued to no longer exists."])
            if not person.login_enabled:
                raise ApiError(401, "Revoked access token.", [
                    "The user this token was issued to is disabled (loginEnabled false); an administrator can enable them."])
            return Principal(
                token_hash=h,
                person_id=person.id,
                org_id=person.org_id,
                pod=person.pod,
                email=person.email,
                scopes=frozenset(row.scopes),
                roles=frozenset(person.roles),
                client_id=row.client_id,
                expires_ms=row.expires_ms,
            )
        finally:
            if own:
                s.close()

    def forget(self, hashes: list[str] | None = None) -> None:
        if hashes is None:
            self._cache.clear()
        else:
            gone = set(hashes)
            for token in [t for t, p in self._cache.items() if p.token_hash in gone]:
                del self._cache[token]

    def revoke_person(self, session: Session, person_id: str) -> int:
        """Every live token of a person, in the caller's transaction (a disabled user, or one whose
        access was taken away). The caller drops caches after its commit (``forget`` here, the
        "caches" signal for other processes)."""
        rows = session.exec(select(IdentityToken).where(IdentityToken.person_id == person_id,
                                                         IdentityToken.revoked == False)).all()  # noqa: E712
        for r in rows:
            r.revoked = True
            session.add(r)
        return len(rows)

    def revoke_chain(self, session: Session, code_hash: str) -> list[str]:
        """RFC 6749 §4.1.2: a reused code revokes what it already issued."""
        rows = session.exec(select(IdentityToken).where(IdentityToken.code_hash == code_hash)).all()
        for r in rows:
            r.revoked = True
            session.add(r)
        hashes = [r.token_hash for r in rows]
        self.forget(hashes)
        return hashes


tokens = TokenService()
forget_on_new_app("identity.tokens", tokens.forget)
