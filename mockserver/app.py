"""Builds the FastAPI app: each product's router, the error handlers, the one middleware."""

from __future__ import annotations

import logging
import time

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

import mockserver
from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.core.errors import ApiError, family_for
from mockserver.core.http import install_openapi, json_response
from mockserver.core.ids import ids
from mockserver.core.outbox import outbox
from mockserver.core.runtime import runtime
from mockserver.core.settings import Settings

log = logging.getLogger("mockserver")

DESCRIPTION = """
A stateful local emulation of Webex Contact Center, Webex Connect, Webex Engage and the slice of
Webex identity they stand on. Point a client's base URL here instead of `https://webexapis.com`
or `https://api.wxcc-us1.cisco.com`. The control plane under `/sandbox` seeds PODs, resets state,
moves the clock, mints tokens and injects faults.
"""


def _tracking(request: Request) -> str:
    tid = getattr(request.state, "tracking_id", None)
    return tid or ids.tracking(family_for(request.url.path).tracking_prefix)


def _render(request: Request, err: ApiError):  # noqa: ANN202
    tid = _tracking(request)
    body = family_for(request.url.path).render(err, tid)
    return json_response(body, status=err.status, headers={**err.headers, "TrackingId": tid})


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):  # noqa: ANN202
        return _render(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):  # noqa: ANN202
        details = []
        for e in exc.errors():
            msg = e.get("msg", "invalid")
            if e.get("type") == "json_invalid":
                details.append(f"body: not valid JSON ({e.get('ctx', {}).get('error', msg)})")
            elif e.get("type") == "missing":
                details.append(f"{_field(e.get('loc', ()))}: is required")
            elif e.get("type") == "extra_forbidden":
                details.append(f"{_field(e.get('loc', ()))}: is not a known field")
            else:
                details.append(f"{_field(e.get('loc', ()))}: {msg}")
        return _render(request, ApiError(400, "Invalid request.", details or ["The request is invalid."]))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        if exc.status_code == 404:
            err = ApiError(404, "Not found.", [f"No route for {request.method} {request.url.path}."])
        elif exc.status_code == 405:
            err = ApiError(405, "Method not allowed.", [f"{request.method} is not supported on {request.url.path}."],
                           headers=dict(exc.headers or {}))
        else:
            err = ApiError(exc.status_code, str(exc.detail), [str(exc.detail)])
        return _render(request, err)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # noqa: ANN202
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _render(request, ApiError(500, "Internal error.", [f"The sandbox failed: {type(exc).__name__}: {exc}"]))


def _share_state(settings: Settings) -> None:
    """With several processes on one database, the clock, fault rules, caches and the outbox's
    doorbell follow the database (core/shared.py)."""
    from mockserver.core.shared import shared
    from mockserver.core.timers import timers

    shared.enabled = settings.workers > 1 or settings.shared
    shared.attach(settings.shared_memory if shared.enabled else None)
    shared.register("clock", lambda v: clock.restore(v) if v else None)
    shared.register("timers", lambda _v: timers.refresh())
    shared.register("caches", lambda _v: timers.refresh())
    shared.register("outbox", lambda _v: outbox.drain())
    if shared.enabled:
        shared.listen(settings.effective_database_url)
    outbox.start(announce=(lambda: shared.publish("outbox")) if shared.enabled else None)
    shared.sync()


def _controlhub_settings(app: FastAPI) -> None:
    """Control Hub → Services → Contact Center → Settings (/controlhub/...): one page whose tabs two
    products serve — Connect the digital channels (General's service details, Digital), WxCC the
    settings its routing reads (General → Synchronize Users, Desktop → RONA timeouts). Mounted here,
    in the page's order, because neither product knows the other's routes."""
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.identity.public import render_identity

    register_family(ErrorFamily("controlhub", "/controlhub", "ROUTER", render_identity))
    include_lazy(app, ["controlhub"], _controlhub_routers)


def _controlhub_routers() -> list:
    from mockserver.connect.controlhub.routes import digital, general
    from mockserver.wxcc.settings.routes import desktop, synchronize

    return [general, synchronize, digital, desktop]


def create_app(settings: Settings | None = None, *, seed: bool = True) -> FastAPI:
    from mockserver import connect, customers, engage, identity, providers, sandbox, wiring, wxcc
    from mockserver.core import ticker
    from mockserver.core.lifecycle import forget_all
    from mockserver.core.timers import timers
    from mockserver.sandbox.middleware import SandboxMiddleware
    from mockserver.sandbox.service import pods

    settings = settings or Settings()
    runtime.settings = settings
    runtime.started_ms = int(time.time() * 1000)
    clock.configure(mode=settings.clock, set_ms=int(time.time() * 1000))
    ids.configure(settings.seed)
    forget_all()  # whatever a previous app in this process kept

    app = FastAPI(
        title="wxcc-sandbox",
        version=mockserver.__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=ticker.lifespan,
    )
    identity.setup(app)
    sandbox.setup(app)
    wxcc.setup(app)
    _controlhub_settings(app)
    connect.setup(app)
    providers.setup(app)  # after connect: /google stays where the OpenAPI document lists it
    engage.setup(app)
    customers.setup(app)  # above the products: customers write in to Connect
    wiring.connect()
    install_error_handlers(app)
    install_openapi(app)
    app.add_middleware(SandboxMiddleware)

    db.connect(settings.effective_database_url)
    if settings.fresh:
        db.drop_all()
    elif seed and db.outdated():
        # No migrations: a sandbox's state is disposable, a half-fitting schema is not.
        log.warning("the database %s was made by another version of the sandbox (its tables differ): "
                    "rebuilt and re-seeded", settings.effective_database_url)
        db.drop_all()
        db.drop_unknown()
    db.create_all()
    if seed:
        db.stamp()
    if seed and settings.pod_numbers:
        pods.seed(settings.pod_numbers, settings.scenario)
    timers.refresh()
    _share_state(settings)
    clock.clear_listeners()
    clock.on_change(lambda _now: timers.fire_due())  # moving the clock fires what fell due
    return app


def worker_app() -> FastAPI:
    """The app of one uvicorn worker of `serve --workers N`: the parent process has seeded."""
    return create_app(Settings(), seed=False)
