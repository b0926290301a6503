"""HTTP: the U2C catalog, client log upload and client metrics as the SDKs call them, and the
sandbox's view of uploaded logs (``/sandbox/clientlogs``)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, error_responses, json_response
from mockserver.identity.public import Gate, IdentityError, Principal
from mockserver.platform import schemas as m, service

_SIGNED_IN = Gate()
SignedIn = Annotated[Principal, Depends(_SIGNED_IN.dependency())]
ERR = error_responses(IdentityError, 400, 401)

router = APIRouter(route_class=ValidatedFirst)
U2C = ["Webex platform: U2C service catalog"]
LOGS = ["Webex platform: client logs and metrics"]


def _base(request: Request) -> str:
    return str(request.base_url)


def _tracking(request: Request) -> str:
    return getattr(request.state, "tracking_id", "") or ""


@router.get("/u2c/api/v1/limited/catalog", tags=U2C, summary="Service catalog before sign-in (no token)",
            responses={200: documented(m.Hostmap), **error_responses(IdentityError, 400)})
async def limited_catalog(request: Request, format: Annotated[str, Query(pattern="^hostmap$")] = "hostmap",  # noqa: A002
                          orgId: Annotated[str | None, Query(max_length=64)] = None,
                          email: Annotated[str | None, Query(max_length=320)] = None,
                          mode: Annotated[str | None, Query(max_length=32)] = None) -> Response:
    return json_response(service.catalog(_base(request)))


@router.get("/u2c/api/v1/catalog", tags=U2C, summary="Service catalog of the signed-in user (name -> URL)",
            responses={200: documented(m.Hostmap), **ERR})
async def user_catalog(request: Request, p: SignedIn,
                       format: Annotated[str, Query(pattern="^hostmap$")] = "hostmap",  # noqa: A002
                       timestamp: Annotated[str | None, Query(max_length=32)] = None) -> Response:
    return json_response(service.catalog(_base(request)))


@router.post("/clientlogs/api/v1/logs/urls", tags=LOGS, summary="Start a client log upload: a temporary upload URL",
             responses={200: documented(m.LogUrlResponse), **ERR})
async def log_urls(request: Request, p: SignedIn, session: DbSession, body: m.LogUrlRequest) -> Response:
    return json_response(service.new_upload(session, p, body.file, _base(request)))


@router.put("/clientlogs/api/v1/logs/upload/{uploadId}", tags=LOGS,
            summary="Upload the log text to the temporary URL (the URL is the credential)",
            responses={200: {"description": "Stored."}, **error_responses(IdentityError, 400, 404, 413)})
async def log_upload(request: Request, session: DbSession, uploadId: Annotated[str, Path(max_length=64)]) -> Response:
    service.upload(session, uploadId, await request.body())
    return Response(status_code=200)


@router.post("/clientlogs/api/v1/logs/meta", tags=LOGS, summary="Finish the upload: what the log is about",
             responses={200: documented(m.LogMetaResponse), **ERR})
async def log_meta(request: Request, p: SignedIn, session: DbSession, body: m.LogMetaRequest) -> Response:
    meta = [e.model_dump() for e in body.data]
    return json_response(service.finalize(session, p, body.filename, meta, _base(request), _tracking(request)))


@router.post("/metrics/api/v1/clientmetrics", tags=LOGS, status_code=204,
             summary="Client metrics (accepted and dropped: the sandbox keeps no telemetry)",
             responses={204: {"description": "Accepted."}, **ERR})
async def client_metrics(p: SignedIn, body: m.ClientMetrics) -> Response:
    return Response(status_code=204)


@router.post("/metrics/api/v1/clientmetrics-prelogin", tags=LOGS, status_code=204,
             summary="Client metrics before sign-in (accepted and dropped)",
             responses={204: {"description": "Accepted."}, **error_responses(IdentityError, 400)})
async def client_metrics_prelogin(body: m.ClientMetrics) -> Response:
    return Response(status_code=204)


sandbox = APIRouter(prefix="/sandbox/clientlogs", tags=["Sandbox: client logs uploaded by SDKs"], route_class=ValidatedFirst)


@sandbox.get("", summary="Client logs the SDKs uploaded, newest first",
             responses={200: documented(m.ClientLogList), **error_responses(IdentityError, 400)})
async def client_logs(session: DbSession, orgId: Annotated[str | None, Query(max_length=64)] = None,
                      userId: Annotated[str | None, Query(max_length=64)] = None,
                      limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Response:
    return json_response({"items": [service.view(x) for x in service.listing(session, orgId, userId, limit)]})


@sandbox.get("/{logId}", summary="One uploaded client log, with its text",
             responses={200: documented(m.ClientLogView), **error_responses(IdentityError, 400, 404)})
async def client_log(session: DbSession, logId: Annotated[str, Path(max_length=64)]) -> Response:
    return json_response(service.view(service.get(session, logId), content=True))
