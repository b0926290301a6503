"""Who is calling: a bearer token resolved to a Principal, and the one gate every product's
routes put in front of their operations (token, scopes, role, org, in the product's words)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from fastapi import Request
from sqlmodel import Session

from mockserver.core.body import authenticates
from mockserver.core.db import write_intent
from mockserver.core.errors import ApiError
from mockserver.identity.tokens import Principal, tokens


def bearer_token(request: Request, missing_status: int = 401) -> str:
    # The raw ASGI headers, not request.headers: building Starlette's Headers is per request.
    header = None
    for k, v in request.scope["headers"]:
        if k == b"authorization":
            header = v.decode("latin-1")
            break
    if not header:
        raise ApiError(missing_status, "Missing access token.", [
            "Send 'Authorization: Bearer <access token>'. Get one from POST /sandbox/tokens or the OAuth flow at /v1/authorize."
        ])
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        raise ApiError(missing_status, "Malformed Authorization header.", [
            "The Authorization header must be 'Bearer <access token>'."
        ])
    return value


def resolve(token: str, session: Session | None = None) -> Principal:
    """The principal behind a bearer token (401 in identity's words when unknown or expired)."""
    return tokens.resolve(session, token)


def _forbidden(message: str) -> ApiError:
    return ApiError(403, "Forbidden.", [message])


@dataclass(frozen=True)
class Gate:
    """One rule for "may this token do this": token → checks in ``order`` → the caller.

    ``scopes``: any one of them is enough (empty: no scope needed). ``role``: None, "admin" (any
    administrator role; for a write, one who may write: not a read-only or support administrator)
    or "full_admin". ``forbidden`` builds the product's 403 body, so each
    product keeps its own error shape. ``missing_status``: what a missing or malformed
    Authorization header answers (WxCC answers 400, errata C1). ``order``: which failure wins
    when several apply, as each real service reports them.
    """

    scopes: tuple[str, ...] = ()
    role: str | None = None
    role_message: str = "This operation needs an administrator."
    full_admin_message: str = "This operation needs a Full Administrator."
    read_only_message: str = "A read-only administrator cannot change anything; this needs a full or user administrator."
    org_message: str = "The access token is not valid for organization {org}."
    missing_status: int = 401
    forbidden: Callable[[str], ApiError] = field(default=_forbidden, compare=False)
    order: tuple[str, ...] = ("scope", "role", "org")

    def check(self, request: Request, org: str | None = None, *, shown_org: str | None = None,
              session: Session | None = None) -> Principal:
        """``org``: the raw org id the path names (None: no org in the path); ``shown_org``: how
        the path spelled it, for the message; ``session``: the request's, if it has one (else a
        token not yet cached is read in a session of its own)."""
        return self.authorize(self.principal(request, session), org, shown_org=shown_org)

    def principal(self, request: Request, session: Session | None = None) -> Principal:
        """The token alone (400/401): for a product that checks something of its own (e.g. Engage's
        tenant) between the token and ``authorize``."""
        return tokens.resolve(session, bearer_token(request, missing_status=self.missing_status))

    def authorize(self, p: Principal, org: str | None = None, *, shown_org: str | None = None) -> Principal:
        """The checks in ``order`` for a resolved principal (403)."""
        for step in self.order:
            if step == "scope":
                if self.scopes and not p.has_any(*self.scopes):
                    raise self.forbidden(f"The access token lacks a required scope: one of {', '.join(self.scopes)}.")
            elif step == "role":
                if self.role in ("admin", "full_admin") and not p.is_admin:
                    raise self.forbidden(self.role_message)
                if self.role == "admin" and write_intent.get() and not p.is_write_admin:
                    # Every product's writes: a read-only administrator's token may carry a write
                    # scope, the role still says no.
                    raise self.forbidden(self.read_only_message)
                if self.role == "full_admin" and not p.is_full_admin:
                    raise self.forbidden(self.full_admin_message)
            elif step == "org":
                if org is not None and org != p.org_id:
                    raise self.forbidden(self.org_message.format(org=shown_org if shown_org is not None else org))
        return p

    def precheck(self, request: Request) -> None:
        """The token alone, before a body is read (core/body.py): the same 400/401 as ``principal``."""
        self.principal(request)

    def dependency(self) -> Callable[[Request], Any]:
        """A FastAPI dependency for routes with no org in their path."""
        gate = self

        @authenticates(gate.precheck)
        async def dep(request: Request) -> Principal:
            return gate.check(request)

        return dep


