"""Lookups chained on the caller for Assets → Apps: the app in the path (by id or App ID), a GENERATE
TOKEN request, a Facebook login. The permission the operation needs is checked first."""

from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends

from mockserver.connect.assets import service
from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.caller import Id, PortalCaller
from mockserver.connect.integrations.models import ConnectOAuthRequest
from mockserver.connect.integrations.service import email_token_request
from mockserver.core.db import DbSession


def _app(permission: str, *, write: bool) -> Callable:
    async def visible_app(caller: PortalCaller, session: DbSession, appId: Id) -> ConnectAsset:
        caller.need(permission)
        return service.visible_asset(session, caller, appId, "app", write=write)

    return visible_app


# Reading also finds an app shared with the caller's group/team; changing it stays with its own level.
AppToRead = Annotated[ConnectAsset, Depends(_app("assets.read", write=False))]
AppToChange = Annotated[ConnectAsset, Depends(_app("assets.write", write=True))]


async def _token_request(caller: PortalCaller, session: DbSession, requestId: Id) -> ConnectOAuthRequest:
    caller.need("assets.write")
    return email_token_request(session, caller, requestId)


async def _facebook_login(caller: PortalCaller, session: DbSession, loginId: Id) -> ConnectOAuthRequest:
    caller.need("assets.write")
    return service.facebook_session(session, caller, loginId)


EmailTokenRequest = Annotated[ConnectOAuthRequest, Depends(_token_request)]
FacebookLogin = Annotated[ConnectOAuthRequest, Depends(_facebook_login)]
