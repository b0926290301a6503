"""Small HTTP helpers shared by every product's routes.

Documenting a response with FastAPI's `response_model=` or `responses={..: {"model": M}}` builds
a pydantic field per route and status, which made start-up cost ~6 ms a route. Routes here return
ready `Response`s, so models serve only the OpenAPI document: `documented()` puts a `$ref` in the
route and the schema once in `components`, at no cost when the app starts.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response

_HTTP_REASONS = {
    400: "Bad request: a parameter or the body is invalid.",
    401: "Missing, unknown or expired access token.",
    403: "The token lacks a scope or role, or the data belongs to another organization.",
    404: "No such resource.",
    409: "Conflicts with existing state.",
    412: "Precondition failed: other entities reference this one.",
    429: "Rate limited (injected fault); see Retry-After.",
}

_components: dict[str, Any] = {}  # name -> model (or type) whose JSON schema goes to components


def dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json", headers=headers)


def schema_ref(model: Any) -> dict[str, Any]:
    """A JSON-schema reference to `model` (a pydantic model, or list[Model])."""
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


def documented(model: Any, description: str = "OK", media_type: str = "application/json") -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": schema_ref(model)}}}


def error_responses(model: type, *codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error codes an operation documents."""
    return {code: documented(model, _HTTP_REASONS.get(code, "Error")) for code in codes}


def install_openapi(app: FastAPI) -> None:
    """Adds the schemas referenced by documented() to the generated document's components."""
    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = base()
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        from pydantic import TypeAdapter

        for name, model in sorted(_components.items()):
            if name in schemas:
                continue
            js = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
            for dname, dschema in js.pop("$defs", {}).items():
                schemas.setdefault(dname, dschema)
            schemas[name] = js
        doc["components"]["schemas"] = dict(sorted(schemas.items()))
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def include(app: FastAPI, router: Any) -> None:
    """Adds a router's routes to the app itself, flat.

    FastAPI's include_router keeps each router as a nested matcher walked twice per request;
    routes built with the router's prefix already carry their full path, so they can sit
    directly in the app's route list and be matched once.
    """
    app.router.routes.extend(router.routes)
