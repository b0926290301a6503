"""Routes: each ``Resource`` becomes its real paths. Thin: parse, resolve the caller (deps), call
the service.

No ``from __future__ import annotations`` here: the handlers are built in a loop and their body
annotations must be the resource's real DTO class for FastAPI to validate and document it.
"""

from typing import Any, Optional

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import LazyModel, PartialRouter, documented, json_response
from mockserver.wxcc.config import engine, service
from mockserver.wxcc.config.deps import Reader, Writer
from mockserver.wxcc.config.engine import BulkRequest, ListQuery, Resource
from mockserver.wxcc.config.errors import responses
from mockserver.wxcc.config.resources import users
from mockserver.wxcc.config.schemas import (
    BulkResponse,
    EntityReferenceInfo,
    PurgeResponse,
    envelope_model,
    list_row_model,
    response_model,
)

ORG = "/organization/{orgid}"
INT32 = 2**31 - 1  # Cisco's Java services take int page numbers and sizes

_LIST_PARAMS = ("filter", "attributes", "search", "page", "pageSize", "singleObjectResponse")


def _camel(kind: str) -> str:
    return "".join(p.capitalize() for p in kind.split("-"))


def built(model: Any) -> Any:
    """DTOs defer their validators to first use (start-up stays quick); a body model is built when
    its routes are (on the first config request) and stops deferring, or FastAPI's adapter would
    defer too and pydantic warns on the first request."""
    if model.model_config.get("defer_build"):
        model.model_config["defer_build"] = False  # this class's own config dict, not its bases'
        model.model_rebuild(force=True)
    return model


def _extra_params(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if k not in _LIST_PARAMS}


async def list_query(
    request: Request,
    filter: Optional[str] = Query(None, description="RSQL filter, e.g. `id==\"<uuid>\"`, `name=in=(\"a\",\"b\");active==true`."),
    attributes: Optional[str] = Query(None, description="Comma-separated fields to return."),
    search: Optional[str] = Query(None, description="Keyword, or `field==\"name\";value==\"x\"`."),
    page: int = Query(0, ge=0, le=INT32, description="0-based page number."),
    pageSize: int = Query(engine.DEFAULT_PAGE_SIZE, ge=1, le=INT32, description=f"Page size; values above {engine.MAX_PAGE_SIZE} are clamped."),
    singleObjectResponse: bool = Query(False, description="Include array fields; only for single-record results."),
) -> ListQuery:
    return ListQuery(filter=filter, attributes=attributes, search=search, page=page, pageSize=pageSize,
                     singleObjectResponse=singleObjectResponse, extra=_extra_params(request))


async def v1_list_query(
    filter: Optional[str] = Query(None, description="RSQL on `id` only (v1)."),
    attributes: Optional[str] = Query(None, description="Comma-separated fields to return."),
    page: int = Query(0, ge=0, le=INT32, description="0-based page number."),
    pageSize: int = Query(engine.DEFAULT_PAGE_SIZE, ge=1, le=INT32, description="Page size."),
) -> ListQuery:
    return ListQuery(filter=filter, attributes=attributes, page=page, pageSize=min(pageSize, engine.MAX_PAGE_SIZE))


async def v1_unpaged_query(
    filter: Optional[str] = Query(None, description="RSQL on `id` only (v1)."),
    attributes: Optional[str] = Query(None, description="Comma-separated fields to return."),
) -> ListQuery:
    return ListQuery(filter=filter, attributes=attributes, paged=False)


def mount_static(router: APIRouter, res: Resource) -> None:
    """The fixed sub-paths (``bulk-export``, ``purge-inactive-entities``): mounted before every
    ``{id}`` route, so that ``bulk-export`` is never taken as an id."""
    name = _camel(res.key)
    tags = [res.tag]
    p = res.paths
    if p.bulk_export:
        doc_type = Query(None, description="INBOUND or OUTBOUND (required by Cisco for this export).") \
            if res.export_type else Query(None, include_in_schema=False)

        @router.get(f"{ORG}/{p.bulk_export}", tags=tags, operation_id=f"bulkExport{name}", deprecated=True,
                    summary=f"Export {res.title}s (names instead of ids; paged)",
                    responses={200: {"description": "OK."}, **responses(400, 401, 403, 429)})
        async def export(session: DbSession, caller: Reader, page: int = Query(0, ge=0, le=INT32),
                         pageSize: int = Query(50, ge=1, le=INT32), type: Optional[str] = doc_type) -> Response:
            return json_response(service.bulk_export(session, caller, res, page, pageSize, type))

    if p.purge:
        @router.post(f"{ORG}/{p.purge}", tags=tags, operation_id=f"purgeInactive{name}",
                     summary=f"Purge inactive {res.title}s older than 30 days that nothing references",
                     responses={200: documented(PurgeResponse, "OK."), **responses(400, 401, 403, 429)})
        async def purge(session: DbSession, caller: Writer, nextStartId: str = Query("")) -> Response:
            return json_response(service.purge(session, caller, res, nextStartId))


def mount_child(router: APIRouter, res: Resource) -> None:
    """A child entity (address-book entry, outdial ANI entry) under its parent's path parameter."""
    Model = built(res.model)
    name = _camel(res.key)
    Row = LazyModel(f"{name}ListItem", lambda: list_row_model(Model, f"{name}ListItem", res.list_omit, res.response_extra))
    Envelope = LazyModel(f"{name}Page", lambda: envelope_model(Row.get(), f"{name}Page"))
    tags = [res.tag]
    p = res.paths
    parent_desc = f"The parent {engine.REGISTRY[res.parent].title}'s id."
    for path in p.create:
        @router.post(f"{ORG}/{path}", tags=tags, status_code=res.create_status, operation_id=f"create{name}",
                     summary=f"Create a {res.title}",
                     responses={res.create_status: documented(Model, "Created."), **responses(400, 401, 403, 404, 409, 429)})
        async def create(session: DbSession, caller: Writer, body: Model,  # type: ignore[valid-type]
                         parent: str = Path(alias=res.parent_param, description=parent_desc)) -> Response:
            return json_response(service.create(session, caller, res, body, parent), status=res.create_status)

    if p.bulk:
        @router.post(f"{ORG}/{p.bulk}", tags=tags, status_code=207, operation_id=f"bulkSave{name}",
                     summary=f"Create, update or delete {res.title}s in bulk (207, a status per item)",
                     responses={207: documented(BulkResponse, "Multi-status."), **responses(400, 401, 403, 404, 429)})
        async def bulk(session: DbSession, caller: Writer, body: BulkRequest,
                       parent: str = Path(alias=res.parent_param, description=parent_desc)) -> Response:
            out = service.bulk(session, caller, res, body, can_create=True, can_delete=True, parent_id=parent)
            return json_response(out, status=207)

    for path in p.item:
        @router.get(f"{ORG}/{path}/{{id}}", tags=tags, operation_id=f"get{name}", summary=f"Get a {res.title}",
                    responses={200: documented(Model, "OK."), **responses(400, 401, 403, 404, 429)})
        async def get_one(session: DbSession, caller: Reader, id: str,
                          parent: str = Path(alias=res.parent_param, description=parent_desc)) -> Response:
            return json_response(service.get(session, caller, res, id, parent))

        if p.put:
            @router.put(f"{ORG}/{path}/{{id}}", tags=tags, operation_id=f"update{name}", summary=f"Update a {res.title}",
                        responses={200: documented(Model, "Updated."), **responses(400, 401, 403, 404, 429)})
            async def update(session: DbSession, caller: Writer, id: str, body: Model,  # type: ignore[valid-type]
                             parent: str = Path(alias=res.parent_param, description=parent_desc)) -> Response:
                return json_response(service.update(session, caller, res, id, body, parent))

        @router.delete(f"{ORG}/{path}/{{id}}", tags=tags, status_code=res.delete_status, response_class=Response, operation_id=f"delete{name}",
                       summary=f"Delete a {res.title}",
                       responses={res.delete_status: {"description": "Deleted (no body)."}, **responses(400, 401, 403, 404, 429)})
        async def delete(session: DbSession, caller: Writer, id: str,
                         parent: str = Path(alias=res.parent_param, description=parent_desc)) -> Response:
            service.delete(session, caller, res, id, parent)
            return Response(status_code=res.delete_status)

    if p.v2_list:
        v2_path = p.v2_list

        @router.get(f"{ORG}/{v2_path}", tags=tags, operation_id=f"list{name}Paged",
                    summary=f"List a parent's {res.title}s (paged: meta + data)",
                    responses={200: documented(Envelope, "OK."), **responses(400, 401, 403, 404, 429)})
        async def list_v2(session: DbSession, caller: Reader, q: ListQuery = Depends(list_query),
                          parent: str = Path(alias=res.parent_param, description=parent_desc)) -> Response:
            return json_response(service.list_v2(session, caller, res, q, v2_path.replace(
                "{" + res.parent_param + "}", parent), parent))


def mount(router: APIRouter, res: Resource) -> None:  # noqa: C901 - one block per operation kind
    if res.parent is not None:
        return mount_child(router, res)
    Model = built(res.model)
    name = _camel(res.key)
    # Response shapes are for the document only: made when it is (core/http.py: LazyModel).
    Resp = LazyModel(f"{name}Response", lambda: response_model(Model, f"{name}Response", res.response_extra)) \
        if res.response_extra else Model
    Row = LazyModel(f"{name}ListItem", lambda: list_row_model(Model, f"{name}ListItem", res.list_omit, res.response_extra))
    Envelope = LazyModel(f"{name}Page", lambda: envelope_model(Row.get(), f"{name}Page"))
    tags = [res.tag]
    p = res.paths

    for path in p.create:
        suffix = "V2" if path.startswith("v2/") else ""

        @router.post(f"{ORG}/{path}", tags=tags, status_code=res.create_status, operation_id=f"create{name}{suffix}",
                     summary=f"Create a {res.title}",
                     responses={res.create_status: documented(Resp, "Created."),
                                **responses(400, 401, 403, 409, 429)})
        async def create(session: DbSession, caller: Writer, body: Model) -> Response:  # type: ignore[valid-type]
            return json_response(service.create(session, caller, res, body), status=res.create_status)

    for path in p.item:
        suffix = "V2" if path.startswith("v2/") else ""

        @router.get(f"{ORG}/{path}/{{id}}", tags=tags, operation_id=f"get{name}{suffix}", summary=f"Get a {res.title}",
                    responses={200: documented(Resp, "OK."), **responses(400, 401, 403, 404, 429)})
        async def get_one(session: DbSession, caller: Reader, id: str) -> Response:
            return json_response(service.get(session, caller, res, id))

        if not p.put:
            continue

        @router.put(f"{ORG}/{path}/{{id}}", tags=tags, operation_id=f"update{name}{suffix}",
                    summary=f"Update a {res.title}",
                    responses={200: documented(Resp, "Updated."),
                               **responses(400, 401, 403, 404, 412, 429)})
        async def update(session: DbSession, caller: Writer, id: str, body: Model) -> Response:  # type: ignore[valid-type]
            return json_response(service.update(session, caller, res, id, body))

    for path in p.delete:
        @router.delete(f"{ORG}/{path}/{{id}}", tags=tags, status_code=res.delete_status, response_class=Response,
                       operation_id=f"delete{name}", summary=f"Delete a {res.title}",
                       responses={res.delete_status: {"description": "Deleted (no body)."},
                                  **responses(400, 401, 403, 404, 412, 429)})
        async def delete(session: DbSession, caller: Writer, id: str) -> Response:
            service.delete(session, caller, res, id)
            return Response(status_code=res.delete_status)

    if p.v1_list:
        dep = v1_list_query if p.v1_paged else v1_unpaged_query

        @router.get(f"{ORG}/{p.v1_list}", tags=tags, operation_id=f"list{name}", deprecated=p.v1_deprecated,
                    description="Not in Cisco's published spec; served by real tenants (export tools list it)."
                    if p.v1_undocumented else None,
                    summary=f"List {res.title}s (v1: a bare array)",
                    responses={200: documented(list[Row], "OK."), **responses(400, 401, 403, 429)})
        async def list_v1(session: DbSession, caller: Reader, q: ListQuery = Depends(dep)) -> Response:
            return Response(service.list_v1_body(session, caller, res, q), media_type="application/json")

    if p.v2_list:
        v2_path = p.v2_list

        @router.get(f"{ORG}/{v2_path}", tags=tags, operation_id=f"list{name}Paged",
                    summary=f"List {res.title}s (paged: meta + data)",
                    responses={200: documented(Envelope, "OK."), **responses(400, 401, 403, 429)})
        async def list_v2(session: DbSession, caller: Reader, q: ListQuery = Depends(list_query)) -> Response:
            return Response(service.list_v2_body(session, caller, res, q, v2_path), media_type="application/json")

    if p.references:
        ref_path = p.references

        @router.get(f"{ORG}/{ref_path}/{{id}}/incoming-references", tags=tags,
                    operation_id=f"get{name}IncomingReferences", summary=f"Entities that refer to a {res.title}",
                    responses={200: documented(EntityReferenceInfo, "OK."),
                               **responses(400, 401, 403, 404, 429)})
        async def references(session: DbSession, caller: Reader, id: str, type: Optional[str] = Query(None),
                             page: int = Query(0, ge=0, le=INT32),
                             pageSize: int = Query(engine.DEFAULT_PAGE_SIZE, ge=1, le=INT32)) -> Response:
            return json_response(service.references(session, caller, res, id, type, page, pageSize, ref_path))

    if p.bulk:
        @router.post(f"{ORG}/{p.bulk}", tags=tags, status_code=207, operation_id=f"bulkSave{name}",
                     summary=f"Create, update or delete {res.title}s in bulk (207, a status per item)",
                     responses={207: documented(BulkResponse, "Multi-status."),
                                **responses(400, 401, 403, 429)})
        async def bulk(session: DbSession, caller: Writer, body: BulkRequest) -> Response:
            out = service.bulk(session, caller, res, body, can_create=bool(p.create), can_delete=bool(p.delete))
            return json_response(out, status=207)

    if p.patch_bulk:
        @router.patch(f"{ORG}/{p.v1_list or p.create[0]}/bulk", tags=tags, status_code=207, operation_id=f"bulkPatch{name}",
                      summary=f"Partially update {res.title}s in bulk (207, a status per item)",
                      responses={207: documented(BulkResponse, "Multi-status."), **responses(400, 401, 403, 404, 429)})
        async def bulk_patch(session: DbSession, caller: Writer, body: BulkRequest) -> Response:
            out = service.bulk(session, caller, res, body, can_create=False, can_delete=bool(p.delete), merge=True)
            return json_response(out, status=207)


def mount_extras(router: PartialRouter) -> None:
    """Operations beyond the resource pattern (fetch-*, by-*, counts): each a service call."""
    from mockserver.wxcc.config import routes_extra

    routes_extra.mount(router)


def mount_users(router: APIRouter) -> None:
    res = users.USER
    Resp = response_model(res.model, "UserWithProfileResponse", res.response_extra)
    tags = [res.tag]

    @router.get(f"{ORG}/user/by-ci-user-id/{{id}}", tags=tags, operation_id="getUserByCiUserId",
                summary="Get a contact-center user by Common Identity user id",
                responses={200: documented(Resp, "OK."), **responses(400, 401, 403, 404, 429)})
    async def by_ci(session: DbSession, caller: Reader, id: str) -> Response:
        return json_response(service.user_by_ci_user_id(session, caller, id))

    @router.get(f"{ORG}/v2/user/by-ci-user-id/{{id}}", tags=tags, operation_id="getUserByCiUserIdV2",
                summary="Get a contact-center user by Common Identity user id (v2)",
                responses={200: documented(Resp, "OK."), **responses(400, 401, 403, 404, 429)})
    async def by_ci_v2(session: DbSession, caller: Reader, id: str) -> Response:
        return await by_ci(session, caller, id)

    @router.patch(f"{ORG}/user/{{id}}", tags=tags, operation_id="patchUser",
                  summary="Partially update a user (the body's fields replace the current ones)",
                  responses={200: documented(Resp, "Updated."), **responses(400, 401, 403, 404, 429)})
    async def patch(session: DbSession, caller: Writer, id: str, body: dict[str, Any] = Body(...)) -> Response:
        return json_response(service.patch_user(session, caller, id, body))


def build_router(buckets: Any = None) -> APIRouter:
    """The config API's routes, or only those of some buckets (their first literal segment after
    the org: ``team``, ``contact-service-queue``): wxcc/config/__init__.py builds each bucket on
    its first request. Within a bucket the order is the full router's."""
    from mockserver.wxcc.config import resources  # noqa: F401 - registers the resources

    router = PartialRouter(buckets)
    keys = sorted(engine.REGISTRY)  # a stable order whatever imported the modules first
    wanted = [engine.REGISTRY[k] for k in keys if router.wants(*(f"{ORG}/{p}" for p in engine.REGISTRY[k].route_paths()))]
    for res in wanted:  # fixed sub-paths first: `…/bulk-export` must not be taken as an `{id}`
        mount_static(router, res)
    mount_extras(router)
    for res in wanted:
        mount(router, res)
    if router.wants(f"{ORG}/{users.USER.kind}"):
        mount_users(router)  # after PATCH /user/bulk, which PATCH /user/{id} would otherwise shadow
    return router


__all__ = ["build_router", "mount"]
