"""Config operations beyond the resource pattern: lists of bare values, counts, fetch-* and by-*
queries, reskill and reassignment. Thin, like routes.py: each calls ``extras.py``.

Mounted before every resource's ``{id}`` routes, so a fixed segment (``numbers-only``,
``reportable-count``, ``with-user-profile``) is never taken as an id.
"""

from fastapi import APIRouter
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.wxcc.config import extras
from mockserver.wxcc.config.deps import Reader, Writer
from mockserver.wxcc.config.errors import responses

ORG = "/organization/{orgid}"


def mount(router: APIRouter) -> None:
    @router.get(f"{ORG}/cad-variable/reportable-count", tags=["Global Variables"],
                operation_id="getReportableCountCadVariable", summary="Count the reportable global variables",
                responses={200: documented(dict[str, int], "OK."), **responses(400, 401, 403, 429)})
    async def reportable_count(session: DbSession, caller: Reader) -> Response:
        return json_response(extras.reportable_count(session, caller))

    @router.get(f"{ORG}/dial-number/numbers-only", tags=["Dial Number"], operation_id="listDialNumbersOnly",
                summary="Only the dialed numbers of the mappings (no paging)",
                responses={200: documented(list[str], "OK."), **responses(400, 401, 403, 429)})
    async def numbers_only(session: DbSession, caller: Reader) -> Response:
        return json_response(extras.dialled_numbers(session, caller))

    @router.delete(f"{ORG}/dial-number", tags=["Dial Number"], operation_id="deleteAllDialNumbers",
                   summary="Delete every dialed-number mapping of the organization",
                   responses={200: {"description": "Deleted (no body)."}, **responses(400, 401, 403, 412, 429)})
    async def delete_all(session: DbSession, caller: Writer) -> Response:
        extras.delete_all_dial_numbers(session, caller)
        return Response(status_code=200)

    @router.get(f"{ORG}/contact-number/all-numbers", tags=["Contact Number"], operation_id="listAllContactNumbers",
                summary="Every contact number, bare (no paging)",
                responses={200: documented(list[str], "OK."), **responses(400, 401, 403, 429)})
    async def all_numbers(session: DbSession, caller: Reader) -> Response:
        return json_response(extras.contact_numbers(session, caller))
