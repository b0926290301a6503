"""Config operations beyond the resource pattern: lists of bare values, counts, fetch-* and by-*
queries, reskill and reassignment. Thin, like routes.py: each calls ``extras.py``.

Mounted before every resource's ``{id}`` routes, so a fixed segment (``numbers-only``,
``reportable-count``, ``with-user-profile``) is never taken as an id.
"""

from typing import Any, Optional

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import PartialRouter, documented, json_response
from mockserver.wxcc.config import engine, extras, files, service
from mockserver.wxcc.config.deps import Reader, Writer
from mockserver.wxcc.config.engine import BulkRequest, ListQuery, Resource
from mockserver.wxcc.config.schemas import BulkResponse, PurgeResponse
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


def mount_files(router: PartialRouter, res: Resource, path: str, info_part: str, patch_model: Any, name: str) -> None:
    from mockserver.wxcc.config.routes import built

    if not router.wants(f"{ORG}/{path}"):
        return  # another bucket is being built: its models are not
    tags = [res.tag]
    built(patch_model)
    doc = _multipart_doc(info_part, built(res.model))

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


def mount(router: PartialRouter) -> None:
    mount_queries(router)
    mount_ai(router)
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

    @router.delete(f"{ORG}/dial-number", tags=["Dial Number"], operation_id="deleteAllDialNumbers", response_class=Response,
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


def _envelope_doc(description: str = "OK.") -> dict:
    return {200: {"description": description + " `{meta, data}`, meta with paging."}}


Q = "contact-service-queue"
QT = ["Contact Service Queue"]
UT = ["Users"]


def mount_queries(router: APIRouter) -> None:  # noqa: C901 - one small handler per operation
    from mockserver.wxcc.config.routes import list_query

    errs = responses(400, 401, 403, 404, 429)

    for suffix in ("", "/internal"):
        @router.get(f"{ORG}/{Q}/by-skill-profile-id/{{id}}{suffix}", tags=QT, responses={**_envelope_doc(), **errs},
                    operation_id=f"queuesBySkillProfile{suffix.strip('/').title()}",
                    summary="SKILL_BASED queues a skill profile's skills satisfy, with scores")
        async def by_profile(session: DbSession, caller: Reader, id: str, request: Request) -> Response:
            return json_response(extras.queues_by_skill_profile(session, caller, id, _rel(request)))

    @router.get(f"{ORG}/{Q}/by-team-id/{{id}}/internal", tags=QT, responses={**_envelope_doc(), **errs},
                operation_id="queuesByTeam", summary="TEAM_BASED queues that distribute to a team")
    async def by_team(session: DbSession, caller: Reader, id: str, request: Request) -> Response:
        return json_response(extras.queues_by_team(session, caller, id, _rel(request)))

    @router.get(f"{ORG}/{Q}/by-user-ci-id/{{ciUserId}}/internal", tags=QT, responses={**_envelope_doc(), **errs},
                operation_id="queuesByUserCiId", summary="Every queue a user (by CI id) serves: team, agent or skill based")
    async def by_ci(session: DbSession, caller: Reader, ciUserId: str, request: Request) -> Response:
        return json_response(extras.queues_by_user_ci(session, caller, ciUserId, _rel(request)))

    @router.get(f"{ORG}/{Q}/skill-based-queues/by-ci-user-id/{{id}}/internal", tags=QT,
                responses={**_envelope_doc(), **errs}, operation_id="skillQueuesByUserCiId",
                summary="SKILL_BASED queues a user (by CI id) serves, with scores")
    async def skill_by_ci(session: DbSession, caller: Reader, id: str, request: Request) -> Response:
        return json_response(extras.skill_queues_by_user_ci(session, caller, id, _rel(request)))

    def routing_route(pattern: str, seg: str) -> None:
        @router.get(f"{ORG}/v2/{Q}/by-user-id/{{userid}}/{seg}", tags=QT, responses={**_envelope_doc(), **errs},
                    operation_id=f"queues{pattern.title().replace('_', '')}ByUser",
                    summary=f"{pattern} queues a user serves")
        async def routing(session: DbSession, caller: Reader, userid: str, request: Request) -> Response:
            return json_response(extras.routing_queues(session, caller, userid, pattern, _rel(request)))

    for pattern, seg in (("AGENT_BASED", "agent-based-queues"), ("SKILL_BASED", "skill-based-queues"),
                         ("TEAM_BASED", "team-based-queues")):
        routing_route(pattern, seg)

    for seg in ("fetch-by-dynamic-skills-and-skillProfile", "fetch-by-userId-skillProfileId"):
        @router.post(f"{ORG}/{Q}/{seg}", tags=QT, responses={**_envelope_doc(), **errs},
                     operation_id=f"queues{seg.title().replace('-', '')}",
                     summary="SKILL_BASED queues an agent with this skill profile / user / dynamic skills serves")
        async def fetch_skill(session: DbSession, caller: Reader, request: Request,
                              body: dict[str, Any] = Body(...)) -> Response:
            return json_response(extras.fetch_skill_based(session, caller, body, _rel(request)))

    @router.post(f"{ORG}/{Q}/fetch-manually-assignable-queues", tags=QT, responses={**_envelope_doc(), **errs},
                 operation_id="queuesManuallyAssignable", summary="Manually assignable queues of an agent or team")
    async def manual(session: DbSession, caller: Reader, request: Request, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(extras.manually_assignable(session, caller, body, _rel(request)))

    @router.post(f"{ORG}/v2/{Q}/fetch-by-grouped-assistant-skill", tags=QT, responses={**_envelope_doc(), **errs},
                 operation_id="queuesByAssistantSkill", summary="Queue counts per AI assistant skill")
    async def grouped(session: DbSession, caller: Reader, request: Request,
                      body: dict[str, Any] = Body(default_factory=dict)) -> Response:
        return json_response(extras.grouped_assistant_skills(session, caller, body, _rel(request)))

    @router.post(f"{ORG}/v2/{Q}/{{id}}/reassign-agents", tags=QT, operation_id="reassignQueueAgents",
                 summary="Add and remove agents of an AGENT_BASED queue",
                 responses={200: {"description": "The queue's id, version and agents."}, **errs})
    async def reassign(session: DbSession, caller: Writer, id: str, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(extras.reassign_agents(session, caller, id, body))

    @router.post(f"{ORG}/{Q}/delete-reference", tags=QT, operation_id="deleteQueueReferences",
                 summary="Remove a team, skill, agent or music file from every queue that names it",
                 responses={200: documented(PurgeResponse, "OK."), **errs})
    async def delete_ref(session: DbSession, caller: Writer, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(extras.delete_queue_references(session, caller, body.get("references") or {}))

    @router.post(f"{ORG}/{Q}/v2/bulk", tags=QT, status_code=207, operation_id="bulkSaveQueuesV2",
                 summary="Create, update or delete queues in bulk (207)",
                 responses={207: documented(BulkResponse, "Multi-status."), **responses(400, 401, 403, 429)})
    async def bulk_v2(session: DbSession, caller: Writer, body: BulkRequest) -> Response:
        res = engine.REGISTRY[Q]
        return json_response(service.bulk(session, caller, res, body, can_create=True, can_delete=True), status=207)

    @router.get(f"{ORG}/v3/{Q}", tags=QT, operation_id="listQueuesV3", deprecated=True,
                summary="List queues with their array fields (paged)", responses={**_envelope_doc(), **errs})
    async def list_v3(session: DbSession, caller: Reader, q: ListQuery = Depends(list_query),
                      desktopProfileFilter: bool = Query(False), provisioningView: bool = Query(False)) -> Response:
        q.full = True
        return json_response(service.list_v2(session, caller, engine.REGISTRY[Q], q, f"v3/{Q}"))

    @router.get(f"{ORG}/v3/dial-number", tags=["Dial Number"], operation_id="listDialNumbersV3",
                summary="List dialed-number mappings (paged)", responses={**_envelope_doc(), **errs})
    async def dn_v3(session: DbSession, caller: Reader, q: ListQuery = Depends(list_query),
                    includeEntryPointName: bool = Query(True)) -> Response:
        return json_response(service.list_v2(session, caller, engine.REGISTRY["dial-number"], q, "v3/dial-number"))

    @router.get(f"{ORG}/outdial-ani/entry", tags=["Outdial ANI"], operation_id="listAllOutdialAniEntries",
                summary="Every outdial ANI entry of the organization (paged)", responses={**_envelope_doc(), **errs})
    async def all_entries(session: DbSession, caller: Reader, request: Request, page: int = Query(0, ge=0),
                          pageSize: int = Query(100, ge=1)) -> Response:
        return json_response(extras.outdial_ani_entries(session, caller, page, pageSize, _rel(request)))

    @router.post(f"{ORG}/agent-personal-greeting/delete-reference", tags=["Agent Personal Greeting Files"],
                 operation_id="deleteGreetingReferences", summary="Delete the greetings of an agent or purpose",
                 responses={200: documented(PurgeResponse, "OK."), **errs})
    async def greet_ref(session: DbSession, caller: Writer, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(extras.delete_greeting_references(session, caller, body.get("references") or {}))

    @router.get(f"{ORG}/v3/user-profile/{{id}}/acl", tags=["User Profiles"], operation_id="getUserProfileAcl",
                summary="A user profile as an access-control list", responses={200: {"description": "OK."}, **errs})
    async def acl(session: DbSession, caller: Reader, id: str, names: Optional[list[str]] = Query(None)) -> Response:
        return json_response(extras.user_profile_acl(session, caller, id, names))

    @router.post(f"{ORG}/skill/populate-json-attr/{{id}}", tags=["Skill"], operation_id="populateSkillJsonAttributes",
                 summary="Rebuild a skill's derived attributes", responses={200: {"description": "OK."}, **errs})
    async def populate(session: DbSession, caller: Writer, id: str) -> Response:
        extras.populate_skill_json(session, caller, id)
        return Response(status_code=200)

    @router.post(f"{ORG}/resource-collection/update-resource", tags=["Resource Collection"], status_code=201,
                 operation_id="addResourceToCollections", summary="Put one resource into resource collections",
                 responses={201: {"description": "A status per collection."}, **errs})
    async def update_resource(session: DbSession, caller: Writer, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(extras.update_resource(session, caller, body), status=201)

    # users
    @router.get(f"{ORG}/user/with-user-profile", tags=UT, operation_id="listUsersWithProfile",
                summary="Every contact-center user", responses={200: {"description": "OK."}, **errs})
    async def with_profile(session: DbSession, caller: Reader) -> Response:
        return json_response(extras.users_with_profile(session, caller))

    @router.get(f"{ORG}/user/with-user-profile/{{id}}", tags=UT, operation_id="getUserWithProfile",
                summary="A user with its user profile (userProfileData)", responses={200: {"description": "OK."}, **errs})
    async def with_profile_one(session: DbSession, caller: Reader, id: str) -> Response:
        return json_response(extras.user_with_profile(session, caller, id))

    @router.post(f"{ORG}/user/fetch-user-details-by-ids", tags=UT, operation_id="fetchUserDetails",
                 summary="Names and emails of users by id, or of an agent-based queue's agents",
                 responses={**_envelope_doc(), **errs})
    async def details(session: DbSession, caller: Reader, request: Request, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(extras.user_details(session, caller, body, _rel(request)))

    @router.post(f"{ORG}/user/fetch-by-skill-requirements", tags=UT, operation_id="fetchUsersBySkillRequirements",
                 summary="Agents meeting every skill requirement (at most 50)", responses={**_envelope_doc(), **errs})
    async def by_reqs(session: DbSession, caller: Reader, request: Request, body: Any = Body(...),
                      search: Optional[str] = Query(None), page: int = Query(0, ge=0),
                      pageSize: int = Query(100, ge=1)) -> Response:
        return json_response(extras.users_by_skill_requirements(session, caller, body, search, page, pageSize,
                                                                _rel(request)))

    @router.get(f"{ORG}/user/by-dynamic-skill-id/{{skillId}}", tags=UT, operation_id="usersByDynamicSkill",
                summary="Users holding a dynamic skill, with its value", responses={**_envelope_doc(), **errs})
    async def by_dynamic(session: DbSession, caller: Reader, request: Request, skillId: str,
                         search: Optional[str] = Query(None), page: int = Query(0, ge=0),
                         pageSize: int = Query(100, ge=1)) -> Response:
        return json_response(extras.users_by_dynamic_skill(session, caller, skillId, search, page, pageSize,
                                                           _rel(request)))

    @router.patch(f"{ORG}/user/bulk/update-dynamic-skill/{{skillId}}", tags=UT, status_code=207,
                  operation_id="bulkUpdateDynamicSkill", summary="Set or remove one dynamic skill on many users (207)",
                  responses={207: documented(BulkResponse, "Multi-status."), **errs})
    async def bulk_dynamic(session: DbSession, caller: Writer, skillId: str, body: dict[str, Any] = Body(...)) -> Response:
        items = body.get("items")
        if not isinstance(items, list):
            from mockserver.wxcc.config.errors import bad_request

            raise bad_request(["items: a list is required."], entity="user")
        return json_response(extras.bulk_dynamic_skill(session, caller, skillId, items), status=207)

    @router.patch(f"{ORG}/user/{{id}}/reskill", tags=UT, status_code=204, operation_id="reskillUser",
                  summary="Give a user another skill profile and add/remove dynamic skills",
                  responses={204: {"description": "Done (no body)."}, **errs})
    async def reskill(session: DbSession, caller: Writer, id: str, body: dict[str, Any] = Body(...)) -> Response:
        extras.reskill(session, caller, id, body)
        return Response(status_code=204)


def mount_ai(router: PartialRouter) -> None:
    from mockserver.wxcc.config.resources import ai_features

    errs = responses(400, 401, 403, 404, 429)
    res = ai_features.AI_FEATURE

    @router.patch(f"{ORG}/ai-feature/{{id}}", tags=["AI Feature"], operation_id="patchAiFeature",
                  summary="Partially update the AI features (each feature object merges)",
                  responses={200: documented(res.model, "Updated."), **errs})
    async def patch(session: DbSession, caller: Writer, id: str, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(extras.patch_ai_feature(session, caller, id, body))

    tags = {"agent-burnout": ["Agent Wellbeing"], "generated-summaries": ["Generated Summaries"],
            "auto-csat": ["Auto CSAT"]}

    def view_routes(view: str, dto: Any) -> None:
        from mockserver.wxcc.config.routes import built

        if not router.wants(f"{ORG}/{view}"):
            return
        built(dto)
        name = "".join(p.capitalize() for p in view.split("-"))

        @router.get(f"{ORG}/{view}/{{id}}", tags=tags[view], operation_id=f"get{name}", deprecated=True,
                    summary=f"Get the {view} settings (a view of the AI features)",
                    responses={200: documented(dto, "OK."), **errs})
        async def get_one(session: DbSession, caller: Reader, id: str) -> Response:
            return json_response(extras.get_view(session, caller, view, id))

        @router.put(f"{ORG}/{view}/{{id}}", tags=tags[view], operation_id=f"update{name}", deprecated=True,
                    summary=f"Update the {view} settings (a view of the AI features)",
                    responses={200: documented(dto, "Updated."), **errs})
        async def put(session: DbSession, caller: Writer, id: str, body: dto) -> Response:  # type: ignore[valid-type]
            return json_response(extras.put_view(session, caller, view, id, body))

        @router.get(f"{ORG}/v2/{view}", tags=tags[view], operation_id=f"list{name}", deprecated=True,
                    summary=f"List the {view} settings (one per organization)", responses={**_envelope_doc(), **errs})
        async def listing(session: DbSession, caller: Reader, request: Request) -> Response:
            return json_response(extras.list_view(session, caller, view, _rel(request)))

    for view, (_, dto, _) in ai_features.VIEWS.items():
        view_routes(view, dto)


def _rel(request: Request) -> str:
    """The path after ``/organization/{orgid}/`` (for the envelope's links)."""
    return request.url.path.split("/", 3)[3]
