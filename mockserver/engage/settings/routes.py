"""The settings wing's routes: Templates (in the admin portal under Assets, and in the Customer Care
portal: one set), Blocklist and Working Hours (Customer Care portal)."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.engage.deps import Page, Reader, Search, Size, Writer
from mockserver.engage.errors import E, E409
from mockserver.engage.settings import schemas as m, service
from mockserver.engage.settings.deps import OwnHours, OwnTemplate, OwnWord

admin_templates_router = APIRouter(prefix="/engage")
customer_care_router = APIRouter(prefix="/engage")
T_ASSETS = ["Engage: Assets"]
T_CC = ["Engage: Customer Care portal"]


# --- templates (admin view and Customer Care view: one set) --------------------------------------------
def _template_routes(router: APIRouter, prefix: str, tags: list[str], view: str) -> None:
    @router.get(f"/{{tenant}}{prefix}", tags=tags, summary=f"Templates ({view}): list",
                responses={200: documented(m.EngageTemplateList), **E}, operation_id=f"engage_templates_list_{view}")
    async def list_(session: DbSession, caller: Reader,
                    channel: Annotated[Optional[str], Query(max_length=20, description="email | chat | messenger | whatsapp | sms")] = None,
                    search: Search = None, page: Page = 1, size: Size = 10) -> Response:
        return json_response(service.list_templates(session, caller, channel, search, page, size))

    @router.post(f"/{{tenant}}{prefix}", tags=tags, status_code=201, summary=f"Templates ({view}): create",
                 responses={201: documented(m.EngageTemplateOut, "Created."), **E409}, operation_id=f"engage_templates_create_{view}")
    async def create(session: DbSession, caller: Writer, body: m.EngageTemplateIn) -> Response:
        return json_response(service.create_template(session, caller, body.model_dump()), status=201)

    @router.get(f"/{{tenant}}{prefix}/{{templateId}}", tags=tags, summary=f"Templates ({view}): one",
                responses={200: documented(m.EngageTemplateOut), **E}, operation_id=f"engage_templates_get_{view}")
    async def get(caller: Reader, template: OwnTemplate) -> Response:
        return json_response(service.template_json(template))

    @router.put(f"/{{tenant}}{prefix}/{{templateId}}", tags=tags, summary=f"Templates ({view}): edit",
                responses={200: documented(m.EngageTemplateOut), **E409}, operation_id=f"engage_templates_put_{view}")
    async def put(session: DbSession, caller: Writer, template: OwnTemplate, body: m.EngageTemplateIn) -> Response:
        return json_response(service.update_template(session, caller, template, body.model_dump()))

    @router.delete(f"/{{tenant}}{prefix}/{{templateId}}", tags=tags, status_code=204, summary=f"Templates ({view}): delete",
                   responses={204: {"description": "Deleted."}, **E}, operation_id=f"engage_templates_delete_{view}")
    async def delete(session: DbSession, caller: Writer, template: OwnTemplate) -> Response:
        service.delete_template(session, caller, template)
        return Response(status_code=204)


_template_routes(admin_templates_router, "/assets/templates", T_ASSETS, "admin")
_template_routes(customer_care_router, "/customer-care/templates", T_CC, "customer_care")


# --- blocklist ---------------------------------------------------------------------------------------------
@customer_care_router.get("/{tenant}/customer-care/blocklist", tags=T_CC, summary="Blocklist: words blocked or masked in conversations",
                          responses={200: documented(m.EngageBlockWordList), **E})
async def list_words(session: DbSession, caller: Reader,
                     action: Annotated[Optional[str], Query(max_length=10, description="block | mask")] = None,
                     search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return json_response(service.list_words(session, caller, action, search, page, size))


@customer_care_router.post("/{tenant}/customer-care/blocklist", tags=T_CC, status_code=201, summary="Blocklist: add a word",
                           responses={201: documented(m.EngageBlockWordOut, "Created."), **E409})
async def create_word(session: DbSession, caller: Writer, body: m.EngageBlockWordIn) -> Response:
    return json_response(service.create_word(session, caller, body.model_dump()), status=201)


@customer_care_router.get("/{tenant}/customer-care/blocklist/{wordId}", tags=T_CC, summary="Blocklist: one word",
                          responses={200: documented(m.EngageBlockWordOut), **E})
async def get_word(caller: Reader, word: OwnWord) -> Response:
    return json_response(service.word_json(word))


@customer_care_router.put("/{tenant}/customer-care/blocklist/{wordId}", tags=T_CC, summary="Blocklist: edit a word",
                          responses={200: documented(m.EngageBlockWordOut), **E409})
async def put_word(session: DbSession, caller: Writer, word: OwnWord, body: m.EngageBlockWordIn) -> Response:
    return json_response(service.update_word(session, caller, word, body.model_dump()))


@customer_care_router.delete("/{tenant}/customer-care/blocklist/{wordId}", tags=T_CC, status_code=204, summary="Blocklist: remove a word",
                             responses={204: {"description": "Deleted."}, **E})
async def delete_word(session: DbSession, caller: Writer, word: OwnWord) -> Response:
    service.delete_word(session, caller, word)
    return Response(status_code=204)


# --- working hours -----------------------------------------------------------------------------------------
@customer_care_router.get("/{tenant}/customer-care/working-hours", tags=T_CC, summary="Working Hours: named operating hours",
                          responses={200: documented(m.EngageWorkingHoursList), **E})
async def list_hours(session: DbSession, caller: Reader, search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return json_response(service.list_hours(session, caller, search, page, size))


@customer_care_router.post("/{tenant}/customer-care/working-hours", tags=T_CC, status_code=201, summary="Working Hours: create",
                           responses={201: documented(m.EngageWorkingHoursOut, "Created."), **E409})
async def create_hours(session: DbSession, caller: Writer, body: m.EngageWorkingHoursIn) -> Response:
    return json_response(service.create_hours(session, caller, body.model_dump()), status=201)


@customer_care_router.get("/{tenant}/customer-care/working-hours/{hoursId}", tags=T_CC, summary="Working Hours: one",
                          responses={200: documented(m.EngageWorkingHoursOut), **E})
async def get_hours(caller: Reader, hours: OwnHours) -> Response:
    return json_response(service.hours_json(hours))


@customer_care_router.put("/{tenant}/customer-care/working-hours/{hoursId}", tags=T_CC, summary="Working Hours: edit",
                          responses={200: documented(m.EngageWorkingHoursOut), **E409})
async def put_hours(session: DbSession, caller: Writer, hours: OwnHours, body: m.EngageWorkingHoursIn) -> Response:
    return json_response(service.update_hours(session, caller, hours, body.model_dump()))


@customer_care_router.delete("/{tenant}/customer-care/working-hours/{hoursId}", tags=T_CC, status_code=204,
                             summary="Working Hours: delete (not while a chat widget uses them)",
                             responses={204: {"description": "Deleted."}, **E409})
async def delete_hours(session: DbSession, caller: Writer, hours: OwnHours) -> Response:
    service.delete_hours(session, caller, hours)
    return Response(status_code=204)
