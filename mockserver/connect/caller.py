"""Who is calling the Connect portal (/connect/{tenant}/...): the tenant named in the path, and the
teammate behind a Connect session token from POST /connect/{tenant}/login. Routes take them as
typed dependencies; each wing chains its lookups on ``PortalCaller``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlmodel import Session, select

from mockserver.connect.errors import forbidden
from mockserver.connect.team import roles
from mockserver.connect.team.models import ConnectContainer, ConnectSession, ConnectUser
from mockserver.connect.tenant import ConnectTenant, tenant_by_name
from mockserver.core.body import authenticates
from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.core.db import DbSession

SESSION_TTL_S = 8 * 3600  # decision: a working day; Connect documents no portal session length


def sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass
class Caller:
    tenant: ConnectTenant
    user: ConnectUser
    # None = every container (tenant-level user); else the ids this user's level can see.
    visible: frozenset[str | None] | None
    token_hash: str = ""  # the session the call came with (sign-out revokes it)

    @property
    def role(self) -> str:
        return self.user.role

    def need(self, permission: str) -> None:
        if not roles.allowed(self.user.role, permission):
            label = roles.MATRIX[permission][1]
            allowed = ", ".join(r for r in roles.ROLES if roles.allowed(r, permission))
            raise forbidden(f"role '{self.user.role}' may not do this ({label}); allowed roles: {allowed}.")

    def sees(self, container_id: str | None) -> bool:
        return self.visible is None or container_id in self.visible


def visible_containers(session: Session, user: ConnectUser) -> frozenset[str | None] | None:
    if user.container_id is None:
        return None
    c = session.get(ConnectContainer, user.container_id)
    if c is None:
        return frozenset({user.container_id})
    if c.kind == "team":
        return frozenset({c.id})
    teams = session.exec(select(ConnectContainer.id).where(ConnectContainer.parent_id == c.id)).all()
    return frozenset({c.id, *teams})


def _session_token(request: Request, tenant_name: str) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if not header or scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "Authentication failed.", [
            f"Send 'Authorization: Bearer <Connect session token>' from POST /connect/{tenant_name}/login."])
    return sha(value.strip())


def _live_session(row: ConnectSession | None, tenant_name: str, tenant_id: str | None) -> ConnectSession:
    if row is None or row.revoked or (tenant_id is not None and row.tenant_id != tenant_id):
        raise ApiError(401, "Authentication failed.", [
            f"The session token is not valid for tenant '{tenant_name}'; sign in again at POST /connect/{tenant_name}/login."])
    if clock.now_ms() >= row.expires_ms:
        raise ApiError(401, "Authentication failed.", ["The Connect session expired; sign in again."])
    return row


def precheck(request: Request) -> None:
    """A live session of any tenant, before a body is read (core/body.py); which tenant's, and
    the teammate behind it, the dependency checks after."""
    from mockserver.core.db import db

    name = str(request.path_params.get("tenant", ""))
    token_hash = _session_token(request, name)
    with db.session() as s:
        _live_session(s.get(ConnectSession, token_hash), name, None)


def portal_caller(session: Session, request: Request, tenant: ConnectTenant) -> Caller:
    token_hash = _session_token(request, tenant.name)
    row = _live_session(session.get(ConnectSession, token_hash), tenant.name, tenant.id)
    user = session.get(ConnectUser, row.user_id)
    if user is None or user.status != "Active":
        raise ApiError(401, "Authentication failed.", ["This teammate was removed or disabled."])
    return Caller(tenant, user, visible_containers(session, user), token_hash)


def sandbox_url(request: Request) -> str:
    """The sandbox's own address as the caller reached it, for the sign-in URLs Connect hands out."""
    return str(request.base_url).rstrip("/")


# --- typed dependencies ----------------------------------------------------------------------------
TenantName = Annotated[str, Path(max_length=64, description="The tenant's name: cl1pod<N>.", examples=["cl1pod1"])]
Id = Annotated[str, Path(max_length=100)]


async def _tenant(session: DbSession, tenant: TenantName) -> ConnectTenant:
    return tenant_by_name(session, tenant)


TenantInPath = Annotated[ConnectTenant, Depends(_tenant)]


@authenticates(precheck)
async def _caller(request: Request, session: DbSession, tenant: TenantInPath) -> Caller:
    return portal_caller(session, request, tenant)


# The signed-in teammate of the tenant in the path. Routes with a lookup list it first: path
# parameters are documented in the order dependencies are met (tenant, then the object's id).
PortalCaller = Annotated[Caller, Depends(_caller)]
