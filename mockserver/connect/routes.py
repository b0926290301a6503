"""HTTP surface: Control Hub's Contact Center settings (/controlhub/...) and the Connect portal's
admin API (/connect/{tenant}/...). Thin: authenticate, call the service module, answer."""

from __future__ import annotations

from typing import Annotated, Any, Callable, Optional

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from mockserver.connect import assets, auth, controlhub, oauth_client, perms, schemas as m, services, tenant as people, tools
from mockserver.connect.errors import responses
from mockserver.core.db import db
from mockserver.core.errors import ApiError
from mockserver.core.events import dispatcher
from mockserver.core.http import documented, error_responses, json_response
from mockserver.identity.schemas import IdentityError

# --- Control Hub -----------------------------------------------------------------------------------
general = APIRouter(prefix="/controlhub/organizations/{orgId}/contactCenter", tags=["Control Hub: Contact Center settings"])
ch = APIRouter(prefix="/controlhub/organizations/{orgId}/contactCenter", tags=["Control Hub: Contact Center settings"])
CH_ERR = error_responses(IdentityError, 400, 401, 403, 404)
OrgId = Annotated[str, Path(max_length=200, description="Organization id: raw UUID or encoded Webex id.")]


def _ch(request: Request, org: str, write: bool, fn: Callable[..., Any], status: int = 200) -> Response:
    p = auth.controlhub(request, org, write=write)
    with db.session() as s:
        row = controlhub.settings_row(s, p.org_id)
        return json_response(fn(s, p, row), status=status)


@general.get("/general", summary="General: service details (Digital Channel) and Synchronize Users",
        responses={200: documented(m.ConnectCcGeneral), **CH_ERR})
async def ch_general(request: Request, orgId: OrgId) -> Response:
    return _ch(request, orgId, False, lambda s, p, row: controlhub.general(s, row))


@ch.get("/digital", summary="Digital: provisioning status, tenant URL, owner",
        responses={200: documented(m.ConnectCcDigital), **CH_ERR})
async def ch_digital(request: Request, orgId: OrgId) -> Response:
    return _ch(request, orgId, False, lambda s, p, row: controlhub.digital(s, row))


@ch.get("/digital/eligibleOwners", summary="Digital: administrators who can become the Connect tenant Owner",
        responses={200: documented(m.ConnectAdminList), **CH_ERR})
async def ch_owners(request: Request, orgId: OrgId) -> Response:
    return _ch(request, orgId, False, lambda s, p, row: controlhub.owners_json(s, p.org_id))


@ch.post("/digital/provision", status_code=202, summary="Digital: Provision Digital Channels (about 5 minutes)",
         responses={202: documented(m.ConnectCcDigital, "Provisioning started."), **error_responses(IdentityError, 400, 401, 403, 404, 409)})
async def ch_provision(request: Request, orgId: OrgId, body: m.ConnectProvisionRequest) -> Response:
    return _ch(request, orgId, True, lambda s, p, row: controlhub.provision(s, p, row, body.ownerId), status=202)


@ch.post("/digital/resendActivation", status_code=202, summary="Digital: re-send the owner's activation email",
         responses={202: documented(m.ConnectCcDigital, "Sent."), **error_responses(IdentityError, 400, 401, 403, 404, 409)})
async def ch_resend(request: Request, orgId: OrgId) -> Response:
    return _ch(request, orgId, True, lambda s, p, row: controlhub.resend_activation(s, row), status=202)


# --- Connect ---------------------------------------------------------------------------------------
cx = APIRouter(prefix="/connect/{tenant}")
Tenant = Annotated[str, Path(max_length=64, description="The tenant's name: cl1pod<N>.", examples=["cl1pod1"])]
Id = Annotated[str, Path(max_length=100)]
E = responses(400, 401, 403, 404)
E409 = responses(400, 401, 403, 404, 409)
T_SIGN = ["Connect: Sign-in"]
T_TEAM = ["Connect: Settings → Teammates"]
T_GROUPS = ["Connect: Settings → Groups/Teams"]
T_SET = ["Connect: Settings"]
T_SVC = ["Connect: Services"]
T_ASSETS = ["Connect: Assets → Numbers and Apps"]
T_INT = ["Connect: Assets → Integrations"]
T_TPL = ["Connect: Tools → Templates"]


def _run(request: Request, tenant: str, fn: Callable[..., Any], *args: Any, status: int = 200) -> Response:
    with db.session() as s:
        caller = auth.connect(s, request, tenant)
        out = fn(s, caller, *args)
    if status == 204:
        return Response(status_code=204)
    return json_response(out, status=status)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@cx.post("/login", tags=T_SIGN, summary="Sign in with local Connect credentials",
         responses={200: documented(m.ConnectSessionOut), **responses(400, 401, 404)})
async def login(tenant: Tenant, body: m.ConnectLoginRequest) -> Response:
    with db.session() as s:
        return json_response(people.login(s, auth.tenant_by_name(s, tenant), body.email, body.password))


@cx.post("/logout", tags=T_SIGN, status_code=204, summary="Sign out (the session token stops working)",
         responses={204: {"description": "Signed out."}, **responses(400, 401, 404)})
async def logout(request: Request, tenant: Tenant) -> Response:
    with db.session() as s:
        auth.connect(s, request, tenant)
        people.logout(s, request.headers["authorization"].partition(" ")[2].strip())
    return Response(status_code=204)


@cx.get("/join/{token}", tags=T_SIGN, summary="JOIN THE TEAM link: who is invited, until when",
        responses={200: documented(m.ConnectLinkInfo), **responses(400, 404, 410)})
async def join_info(tenant: Tenant, token: Id) -> Response:
    with db.session() as s:
        return json_response(people.link_info(s, auth.tenant_by_name(s, tenant), token))


@cx.post("/join/{token}", tags=T_SIGN, summary="Activate the account (name, password, more details) and sign in",
         responses={200: documented(m.ConnectSessionOut), **responses(400, 404, 410)})
async def join(tenant: Tenant, token: Id, body: m.ConnectJoinRequest) -> Response:
    with db.session() as s:
        return json_response(people.join(s, auth.tenant_by_name(s, tenant), token, body.model_dump()))


@cx.get("/me", tags=T_SET, summary="Profile Settings: the signed-in teammate",
        responses={200: documented(m.ConnectUserOut), **responses(400, 401, 404)})
async def me(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, lambda s, c: people.user_json(s, c.user))


@cx.patch("/me", tags=T_SET, summary="Profile Settings: edit your name, details or password",
          responses={200: documented(m.ConnectUserOut), **E})
async def update_me(request: Request, tenant: Tenant, body: m.ConnectMeUpdate) -> Response:
    return _run(request, tenant, people.update_me, body.model_dump())


@cx.get("/roles", tags=T_TEAM, summary="The roles and the permission matrix every operation enforces",
        responses={200: documented(m.ConnectRoleMatrix), **responses(400, 401, 404)})
async def roles(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, lambda s, c: {"roles": list(perms.ROLES), "permissions": perms.matrix_json()})


@cx.get("/users", tags=T_TEAM, summary="Teammates at your level and below",
        responses={200: documented(m.ConnectItemList), **E})
async def users(request: Request, tenant: Tenant, search: Annotated[Optional[str], Query(max_length=200)] = None) -> Response:
    return _run(request, tenant, people.list_users, search)


@cx.post("/users", tags=T_TEAM, status_code=201, summary="Invite a teammate (email + role): sends the Join the team email",
         responses={201: documented(m.ConnectUserOut, "Invited."), **E409})
async def invite(request: Request, tenant: Tenant, body: m.ConnectInviteRequest) -> Response:
    return _run(request, tenant, people.invite, body.model_dump(), status=201)


@cx.get("/users/{userId}", tags=T_TEAM, summary="A teammate", responses={200: documented(m.ConnectUserOut), **E})
async def get_user(request: Request, tenant: Tenant, userId: Id) -> Response:
    return _run(request, tenant, people.get_user, userId)


@cx.patch("/users/{userId}", tags=T_TEAM, summary="Edit a teammate: role, Decrypt Logs (Owner only), access, container",
          responses={200: documented(m.ConnectUserOut), **E})
async def update_user(request: Request, tenant: Tenant, userId: Id, body: m.ConnectUserUpdate) -> Response:
    return _run(request, tenant, people.update_user, userId, body.model_dump())


@cx.delete("/users/{userId}", tags=T_TEAM, status_code=204, summary="Delete a teammate",
           responses={204: {"description": "Deleted."}, **E409})
async def delete_user(request: Request, tenant: Tenant, userId: Id) -> Response:
    return _run(request, tenant, people.delete_user, userId, status=204)


@cx.post("/users/{userId}/resendInvite", tags=T_TEAM, summary="Re-send the Join the team email (new 24 h link)",
         responses={200: documented(m.ConnectUserOut), **E409})
async def resend_invite(request: Request, tenant: Tenant, userId: Id) -> Response:
    return _run(request, tenant, people.resend_invite, userId)


@cx.get("/groups", tags=T_GROUPS, summary="Groups (under the tenant)", responses={200: documented(m.ConnectItemList), **E})
async def groups(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, people.list_containers, "group")


@cx.post("/groups", tags=T_GROUPS, status_code=201, summary="Add a group (Owner)",
         responses={201: documented(m.ConnectContainerOut, "Created."), **E409})
async def create_group(request: Request, tenant: Tenant, body: m.ConnectContainerRequest) -> Response:
    return _run(request, tenant, people.create_container, "group", body.model_dump(), status=201)


@cx.get("/teams", tags=T_GROUPS, summary="Teams (under groups)", responses={200: documented(m.ConnectItemList), **E})
async def teams(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, people.list_containers, "team")


@cx.post("/teams", tags=T_GROUPS, status_code=201, summary="Add a team to a group (Owner)",
         responses={201: documented(m.ConnectContainerOut, "Created."), **E409})
async def create_team(request: Request, tenant: Tenant, body: m.ConnectTeamRequest) -> Response:
    return _run(request, tenant, people.create_container, "team", body.model_dump(), status=201)


@cx.patch("/groups/{groupId}", tags=T_GROUPS, summary="Rename (or describe) a group (Owner)",
           responses={200: documented(m.ConnectContainerOut), **E409})
async def update_group(request: Request, tenant: Tenant, groupId: Id, body: m.ConnectContainerUpdate) -> Response:
    return _run(request, tenant, people.update_container, "group", groupId, body.model_dump())


@cx.delete("/groups/{groupId}", tags=T_GROUPS, status_code=204,
           summary="Delete a group (Owner): refused with 409 naming its teams, users and objects while it has any",
           responses={204: {"description": "Deleted."}, **E409})
async def delete_group(request: Request, tenant: Tenant, groupId: Id) -> Response:
    return _run(request, tenant, people.delete_container, "group", groupId, status=204)


@cx.patch("/teams/{teamId}", tags=T_GROUPS, summary="Rename (or describe) a team (Owner)",
           responses={200: documented(m.ConnectContainerOut), **E409})
async def update_team(request: Request, tenant: Tenant, teamId: Id, body: m.ConnectContainerUpdate) -> Response:
    return _run(request, tenant, people.update_container, "team", teamId, body.model_dump())


@cx.delete("/teams/{teamId}", tags=T_GROUPS, status_code=204,
           summary="Delete a team (Owner): refused with 409 naming its users and objects while it has any",
           responses={204: {"description": "Deleted."}, **E409})
async def delete_team(request: Request, tenant: Tenant, teamId: Id) -> Response:
    return _run(request, tenant, people.delete_container, "team", teamId, status=204)


@cx.get("/settings", tags=T_SET, summary="Tenant Settings: time zone and date format",
        responses={200: documented(m.ConnectTenantSettingsOut), **responses(400, 401, 404)})
async def settings(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, lambda s, c: people.settings_json(c.tenant))


@cx.put("/settings", tags=T_SET, summary="Tenant Settings: change time zone / date format (Owner)",
        responses={200: documented(m.ConnectTenantSettingsOut), **E})
async def update_settings(request: Request, tenant: Tenant, body: m.ConnectTenantSettingsIn) -> Response:
    return _run(request, tenant, people.update_settings, body.model_dump())


@cx.get("/settings/usage", tags=T_SET, summary="Usage: tenant-wide statistics",
        responses={200: documented(m.ConnectUsageOut), **E})
async def usage(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, people.usage)


# services
@cx.get("/services", tags=T_SVC, summary="Services (search by name)", responses={200: documented(m.ConnectItemList), **E})
async def list_services(request: Request, tenant: Tenant, search: Annotated[Optional[str], Query(max_length=200)] = None) -> Response:
    return _run(request, tenant, services.list_, search)


@cx.post("/services", tags=T_SVC, status_code=201, summary="CREATE NEW SERVICE",
         responses={201: documented(m.ConnectServiceOut, "Created."), **E409})
async def create_service(request: Request, tenant: Tenant, body: m.ConnectServiceCreate) -> Response:
    return _run(request, tenant, services.create, body.model_dump(), status=201)


@cx.get("/services/{serviceId}", tags=T_SVC, summary="A service (credentials masked)",
        responses={200: documented(m.ConnectServiceOut), **E})
async def get_service(request: Request, tenant: Tenant, serviceId: Id) -> Response:
    return _run(request, tenant, services.get, serviceId)


@cx.patch("/services/{serviceId}", tags=T_SVC, summary="SETTINGS tab: rename, describe, Service Locking",
          responses={200: documented(m.ConnectServiceOut), **responses(400, 401, 403, 404, 409, 423)})
async def update_service(request: Request, tenant: Tenant, serviceId: Id, body: m.ConnectServiceUpdate) -> Response:
    return _run(request, tenant, services.update, serviceId, body.model_dump())


@cx.delete("/services/{serviceId}", tags=T_SVC, status_code=204, summary="SETTINGS tab: delete the service",
           responses={204: {"description": "Deleted."}, **responses(400, 401, 403, 404, 409, 423)})
async def delete_service(request: Request, tenant: Tenant, serviceId: Id) -> Response:
    return _run(request, tenant, services.delete, serviceId, status=204)


@cx.get("/services/{serviceId}/credentials", tags=T_SVC, summary="API tab: Service ID, Service Secret, Service Key (revealed)",
        responses={200: documented(m.ConnectServiceCredentials), **E})
async def service_credentials(request: Request, tenant: Tenant, serviceId: Id) -> Response:
    return _run(request, tenant, services.credentials, serviceId)


@cx.get("/services/{serviceId}/dashboard", tags=T_SVC, summary="DASHBOARD tab: traffic per channel and flow, Messaging API",
        responses={200: documented(m.ConnectDashboard), **E})
async def service_dashboard(request: Request, tenant: Tenant, serviceId: Id) -> Response:
    return _run(request, tenant, services.dashboard, serviceId)


# assets
@cx.get("/assets/numbers", tags=T_ASSETS, summary="Numbers: the tenant's pre-assigned SMS and WhatsApp numbers (read-only)",
        responses={200: documented(m.ConnectItemList), **E})
async def numbers(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, assets.list_numbers)


@cx.get("/assets/apps", tags=T_ASSETS, summary="Apps (with App IDs)", responses={200: documented(m.ConnectItemList), **E})
async def apps(request: Request, tenant: Tenant, channel: Annotated[Optional[str], Query(max_length=20)] = None) -> Response:
    return _run(request, tenant, assets.list_apps, channel)


@cx.post("/assets/apps/email/tokens", tags=T_ASSETS, status_code=201,
         summary="Email app: GENERATE TOKEN (starts the OAuth 2.0 consent; returns the authorization URL)",
         responses={201: documented(m.ConnectEmailTokenOut, "Started."), **E})
async def email_token(request: Request, tenant: Tenant, body: m.ConnectEmailTokenRequest) -> Response:
    base = _base(request)
    return _run(request, tenant, lambda s, c: oauth_client.start_email_token(s, c, body.model_dump(), base), status=201)


@cx.get("/assets/apps/email/tokens/{requestId}", tags=T_ASSETS, summary="Email app: the GENERATE TOKEN result",
        responses={200: documented(m.ConnectEmailTokenOut), **E})
async def email_token_get(request: Request, tenant: Tenant, requestId: Id) -> Response:
    return _run(request, tenant, oauth_client.get_email_token, requestId)


@cx.post("/assets/apps/email", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → Email (SAVE)",
         responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_email(request: Request, tenant: Tenant, body: m.ConnectEmailAppCreate) -> Response:
    return _run(request, tenant, assets.create_email, body.model_dump(), status=201)


@cx.post("/assets/apps/messenger/facebookLogin", tags=T_ASSETS, status_code=201,
         summary="Messenger: Add Messenger Page → sign in to Facebook; lists the pages the account manages",
         responses={201: documented(m.ConnectFacebookLoginOut, "Signed in."), **E})
async def facebook_login(request: Request, tenant: Tenant, body: m.ConnectFacebookLoginRequest) -> Response:
    return _run(request, tenant, assets.facebook_login, body.email, body.password, status=201)


@cx.get("/assets/apps/messenger/facebookLogin/{loginId}", tags=T_ASSETS,
        summary="Messenger: the pages of a Facebook login (which are already linked)",
        responses={200: documented(m.ConnectFacebookLoginOut), **E})
async def facebook_pages(request: Request, tenant: Tenant, loginId: Id) -> Response:
    return _run(request, tenant, assets.facebook_pages, loginId)


@cx.post("/assets/apps/messenger", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → Messenger (link one of the login's pages)",
         responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_messenger(request: Request, tenant: Tenant, body: m.ConnectMessengerAppCreate) -> Response:
    return _run(request, tenant, assets.create_messenger, body.model_dump(), status=201)


@cx.post("/assets/apps/livechat", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → Live Chat / In-App",
         responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_livechat(request: Request, tenant: Tenant, body: m.ConnectLiveChatAppCreate) -> Response:
    return _run(request, tenant, assets.create_livechat, body.model_dump(), status=201)


@cx.post("/assets/apps/whatsapp", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → WhatsApp (a pre-assigned number)",
         responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_whatsapp(request: Request, tenant: Tenant, body: m.ConnectNumberAppCreate) -> Response:
    return _run(request, tenant, assets.create_numbered, "whatsapp", body.model_dump(), status=201)


@cx.post("/assets/apps/sms", tags=T_ASSETS, status_code=201, summary="CONFIGURE NEW APP → SMS (a pre-assigned number)",
         responses={201: documented(m.ConnectAssetOut, "Created."), **E409})
async def create_sms(request: Request, tenant: Tenant, body: m.ConnectNumberAppCreate) -> Response:
    return _run(request, tenant, assets.create_numbered, "sms", body.model_dump(), status=201)


@cx.get("/assets/apps/{appId}", tags=T_ASSETS, summary="An app (by id or App ID); secrets masked",
        responses={200: documented(m.ConnectAssetOut), **E})
async def get_app(request: Request, tenant: Tenant, appId: Id) -> Response:
    return _run(request, tenant, assets.get_app, appId)


@cx.put("/assets/apps/{appId}/token", tags=T_ASSETS,
        summary="Email app: GENERATE TOKEN again and SAVE (replaces the Google tokens, e.g. after 'refresh failed')",
        responses={200: documented(m.ConnectAssetOut), **E})
async def replace_email_token(request: Request, tenant: Tenant, appId: Id, body: m.ConnectEmailTokenReplace) -> Response:
    return _run(request, tenant, assets.replace_email_token, appId, body.tokenRequestId)


@cx.put("/assets/apps/{appId}/sharing", tags=T_ASSETS,
        summary="Share the app with groups/teams (their users see and use it, read-only)",
        responses={200: documented(m.ConnectAssetOut), **E})
async def share_app(request: Request, tenant: Tenant, appId: Id, body: m.ConnectShareRequest) -> Response:
    return _run(request, tenant, assets.share_app, appId, body.containerIds)


@cx.delete("/assets/apps/{appId}", tags=T_ASSETS, status_code=204, summary="Delete an app (not once registered)",
           responses={204: {"description": "Deleted."}, **E409})
async def delete_app(request: Request, tenant: Tenant, appId: Id) -> Response:
    return _run(request, tenant, assets.delete_app, appId, status=204)


@cx.post("/assets/apps/{appId}/register", tags=T_ASSETS, summary="REGISTER TO WEBEX CC (once): choose the service",
         responses={200: documented(m.ConnectAssetOut, "Registered."), **E409})
async def register_app(request: Request, tenant: Tenant, appId: Id, body: m.ConnectRegisterRequest) -> Response:
    with db.session() as s:
        caller = auth.connect(s, request, tenant)
        out, event = assets.register(s, caller, appId, body.serviceId)
    dispatcher.publish(event)
    return json_response(out)


# integrations
@cx.get("/integrations", tags=T_INT, summary="Integrations: Webex CC Task, Webex CC Engage, with status",
        responses={200: documented(m.ConnectItemList), **E})
async def integrations(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, tools.list_integrations)


@cx.get("/integrations/{integrationId}", tags=T_INT, summary="Manage: the integration and its node authorizations",
        responses={200: documented(m.ConnectIntegrationOut), **E})
async def integration(request: Request, tenant: Tenant, integrationId: Id) -> Response:
    return _run(request, tenant, tools.get_integration, integrationId)


@cx.post("/integrations/{integrationId}/authorizations/{authorizationId}/authorize", tags=T_INT,
         summary="Add Authorization: name it and get the Webex sign-in URL (authorization-code flow)",
         responses={200: documented(m.ConnectAuthorizeOut), **E409})
async def authorize(request: Request, tenant: Tenant, integrationId: Id, authorizationId: Id, body: m.ConnectAuthorizeRequest) -> Response:
    base = _base(request)
    return _run(request, tenant, lambda s, c: oauth_client.start_node_auth(s, c, integrationId, authorizationId, body.name, base))


@cx.get("/callback", tags=T_INT, summary="The tenant's OAuth callback (https://<tenant>.imiconnect.io/callback)",
        description="Replay here the redirect the provider sent the browser to: Google (email GENERATE TOKEN) or "
                    "Webex (node authorization). No session needed: `state` identifies the round trip.",
        responses={200: documented(m.ConnectCallbackOut), **responses(400, 404)})
async def callback(tenant: Tenant, code: Annotated[Optional[str], Query(max_length=4000)] = None,
                   state: Annotated[Optional[str], Query(max_length=200)] = None,
                   error: Annotated[Optional[str], Query(max_length=200)] = None,
                   error_description: Annotated[Optional[str], Query(max_length=1000)] = None,
                   scope: Annotated[Optional[str], Query(max_length=2000)] = None) -> Response:
    with db.session() as s:
        t = auth.tenant_by_name(s, tenant)
        out = oauth_client.callback(s, t, code=code, state=state, error=error, error_description=error_description)
    return json_response({"status": out.get("status", "completed"), **out})


# templates
@cx.get("/templates", tags=T_TPL, summary="Templates", responses={200: documented(m.ConnectItemList), **E})
async def templates(request: Request, tenant: Tenant, channel: Annotated[Optional[str], Query(max_length=20)] = None,
                    search: Annotated[Optional[str], Query(max_length=200)] = None) -> Response:
    return _run(request, tenant, tools.list_templates, channel, search)


@cx.post("/templates", tags=T_TPL, status_code=201, summary="Create a template",
         responses={201: documented(m.ConnectTemplateOut, "Created."), **E409})
async def create_template(request: Request, tenant: Tenant, body: m.ConnectTemplateIn) -> Response:
    return _run(request, tenant, tools.create_template, body.model_dump(), status=201)


@cx.get("/templates/{templateId}", tags=T_TPL, summary="A template", responses={200: documented(m.ConnectTemplateOut), **E})
async def get_template(request: Request, tenant: Tenant, templateId: Id) -> Response:
    return _run(request, tenant, tools.get_template, templateId)


@cx.put("/templates/{templateId}", tags=T_TPL, summary="Edit a template", responses={200: documented(m.ConnectTemplateOut), **E409})
async def update_template(request: Request, tenant: Tenant, templateId: Id, body: m.ConnectTemplateIn) -> Response:
    return _run(request, tenant, tools.update_template, templateId, body.model_dump())


@cx.delete("/templates/{templateId}", tags=T_TPL, status_code=204, summary="Delete a template",
           responses={204: {"description": "Deleted."}, **E})
async def delete_template(request: Request, tenant: Tenant, templateId: Id) -> Response:
    return _run(request, tenant, tools.delete_template, templateId, status=204)


_ = ApiError  # re-exported for type checkers of route modules
