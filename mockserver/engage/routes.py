"""HTTP surface of Webex Engage's admin and Customer Care portals (/engage/{tenant}/...), designed to
mirror the portal's objects one to one (Engage publishes no admin REST API for WxCC tenants).

Here: the cross-launch (the tenant, who is signed in, the two portals). The product's routers are
listed in ``engage/__init__.py`` in the portals' menu order (the order of the OpenAPI document):
admin portal — Dashboard, Users, Assets (Channel Assets, Templates), Settings (attachments);
Customer Care portal — Dashboard, Templates, Blocklist, Working Hours.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.engage import schemas as m, service
from mockserver.engage.deps import Launcher, Reader
from mockserver.engage.errors import E

router = APIRouter(prefix="/engage")
T_PORTAL = ["Engage: cross-launch"]


@router.get("", tags=T_PORTAL, summary="Management Portal → New Digital Channels: your org's Engage tenant",
            responses={200: documented(m.EngageTenantOut), **E})
async def launch(session: DbSession, caller: Launcher) -> Response:
    return json_response(service.tenant_json(session, caller))


@router.get("/{tenant}", tags=T_PORTAL, summary="The Engage tenant, who is signed in and the two portals",
            responses={200: documented(m.EngageTenantOut), **E})
async def get_tenant(session: DbSession, caller: Reader) -> Response:
    return json_response(service.tenant_json(session, caller))
