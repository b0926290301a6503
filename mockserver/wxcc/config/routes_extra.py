"""Config operations beyond the resource pattern: lists of bare values, counts, fetch-* and by-*
queries, reskill and reassignment. Thin, like routes.py: each calls ``extras.py``.

Mounted before every resource's ``{id}`` routes, so a fixed segment (``numbers-only``,
``reportable-count``, ``with-user-profile``) is never taken as an id.
"""

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.wxcc.config import engine, extras, files, service
from mockserver.wxcc.config.deps import Reader, Writer
from mockserver.wxcc.config.engine import Resource
from mockserver.wxcc.config.errors import responses
from mockserver.wxcc.config.resources import audio_files, personal_greetings

ORG = "/organization/{orgid}"


def _multipart_doc(info_part: str, model: Any) -> dict:
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": [info_part, "audioFile"],
        "properties": {info_part: {"type": "object", "title": model.__name__,
                                   "description": "JSON, in a part typed application/json (else 415)."},
                       "audioFile": {"type": "string", "format": "binary",
                                     "description": f"A .wav file (audio/wav or audio/x-wav), at most "
                                                    f"{files.MAX_AUDIO_BYTES // (1024 * 1024)} MB."}}}}}}}


def mount_files(router: APIRouter, res: Resource, path: str, info_part: str, patch_model: Any, name: str) -> None:
    tags = [res.tag]
    doc = _multipart_doc(info_part, res.model)

    @router.post(f"{ORG}/{path}", tags=tags, status_code=res.create_status, operation_id=f"create{name}",
                 summary=f"Upload a {res.title} (multipart: {info_part} + audioFile)", openapi_extra=doc,
                 responses={res.create_status: documented(res.model, "Created."),
                            **responses(400, 401, 403, 409, 415, 429)})
    async def create(request: Request, session: DbSession, caller: Writer) -> Response:
        body = await request.body()
        return json_response(service.upload_create(session, caller, res, info_part,
                                                   request.headers.get("content-type", ""), body),
                             status=res.create_status)

    @router.get(f"{ORG}/{path}/{{id}}", tags=tags, operation_id=f"get{name}", summary=f"Get a {res.title}",
                responses={200: documented(res.model, "OK."), **responses(400, 401, 403, 404, 429)})
    async def get_one(request: Request, session: DbSession, caller: Reader, id: str,
                      includeUrl: bool = Query(False, description="Include the download url of the bytes.")) -> Response:
        return json_response(service.get_file(session, caller, res, id, includeUrl, str(request.base_url)))

    @router.put(f"{ORG}/{path}/{{id}}", tags=tags, operation_id=f"update{name}",
                summary=f"Replace a {res.title} (multipart; the metadata carries the record's own blobId)",
                openapi_extra=doc, responses={200: documented(res.model, "Updated."),
                                              **responses(400, 401, 403, 404, 409, 415, 429)})
    async def replace(request: Request, session: DbSession, caller: Writer, id: str) -> Response:
        body = await request.body()
        return json_response(service.upload_replace(session, caller, res, id, info_part,
                                                    request.headers.get("content-type", ""), body))

    @router.patch(f"{ORG}/{path}/{{id}}", tags=tags, operation_id=f"patch{name}", summary=f"Partially update a {res.title}",
                  responses={200: documented(res.model, "Updated."), **responses(400, 401, 403, 404, 429)})
    async def patch(session: DbSession, caller: Writer, id: str, body: patch_model) -> Response:  # type: ignore[valid-type]
        return json_response(service.patch_file(session, caller, res, id, body))


def mount_media(router: APIRouter) -> None:
    """The bytes behind a file record's ``url`` (outside the config API, like the real service's
    storage links): no bearer token, an unguessable id."""

    @router.get(f"{files.MEDIA_PREFIX}/{{orgid}}/{{blobId}}", tags=["Audio Files"], operation_id="getMediaBytes",
                summary="The bytes of an uploaded audio file or greeting (the record's url)",
                responses={200: {"description": "The file.", "content": {"audio/wav": {}}}, **responses(404)})
    async def media(session: DbSession, orgid: str, blobId: str) -> Response:
        blob = service.media(session, orgid, blobId)
        return Response(blob.data, media_type=blob.content_type,
                        headers={"Content-Disposition": f'attachment; filename="{blob.filename}"'})


def mount(router: APIRouter) -> None:
    mount_files(router, audio_files.AUDIO_FILE, "audio-file", "audioFileInfo", audio_files.AudioFileInfoPatchDTO,
                "AudioFile")
    mount_files(router, personal_greetings.GREETING, "agent-personal-greeting", "agentPersonalGreetingInfo",
                personal_greetings.GreetingPatchAttributeTagDTO, "AgentPersonalGreeting")
    mount_files(router, personal_greetings.GREETING_V2, "v2/agent-personal-greeting", "agentPersonalGreetingInfo",
                personal_greetings.GreetingPatchPurposeDTO, "AgentPersonalGreetingV2")

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
