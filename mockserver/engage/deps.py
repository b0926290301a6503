"""Who is calling the Engage portals: a Webex bearer token (cross-launch from the WxCC Management
Portal, no extra sign-in), resolved by identity's gate; the tenant is the caller's org's one.

Order, as the portals answer: token (401) → the caller's own tenant (404; another org's tenant is
never seen) → role (403: an administrator; writes: a full administrator) → scopes (403).
``Tenant`` is the first link (token and tenant); ``Reader`` and ``Writer`` add role and scopes;
each wing's lookups (``<wing>/deps.py``) chain on ``Tenant``. All of them, the route and its
service read and write in the request's one session (``DbSession``): one transaction per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Optional, TypeVar

from fastapi import Depends, Path, Query, Request
from sqlmodel import Session

from mockserver.core.body import authenticates
from mockserver.core.db import DbSession
from mockserver.core.errors import ApiError
from mockserver.engage.errors import not_found
from mockserver.engage.models import EngageTenant
from mockserver.identity.public import Gate, Principal

READ_SCOPES = ("cjp:config", "cjp:config_read")
WRITE_SCOPES = ("cjp:config", "cjp:config_write")
PROVISION_HINT = ("provision digital channels first: Control Hub → Services → Contact Center → Settings → Digital → "
                  "Provision Digital Channels, then wait about 5 minutes")
_PORTALS = ("The Engage admin and Customer Care portals are for Contact Center administrators "
            "(cross-launch from the Management Portal); agents work in the Agent Desktop.")

_READ = Gate(scopes=READ_SCOPES, role="admin", order=("role", "scope"), role_message=_PORTALS)
_WRITE = Gate(scopes=WRITE_SCOPES, role="full_admin", order=("role", "scope"), role_message=_PORTALS,
              full_admin_message="Changing Engage settings needs a Control Hub full administrator.")


@dataclass
class Caller:
    principal: Principal
    tenant: EngageTenant

    @property
    def org_id(self) -> str:
        return self.tenant.org_id

    @property
    def pod(self) -> int:
        return self.tenant.pod

    @property
    def email(self) -> str:
        return self.principal.email


def tenant_of_org(session: Session, org_id: str) -> EngageTenant | None:
    t = session.get(EngageTenant, org_id)
    return t if t is not None and t.provisioned else None


def _own_tenant(request: Request, session: Session, tenant_name: str | None) -> Caller:
    p = _READ.principal(request, session)
    t = tenant_of_org(session, p.org_id)
    if t is None:
        raise ApiError(404, "Engage tenant not found.", [
            f"tenant: your organization has no Webex Engage tenant yet; {PROVISION_HINT}."])
    if tenant_name is not None and tenant_name.lower() != t.name:
        raise ApiError(404, "Engage tenant not found.", [
            f"tenant: no Webex Engage tenant '{tenant_name}' for your organization (yours is '{t.name}')."])
    return Caller(p, t)


TenantPath = Annotated[str, Path(min_length=1, max_length=100, description="The tenant: the org name, cl1pod<N>.",
                                 examples=["cl1pod1"])]


@authenticates(_READ.precheck)
async def tenant_caller(request: Request, session: DbSession, tenant: TenantPath) -> Caller:
    """The token's caller, when the tenant in the path is their org's."""
    return _own_tenant(request, session, tenant)


Tenant = Annotated[Caller, Depends(tenant_caller)]


async def read_access(caller: Tenant) -> Caller:
    _READ.authorize(caller.principal)
    return caller


async def write_access(caller: Tenant) -> Caller:
    _WRITE.authorize(caller.principal)
    return caller


@authenticates(_READ.precheck)
async def launch_access(request: Request, session: DbSession) -> Caller:
    """The cross-launch with no tenant in the path: the caller's own tenant."""
    caller = _own_tenant(request, session, None)
    _READ.authorize(caller.principal)
    return caller


Reader = Annotated[Caller, Depends(read_access)]
Writer = Annotated[Caller, Depends(write_access)]
Launcher = Annotated[Caller, Depends(launch_access)]

Row = TypeVar("Row")


def owned(session: Session, caller: Caller, table: type[Row], id_: str, what: str) -> Row:
    """A row of the caller's tenant by id, for the wings' lookups (404 naming ``what`` otherwise)."""
    row: Any = session.get(table, id_)
    if row is None or row.org_id != caller.org_id:
        raise not_found(what, id_)
    return row


# --- path and query parameters every wing uses -----------------------------------------------------
Id = Annotated[str, Path(min_length=1, max_length=100)]
Page = Annotated[int, Query(ge=1, le=100000, description="1-based page number.")]
Size = Annotated[int, Query(ge=1, le=100, description="Items per page (Engage pages by 10).")]
Search = Annotated[Optional[str], Query(max_length=200, description="Free text, case-insensitive.")]
