"""HTTP: Settings → Tenant Settings and Usage. Thin: the caller comes in as a dependency."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from mockserver.connect.caller import PortalCaller
from mockserver.connect.errors import E, responses
from mockserver.connect.tenant_settings import schemas as m, service
from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response

router = APIRouter(prefix="/connect/{tenant}", route_class=ValidatedFirst)
T_SET = ["Connect: Settings"]


@router.get("/settings", tags=T_SET, summary="Tenant Settings: time zone and date format",
            responses={200: documented(m.ConnectTenantSettingsOut), **responses(400, 401, 404)})
async def settings(caller: PortalCaller) -> Response:
    return json_response(service.settings_json(caller.tenant))


@router.put("/settings", tags=T_SET, summary="Tenant Settings: change time zone / date format (Owner)",
            responses={200: documented(m.ConnectTenantSettingsOut), **E})
async def update_settings(caller: PortalCaller, session: DbSession, body: m.ConnectTenantSettingsIn) -> Response:
    return json_response(service.update_settings(session, caller, body.model_dump()))


@router.get("/settings/usage", tags=T_SET, summary="Usage: tenant-wide statistics",
            responses={200: documented(m.ConnectUsageOut), **E})
async def usage(caller: PortalCaller, session: DbSession) -> Response:
    return json_response(service.usage(session, caller))
