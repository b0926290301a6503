"""Who is calling the Engage portals: a Webex bearer token (cross-launch from the WxCC Management
Portal, no extra sign-in), resolved by identity; the tenant is the caller's org's one."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session

from mockserver.core.errors import ApiError
from mockserver.engage.models import EngageTenant
from mockserver.identity.deps import bearer_token
from mockserver.identity.tokens import Principal, tokens

READ_SCOPES = ("cjp:config", "cjp:config_read")
WRITE_SCOPES = ("cjp:config", "cjp:config_write")
PROVISION_HINT = ("provision digital channels first: Control Hub → Services → Contact Center → Settings → Digital → "
                  "Provision Digital Channels, then wait about 5 minutes")


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


def own_tenant(session: Session, p: Principal) -> EngageTenant:
    t = tenant_of_org(session, p.org_id)
    if t is None:
        raise ApiError(404, "Engage tenant not found.", [
            f"tenant: your organization has no Webex Engage tenant yet; {PROVISION_HINT}."])
    return t


def portal(session: Session, request: Request, tenant_name: str | None, *, write: bool = False) -> Caller:
    """Order: token (401) → the caller's own tenant (404; another org's tenant is never seen) →
    role and scopes (403)."""
    p = tokens.resolve(None, bearer_token(request))
    t = own_tenant(session, p)
    if tenant_name is not None and tenant_name.lower() != t.name:
        raise ApiError(404, "Engage tenant not found.", [
            f"tenant: no Webex Engage tenant '{tenant_name}' for your organization (yours is '{t.name}')."])
    if not p.is_admin:
        raise ApiError(403, "Forbidden.", [
            "The Engage admin and Customer Care portals are for Contact Center administrators "
            "(cross-launch from the Management Portal); agents work in the Agent Desktop."])
    if write and not p.is_full_admin:
        raise ApiError(403, "Forbidden.", ["Changing Engage settings needs a Control Hub full administrator."])
    scopes = WRITE_SCOPES if write else READ_SCOPES
    if not p.has_any(*scopes):
        raise ApiError(403, "Forbidden.", [f"The access token lacks a required scope: one of {', '.join(scopes)}."])
    return Caller(p, t)
