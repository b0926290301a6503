"""The one resource engine of the config API: every resource is a ``Resource`` description.

A resource module declares its wire DTO, its outgoing references, its uniqueness scope and its
domain rules; the engine does the rest the same way for all of them:

- create / update / delete in one transaction each, checks before writes (400 naming every bad
  field, 400 for a reference that is not in the org, 409 duplicate name on create, 400 on update,
  412 when deleting or deactivating what others reference, listing the references);
- ``version`` starts at 0 and increments on every update; ``createdTime``/``lastUpdatedTime``
  are epoch ms from the sandbox clock;
- v1 lists (bare array, filter on ``id`` only) and v2 lists (``{meta, data}``, 0-based pages,
  RSQL ``filter``, ``search``, ``attributes``, list rows without the array fields);
- incoming references, computed from the same declarations; bulk (207, per item status).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Iterable
from urllib.parse import urlencode

from pydantic import BaseModel, ValidationError
from sqlalchemy import Text, type_coerce
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.wxcc.config import rsql
from mockserver.wxcc.config.errors import bad_request, conflict, not_found, referenced, render_config
from mockserver.wxcc.config.models import WxccAsset, WxccEntity

COMMON = ("organizationId", "id", "version", "systemDefault", "createdTime", "lastUpdatedTime")
MAX_PAGE_SIZE = 1000  # undocumented by Cisco ("adjusted to the max page size"); our decision
DEFAULT_PAGE_SIZE = 100


# --- declarations -------------------------------------------------------------------------------
def collect(path: str) -> Callable[[dict], list[str]]:
    """Ids found at a wire path: ``siteId``, ``teamIds[]``, ``callDistributionGroups[].agentGroups[].teamId``."""
    parts = path.split(".")

    def walk(node: Any, i: int) -> Iterable[Any]:
        if i == len(parts):
            yield node
            return
        key = parts[i]
        many = key.endswith("[]")
        key = key[:-2] if many else key
        if not isinstance(node, dict) or node.get(key) is None:
            return
        value = node[key]
        if many:
            for v in value if isinstance(value, list) else []:
                yield from walk(v, i + 1)
        else:
            yield from walk(value, i + 1)

    def ids_at(data: dict) -> list[str]:
        return [v for v in walk(data, 0) if isinstance(v, str) and v]

    return ids_at


@dataclass
class Ref:
    """An outgoing reference: the ids at ``path`` must be ``kind`` entities of the same org."""

    path: str
    kind: str
    when: Callable[[dict], bool] | None = None  # only checked when this holds (e.g. parentType SITE)
    by: str = "id"  # the target's field the values name (an outdial ANI entry names a dial number's dialledNumber)

    def __post_init__(self) -> None:
        self.ids = collect(self.path)
        self.label = self.path.replace("[]", "")

    def key_of(self, row: Any) -> Any:
        return row.id if self.by == "id" else row.data.get(self.by)

    def target(self, ctx: "Ctx", value: str) -> Any:
        if self.by == "id":
            return ctx.find(self.kind, value)
        return next((r for r in ctx.rows(self.kind) if r.data.get(self.by) == value), None)


@dataclass
class Paths:
    create: tuple[str, ...]
    item: tuple[str, ...]  # GET and PUT
    delete: tuple[str, ...]
    v1_list: str | None
    v2_list: str | None
    references: str | None
    bulk: str | None
    v1_paged: bool = True
    v1_deprecated: bool = False
    patch_bulk: bool = False  # PATCH …/bulk: partial updates (the item's fields replace the current ones)
    bulk_export: str | None = None  # GET …/bulk-export: the export format (names instead of ids)
    purge: str | None = None  # POST …/purge-inactive-entities
    v1_undocumented: bool = False  # a list real tenants serve that Cisco's spec leaves out
    put: bool = True  # item paths take PUT (auto CSAT questions: GET and DELETE only)


def std_paths(p: str, **over: Any) -> Paths:
    base = dict(create=(p,), item=(p,), delete=(p,), v1_list=p, v2_list=f"v2/{p}",
                references=p, bulk=f"{p}/bulk")
    base.update(over)
    return Paths(**base)


Rule = Callable[["Ctx", dict, "WxccEntity | None", list[str]], None]
PARENT = "_parentId"  # in a child entity's data (address-book entry, outdial ANI entry): its parent's id
PURGE_AFTER_MS = 30 * 24 * 3600 * 1000  # "older than the configured interval": 30 days (decision)


@dataclass
class Resource:
    kind: str  # path segment and the entity name in messages
    tag: str  # Cisco's OpenAPI tag
    title: str  # for summaries: "site", "desktop profile"
    model: type[BaseModel]  # the request DTO (real field names)
    paths: Paths
    create_status: int = 201
    delete_status: int = 204
    refs: list[Ref] = field(default_factory=list)
    list_omit: tuple[str, ...] = ()  # array fields that list rows leave out
    filter_exclude: tuple[str, ...] = ("organizationId", "createdTime", "lastUpdatedTime")
    search_fields: tuple[str, ...] = ("name", "description")
    immutable: tuple[str, ...] = ()
    unique_scope: Callable[[dict], str] | None = lambda d: ""  # None: names need not be unique
    unique_label: Callable[["Ctx", dict], str] | None = None  # "in site 'Site'" for the 409 text
    rules: list[Rule] = field(default_factory=list)
    decorate: Callable[["Ctx", dict, bool], None] | None = None  # response-only fields
    after_write: Callable[["Ctx", WxccEntity, dict], None] | None = None
    virtual_filters: dict[str, Callable[["Ctx", dict], Any]] = field(default_factory=dict)
    response_extra: dict[str, Any] = field(default_factory=dict)  # documented response-only fields
    key: str = ""  # registry key; a second wire form of the same kind (v1 address book) has its own
    export: Callable[["Ctx", dict], dict] | None = None  # one bulk-export row from a wire row
    export_type: str | None = None  # the field bulk-export's required ``type`` parameter selects on
    parent: str | None = None  # child entities: the parent's kind (the parent id is data[PARENT])
    parent_param: str = ""  # the parent's path parameter: ``addressBookId``
    children: tuple[str, ...] = ()  # child kinds deleted with the entity
    active_field: str | None = "active"  # what purge-inactive-entities looks at
    unique_field: str = "name"  # what the uniqueness key (and the 409) is about
    after_delete: Callable[["Ctx", WxccEntity], None] | None = None  # e.g. drop a file's bytes

    def __post_init__(self) -> None:
        self.key = self.key or self.kind

    def route_paths(self) -> list[str]:
        """Every path its operations take, after ``/organization/{orgid}/`` (routes.py mounts them)."""
        out: list[str] = []
        for f in fields(self.paths):
            value = getattr(self.paths, f.name)
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(value)
        return out


REGISTRY: dict[str, Resource] = {}
_REFERRERS: dict[str, list[tuple[Resource, Ref]]] = {}


def register(res: Resource) -> Resource:
    REGISTRY[res.key] = res
    _REFERRERS.clear()
    return res


def referrers(kind: str) -> list[tuple[Resource, Ref]]:
    if kind not in _REFERRERS:
        seen: set[tuple[str, str]] = set()
        out = []
        for r in REGISTRY.values():  # two wire forms of one kind declare the same references once
            for ref in r.refs:
                if ref.kind == kind and (r.kind, ref.path) not in seen:
                    seen.add((r.kind, ref.path))
                    out.append((r, ref))
        _REFERRERS[kind] = out
    return _REFERRERS[kind]


# --- a unit of work -----------------------------------------------------------------------------
class Ctx:
    """One request's view of one org: a session plus per-kind row caches."""

    def __init__(self, session: Session, org_id: str, pod: int) -> None:
        self.session = session
        self.org_id = org_id
        self.pod = pod
        self._rows: dict[str, list[WxccEntity]] = {}

    def rows(self, kind: str) -> list[WxccEntity]:
        if kind not in self._rows:
            stmt = select(WxccEntity).where(WxccEntity.org_id == self.org_id, WxccEntity.kind == kind)
            self._rows[kind] = list(self.session.exec(stmt).all())
        return self._rows[kind]

    def read_only_rows(self, kind: str) -> list[Any]:
        """Rows for reading only (lists): plain rows, no ORM identity map, and the JSON of ``data``
        parsed once per distinct text (the text is the cache key, so the cache is never stale)."""
        if kind in self._rows:
            return self._rows[kind]
        t = WxccEntity.__table__
        stmt = sa_select(t.c.org_id, t.c.id, t.c.name, t.c.version, t.c.system_default, t.c.created_ms,
                         t.c.updated_ms, type_coerce(t.c.data, Text).label("data")).where(
            t.c.org_id == self.org_id, t.c.kind == kind)
        return [_ReadRow(*r) for r in self.session.execute(stmt).all()]

    def find(self, kind: str, id_: str) -> WxccEntity | None:
        for r in self.rows(kind):
            if r.id == id_:
                return r
        return None

    def get(self, res: Resource, id_: str, parent_id: str | None = None) -> WxccEntity:
        if not isinstance(id_, str) or not id_:
            raise bad_request([f"id: must be a non-empty string, got {type(id_).__name__}."], entity=res.kind)
        row = self.session.get(WxccEntity, id_)
        if row is None or row.org_id != self.org_id or row.kind != res.kind or (
                parent_id is not None and row.data.get(PARENT) != parent_id):
            raise not_found(res.kind, id_)
        return row

    def asset(self, asset_id: str) -> WxccAsset | None:
        """A registered asset by Connect's internal id or by the App ID the portal shows (a_...)."""
        a = self.session.get(WxccAsset, asset_id)
        if a is None:
            a = self.session.exec(select(WxccAsset).where(WxccAsset.org_id == self.org_id,
                                                          WxccAsset.app_id == asset_id)).first()
        return a if a is not None and a.org_id == self.org_id else None

    def assets(self) -> list[WxccAsset]:
        return list(self.session.exec(select(WxccAsset).where(WxccAsset.org_id == self.org_id)
                                      .order_by(WxccAsset.name)).all())

    def forget(self, kind: str | None = None) -> None:
        if kind is None:
            self._rows.clear()
        else:
            self._rows.pop(kind, None)


_PARSED: dict[str, dict] = {}
_PARSED_MAX = 20000


def _parsed(text: Any) -> dict:
    if not isinstance(text, str):  # drivers that hand JSON back already parsed
        return text
    d = _PARSED.get(text)
    if d is None:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        d = _PARSED[text] = json.loads(text)
    return d


class _ReadRow:
    __slots__ = ("org_id", "id", "name", "version", "system_default", "created_ms", "updated_ms", "data")

    def __init__(self, org_id: str, id_: str, name: str, version: int, system_default: bool, created_ms: int,
                 updated_ms: int, data: Any) -> None:
        self.org_id, self.id, self.name, self.version = org_id, id_, name, version
        self.system_default, self.created_ms, self.updated_ms = system_default, created_ms, updated_ms
        self.data = _parsed(data)


# --- wire shapes --------------------------------------------------------------------------------
def wire(ctx: Ctx, res: Resource, row: WxccEntity, full: bool = True) -> dict:
    out: dict[str, Any] = {"organizationId": row.org_id, "id": row.id, "version": row.version}
    out.update(row.data)
    out["systemDefault"] = row.system_default
    out["createdTime"] = row.created_ms
    out["lastUpdatedTime"] = row.updated_ms
    if res.parent is not None:
        out.pop(PARENT, None)
    if res.decorate is not None:
        res.decorate(ctx, out, full)
    return out


def dto_data(model: BaseModel) -> dict:
    return model.model_dump(mode="json", exclude_none=True, exclude=set(COMMON), by_alias=True)


def entity_info(row: WxccEntity) -> dict:
    return {"id": row.id, "name": row.name, "version": row.version,
            "createdDate": iso_ms(row.created_ms), "lastModifiedDate": iso_ms(row.updated_ms)}


# --- writes -------------------------------------------------------------------------------------
def _check(ctx: Ctx, res: Resource, data: dict, existing: WxccEntity | None) -> None:
    errors: list[str] = []
    name = data.get("name")
    if isinstance(name, str) and not name.strip():
        errors.append("name: must not be blank.")
    if existing is not None:
        for f in res.immutable:
            if f in existing.data and data.get(f) != existing.data.get(f):
                errors.append(f"{f}: cannot be modified.")
    for rule in res.rules:
        rule(ctx, data, existing, errors)
    for ref in res.refs:
        if ref.when is not None and not ref.when(data):
            continue
        for id_ in ref.ids(data):
            if ref.target(ctx, id_) is None:
                what = "not found for given orgId" if ref.by == "id" else f"no {ref.kind} with this {ref.by} in the organization"
                errors.append(f"{ref.label}: {what}.")
                break
    if errors:
        raise bad_request(list(dict.fromkeys(errors)), entity=res.kind,
                          reason="dependency exists" if all("not found" in e for e in errors) else None)


def _unique_key(res: Resource, data: dict) -> str | None:
    if res.unique_scope is None:
        return None
    return f"{res.unique_scope(data)}|{str(data.get(res.unique_field, '')).strip().lower()}"


def _check_unique(ctx: Ctx, res: Resource, data: dict, key: str | None, self_id: str | None) -> None:
    if key is None:
        return
    for r in ctx.rows(res.kind):
        if r.unique_key == key and r.id != self_id:
            where = res.unique_label(ctx, data) if res.unique_label else "in the organization"
            f = res.unique_field
            text = (f"name: a {res.title} named '{data.get('name')}' already exists {where}." if f == "name"
                    else f"{f}: a {res.title} with {f} '{data.get(f)}' already exists {where}.")
            if self_id is None:
                raise conflict(res.kind, text)
            raise bad_request([text], entity=res.kind, reason="Similar entity is already present")


def _commit(ctx: Ctx, res: Resource, data: dict) -> None:
    try:
        ctx.session.commit()
    except IntegrityError:
        ctx.session.rollback()
        raise conflict(res.kind, f"name: a {res.title} named '{data.get('name')}' already exists.") from None


def create(ctx: Ctx, res: Resource, model: BaseModel, *, new_id: str | None = None,
           parent_id: str | None = None) -> dict:
    data = dto_data(model)
    if parent_id is not None:
        data[PARENT] = parent_id
    _check(ctx, res, data, None)
    key = _unique_key(res, data)
    _check_unique(ctx, res, data, key, None)
    now = clock.now_ms()
    existing_rows = ctx.rows(res.kind)  # load before the new row is in the session
    row = WxccEntity(id=new_id or ids.uuid(), pod=ctx.pod, org_id=ctx.org_id, kind=res.kind,
                     name=str(data.get("name", "")), unique_key=key, version=0, system_default=False,
                     created_ms=now, updated_ms=now, data=data)
    ctx.session.add(row)
    existing_rows.append(row)
    if res.after_write is not None:
        res.after_write(ctx, row, data)
    _commit(ctx, res, data)
    return wire(ctx, res, row)


def incoming(ctx: Ctx, res: Resource, row: WxccEntity) -> list[tuple[str, WxccEntity]]:
    """Who refers to ``row``; a child entity's reference is reported as its parent's (an outdial ANI
    entry naming a dial number shows as the outdial ANI)."""
    found: list[tuple[str, WxccEntity]] = []
    for other, ref in referrers(res.kind):
        key = ref.key_of(row)
        if not key:
            continue
        for r in ctx.rows(other.kind):
            if r.id != row.id and key in ref.ids(r.data):
                kind, who = other.kind, r
                if other.parent is not None:
                    kind, who = other.parent, ctx.find(other.parent, r.data.get(PARENT, ""))
                    if who is None:
                        continue
                if (kind, who) not in found:
                    found.append((kind, who))
    return found


def sync_children(ctx: Ctx, child: Resource, parent: WxccEntity, items: list[dict]) -> None:
    """A parent written with its children embedded (v1 address book, outdial ANI): the list replaces
    the children; an item with a known ``id`` updates it, one without is created."""
    try:
        models = [child.model.model_validate(it) for it in items]
    except ValidationError as e:
        raise bad_request(validation_details(e), entity=child.kind) from None
    current = {r.id: r for r in ctx.rows(child.kind) if r.data.get(PARENT) == parent.id}
    now = parent.updated_ms
    keys: set[str | None] = set()
    planned: list[tuple[WxccEntity | None, dict, str | None]] = []
    for m in models:
        data = dto_data(m)
        data[PARENT] = parent.id
        old = current.get(m.id or "")
        errors: list[str] = []
        for rule in child.rules:
            rule(ctx, data, old, errors)
        for ref in child.refs:
            if any(ref.target(ctx, v) is None for v in ref.ids(data)):
                errors.append(f"{ref.label}: no {ref.kind} with this {ref.by} in the organization.")
        if errors:
            raise bad_request(list(dict.fromkeys(errors)), entity=child.kind)
        key = _unique_key(child, data)
        if key is not None and key in keys:
            raise bad_request([f"{child.unique_field}: '{data.get(child.unique_field)}' appears twice."], entity=child.kind)
        keys.add(key)
        planned.append((old, data, key))
    kept = {old.id for old, _, _ in planned if old is not None}
    for id_, r in current.items():
        if id_ not in kept:
            ctx.session.delete(r)
    ctx.session.flush()  # deletions first: a new child may reuse a removed one's name
    for old, data, key in planned:
        if old is None:
            ctx.session.add(WxccEntity(id=ids.uuid(), pod=ctx.pod, org_id=ctx.org_id, kind=child.kind,
                                       name=str(data.get("name", "")), unique_key=key, version=0,
                                       system_default=False, created_ms=now, updated_ms=now, data=data))
        elif old.data != data:
            old.data, old.name, old.unique_key = data, str(data.get("name", "")), key
            old.version += 1
            old.updated_ms = now
            ctx.session.add(old)
    ctx.forget(child.kind)


def children_of(ctx: Ctx, child: Resource, parent_id: str) -> list[dict]:
    rows = sorted((r for r in ctx.rows(child.kind) if r.data.get(PARENT) == parent_id),
                  key=lambda r: (r.created_ms, r.name.lower(), r.id))
    return [wire(ctx, child, r) for r in rows]


def _refs_for_error(found: list[tuple[str, WxccEntity]]) -> list[tuple[str, list[dict]]]:
    by_kind: dict[str, list[dict]] = {}
    for kind, r in found:
        by_kind.setdefault(kind, []).append({"id": r.id, "name": r.name})
    return list(by_kind.items())


def update(ctx: Ctx, res: Resource, row: WxccEntity, model: BaseModel) -> dict:
    body_id = getattr(model, "id", None)
    if body_id and body_id != row.id:
        raise bad_request([f"id: {body_id} does not match the id in the path ({row.id})."], entity=res.kind)
    data = dto_data(model)
    if PARENT in row.data:
        data[PARENT] = row.data[PARENT]
    _check(ctx, res, data, row)
    key = _unique_key(res, data)
    _check_unique(ctx, res, data, key, row.id)
    if row.data.get("active", True) and data.get("active") is False:
        found = incoming(ctx, res, row)
        if found:
            raise referenced(res.kind, "it cannot be deactivated while it is referenced", _refs_for_error(found))
    row.data = data
    row.name = str(data.get("name", row.name))
    row.unique_key = key
    row.version += 1
    row.updated_ms = max(clock.now_ms(), row.updated_ms)
    ctx.session.add(row)
    if res.after_write is not None:
        res.after_write(ctx, row, data)
    _commit(ctx, res, data)
    return wire(ctx, res, row)


def delete(ctx: Ctx, res: Resource, row: WxccEntity) -> None:
    if row.system_default:
        raise referenced(res.kind, "a system default entity cannot be deleted", [])
    found = incoming(ctx, res, row)
    if found:
        raise referenced(res.kind, "it cannot be deleted while it is referenced", _refs_for_error(found))
    for kind in res.children:
        for child in ctx.rows(kind):
            if child.data.get(PARENT) == row.id:
                ctx.session.delete(child)
        ctx.forget(kind)
    if res.after_delete is not None:
        res.after_delete(ctx, row)
    ctx.session.delete(row)
    ctx.session.commit()


def purge_inactive(ctx: Ctx, res: Resource, next_start_id: str = "", batch: int = 100) -> dict:
    """Deletes inactive entities last changed more than ``PURGE_AFTER_MS`` ago that nothing
    references, in id order from ``nextStartId``, ``batch`` at a time."""
    cutoff = clock.now_ms() - PURGE_AFTER_MS
    purged: list[str] = []
    skipped: list[dict] = []
    next_id = ""
    for row in sorted(ctx.rows(res.kind), key=lambda r: r.id):
        if next_start_id and row.id < next_start_id:
            continue
        if row.system_default or res.active_field is None or row.data.get(res.active_field, True) is not False:
            continue
        if row.updated_ms > cutoff:
            continue
        if len(purged) == batch:
            next_id = row.id
            break
        if incoming(ctx, res, row):
            skipped.append({"id": row.id, "name": row.name, "reason": "referenced"})
            continue
        purged.append(row.id)
        ctx.session.delete(row)
    ctx.session.commit()
    ctx.forget(res.kind)
    details: dict[str, Any] = {"entity": res.kind, "purgedCount": len(purged), "purgedIds": purged,
                               "skipped": skipped}
    if next_id:
        details["nextStartId"] = next_id
    # Cisco's `Response.details` is a map of objects: the summary is one entry of it.
    return {"code": 200, "details": {"purge": details}, "links": []}


def bulk_export(ctx: Ctx, res: Resource, page: int, size: int, type_: str | None) -> dict:
    """Cisco's export format: ``{totalResources, pageNumber, pageSize, rel, resources}``, each
    resource the export DTO (names instead of ids)."""
    if page < 0 or size < 1:
        raise bad_request(["page/pageSize: page must be >= 0 and pageSize >= 1."], entity=res.kind)
    size = min(size, MAX_PAGE_SIZE)
    rows = sorted(ctx.read_only_rows(res.kind), key=lambda r: (r.created_ms, r.name.lower(), r.id))
    items = [wire(ctx, res, r) for r in rows]
    if res.export_type and type_:
        items = [i for i in items if i.get(res.export_type) == type_]
    total = len(items)
    chunk = items[page * size:(page + 1) * size]
    assert res.export is not None
    return {"totalResources": total, "pageNumber": page, "pageSize": size,
            "rel": "next" if (page + 1) * size < total else "last",
            "resources": [res.export(ctx, i) for i in chunk]}


def exporter(fields: tuple[str, ...], names: dict[str, tuple[str, str]] | None = None,
             convert: dict[str, Callable[["Ctx", Any], Any]] | None = None) -> Callable[[Ctx, dict], dict]:
    """An export row: ``fields`` as they are; ``names`` maps an export field to (the id field, its
    kind) and writes the referenced entity's name; ``convert`` rewrites a field."""
    names = names or {}
    convert = convert or {}

    def export(ctx: Ctx, row: dict) -> dict:
        out: dict[str, Any] = {}
        for f in fields:
            if f in convert:
                v = convert[f](ctx, row)
            elif f in names:
                id_field, kind = names[f]
                ref = ctx.find(kind, row.get(id_field) or "")
                v = ref.name if ref is not None else None
            else:
                v = row.get(f)
            if v is not None:
                out[f] = v
        return out

    return export


# --- lists --------------------------------------------------------------------------------------
@dataclass
class ListQuery:
    filter: str | None = None
    attributes: str | None = None
    search: str | None = None
    page: int = 0
    pageSize: int = DEFAULT_PAGE_SIZE
    singleObjectResponse: bool = False
    paged: bool = True
    extra: dict[str, str] = field(default_factory=dict)  # other query params, kept in links
    parent_id: str | None = None  # child entities: only the parent's
    full: bool = False  # rows with their array fields (v3 queue list)


def _getter(ctx: Ctx, res: Resource) -> Callable[[dict, str], Any]:
    def get(row: dict, selector: str) -> Any:
        if selector in res.virtual_filters:
            return res.virtual_filters[selector](ctx, row)
        node: Any = row
        for part in selector.split("."):
            if isinstance(node, list):  # nested arrays flatten: any element may match
                flat: list[Any] = []
                for n in node:
                    v = n.get(part) if isinstance(n, dict) else None
                    flat.extend(v if isinstance(v, list) else [v])
                node = flat
            elif isinstance(node, dict):
                node = node.get(part)
            else:
                return None
        return node

    return get


def filterable(res: Resource) -> set[str]:
    return (set(res.model.model_fields) | set(COMMON) | set(res.virtual_filters) | set(res.response_extra)) - set(
        res.filter_exclude)


def _filter(ctx: Ctx, res: Resource, rows: list[dict], text: str, v1: bool) -> list[dict]:
    try:
        expr = rsql.parse(text)
    except rsql.RsqlError as e:
        raise bad_request([f"filter: {e}."], entity=res.kind) from None
    allowed = {"id"} if v1 else filterable(res)
    for s in rsql.selectors(expr):
        if s.split(".")[0] not in allowed:
            raise bad_request([f"filter: field '{s}' is not supported; supported fields: {', '.join(sorted(allowed))}."],
                              entity=res.kind)
    test = rsql.compile_filter(expr, _getter(ctx, res))
    return [r for r in rows if test(r)]


def _search(res: Resource, rows: list[dict], text: str) -> list[dict]:
    fields, needle = list(res.search_fields), text
    try:
        expr = rsql.parse(text)
        cmps = [expr] if isinstance(expr, rsql.Cmp) else (expr.children if expr.op == "and" else [])
        named = {c.selector: c for c in cmps if isinstance(c, rsql.Cmp)}
        if "value" in named and ("field" in named or "fields" in named):
            wanted = (named.get("field") or named["fields"]).args
            bad = [f for f in wanted if f not in res.search_fields]
            if bad:
                raise bad_request([f"search: field '{bad[0]}' is not searchable; searchable: {', '.join(res.search_fields)}."],
                                  entity=res.kind)
            fields, needle = wanted, named["value"].args[0]
    except rsql.RsqlError:
        pass
    n = needle.strip().strip('"').lower()
    return [r for r in rows if any(n in str(r.get(f, "")).lower() for f in fields)]


def _project(row: dict, omit: tuple[str, ...], attrs: list[str] | None) -> dict:
    """Rows here are fresh dicts from ``wire``: dropping keys in place is safe and cheap."""
    if attrs:
        return {k: row[k] for k in attrs if k in row}
    for k in omit:
        row.pop(k, None)
    return row


def query(ctx: Ctx, res: Resource, q: ListQuery, *, v1: bool) -> tuple[list[dict], int]:
    if q.page < 0:
        raise bad_request(["page: must be greater than or equal to 0."], entity=res.kind)
    if q.pageSize < 1:
        raise bad_request(["pageSize: must be greater than or equal to 1."], entity=res.kind)
    rows = sorted(ctx.read_only_rows(res.kind), key=lambda r: (r.created_ms, r.name.lower(), r.id))
    if q.parent_id is not None:
        rows = [r for r in rows if r.data.get(PARENT) == q.parent_id]
    items = [wire(ctx, res, r, full=q.singleObjectResponse or q.full) for r in rows]
    if q.filter:
        items = _filter(ctx, res, items, q.filter, v1)
    if q.search and not v1:
        items = _search(res, items, q.search)
    if q.singleObjectResponse and len(items) > 1:
        raise bad_request(["singleObjectResponse: can be used only when the result holds a single record."],
                          entity=res.kind)
    total = len(items)
    if q.paged:
        start = q.page * q.pageSize
        items = items[start:start + q.pageSize]
    attrs = [a.strip() for a in q.attributes.split(",") if a.strip()] if q.attributes else None
    omit = () if q.singleObjectResponse or q.full else res.list_omit
    return [_project(r, omit, attrs) for r in items], total


def envelope(ctx: Ctx, res: Resource, q: ListQuery, path: str) -> dict:
    q.pageSize = min(q.pageSize, MAX_PAGE_SIZE)
    data, total = query(ctx, res, q, v1=False)
    pages = math.ceil(total / q.pageSize) if total else 0
    base = f"/organization/{ctx.org_id}/{path}"

    def link(page: int) -> str:
        params = {**q.extra, "page": page, "pageSize": q.pageSize}
        return f"{base}?{urlencode(params)}"

    links = {"self": link(q.page)}
    if pages:
        links["first"] = link(0)
        links["last"] = link(pages - 1)
    if q.page + 1 < pages:
        links["next"] = link(q.page + 1)
    if 0 < q.page <= pages:
        links["prev"] = link(q.page - 1)
    meta = {"orgid": ctx.org_id, "page": q.page, "pageSize": q.pageSize, "totalPages": pages,
            "totalRecords": total, "links": links}
    return {"meta": meta, "data": data}


def references_page(ctx: Ctx, res: Resource, row: WxccEntity, type_: str | None, page: int, size: int,
                    path: str) -> dict:
    if page < 0 or size < 1:
        raise bad_request(["page/pageSize: page must be >= 0 and pageSize >= 1."], entity=res.kind)
    size = min(size, MAX_PAGE_SIZE)
    found = incoming(ctx, res, row)
    kinds = sorted({k for k, _ in found})
    if type_:
        found = [(k, r) for k, r in found if k == type_]
    total = len(found)
    pages = math.ceil(total / size) if total else 0
    chunk = found[page * size:(page + 1) * size]
    q = urlencode({k: v for k, v in {"type": type_, "page": page, "pageSize": size}.items() if v is not None})
    data = []
    for kind, r in chunk:
        info = entity_info(r)
        info["additionalAttributes"] = {"type": kind}
        data.append(info)
    return {
        "description": f"Entities referring to {res.kind} {row.id}.",
        "meta": {"orgid": ctx.org_id, "page": page, "pageSize": size, "totalPages": pages, "totalRecords": total,
                 "links": {"self": f"/organization/{ctx.org_id}/{path}/{row.id}/incoming-references?{q}"},
                 "referencedEntities": kinds, "currentEntity": res.kind},
        "data": data,
    }


# --- bulk ---------------------------------------------------------------------------------------
class BulkItem(BaseModel):
    itemIdentifier: int
    item: dict[str, Any] | None = None
    requestAction: str


class BulkRequest(BaseModel):
    items: list[BulkItem]


def validation_details(e: ValidationError) -> list[str]:
    out = []
    for err in e.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        out.append(f"{loc or 'item'}: is required" if err.get("type") == "missing" else f"{loc}: {err.get('msg')}")
    return out


def bulk(session: Session, org_id: str, pod: int, res: Resource, body: BulkRequest,
         *, can_create: bool = True, can_delete: bool = True, path: str | None = None, merge: bool = False,
         parent_id: str | None = None) -> dict:
    """Each item is its own transaction in the request's session: committed when it succeeds, rolled
    back when it fails, what the items before it did stays."""
    out = []
    href_base = f"/api/organization/{org_id}/{path or res.paths.item[0]}"
    for it in body.items:
        action = it.requestAction.upper()
        item = it.item or {}
        existing_id = item.get("id")
        op = "DELETE" if action == "DELETE" else ("UPDATE" if existing_id else "CREATE")
        entry: dict[str, Any] = {"itemIdentifier": it.itemIdentifier, "operationType": op}
        session.expire_all()  # read afresh what others committed since the item before
        ctx = Ctx(session, org_id, pod)
        try:
            if action not in ("SAVE", "DELETE"):
                raise bad_request(["requestAction: must be SAVE or DELETE."], entity=res.kind)
            if op == "DELETE":
                if not can_delete:
                    raise ApiError(405, "Method not allowed.", [f"{res.kind} entities cannot be deleted."])
                if not existing_id:
                    raise bad_request(["item.id: is required to delete."], entity=res.kind)
                delete(ctx, res, ctx.get(res, existing_id, parent_id))
                entry["status"] = 204 if res.delete_status == 204 else 200
                entry["href"] = f"{href_base}/{existing_id}"
            else:
                if merge:
                    if not existing_id:
                        raise bad_request(["item.id: is required for a partial update."], entity=res.kind)
                    current = wire(ctx, res, ctx.get(res, existing_id, parent_id))
                    item = {**{k: v for k, v in current.items() if k in res.model.model_fields}, **item}
                try:
                    model = res.model.model_validate(item)
                except ValidationError as e:
                    raise bad_request(validation_details(e), entity=res.kind) from None
                if existing_id:
                    result = update(ctx, res, ctx.get(res, existing_id, parent_id), model)
                    entry["status"] = 200
                else:
                    if not can_create:
                        raise bad_request(["item.id: is required (this resource cannot be created)."], entity=res.kind)
                    result = create(ctx, res, model, parent_id=parent_id)
                    entry["status"] = 201
                entry["href"] = f"{href_base}/{result['id']}"
        except ApiError as err:
            session.rollback()
            entry["status"] = err.status
            entry["apiError"] = render_config(err, ids.tracking("ccconfig"))
        out.append(entry)
    return {"items": out}
