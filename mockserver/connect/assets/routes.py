"""HTTP: Assets → Numbers and Apps (CONFIGURE NEW APP per channel, the email app's GENERATE TOKEN,
the Messenger app's Facebook login, sharing, REGISTER TO WEBEX CC). Thin: the caller and the
looked-up objects come in as dependencies; the services answer."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mockserver.connect.assets import schemas as m, service
from mockserver.connect.assets.deps import AppToChange, AppToRead, EmailTokenRequest, FacebookLogin
from mockserver.connect.caller import PortalCaller, sandbox_url
from mockserver.connect.errors import E, E409
from mockserver.connect.integrations import service as oauth
from mockserver.connect.schema_base import ConnectItemList
from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response

router = APIRouter(prefix="/connect/{tenant}", route_class=ValidatedFirst)
T_ASSETS = ["Connect: Assets → Numbers and Apps"]


@router.get("/assets/numbers", tags=T_ASSETS, summary="Numbers: the tenant's pre-assigned SMS and WhatsApp numbers (read-only)",
            responses={200: documented(ConnectItemList), **E})
async def numbers(caller: PortalCaller, session: DbSession) -> Response:
    return json_response(service.list_numbers(session, caller))


@router.get("/assets/apps", tags=T_ASSETS, summary="Apps (with App IDs)", responses={200: documented(ConnectItemList), **E})
async def apps(caller: PortalCaller, session: DbSession, channel: Annotated[Optional[str], Query(max_length=20)] = None) -> Response:
    return json_response(service.list_apps(session, caller, channel))


@router.post("/assets/apps/email/tokens", tags=T_ASSETS, status_code=201,
             summary="Email app: GENERATE TOKEN (starts the OAuth 2.0 consent; returns the authorization URL)",
             responses={201: documented(m.ConnectEmailTokenOut, "Started."), **E})
async def email_token(request: Request, caller: PortalCaller, session: DbSession, body: m.ConnectEmailTokenRequest) -> Response:
    return json_response(oauth.start_email_token(session, caller, body.model_dump(), sandbox_url(request)), status=201)


@router.get("/assets/apps/email/tokens/{requestId}", tags=T_ASSETS, summary="Email app: the GENERATE TOKEN result",
            responses={200: documented(m.ConnectEmailTokenOut), **E})
async def email_token_get(caller: PortalCaller, token_request: EmailTokenRequest) -> Response:
    return json_response(oauth.email_token_json(token_request))


@router.post("/assets/apps/email", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → Email (SAVE)",
             responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_email(caller: PortalCaller, session: DbSession, body: m.ConnectEmailAppCreate) -> Response:
    return json_response(service.create_email(session, caller, body.model_dump()), status=201)


@router.post("/assets/apps/messenger/facebookLogin", tags=T_ASSETS, status_code=201,
             summary="Messenger: Add Messenger Page → sign in to Facebook; lists the pages the account manages",
             responses={201: documented(m.ConnectFacebookLoginOut, "Signed in."), **E})
async def facebook_login(caller: PortalCaller, session: DbSession, body: m.ConnectFacebookLoginRequest) -> Response:
    return json_response(service.facebook_login(session, caller, body.email, body.password), status=201)


@router.get("/assets/apps/messenger/facebookLogin/{loginId}", tags=T_ASSETS,
            summary="Messenger: the pages of a Facebook login (which are already linked)",
            responses={200: documented(m.ConnectFacebookLoginOut), **E})
async def facebook_pages(caller: PortalCaller, login: FacebookLogin, session: DbSession) -> Response:
    return json_response(service.facebook_pages(session, caller, login))


@router.post("/assets/apps/messenger", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → Messenger (link one of the login's pages)",
             responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_messenger(caller: PortalCaller, session: DbSession, body: m.ConnectMessengerAppCreate) -> Response:
    return json_response(service.create_messenger(session, caller, body.model_dump()), status=201)


@router.post("/assets/apps/livechat", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → Live Chat / In-App",
             responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_livechat(caller: PortalCaller, session: DbSession, body: m.ConnectLiveChatAppCreate) -> Response:
    return json_response(service.create_livechat(session, caller, body.model_dump()), status=201)


@router.post("/assets/apps/whatsapp", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → WhatsApp (a pre-assigned number)",
             responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_whatsapp(caller: PortalCaller, session: DbSession, body: m.ConnectNumberAppCreate) -> Response:
    return json_response(service.create_numbered(session, caller, "whatsapp", body.model_dump()), status=201)


@router.post("/assets/apps/sms", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → SMS (a pre-assigned number)",
             responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_sms(caller: PortalCaller, session: DbSession, body: m.ConnectNumberAppCreate) -> Response:
    return json_response(service.create_numbered(session, caller, "sms", body.model_dump()), status=201)


@router.get("/assets/apps/{appId}", tags=T_ASSETS, summary="An app (by id or App ID); secrets masked",
            responses={200: documented(m.ConnectAssetOut), **E})
async def get_app(caller: PortalCaller, app: AppToRead, session: DbSession) -> Response:
    return json_response(service.get_app(session, caller, app))


@router.put("/assets/apps/{appId}/token", tags=T_ASSETS,
            summary="Email app: GENERATE TOKEN again and SAVE (replaces the Google tokens, e.g. after 'refresh failed')",
            responses={200: documented(m.ConnectAssetOut), **E})
async def replace_email_token(caller: PortalCaller, app: AppToChange, session: DbSession, body: m.ConnectEmailTokenReplace) -> Response:
    return json_response(service.replace_email_token(session, caller, app, body.tokenRequestId))


@router.put("/assets/apps/{appId}/sharing", tags=T_ASSETS,
            summary="Share the app with groups/teams (their users see and use it, read-only)",
            responses={200: documented(m.ConnectAssetOut), **E})
async def share_app(caller: PortalCaller, app: AppToChange, session: DbSession, body: m.ConnectShareRequest) -> Response:
    return json_response(service.share_app(session, caller, app, body.containerIds))


@router.delete("/assets/apps/{appId}", tags=T_ASSETS, status_code=204, summary="Delete an app (not once registered)",
               responses={204: {"description": "Deleted."}, **E409})
async def delete_app(caller: PortalCaller, app: AppToChange, session: DbSession) -> Response:
    service.delete_app(session, app)
    return Response(status_code=204)


@router.post("/assets/apps/{appId}/register", tags=T_ASSETS, summary="REGISTER TO WEBEX CC (once): choose the service",
             responses={200: documented(m.ConnectAssetOut, "Registered."), **E409})
async def register_app(caller: PortalCaller, app: AppToChange, session: DbSession, body: m.ConnectRegisterRequest) -> Response:
    return json_response(service.register(session, caller, app, body.serviceId))
