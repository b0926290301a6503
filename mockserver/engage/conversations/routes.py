"""Conversations over HTTP: the Customer Care portal (search a conversation by id, its transcript as
JSON and as a downloadable text file, the list behind the dashboard) and the agent's reply
(``POST /engage/v1/conversations/{id}/messages`` with the agent's own Webex token)."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.engage.conversations import schemas as m, service
from mockserver.engage.conversations.deps import AgentCaller, ConversationRef
from mockserver.engage.conversations.views import ConversationError
from mockserver.engage.deps import Page, Reader, Search, Size
from mockserver.engage.errors import E, responses

customer_care_router = APIRouter(prefix="/engage")
agent_router = APIRouter(prefix="/engage")
T_CC = ["Engage: Customer Care portal"]
T_AGENT = ["Engage: agent replies"]


@customer_care_router.get("/{tenant}/customer-care/conversations", tags=T_CC,
                          summary="Conversations: search by id, alias, customer or subject; filter by status, channel, agent",
                          responses={200: documented(m.EngageConversationList), **E})
async def list_conversations(session: DbSession, caller: Reader,
                             status: Annotated[Optional[str], Query(max_length=20, description="active | queued | onhold | closed | open (any but closed)")] = None,
                             channel: Annotated[Optional[str], Query(max_length=20, description="email | chat | sms | messenger | whatsapp | apple")] = None,
                             agent: Annotated[Optional[str], Query(max_length=320, description="An agent taking part now: user id or email.")] = None,
                             search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return json_response(service.list_json(session, caller.org_id, status=status, channel=channel, agent=agent,
                                           search_=search, page=page, size=size))


@customer_care_router.get("/{tenant}/customer-care/conversations/{conversationId}", tags=T_CC,
                          summary="A conversation by the id Connect shows (or its alias id)",
                          responses={200: documented(m.EngageConversationOut), **E})
async def get_conversation(session: DbSession, caller: Reader, conversationId: ConversationRef) -> Response:  # noqa: N803
    try:
        return json_response(service.conversation_json(session, service.find(session, caller.org_id, conversationId)))
    except ConversationError as e:
        raise service.api_error(e) from None


@customer_care_router.get("/{tenant}/customer-care/conversations/{conversationId}/transcript", tags=T_CC,
                          summary="Transcript of a conversation (JSON), in order, a page at a time",
                          responses={200: documented(m.EngageTranscriptOut), **E})
async def get_transcript(session: DbSession, caller: Reader, conversationId: ConversationRef,  # noqa: N803
                         offset: Annotated[int, Query(ge=0, le=10_000_000, description="Messages to skip.")] = 0,
                         limit: Annotated[int, Query(ge=1, le=500, description="Messages to return (max 500).")] = 10) -> Response:
    try:
        return json_response(service.transcript_json(session, caller.org_id, conversationId, offset, limit))
    except ConversationError as e:
        raise service.api_error(e) from None


@customer_care_router.get("/{tenant}/customer-care/conversations/{conversationId}/transcript/download", tags=T_CC,
                          summary="Download the transcript: a text file a person can read",
                          responses={200: {"description": "The transcript as text/plain (an attachment).",
                                           "content": {"text/plain": {"schema": {"type": "string"}}}}, **E})
async def download_transcript(session: DbSession, caller: Reader, conversationId: ConversationRef) -> Response:  # noqa: N803
    try:
        name, text = service.transcript_text(session, caller.org_id, conversationId)
    except ConversationError as e:
        raise service.api_error(e) from None
    return Response(text.encode("utf-8"), media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@agent_router.get("/v1/conversations/{conversationId}/messages", tags=T_AGENT,
                  summary="The conversation's messages as the agent's desktop shows them (agents who take or took part)",
                  responses={200: documented(m.EngageTranscriptOut), **E})
async def get_messages(session: DbSession, agent: AgentCaller, conversationId: ConversationRef,  # noqa: N803
                       offset: Annotated[int, Query(ge=0, le=10_000_000, description="Messages to skip.")] = 0,
                       limit: Annotated[int, Query(ge=1, le=500, description="Messages to return (max 500).")] = 50) -> Response:
    try:
        return json_response(service.agent_transcript(session, agent.org_id, conversationId, agent.principal.person_id,
                                                      offset, limit))
    except ConversationError as e:
        raise service.api_error(e) from None


@agent_router.post("/v1/conversations/{conversationId}/messages", tags=T_AGENT, status_code=201,
                   summary="The agent's reply (Agent Desktop conversation panel): an outbound message to the customer",
                   responses={201: documented(m.EngageMessageOut, "Stored; Connect delivers it to the customer."),
                              **responses(400, 401, 403, 404, 409)})
async def post_reply(session: DbSession, agent: AgentCaller, conversationId: ConversationRef,  # noqa: N803
                     body: m.EngageReplyIn) -> Response:
    try:
        out = service.reply(session, agent.org_id, conversationId, agent.principal.person_id,
                            None, body.model_dump())
    except ConversationError as e:
        session.rollback()
        raise service.api_error(e) from None
    session.commit()
    return json_response(out, status=201)
