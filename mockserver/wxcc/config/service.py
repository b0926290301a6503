"""What the config routes call: each operation is one transaction on one org's view (``Ctx``) and
hands back the wire JSON. The rules live in the engine and the resource modules."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from mockserver.core.cache import AnswerCache
from mockserver.core.http import dumps
from mockserver.wxcc.config import engine
from mockserver.wxcc.config.deps import OrgCaller
from mockserver.wxcc.config.engine import BulkRequest, Ctx, ListQuery, Resource
from mockserver.wxcc.config.errors import bad_request, not_found
from mockserver.wxcc.config.resources import users


def _ctx(session: Session, caller: OrgCaller) -> Ctx:
    return Ctx(session, caller.org_id, caller.pod)


def create(session: Session, caller: OrgCaller, res: Resource, body: BaseModel) -> dict:
    return engine.create(_ctx(session, caller), res, body)


def get(session: Session, caller: OrgCaller, res: Resource, id_: str) -> dict:
    ctx = _ctx(session, caller)
    return engine.wire(ctx, res, ctx.get(res, id_))


def update(session: Session, caller: OrgCaller, res: Resource, id_: str, body: BaseModel) -> dict:
    ctx = _ctx(session, caller)
    return engine.update(ctx, res, ctx.get(res, id_), body)


def delete(session: Session, caller: OrgCaller, res: Resource, id_: str) -> None:
    ctx = _ctx(session, caller)
    engine.delete(ctx, res, ctx.get(res, id_))


def list_v1(session: Session, caller: OrgCaller, res: Resource, q: ListQuery) -> list[dict]:
    rows, _ = engine.query(_ctx(session, caller), res, q, v1=True)
    return rows


def list_v2(session: Session, caller: OrgCaller, res: Resource, q: ListQuery, path: str) -> dict:
    return engine.envelope(_ctx(session, caller), res, q, path)


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
         merge: bool = False) -> dict:
    return engine.bulk(session, caller.org_id, caller.pod, res, body, can_create=can_create,
                       can_delete=can_delete, merge=merge)


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
