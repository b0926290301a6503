"""HTTP: Assets → Integrations (Manage, Add Authorization) and the tenant's OAuth callback. Thin:
the caller and the looked-up objects come in as dependencies; the service answers."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mockserver.connect.caller import PortalCaller, TenantInPath, sandbox_url
from mockserver.connect.errors import E, E409, responses
from mockserver.connect.integrations import schemas as m, service
from mockserver.connect.integrations.deps import IntegrationToRead, NodeAuthorizationToAuthorize
from mockserver.connect.schema_base import ConnectItemList
from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response

router = APIRouter(prefix="/connect/{tenant}", route_class=ValidatedFirst)
T_INT = ["Connect: Assets → Integrations"]


@router.get("/integrations", tags=T_INT, summary="Integrations: Webex CC Task, Webex CC Engage, with status",
            responses={200: documented(ConnectItemList), **E})
async def integrations(caller: PortalCaller, session: DbSession) -> Response:
    return json_response(service.list_integrations(session, caller))


@router.get("/integrations/{integrationId}", tags=T_INT, summary="Manage: the integration and its node authorizations",
            responses={200: documented(m.ConnectIntegrationOut), **E})
async def integration(caller: PortalCaller, integ: IntegrationToRead, session: DbSession) -> Response:
    return json_response(service.integration_json(session, integ))


@router.post("/integrations/{integrationId}/authorizations/{authorizationId}/authorize", tags=T_INT,
             summary="Add Authorization: name it and get the Webex sign-in URL (authorization-code flow)",
             responses={200: documented(m.ConnectAuthorizeOut), **E409})
async def authorize(request: Request, caller: PortalCaller, na: NodeAuthorizationToAuthorize, session: DbSession,
                    body: m.ConnectAuthorizeRequest) -> Response:
    return json_response(service.start_node_auth(session, caller, na, body.name, sandbox_url(request)))


@router.get("/callback", tags=T_INT, summary="The tenant's OAuth callback (https://<tenant>.imiconnect.io/callback)",
            description="Replay here the redirect the provider sent the browser to: Google (email GENERATE TOKEN) or "
                        "Webex (node authorization). No session needed: `state` identifies the round trip.",
            responses={200: documented(m.ConnectCallbackOut), **responses(400, 404)})
async def callback(tenant: TenantInPath, session: DbSession, code: Annotated[Optional[str], Query(max_length=4000)] = None,
                   state: Annotated[Optional[str], Query(max_length=200)] = None,
                   error: Annotated[Optional[str], Query(max_length=200)] = None,
                   error_description: Annotated[Optional[str], Query(max_length=1000)] = None,
                   scope: Annotated[Optional[str], Query(max_length=2000)] = None) -> Response:
    out = service.callback(session, tenant, code=code, state=state, error=error, error_description=error_description)
    return json_response({"status": out.get("status", "completed"), **out})
