"""What the config routes call: each operation is one transaction on one org's view (``Ctx``) and
hands back the wire JSON. The rules live in the engine and the resource modules."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from mockserver.core.cache import AnswerCache
from mockserver.core.http import dumps
from mockserver.wxcc.config import engine, files
from mockserver.wxcc.config.deps import OrgCaller
from mockserver.wxcc.config.engine import BulkRequest, Ctx, ListQuery, Resource
from mockserver.wxcc.config.errors import bad_request, not_found
from mockserver.wxcc.config.resources import users


def _ctx(session: Session, caller: OrgCaller) -> Ctx:
    return Ctx(session, caller.org_id, caller.pod)


def _parent(ctx: Ctx, res: Resource, parent_id: Optional[str]) -> None:
    """A child's parent must exist in the caller's org (404 naming the parent otherwise)."""
    if res.parent is not None and parent_id is not None:
        ctx.get(engine.REGISTRY[res.parent], parent_id)


def create(session: Session, caller: OrgCaller, res: Resource, body: BaseModel, parent_id: Optional[str] = None) -> dict:
    ctx = _ctx(session, caller)
    _parent(ctx, res, parent_id)
    return engine.create(ctx, res, body, parent_id=parent_id)


def get(session: Session, caller: OrgCaller, res: Resource, id_: str, parent_id: Optional[str] = None) -> dict:
    ctx = _ctx(session, caller)
    _parent(ctx, res, parent_id)
    return engine.wire(ctx, res, ctx.get(res, id_, parent_id))


def update(session: Session, caller: OrgCaller, res: Resource, id_: str, body: BaseModel,
           parent_id: Optional[str] = None) -> dict:
    ctx = _ctx(session, caller)
    _parent(ctx, res, parent_id)
    return engine.update(ctx, res, ctx.get(res, id_, parent_id), body)


def delete(session: Session, caller: OrgCaller, res: Resource, id_: str, parent_id: Optional[str] = None) -> None:
    ctx = _ctx(session, caller)
    _parent(ctx, res, parent_id)
    engine.delete(ctx, res, ctx.get(res, id_, parent_id))


def list_v1(session: Session, caller: OrgCaller, res: Resource, q: ListQuery) -> list[dict]:
    rows, _ = engine.query(_ctx(session, caller), res, q, v1=True)
    return rows


def list_v2(session: Session, caller: OrgCaller, res: Resource, q: ListQuery, path: str,
            parent_id: Optional[str] = None) -> dict:
    ctx = _ctx(session, caller)
    _parent(ctx, res, parent_id)
    q.parent_id = parent_id
    return engine.envelope(ctx, res, q, path)


def bulk_export(session: Session, caller: OrgCaller, res: Resource, page: int, size: int, type_: Optional[str]) -> dict:
    if res.export_type and type_ not in ("INBOUND", "OUTBOUND"):
        raise bad_request([f"type: is required and must be INBOUND or OUTBOUND, got {type_!r}."], entity=res.kind)
    return engine.bulk_export(_ctx(session, caller), res, page, size, type_)


def purge(session: Session, caller: OrgCaller, res: Resource, next_start_id: str) -> dict:
    return engine.purge_inactive(_ctx(session, caller), res, next_start_id)


# Lists are the most read answers of the config API (clients poll them). A page depends on the
# org's rows, on the rows decorators read (other kinds, assets, identity) and on nothing of the
# caller but its org, so it is kept serialized until any table changes (core/cache.py).
_lists = AnswerCache("wxcc.config.lists")


def _list_key(caller: OrgCaller, res: Resource, q: ListQuery, path: str | None) -> tuple:
    return (caller.org_id, res.kind, path, q.filter, q.attributes, q.search, q.page, q.pageSize,
            q.singleObjectResponse, q.paged, tuple(sorted(q.extra.items())))


def list_v1_body(session: Session, caller: OrgCaller, res: Resource, q: ListQuery) -> bytes:
    return _lists.answer(_list_key(caller, res, q, None), lambda: dumps(list_v1(session, caller, res, q)))


def list_v2_body(session: Session, caller: OrgCaller, res: Resource, q: ListQuery, path: str) -> bytes:
    return _lists.answer(_list_key(caller, res, q, path), lambda: dumps(list_v2(session, caller, res, q, path)))


def references(session: Session, caller: OrgCaller, res: Resource, id_: str, type_: Optional[str], page: int, size: int,
               path: str) -> dict:
    ctx = _ctx(session, caller)
    row = ctx.get(res, id_)
    return engine.references_page(ctx, res, row, type_, page, size, path)


def bulk(session: Session, caller: OrgCaller, res: Resource, body: BulkRequest, *, can_create: bool, can_delete: bool,
         merge: bool = False, parent_id: Optional[str] = None) -> dict:
    if parent_id is not None:
        _parent(_ctx(session, caller), res, parent_id)
    path = None
    if parent_id is not None:
        path = res.paths.item[0].replace("{" + res.parent_param + "}", parent_id)
    return engine.bulk(session, caller.org_id, caller.pod, res, body, can_create=can_create,
                       can_delete=can_delete, merge=merge, parent_id=parent_id, path=path)


# --- contact-center users ------------------------------------------------------------------------
def user_by_ci_user_id(session: Session, caller: OrgCaller, ci_user_id: str) -> dict:
    ctx = _ctx(session, caller)
    row = users.by_ci_user_id(ctx, ci_user_id)
    if row is None:
        raise not_found("user", ci_user_id)
    return engine.wire(ctx, users.USER, row)


def patch_user(session: Session, caller: OrgCaller, id_: str, body: dict[str, Any]) -> dict:
    """The body's fields replace the current ones; the result is validated as a whole user."""
    res = users.USER
    ctx = _ctx(session, caller)
    row = ctx.get(res, id_)
    merged = {**engine.wire(ctx, res, row), **body}
    try:
        model = res.model.model_validate(merged)
    except ValidationError as e:
        raise bad_request(engine.validation_details(e), entity="user") from None
    return engine.update(ctx, res, row, model)


# --- files (audio files, agent personal greetings): multipart create/replace, files.py -----------
def _validated(res: Resource, fields: dict) -> BaseModel:
    try:
        return res.model.model_validate(fields)
    except ValidationError as e:
        raise bad_request(engine.validation_details(e), entity=res.kind) from None


def upload_create(session: Session, caller: OrgCaller, res: Resource, info_part: str, content_type: str,
                  body: bytes) -> dict:
    meta, file = files.read_upload(content_type, body, info_part, res.kind)
    assert file is not None
    kind = files.audio_content_type(file, res.kind)
    meta = {k: v for k, v in meta.items() if k not in ("blobId", "url", "id")}
    _validated(res, meta)  # field errors before anything is stored
    blob_id = files.store(session, caller.org_id, caller.pod, file)
    return engine.create(_ctx(session, caller), res, _validated(res, {**meta, "contentType": kind, "blobId": blob_id}))


def upload_replace(session: Session, caller: OrgCaller, res: Resource, id_: str, info_part: str, content_type: str,
                   body: bytes) -> dict:
    ctx = _ctx(session, caller)
    row = ctx.get(res, id_)
    meta, file = files.read_upload(content_type, body, info_part, res.kind, file_required=False)
    if meta.get("blobId") != row.data.get("blobId"):
        raise bad_request([f"blobId: must be this record's own blobId ({row.data.get('blobId')})."], entity=res.kind)
    fields = {**meta, "contentType": row.data.get("contentType")}
    fields.pop("url", None)
    model = _validated(res, fields)
    if file is not None:
        kind = files.audio_content_type(file, res.kind)
        blob = files.read(session, caller.org_id, row.data["blobId"])
        blob.data, blob.size, blob.filename = file.data, len(file.data), file.filename or blob.filename
        blob.content_type = file.content_type or blob.content_type
        session.add(blob)
        model = _validated(res, {**fields, "contentType": kind})
    return engine.update(ctx, res, row, model)


def get_file(session: Session, caller: OrgCaller, res: Resource, id_: str, include_url: bool, base_url: str) -> dict:
    ctx = _ctx(session, caller)
    out = engine.wire(ctx, res, ctx.get(res, id_))
    if include_url and out.get("blobId"):
        out["url"] = files.url(base_url, caller.org_id, out["blobId"])
    return out


def patch_file(session: Session, caller: OrgCaller, res: Resource, id_: str, patch: BaseModel) -> dict:
    ctx = _ctx(session, caller)
    row = ctx.get(res, id_)
    current = {k: v for k, v in engine.wire(ctx, res, row).items() if k in res.model.model_fields}
    merged = {**current, **patch.model_dump(exclude_none=True)}
    return engine.update(ctx, res, row, _validated(res, merged))


def media(session: Session, org_id: str, blob_id: str) -> files.WxccBlob:
    return files.read(session, org_id, blob_id)
