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
from mockserver.core.http import allowed_methods, install_openapi, json_response
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
    err.extra = {**(err.extra or {}), "method": request.method}  # a family may answer reads in another shape
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
            allow = allowed_methods(request.app, request.url.path)
            err = ApiError(405, "Method not allowed.", [
                f"{request.method} is not supported on {request.url.path}; it takes {', '.join(allow)}."],
                headers={**dict(exc.headers or {}), "Allow": ", ".join(allow)})
        else:
            err = ApiError(exc.status_code, str(exc.detail), [str(exc.detail)])
        return _render(request, err)
    # Unexpected exceptions are answered by sandbox/middleware.py (inside Starlette's server-error
    # layer, so the connection survives), never with the exception's text.


def _share_state(settings: Settings) -> None:
    """With several processes on one database, the clock, fault rules, caches and the outbox's
    doorbell follow the database (core/shared.py)."""
    from mockserver.core.cache import changes
    from mockserver.core.shared import shared
    from mockserver.core.timers import timers

    shared.enabled = settings.workers > 1 or settings.shared
    shared.attach(settings.shared_memory if shared.enabled else None)
    shared.register("clock", lambda v: clock.restore(v) if v else None)
    shared.register("timers", lambda _v: timers.refresh())
    shared.register("caches", lambda _v: timers.refresh())
    shared.register("outbox", lambda _v: outbox.drain())
    shared.register("tables", lambda _v: changes.everything_changed())  # another process wrote
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


# Who signs a call, per family of paths: the scheme Swagger UI's "Authorize" fills in.
_SCHEMES = {
    "webexToken": {"type": "http", "scheme": "bearer", "description":
                   "A Webex access token: POST /sandbox/tokens {\"email\": \"cl1admin1@email.carehybrid.com\"} "
                   "(a personal token), or the OAuth flow at /v1/authorize. WxCC, Control Hub, Engage and /v1."},
    "connectSession": {"type": "http", "scheme": "bearer", "description":
                       "A Webex Connect portal session: POST /connect/{tenant}/login with a teammate's email and password."},
    "engageApiToken": {"type": "http", "scheme": "bearer", "description":
                       "Engage's v1 REST API token: POST /engage/api/v1/oauth/token (client_credentials, client_id = the "
                       "Engage tenant id, client_secret from Engage → Settings → API)."},
    "connectServiceKey": {"type": "apiKey", "in": "header", "name": "key", "description":
                          "A Webex Connect service's Service Key (the service's API tab): Messaging, Custom Event and "
                          "inbound-webhook APIs."},
    "connectServiceJwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description":
                          "A service JWT (HS256 over {iss: Service ID, iat}, signed with the base64-decoded Service "
                          "Secret; 60 minutes): wins over the key when both are sent."},
    "sandboxAdmin": {"type": "apiKey", "in": "header", "name": "X-Sandbox-Token", "description":
                     "Only when MOCKSERVER_ADMIN_TOKEN is set (else /sandbox is open); 'Authorization: Bearer <it>' works too."},
}
# Sign-in and token endpoints authenticate the client or the person by other means (forms, client
# credentials): they carry no bearer scheme.
_UNSIGNED = ("/v1/authorize", "/v1/access_token", "/google/", "/connect/{tenant}/login", "/connect/{tenant}/join/",
             "/connect/{tenant}/callback", "/sandbox/health",
             "/engage/api/v1/oauth/token")
# A realistic body for the write operations a newcomer tries first (Swagger UI's "Try it out").
_EXAMPLES = {
    ("/organization/{orgid}/contact-service-queue", "post"): {
        "name": "Chat_Queue", "description": "Chat queue of lab 12.5", "queueType": "INBOUND", "channelType": "CHAT",
        "active": True, "serviceLevelThreshold": 30, "maxActiveContacts": 100, "maxTimeInQueue": 3600,
        "timezone": "America/New_York", "routingType": "LONGEST_AVAILABLE_AGENT",
        "queueRoutingType": "TEAM_BASED", "callDistributionGroups": [
            {"agentGroups": [{"teamId": "<a team id from GET /organization/{orgId}/team>"}], "order": 1, "duration": 0}],
        "checkAgentAvailability": False},
    ("/organization/{orgid}/team", "post"): {
        "name": "Chat_Team", "description": "Agents answering chats", "teamType": "AGENT", "teamStatus": "IN_SERVICE",
        "active": True, "siteId": "<a site id from GET /organization/{orgId}/site>", "userIds": []},
    ("/organization/{orgid}/entry-point", "post"): {
        "name": "Chat_EP", "description": "Web chat entry point", "entryPointType": "INBOUND", "channelType": "CHAT",
        "active": True, "serviceLevelThreshold": 30, "maximumActiveContacts": 100, "timezone": "America/New_York",
        "assetId": "<the App ID (a_...) Webex Connect shows for the chat asset>"},
}


def _document_security_and_examples(doc: dict) -> None:
    doc.setdefault("components", {})["securitySchemes"] = _SCHEMES
    for path, ops in doc.get("paths", {}).items():
        for method, op in ops.items():
            responses = op.get("responses", {})
            if path.startswith(("/connect/api/", "/connect/hooks/")):
                # Connect's public APIs answer most refusals in the body (HTTP 200 with a code), so the
                # scheme is declared whatever the statuses say.
                op["security"] = [{"connectServiceKey": []}, {"connectServiceJwt": []}]
            elif ("401" in responses or "403" in responses) and not path.startswith(_UNSIGNED):
                if path.startswith("/sandbox"):
                    op["security"] = [{"sandboxAdmin": []}, {}]  # optional: only with an admin token set
                elif path.startswith("/engage/api/v1/"):
                    op["security"] = [{"engageApiToken": []}]
                elif path.startswith("/connect/"):
                    op["security"] = [{"connectSession": []}]
                else:
                    op["security"] = [{"webexToken": []}]
            example = _EXAMPLES.get((path, method)) or _EXAMPLES.get((path.replace("/v2/", "/"), method))
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if example and content is not None:
                content["example"] = example


def _docs(app: FastAPI) -> None:
    """/docs from the Swagger UI that fastapi-swagger ships (kept in step with Swagger UI's
    releases), and the landing page at /."""
    import warnings

    from fastapi_swagger import patch_fastapi

    from mockserver.sandbox.landing import router as landing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        patch_fastapi(app, docs_url="/docs", redirect_from_root_to_docs=False,
                      swagger_js_url="/docs/assets/swagger-ui-bundle.js", swagger_css_url="/docs/assets/swagger-ui.css",
                      swagger_favicon_url="/docs/assets/favicon-32x32.png",
                      swagger_ui_parameters={"persistAuthorization": True, "filter": True,
                                             "displayRequestDuration": True, "docExpansion": "none"})
    app.include_router(landing)


def _cors(app: FastAPI) -> None:
    """Browsers call the sandbox from pages on other origins (Cisco's agent SDK in a page on
    localhost:3000, say): answer preflights and allow any origin, as the real gateways do for
    their web clients. Outermost, so error answers carry the headers too. The SDK sends
    authorization, trackingid, spark-user-agent, cisco-no-http-redirect (agent-sdk.md §6) and reads
    the trackingid response header."""
    from starlette.middleware.cors import CORSMiddleware

    class Cors(CORSMiddleware):
        """Starlette's, with a short way for requests without an Origin header (SDKs, curl, CI:
        most requests): they get what Starlette gives them, `Vary: Origin`, without the request's
        and the response's header objects being built (a visible share of a cached GET)."""

        async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
            if scope["type"] != "http" or any(k == b"origin" for k, _ in scope["headers"]):
                await super().__call__(scope, receive, send)
                return

            async def vary(message: dict) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers") or ())
                    at = [i for i, (k, _) in enumerate(headers) if k.lower() == b"vary"]
                    value = b", ".join([*(headers[i][1] for i in at), b"Origin"])
                    if at:  # as MutableHeaders sets it: in the first one's place, the others dropped
                        headers[at[0]] = (b"vary", value)
                        headers = [h for i, h in enumerate(headers) if i not in at[1:]]
                    else:
                        headers.append((b"vary", value))
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, vary)

    app.add_middleware(Cors, allow_origin_regex=".*", allow_methods=["*"], allow_headers=["*"],
                       expose_headers=["trackingid", "TrackingID", "Retry-After", "Location"], max_age=600)


def create_app(settings: Settings | None = None, *, seed: bool = True) -> FastAPI:
    from mockserver import connect, console, customers, engage, identity, platform, providers, sandbox, wiring, wxcc
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
        docs_url=None,  # served below from the package's own Swagger UI assets: no CDN, works offline
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=ticker.lifespan,
    )
    _docs(app)
    identity.setup(app)
    sandbox.setup(app)
    console.setup(app)  # /sandbox/console: the control plane's pages
    wxcc.setup(app)
    _controlhub_settings(app)
    connect.setup(app)
    providers.setup(app)  # after connect: /google stays where the OpenAPI document lists it
    engage.setup(app)
    platform.setup(app)
    customers.setup(app)  # above the products: customers write in to Connect
    wiring.connect()
    install_error_handlers(app)
    install_openapi(app, finish=_document_security_and_examples)
    app.add_middleware(SandboxMiddleware)
    if settings.cors:
        _cors(app)

    db.connect(settings.effective_database_url)
    with db.start_lock():  # replicas started together on one database take turns here
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
    clock.on_change(lambda _now: timers.maybe_fire())  # moving the clock fires what fell due (no query if nothing is)
    return app


def worker_app() -> FastAPI:
    """The app of one uvicorn worker of `serve --workers N`: the parent process has seeded."""
    _exit_with_parent()
    return create_app(Settings(), seed=False)


def _exit_with_parent(poll_s: float = 0.25, grace_s: float = 5.0) -> None:
    """A worker whose parent died (kill -9 of `serve`) stops too: orphans would keep the port, and
    the next `serve` would fail with "address already in use". Polls getppid (portable, and
    uvicorn's supervisor may respawn workers from any thread, which PR_SET_PDEATHSIG ties to)."""
    import os
    import signal
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        log.warning("the parent process %s is gone: worker %s stops", parent, os.getpid())
        os.kill(os.getpid(), signal.SIGTERM)  # a graceful stop first (requests in flight finish)
        time.sleep(grace_s)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
