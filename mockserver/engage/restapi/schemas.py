"""Bodies of the v1 REST API and of the admin portal's Settings → API."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from mockserver.engage.conversations.schemas import EngageConversationOut, EngageMessageOut
from mockserver.engage.schemas import EngagePageMeta, Out


class EngageApiToken(Out):
    access_token: str
    expires_in: int = Field(examples=[3600])
    token_type: str = Field(examples=["Bearer"])
    scope: list[str]


class EngageApiCredentials(Out):
    clientId: str = Field(description="The tenant id (client_id of the token request).")
    secretGenerated: bool
    secretGeneratedAt: Optional[str] = None
    clientSecret: Optional[str] = Field(default=None, description="Shown once, when generated.")
    tokenUrl: str
    apiBase: str
    scopes: list[str]
    note: str


class EngageApiConversationList(Out):
    data: list[EngageConversationOut]
    meta: EngagePageMeta


class EngageApiMessageMeta(Out):
    offset: int
    limit: int
    total: int


class EngageApiMessageList(Out):
    data: list[EngageMessageOut]
    meta: EngageApiMessageMeta


__all__: list[Any] = ["EngageApiToken", "EngageApiCredentials", "EngageApiConversationList", "EngageApiMessageList"]
