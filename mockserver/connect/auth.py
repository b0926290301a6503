"""Who is calling: Control Hub administrators (Webex bearer tokens) and Connect portal users
(Connect session tokens from POST /connect/{tenant}/login)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session, select

from mockserver.connect import perms
from mockserver.connect.errors import forbidden
from mockserver.connect.models import ConnectContainer, ConnectSession, ConnectTenant, ConnectUser
from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.identity import spark_ids
from mockserver.identity.deps import bearer_token
from mockserver.identity.tokens import Principal, tokens

SESSION_TTL_S = 8 * 3600  # decision: a working day; Connect documents no portal session length


def sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# --- Control Hub ---------------------------------------------------------------------------------
CH_READ = ("cjp:config_read", "cjp:config", "spark-admin:organizations_read")
CH_WRITE = ("cjp:config_write", "cjp:config")


def raw_org(value: str) -> str:
    """Control Hub paths take the org as the raw UUID or the encoded Webex id."""
    decoded = spark_ids.decode(value, "ORGANIZATION")
    return (decoded or value).lower()


def controlhub(request: Request, org: str, *, write: bool) -> Principal:
    p = tokens.resolve(None, bearer_token(request))
    if not p.is_admin:
        raise ApiError(403, "Forbidden.", ["Contact Center settings are for Control Hub administrators."])
    if write and not p.is_full_admin:
        raise ApiError(403, "Forbidden.", ["Changing Contact Center settings needs a Full Administrator."])
    scopes = CH_WRITE if write else CH_READ
    if not p.has_any(*scopes):
        raise ApiError(403, "Forbidden.", [f"The access token lacks a required scope: one of {', '.join(scopes)}."])
    if raw_org(org) != p.org_id:
        raise ApiError(403, "Forbidden.", [f"orgId: the access token is not valid for organization {org}."])
    return p


# --- Connect portal ------------------------------------------------------------------------------
@dataclass
class Caller:
    tenant: ConnectTenant
    user: ConnectUser
    # None = every container (tenant-level user); else the ids this user's level can see.
    visible: frozenset[str | None] | None

    @property
    def role(self) -> str:
        return self.user.role

    def need(self, permission: str) -> None:
        if not perms.allowed(self.user.role, permission):
            label = perms.MATRIX[permission][1]
            roles = ", ".join(r for r in perms.ROLES if perms.allowed(r, permission))
            raise forbidden(f"role '{self.user.role}' may not do this ({label}); allowed roles: {roles}.")

    def sees(self, container_id: str | None) -> bool:
        return self.visible is None or container_id in self.visible


def tenant_by_name(session: Session, name: str) -> ConnectTenant:
    t = session.exec(select(ConnectTenant).where(ConnectTenant.name == name.lower())).first()
    if t is None:
        raise ApiError(404, "Tenant not found.", [
            f"tenant: no Webex Connect tenant '{name}' (is it provisioned? Control Hub → Contact Center → "
            "Settings → Digital → Provision Digital Channels, then about 5 minutes)."])
    return t


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


def connect(session: Session, request: Request, tenant_name: str) -> Caller:
    tenant = tenant_by_name(session, tenant_name)
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if not header or scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "Authentication failed.", [
            f"Send 'Authorization: Bearer <Connect session token>' from POST /connect/{tenant.name}/login."])
    row = session.get(ConnectSession, sha(value.strip()))
    if row is None or row.revoked or row.tenant_id != tenant.id:
        raise ApiError(401, "Authentication failed.", [
            f"The session token is not valid for tenant '{tenant.name}'; sign in again at POST /connect/{tenant.name}/login."])
    if clock.now_ms() >= row.expires_ms:
        raise ApiError(401, "Authentication failed.", ["The Connect session expired; sign in again."])
    user = session.get(ConnectUser, row.user_id)
    if user is None or user.status != "Active":
        raise ApiError(401, "Authentication failed.", ["This teammate was removed or disabled."])
    return Caller(tenant, user, visible_containers(session, user))
