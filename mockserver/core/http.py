"""Small HTTP helpers shared by every product's routes.

Documenting a response with FastAPI's `response_model=` or `responses={..: {"model": M}}` builds
a pydantic field per route and status, which made start-up cost ~6 ms a route. Routes here return
ready `Response`s, so models serve only the OpenAPI document: `documented()` puts a `$ref` in the
route and the schema once in `components`, at no cost when the app starts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic_core import to_json as _to_json

from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match


_HTTP_REASONS = {
    400: "Bad request: a parameter or the body is invalid.",
    401: "Missing, unknown or expired access token.",
    403: "The token lacks a scope or role, or the data belongs to another organization.",
    404: "No such resource.",
    409: "Conflicts with existing state.",
    412: "Precondition failed: other entities reference this one.",
    429: "Rate limited; see Retry-After.",
}

_components: dict[str, Any] = {}  # name -> model (or type) whose JSON schema goes to components


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON. pydantic_core's serializer (Rust; pydantic already depends on it) is ~4x
    the standard library's on list bodies; it writes what json.dumps wrote except the exponent of
    tiny floats (1.5e-7 for 1.5e-07), both valid JSON."""
    return _to_json(data)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json", headers=headers)


class LazyModel:
    """A model only the OpenAPI document needs, made when the document is: a documented response
    shape (a list row, a page envelope) is a pydantic class with its validator and serializer,
    and making them for every resource was a quarter of the configuration API's first request,
    and of its memory."""

    def __init__(self, name: str, make: Any) -> None:
        self.__name__ = self.__qualname__ = name
        self.__module__ = getattr(make, "__module__", __name__)
        self._make = make
        self._model: Any = None

    def get(self) -> Any:
        if self._model is None:
            self._model = self._make()
        return self._model


def schema_ref(model: Any) -> dict[str, Any]:
    """A JSON-schema reference to `model` (a pydantic model, a LazyModel, or list[one of them])."""
    origin = getattr(model, "__origin__", None)
    if origin is list:
        return {"type": "array", "items": schema_ref(model.__args__[0])}
    name = model.__name__
    known = _components.get(name)
    if known is not None and known is not model and (known.__module__, known.__qualname__) != (model.__module__, model.__qualname__):
        # Two models with one name would silently share one schema in the document.
        raise ValueError(f"OpenAPI component name clash: {name} is {known.__module__}.{name} and {model.__module__}.{name}")
    _components[name] = model
    return {"$ref": f"#/components/schemas/{name}"}


_documented: dict[tuple, dict[str, Any]] = {}


def documented(model: Any, description: str = "OK", media_type: str = "application/json") -> dict[str, Any]:
    """A response entry. Routes share one entry object per (model, text, type): a few hundred
    routes documenting the same errors kept a thousand copies (read only: the document copies
    what it takes)."""
    try:
        key: tuple | None = (model, description, media_type)
        hit = _documented.get(key)  # type: ignore[arg-type]
    except TypeError:  # an unhashable model annotation
        key, hit = None, None
    if hit is not None:
        schema_ref(model)  # still registered for this app's document
        return hit
    entry = {"description": description, "content": {media_type: {"schema": schema_ref(model)}}}
    if key is not None:
        _documented[key] = entry
    return entry


def error_responses(model: type, *codes: int, texts: dict[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error codes an operation documents (a product may give
    its own description per code)."""
    texts = texts or {}
    return {code: documented(model, texts.get(code) or _HTTP_REASONS.get(code, "Error")) for code in codes}


# --- typed dependencies ---------------------------------------------------------------------------


class ValidatedFirst(APIRoute):
    """A route whose whole request (path, query and body, including the parameters its dependencies
    declare) is validated before any dependency runs.

    FastAPI runs dependencies before it validates the endpoint's own parameters and body. Routes
    that used to check their caller inside the handler answered a malformed request 400 before
    looking at the caller; with this route class they keep that order while the caller, and the
    lookups chained on it, come in as typed dependencies.
    """

    def get_route_handler(self):  # noqa: ANN201
        from fastapi.dependencies.models import Dependant
        from fastapi.dependencies.utils import add_param_to_fields, get_flat_params
        from fastapi.routing import get_request_handler

        handler = super().get_route_handler()

        async def _accept(**_values: Any) -> Response:
            return Response()

        request_only = Dependant(call=_accept, path=self.path_format, body_params=list(self.dependant.body_params))
        for field in get_flat_params(self.dependant):
            add_param_to_fields(field=field, dependant=request_only)
        check = get_request_handler(dependant=request_only, body_field=self.body_field,
                                    embed_body_fields=self._embed_body_fields,
                                    strict_content_type=self.strict_content_type)

        async def app(request):  # noqa: ANN001, ANN202
            await check(request)  # raises RequestValidationError, as the handler would
            return await handler(request)

        return app


def install_openapi(app: FastAPI, finish: Any = None) -> None:
    """Adds the schemas referenced by documented() to the generated document's components;
    ``finish(doc)`` then adds what only the app knows (security schemes)."""
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        doc = get_openapi(title=app.title, version=app.version, openapi_version=app.openapi_version,
                          description=app.description, routes=api_routes(app), tags=app.openapi_tags,
                          servers=app.servers)
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        from pydantic import TypeAdapter

        for name, model in sorted(_components.items()):
            if name in schemas:
                continue
            if isinstance(model, LazyModel):
                model = model.get()
            js = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
            for dname, dschema in js.pop("$defs", {}).items():
                schemas.setdefault(dname, dschema)
            schemas[name] = js
        _declare_400_not_422(doc)
        if finish is not None:
            finish(doc)
        doc["components"]["schemas"] = dict(sorted(schemas.items()))
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def _declare_400_not_422(doc: dict[str, Any]) -> None:
    """A request that fails validation is answered 400 in the owning family's error shape (app.py's
    handler), never FastAPI's 422: the document says what is sent."""
    for ops in doc.get("paths", {}).values():
        for op in ops.values():
            responses = op.get("responses", {})
            if responses.pop("422", None) is None or "400" in responses:
                continue
            shape = next((r for code, r in sorted(responses.items()) if code[:1] == "4"), None)
            responses["400"] = {"description": "Invalid request: a parameter or body field (each named).",
                                **({"content": shape["content"]} if shape and "content" in shape else {})}
    schemas = doc.get("components", {}).get("schemas", {})
    text = json.dumps(doc["paths"])
    for name in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{name}" not in text:
            schemas.pop(name, None)


_VERSION = re.compile(r"^v\d+$")


def _route_key(path: str) -> tuple[int, str] | None:
    """Where a route template is told apart: its first literal segment after the product's first
    (skipping version markers such as v2), with its position; None when it has none."""
    parts = _unversioned(path)
    for i in range(2, len(parts)):
        seg = parts[i]
        if seg and "{" not in seg:
            return i, seg
    return None


def _unversioned(path: str) -> list[str]:
    """Path segments without version markers (v2, v3) past the first: /organization/{o}/v2/team
    and /organization/{o}/team then share their positions."""
    parts = path.split("/")
    return parts[:2] + [p for p in parts[2:] if not _VERSION.match(p)]


class _ProductRoutes(BaseRoute):
    """Every route under one first path segment (/v1, /organization, /sandbox, ...), matched as one.

    Starlette and FastAPI try a request against each route in turn, so with a few hundred routes
    a request to the last product paid ~0.7 ms just to be routed. The app's route list holds one
    of these per product; inside, routes are bucketed by their first distinguishing literal
    segment (`/organization/{orgId}/v2/team` -> "team"), and only one bucket is tried, in the
    order the products were set up (whichever was built first).
    """

    def __init__(self, segment: str) -> None:
        self.prefix = f"/{segment}"
        self.routes: list[Any] = []
        self.pending: list[_LazyProduct] = []  # built on any request under the segment
        self.pending_keyed: dict[tuple[int, str], list[_LazyProduct]] = {}  # built on a request in one of their buckets
        self._ranks: dict[int, tuple[int, int]] = {}  # id(route) -> (its product's rank, its place in the product)
        self._buckets: dict[tuple[int, str] | None, Any] | None = None
        self._positions: list[int] = []

    def add(self, route: Any, rank: int) -> None:
        self._ranks[id(route)] = (rank, len(self._ranks))
        self.routes.append(route)
        self._buckets = None

    def ordered(self) -> list[Any]:
        """The routes in the order their products were set up, each product's in its own order."""
        if self._buckets is None:
            self.routes.sort(key=lambda r: self._ranks[id(r)])
        return self.routes

    def _build(self) -> None:
        from fastapi import APIRouter

        self.ordered()
        keyed: dict[tuple[int, str] | None, list[Any]] = {}
        for route in self.routes:
            keyed.setdefault(_route_key(route.path), []).append(route)
        unkeyed = keyed.pop(None, [])
        buckets: dict[tuple[int, str] | None, Any] = {}
        for key in list(keyed) + [None]:
            members = set(map(id, keyed.get(key, []) + unkeyed))
            router = APIRouter()
            router.routes.extend(r for r in self.routes if id(r) in members)
            buckets[key] = router
        self._positions = sorted({k[0] for k in keyed})
        self._buckets = buckets

    def matches(self, scope: Any) -> tuple[Match, dict]:
        if scope["type"] in ("http", "websocket"):
            path = scope["path"]
            if path == self.prefix or path.startswith(self.prefix + "/"):
                return Match.FULL, {}
        return Match.NONE, {}

    def _load(self, hits: list[tuple[int, str]]) -> None:
        wanted, self.pending = self.pending, []
        for key in hits:
            wanted += self.pending_keyed.pop(key, ())
        for product in sorted(wanted, key=lambda p: -p.rank):  # the last registered first, as ever
            product.load()

    async def handle(self, scope: Any, receive: Any, send: Any) -> None:
        parts = _unversioned(scope["path"])
        if self.pending or self.pending_keyed:
            # most requests find their bucket built: only look, on the hot path
            hits = [(pos, parts[pos]) for pos in range(2, len(parts)) if (pos, parts[pos]) in self.pending_keyed]
            if hits or self.pending:
                self._load(hits)
        if self._buckets is None:
            self._build()
        assert self._buckets is not None
        router = None
        for pos in self._positions:
            if pos < len(parts):
                router = self._buckets.get((pos, parts[pos]))
                if router is not None:
                    break
        await (router or self._buckets[None])(scope, receive, send)


def _group(app: FastAPI, segment: str) -> _ProductRoutes:
    groups: dict[str, _ProductRoutes] = app.state.__dict__.setdefault("_product_routes", {})
    group = groups.get(segment)
    if group is None:
        group = groups[segment] = _ProductRoutes(segment)
        app.router.routes.append(group)
    return group


def _next_rank(app: FastAPI) -> int:
    rank = app.state.__dict__.get("_include_rank", 0)
    app.state.__dict__["_include_rank"] = rank + 1
    return rank


def bucket_of(path: str) -> str | None:
    """The literal segment a route template or request path is bucketed by (see _ProductRoutes)."""
    key = _route_key(path)
    return key[1] if key else None


class PartialRouter(APIRouter):
    """Makes the routes of some buckets only: a product built a bucket at a time (include_lazy's
    `under`, one bucket each). Route code declares every route as ever; the routes of other
    buckets are never made, and a mount function asks `wants` before building what only its
    routes need (a body model, say). `buckets=None`: every route."""

    def __init__(self, buckets: Any = None) -> None:
        super().__init__()
        self.buckets = None if buckets is None else frozenset(buckets)

    def wants(self, *paths: str) -> bool:
        return self.buckets is None or any(bucket_of(p) in self.buckets for p in paths)

    def add_api_route(self, path: str, endpoint: Any, **kwargs: Any) -> None:
        if self.wants(path):
            super().add_api_route(path, endpoint, **kwargs)


class _Slow(Exception):
    """A parameter the short way does not take as given: FastAPI's path answers the request."""


class _Node:
    """One dependency (or the endpoint) of a route the short way serves: what it is called with."""

    __slots__ = ("call", "name", "key", "use_cache", "generator", "request_name", "fields", "subs")

    def __init__(self, dependant: Any, key: Any) -> None:
        self.call = dependant.call
        self.name = dependant.name
        self.key = key
        self.use_cache = dependant.use_cache
        self.generator = False
        self.request_name = dependant.request_param_name
        # (keyword, where: "path" | "query", the name in the request, FastAPI's field, its error loc)
        self.fields: list[tuple[str, str, str, Any, tuple[str, str]]] = []
        self.subs: list[_Node] = []


def _plan(dependant: Any, endpoint: bool = False) -> _Node | None:
    """The route's dependency tree, if every part is one the short way serves exactly as FastAPI
    does: coroutine functions (and async generators closed before the response, as the request's
    session is), taking the request, path parameters and scalar query parameters; else None."""
    import inspect

    from fastapi.dependencies.utils import _get_param_aliases, _get_param_model, _is_json_field, field_annotation_is_sequence

    if any((dependant.header_params, dependant.cookie_params, dependant.body_params, dependant.websocket_param_name,
            dependant.http_connection_param_name, dependant.response_param_name,
            dependant.background_tasks_param_name, dependant.security_scopes_param_name, dependant.own_oauth_scopes,
            dependant.parent_oauth_scopes, getattr(dependant, "concurrency", None))):
        return None
    node = _Node(dependant, None if endpoint else (dependant.call, dependant.scope))
    if inspect.isasyncgenfunction(dependant.call):
        if endpoint or dependant.scope != "function":
            return None  # a "request"-scoped generator closes after the response: FastAPI's path
        node.generator = True
    elif not inspect.iscoroutinefunction(dependant.call):
        return None  # a sync callable runs in the thread pool
    for where, fields in (("path", dependant.path_params), ("query", dependant.query_params)):
        for field in fields:
            aliases = _get_param_aliases(field)
            if (len(aliases) != 1 or _get_param_model(field) is not None or _is_json_field(field)
                    or field_annotation_is_sequence(field.field_info.annotation)):
                return None
            alias = aliases[0][1]
            node.fields.append((field.name, where, alias, field, (where, alias)))
    for sub in dependant.dependencies:
        planned = _plan(sub)
        if planned is None:
            return None
        node.subs.append(planned)
    return node


def fast_path(route: Any) -> None:
    """Serves a GET route without FastAPI's per-request machinery (parameter introspection, body
    reading, exit stacks, telemetry hooks): under load that machinery was a third of GET
    /v1/people/me and half of a cached list of 100 queues.

    It takes the routes whose dependency tree `_plan` accepts. Each path and query parameter is
    read and validated as FastAPI does it (the same lookup, FastAPI's own validation of the same
    field, defaults copied the same way), all before any dependency runs; a parameter that fails
    validation sends the request down FastAPI's path, which refuses it with the same error in
    the same order relative to the gates. Then the dependencies run in FastAPI's order, each at
    most once per request (its cache), the request's session closed before the response as
    FastAPI closes a function-scoped generator; what they raise reaches the same exception
    handlers. Any other route keeps FastAPI's path, and so does this one while the app has
    dependency overrides."""
    import inspect
    from contextlib import AsyncExitStack, asynccontextmanager

    if not isinstance(route, APIRoute) or route.methods != {"GET"}:
        return
    dependant = getattr(route, "dependant", None)
    if dependant is None or not inspect.iscoroutinefunction(dependant.call):
        return
    returns = inspect.signature(dependant.call).return_annotation
    if returns not in ("Response", Response) and not (isinstance(returns, type) and issubclass(returns, Response)):
        return  # FastAPI serializes other return values (response_model, status_code)
    try:
        from fastapi.dependencies.utils import _validate_value_with_model_field
        from pydantic_core import PydanticUndefined

        root = _plan(dependant, endpoint=True)
    except (ImportError, AttributeError, TypeError):  # another FastAPI than the one this was written against
        return
    if root is None:
        return
    nodes: list[_Node] = []

    def walk(node: _Node) -> None:
        nodes.append(node)
        for sub in node.subs:
            walk(sub)

    walk(root)
    has_fields = any(n.fields for n in nodes)
    has_generators = any(n.generator for n in nodes)
    slow = route.app
    endpoint = dependant.call

    from starlette.requests import Request

    def read(request: Request) -> dict[int, dict[str, Any]]:
        given: dict[int, dict[str, Any]] = {}
        query = request.query_params
        path = request.path_params
        for node in nodes:
            if not node.fields:
                continue
            values: dict[str, Any] = {}
            for name, where, alias, field, loc in node.fields:
                value = (path if where == "path" else query).get(alias, None)
                value, errors = _validate_value_with_model_field(
                    field=field, value=PydanticUndefined if value is None else value, values=values, loc=loc)
                if errors:
                    raise _Slow
                values[name] = value
            given[id(node)] = values
        return given

    async def solve(node: _Node, request: Request, given: dict, done: dict, stack: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {node.request_name: request} if node.request_name else {}
        for sub in node.subs:
            if sub.use_cache and sub.key in done:
                value = done[sub.key]
            else:
                sub_kwargs = await solve(sub, request, given, done, stack)
                if sub.generator:
                    value = await stack.enter_async_context(asynccontextmanager(sub.call)(**sub_kwargs))
                else:
                    value = await sub.call(**sub_kwargs)
                done.setdefault(sub.key, value)
            if sub.name is not None:
                kwargs[sub.name] = value
        if node.fields:
            kwargs.update(given[id(node)])
        return kwargs

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["app"].dependency_overrides:
            await slow(scope, receive, send)
            return
        request = Request(scope, receive, send)
        try:
            given = read(request) if has_fields else {}
        except _Slow:
            await slow(scope, receive, send)
            return
        if has_generators:
            async with AsyncExitStack() as stack:
                response = await endpoint(**await solve(root, request, given, {}, stack))
        else:
            response = await endpoint(**await solve(root, request, given, {}, None))
        if not isinstance(response, Response):
            raise TypeError(f"{route.path}: {endpoint.__name__} returned {type(response).__name__}, not a Response")
        await response(scope, receive, send)

    route.app = app


def include(app: FastAPI, router: Any, rank: int | None = None) -> None:
    """Adds a product's routes to the app, grouped by first path segment (see _ProductRoutes);
    `rank` places a lazily built product where it was set up."""
    from mockserver.core.body import guard_route

    rank = _next_rank(app) if rank is None else rank
    for route in router.routes:
        fast_path(route)
        guard_route(route)
        _group(app, route.path.split("/")[1]).add(route, rank)


class _LazyProduct:
    def __init__(self, app: FastAPI, build: Any, under: tuple[str, ...] | None, rank: int) -> None:
        self.app = app
        self.build = build
        self.under = under
        self.rank = rank
        self.loaded = False
        self.keys: tuple[tuple[int, str], ...] | None = None
        if under is not None:
            keys = []
            for u in under:
                key = _route_key(u)
                # the prefix ends at its first literal past the product's segment (a route's
                # bucket), so "under the prefix" and "in the bucket" are one test
                if key is None or key[0] != len(_unversioned(u)) - 1:
                    raise ValueError(f"{u}: a lazy product's prefix must end at its bucket's literal segment")
                keys.append(key)
            self.keys = tuple(keys)

    def wanted(self, path: str) -> bool:
        """Whether a request to `path` may be this product's (every route of it lies under one of
        its `under` prefixes: tests/test_fast_paths.py checks)."""
        if self.keys is None:
            return True
        parts = _unversioned(path)
        return any(pos < len(parts) and parts[pos] == seg for pos, seg in self.keys)

    def load(self) -> None:
        if not self.loaded:
            self.loaded = True
            for router in self.build():
                include(self.app, router, self.rank)


def include_lazy(app: FastAPI, segments: list[str], build: Any, under: list[str] | None = None) -> None:
    """Registers a product whose routes are built on the first request under one of its path
    segments (or when the OpenAPI document is asked for); with `under`, only on a request under
    one of those prefixes (a segment several products share: /v1, /sandbox), each ending at a
    route bucket's literal segment (`/v1/agents`, `/organization/{orgid}/team`).

    FastAPI analyses every parameter and model of a route when the route is created: for the few
    hundred routes of all products that was most of the start-up time. Building a product's
    routes when it is first called keeps `serve` quick to answer, and a process that never calls
    a product never pays for it. `build()` returns the product's routers. Wherever it is built
    from, a product's routes are tried (and documented) in the order products were set up.
    """
    product = _LazyProduct(app, build, tuple(under) if under else None, _next_rank(app))
    app.state.__dict__.setdefault("_lazy_products", []).append(product)
    for segment in segments:
        group = _group(app, segment)
        if product.keys is None:
            group.pending.append(product)
        else:
            for key in product.keys:
                group.pending_keyed.setdefault(key, []).append(product)


def load_all(app: FastAPI) -> None:
    for product in app.state.__dict__.get("_lazy_products", []):
        product.load()
    for group in app.state.__dict__.get("_product_routes", {}).values():
        group.pending.clear()
        group.pending_keyed.clear()


_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method some route serves on this path (a 405's Allow header), in the usual order.
    Starlette's own 405 names only the first route that matched the path."""
    methods: set[str] = set()
    for route in api_routes(app):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path) and getattr(route, "methods", None):
            methods.update(route.methods)
    return sorted(methods, key=lambda m: (_METHOD_ORDER.index(m) if m in _METHOD_ORDER else 99, m))


def api_routes(app: FastAPI) -> list:
    """Every product route, for the OpenAPI document."""
    load_all(app)
    # In the order products were set up (their groups' order), whenever their routes were built.
    out = [r for r in app.routes if not isinstance(r, _ProductRoutes)]
    for group in app.routes:
        if isinstance(group, _ProductRoutes):
            out.extend(group.ordered())
    return out
