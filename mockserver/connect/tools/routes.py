"""HTTP: Tools → Templates. Thin: the caller and the template come in as dependencies."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.connect.caller import PortalCaller
from mockserver.connect.errors import E, E409
from mockserver.connect.schema_base import ConnectItemList
from mockserver.connect.tools import schemas as m, service
from mockserver.connect.tools.deps import TemplateToChange, TemplateToRead
from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response

router = APIRouter(prefix="/connect/{tenant}", route_class=ValidatedFirst)
T_TPL = ["Connect: Tools → Templates"]


@router.get("/templates", tags=T_TPL, summary="Templates", responses={200: documented(ConnectItemList), **E})
async def templates(caller: PortalCaller, session: DbSession, channel: Annotated[Optional[str], Query(max_length=20)] = None,
                    search: Annotated[Optional[str], Query(max_length=200)] = None) -> Response:
    return json_response(service.list_templates(session, caller, channel, search))


@router.post("/templates", tags=T_TPL, status_code=201, summary="Create a template",
             responses={201: documented(m.ConnectTemplateOut, "Created."), **E409})
async def create_template(caller: PortalCaller, session: DbSession, body: m.ConnectTemplateIn) -> Response:
    return json_response(service.create_template(session, caller, body.model_dump()), status=201)


@router.get("/templates/{templateId}", tags=T_TPL, summary="A template", responses={200: documented(m.ConnectTemplateOut), **E})
async def get_template(caller: PortalCaller, template: TemplateToRead) -> Response:
    return json_response(service.get_template(template))


@router.put("/templates/{templateId}", tags=T_TPL, summary="Edit a template", responses={200: documented(m.ConnectTemplateOut), **E409})
async def update_template(caller: PortalCaller, template: TemplateToChange, session: DbSession, body: m.ConnectTemplateIn) -> Response:
    return json_response(service.update_template(session, caller, template, body.model_dump()))


@router.delete("/templates/{templateId}", tags=T_TPL, status_code=204, summary="Delete a template",
               responses={204: {"description": "Deleted."}, **E})
async def delete_template(caller: PortalCaller, template: TemplateToChange, session: DbSession) -> Response:
    service.delete_template(session, template)
    return Response(status_code=204)
