"""Who calls the v1 REST API: a bearer token from its own client-credentials endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mockserver.core.db import DbSession
from mockserver.core.errors import ApiError
from mockserver.engage.models import EngageTenant
from mockserver.engage.restapi.service import resolve_token


def _bearer(request: Request) -> str:
    h = request.headers.get("authorization") or ""
    scheme, _, value = h.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "Unauthorized.", ["Authorization: Bearer <access_token> is required "
                                               "(POST /engage/api/v1/oauth/token)"], headers={"WWW-Authenticate": "Bearer"})
    return value.strip()


async def conversations_reader(request: Request, session: DbSession) -> EngageTenant:
    return resolve_token(session, _bearer(request), "conversations:read")


async def messages_reader(request: Request, session: DbSession) -> EngageTenant:
    return resolve_token(session, _bearer(request), "conversations-messages:read")


ConversationsReader = Annotated[EngageTenant, Depends(conversations_reader)]
MessagesReader = Annotated[EngageTenant, Depends(messages_reader)]
