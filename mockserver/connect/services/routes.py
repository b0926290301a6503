"""HTTP: Services (CREATE NEW SERVICE, the SETTINGS, API and DASHBOARD tabs). Thin: the caller and
the service come in as dependencies; the service module answers."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.connect.caller import PortalCaller
from mockserver.connect.errors import E, E409, responses
from mockserver.connect.schema_base import ConnectItemList
from mockserver.connect.services import schemas as m, service
from mockserver.connect.services.deps import ServiceCredentials, ServiceToChange, ServiceToRead
from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response

router = APIRouter(prefix="/connect/{tenant}", route_class=ValidatedFirst)
T_SVC = ["Connect: Services"]


@router.get("/services", tags=T_SVC, summary="Services (search by name)", responses={200: documented(ConnectItemList), **E})
async def list_services(caller: PortalCaller, session: DbSession,
                        search: Annotated[Optional[str], Query(max_length=200)] = None) -> Response:
    return json_response(service.list_(session, caller, search))


@router.post("/services", tags=T_SVC, status_code=201, summary="CREATE NEW SERVICE",
             responses={201: documented(m.ConnectServiceOut, "Created."), **E409})
async def create_service(caller: PortalCaller, session: DbSession, body: m.ConnectServiceCreate) -> Response:
    return json_response(service.create(session, caller, body.model_dump()), status=201)


@router.get("/services/{serviceId}", tags=T_SVC, summary="A service (credentials masked)",
            responses={200: documented(m.ConnectServiceOut), **E})
async def get_service(caller: PortalCaller, svc: ServiceToRead) -> Response:
    return json_response(service.get(svc))


@router.patch("/services/{serviceId}", tags=T_SVC, summary="SETTINGS tab: rename, describe, Service Locking",
              responses={200: documented(m.ConnectServiceOut), **responses(400, 401, 403, 404, 409, 423)})
async def update_service(caller: PortalCaller, svc: ServiceToChange, session: DbSession, body: m.ConnectServiceUpdate) -> Response:
    return json_response(service.update(session, caller, svc, body.model_dump()))


@router.delete("/services/{serviceId}", tags=T_SVC, status_code=204, summary="SETTINGS tab: delete the service",
               responses={204: {"description": "Deleted."}, **responses(400, 401, 403, 404, 409, 423)})
async def delete_service(caller: PortalCaller, svc: ServiceToChange, session: DbSession) -> Response:
    service.delete(session, svc)
    return Response(status_code=204)


@router.get("/services/{serviceId}/credentials", tags=T_SVC, summary="API tab: Service ID, Service Secret, Service Key (revealed)",
            responses={200: documented(m.ConnectServiceCredentials), **E})
async def service_credentials(caller: PortalCaller, svc: ServiceCredentials) -> Response:
    return json_response(service.credentials(svc))


@router.get("/services/{serviceId}/dashboard", tags=T_SVC, summary="DASHBOARD tab: traffic per channel and flow, Messaging API",
            responses={200: documented(m.ConnectDashboard), **E})
async def service_dashboard(caller: PortalCaller, svc: ServiceToRead) -> Response:
    return json_response(service.dashboard(svc))
