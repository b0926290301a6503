"""Engage's v1 REST API (/engage/api/v1: token, conversations, messages) and the admin portal's
Settings → API (the client id and a secret to generate)."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Form, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.engage.conversations.deps import ConversationRef
from mockserver.engage.conversations.schemas import EngageConversationOut
from mockserver.engage.deps import Reader, Writer
from mockserver.engage.errors import E, responses
from mockserver.engage.restapi import schemas as m, service
from mockserver.engage.restapi.deps import ConversationsReader, MessagesReader

api_router = APIRouter(prefix="/engage/api/v1")
settings_router = APIRouter(prefix="/engage")
T_API = ["Engage: v1 REST API"]
T_SETTINGS = ["Engage: Settings"]
E_API = responses(400, 401, 403, 404)


@api_router.post("/oauth/token", tags=T_API, summary="Client-credentials token (client_id = tenant id)",
                 responses={200: documented(m.EngageApiToken), **responses(400, 401)})
async def token(session: DbSession, grant_type: Annotated[str, Form(max_length=50)] = "",
                client_id: Annotated[str, Form(max_length=100)] = "",
                client_secret: Annotated[str, Form(max_length=200)] = "") -> Response:
    return json_response(service.issue_token(session, client_id, client_secret, grant_type))


@api_router.get("/conversations", tags=T_API, summary="Conversations, newest first",
                responses={200: documented(m.EngageApiConversationList), **E_API})
async def list_conversations(session: DbSession, tenant: ConversationsReader,
                             status: Annotated[Optional[str], Query(max_length=20, description="active | queued | onhold | closed | open")] = None,
                             channel: Annotated[Optional[str], Query(max_length=20)] = None,
                             page: Annotated[int, Query(ge=1, le=100000)] = 1,
                             limit: Annotated[int, Query(ge=1, le=100)] = 10) -> Response:
    return json_response(service.list_conversations(session, tenant, status, channel, page, limit))


@api_router.get("/conversations/{conversationId}", tags=T_API, summary="A conversation",
                responses={200: documented(EngageConversationOut), **E_API})
async def get_conversation(session: DbSession, tenant: ConversationsReader, conversationId: ConversationRef) -> Response:  # noqa: N803
    return json_response(service.get_conversation(session, tenant, conversationId))


@api_router.get("/conversations/{conversationId}/messages", tags=T_API, summary="A conversation's messages, in order",
                responses={200: documented(m.EngageApiMessageList), **E_API})
async def list_messages(session: DbSession, tenant: MessagesReader, conversationId: ConversationRef,  # noqa: N803
                        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                        limit: Annotated[int, Query(ge=1, le=500)] = 10) -> Response:
    return json_response(service.messages(session, tenant, conversationId, offset, limit))


@settings_router.get("/{tenant}/settings/api", tags=T_SETTINGS, summary="Settings → API: the v1 REST API's client id",
                     responses={200: documented(m.EngageApiCredentials), **E})
async def get_credentials(caller: Reader) -> Response:
    return json_response(service.credentials_json(caller.tenant))


@settings_router.post("/{tenant}/settings/api/secret", tags=T_SETTINGS, status_code=201,
                      summary="Settings → API: generate (or rotate) the client secret — shown once; older tokens stop working",
                      responses={201: documented(m.EngageApiCredentials, "Generated."), **E})
async def rotate_secret(session: DbSession, caller: Writer) -> Response:
    return json_response(service.rotate_secret(session, caller.tenant), status=201)
