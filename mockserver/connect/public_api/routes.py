"""HTTP: Connect's public APIs, on the sandbox under /connect/api (the api.<region>.webexconnect.io
host) and /connect/hooks (hooks.<region>.webexconnect.io). Thin; the real envelopes and codes
(connect-api.md §1.3-§1.7): Messaging v1, custom events and webhooks answer HTTP 200 with a
``response`` array (success) or object (failure); v2 and SMS v1 answer 201/202 or 4xx."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from fastapi import APIRouter, Body, Header, Path, Request
from fastapi.responses import Response

from mockserver.connect.public_api import service
from mockserver.core.body import own_text_limit
from mockserver.core.db import DbSession
from mockserver.core.http import json_response
from mockserver.core.ids import ids

router = APIRouter(prefix="/connect", tags=["Connect: public APIs"])
V1_RESP = {200: {"description": "`{\"response\": [{code, transid, description, correlationid}]}` on success, "
                                "`{\"response\": {code, description, transid}}` on failure (HTTP 200 either way).",
                 "content": {"application/json": {"schema": {"type": "object", "properties": {"response": {}}}}}}}
ERR_OBJ = {"content": {"application/json": {"schema": {"type": "object", "properties": {"code": {"type": "string"},
                                                                                     "message": {"type": "string"}}}}}}
Key = Annotated[Optional[str], Header(alias="key", description="The service key (API tab)")]
Auth = Annotated[Optional[str], Header(alias="authorization", description="Bearer <service JWT>")]


def _v1_error(e: service.PublicError) -> Response:
    return json_response({"response": {"code": e.code, "description": e.description, "transid": ids.uuid()}}, status=200)


def _v2_error(e: service.PublicError, status: int) -> Response:
    return json_response({"code": e.code, "message": e.description}, status=e.status if e.status != 200 else status)


async def _json(request: Request) -> Any:
    import json

    raw = await request.body()
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return None


@router.post("/api/resources/v1/messaging", summary="Messaging API v1 (SMS, WhatsApp, Messenger, in-app)", responses=V1_RESP,
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}})
async def messaging_v1(request: Request, session: DbSession, key: Key = None, authorization: Auth = None) -> Response:
    body = await _json(request)
    try:
        svc = service.authenticate(session, key, authorization)
        return json_response({"response": service.messaging_v1(session, svc, body)})
    except service.PublicError as e:
        return _v1_error(e)


@router.post("/api/v2/messages", status_code=201, summary="Messaging API v2 (SMS, email)",
             responses={201: {"description": "Queued.", "content": {"application/json": {"schema": {"type": "object"}}}},
                        400: {"description": "Invalid parameter.", **ERR_OBJ}, 401: {"description": "Authentication failed.", **ERR_OBJ}},
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}})
async def messages_v2(request: Request, session: DbSession, key: Key = None, authorization: Auth = None) -> Response:
    body = await _json(request)
    try:
        svc = service.authenticate(session, key, authorization)
    except service.PublicError as e:
        return _v2_error(e, 401)
    try:
        return json_response(service.messages_v2(session, svc, body), status=201)
    except service.PublicError as e:
        return _v2_error(e, 400)


@router.post("/api/v1/sms/messages", status_code=202, summary="SMS API v1",
             responses={202: {"description": "Accepted.", "content": {"application/json": {"schema": {"type": "object"}}}},
                        400: {"description": "Invalid parameter.", **ERR_OBJ}, 403: {"description": "Authentication failed.", **ERR_OBJ}},
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}})
async def sms_v1(request: Request, session: DbSession, key: Key = None, authorization: Auth = None) -> Response:
    body = await _json(request)
    try:
        svc = service.authenticate(session, key, authorization)
    except service.PublicError as e:
        return _v2_error(e, 403)
    try:
        return json_response(service.sms_v1(session, svc, body), status=202)
    except service.PublicError as e:
        return _v2_error(e, 400)


@router.post("/api/resources/v1/events/externalevent", summary="Custom Event API v1 (starts customEvent flows; evtid = the flow id)",
             responses=V1_RESP, openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}})
async def custom_event(request: Request, session: DbSession, key: Key = None, authorization: Auth = None) -> Response:
    body = await _json(request)
    try:
        svc = service.authenticate(session, key, authorization)
        return json_response({"response": service.custom_event(session, svc, body)})
    except service.PublicError as e:
        return _v1_error(e)


@router.post("/hooks/events/{webhookId}", summary="Inbound webhook: starts the flow whose start node is this webhook",
             responses=V1_RESP, openapi_extra={"requestBody": {"content": {"application/json": {"schema": {}}}}})
@own_text_limit  # 256 KB, answered with Connect's code 430 (service.webhook), not the sandbox's text bound
async def inbound_webhook(request: Request, session: DbSession, webhookId: Annotated[str, Path()]) -> Response:
    raw = await request.body()
    try:
        return json_response({"response": [service.webhook(session, webhookId, raw)]})
    except service.PublicError as e:
        return _v1_error(e)
