"""HTTP: sign-in (login, logout, JOIN THE TEAM), Profile Settings, Settings → Teammates (and the
role matrix), Settings → Groups/Teams. Thin: the caller and the looked-up objects come in as
dependencies; the service answers."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.connect.caller import PortalCaller, TenantInPath
from mockserver.connect.errors import E, E409, responses
from mockserver.connect.team import schemas as m, service
from mockserver.connect.team.roles import ROLES, matrix_json
from mockserver.connect.team.deps import (
    GroupToChange,
    Invitation,
    TeammateToInvite,
    Teammate,
    TeammateToManage,
    TeammateToRead,
    TeamToChange,
)
from mockserver.connect.schema_base import ConnectItemList
from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response

router = APIRouter(prefix="/connect/{tenant}", route_class=ValidatedFirst)
T_SIGN = ["Connect: Sign-in"]
T_TEAM = ["Connect: Settings → Teammates"]
T_GROUPS = ["Connect: Settings → Groups/Teams"]
T_SET = ["Connect: Settings"]


@router.post("/login", tags=T_SIGN, summary="Sign in with local Connect credentials",
             responses={200: documented(m.ConnectSessionOut), **responses(400, 401, 404)})
async def login(tenant: TenantInPath, session: DbSession, body: m.ConnectLoginRequest) -> Response:
    return json_response(service.login(session, tenant, body.email, body.password))


@router.post("/logout", tags=T_SIGN, status_code=204, summary="Sign out (the session token stops working)",
             responses={204: {"description": "Signed out."}, **responses(400, 401, 404)})
async def logout(caller: PortalCaller, session: DbSession) -> Response:
    service.logout(session, caller)
    return Response(status_code=204)


@router.get("/join/{token}", tags=T_SIGN, summary="JOIN THE TEAM link: who is invited, until when",
            responses={200: documented(m.ConnectLinkInfo), **responses(400, 404, 410)})
async def join_info(tenant: TenantInPath, invitation: Invitation) -> Response:
    return json_response(service.link_info(invitation))


@router.post("/join/{token}", tags=T_SIGN, summary="Activate the account (name, password, more details) and sign in",
             responses={200: documented(m.ConnectSessionOut), **responses(400, 404, 410)})
async def join(tenant: TenantInPath, invitation: Invitation, session: DbSession, body: m.ConnectJoinRequest) -> Response:
    return json_response(service.join(session, invitation, body.model_dump()))


@router.get("/me", tags=T_SET, summary="Profile Settings: the signed-in teammate",
            responses={200: documented(m.ConnectUserOut), **responses(400, 401, 404)})
async def me(caller: PortalCaller, session: DbSession) -> Response:
    return json_response(service.user_json(session, caller.user))


@router.patch("/me", tags=T_SET, summary="Profile Settings: edit your name, details or password",
              responses={200: documented(m.ConnectUserOut), **responses(400, 401, 404)})  # every role
async def update_me(caller: PortalCaller, session: DbSession, body: m.ConnectMeUpdate) -> Response:
    return json_response(service.update_me(session, caller, body.model_dump()))


@router.get("/roles", tags=T_TEAM, summary="The roles and the permission matrix every operation enforces",
            responses={200: documented(m.ConnectRoleMatrix), **responses(400, 401, 404)})
async def roles(caller: PortalCaller) -> Response:
    return json_response({"roles": list(ROLES), "permissions": matrix_json()})


@router.get("/users", tags=T_TEAM, summary="Teammates at your level and below",
            responses={200: documented(ConnectItemList), **E})
async def users(caller: PortalCaller, session: DbSession,
                search: Annotated[Optional[str], Query(max_length=200)] = None) -> Response:
    return json_response(service.list_users(session, caller, search))


@router.post("/users", tags=T_TEAM, status_code=201, summary="Invite a teammate (email + role): sends the Join the team email",
             responses={201: documented(m.ConnectUserOut, "Invited."), **E409})
async def invite(caller: PortalCaller, session: DbSession, body: m.ConnectInviteRequest) -> Response:
    return json_response(service.invite(session, caller, body.model_dump()), status=201)


@router.get("/users/{userId}", tags=T_TEAM, summary="A teammate", responses={200: documented(m.ConnectUserOut), **E})
async def get_user(caller: PortalCaller, user: TeammateToRead, session: DbSession) -> Response:
    return json_response(service.get_user(session, user))


@router.patch("/users/{userId}", tags=T_TEAM, summary="Edit a teammate: role, Decrypt Logs (Owner only), access, container",
              responses={200: documented(m.ConnectUserOut), **E})
async def update_user(caller: PortalCaller, user: TeammateToManage, session: DbSession, body: m.ConnectUserUpdate) -> Response:
    return json_response(service.update_user(session, caller, user, body.model_dump()))


@router.delete("/users/{userId}", tags=T_TEAM, status_code=204, summary="Delete a teammate",
               responses={204: {"description": "Deleted."}, **E409})
async def delete_user(caller: PortalCaller, user: TeammateToManage, session: DbSession) -> Response:
    service.delete_user(session, caller, user)
    return Response(status_code=204)


@router.post("/users/{userId}/resendInvite", tags=T_TEAM, summary="Re-send the Join the team email (new 24 h link)",
             responses={200: documented(m.ConnectUserOut), **E409})
async def resend_invite(caller: PortalCaller, user: TeammateToInvite, session: DbSession) -> Response:
    return json_response(service.resend_invite(session, caller, user))


@router.get("/groups", tags=T_GROUPS, summary="Groups (under the tenant)", responses={200: documented(ConnectItemList), **E})
async def groups(caller: PortalCaller, session: DbSession) -> Response:
    return json_response(service.list_containers(session, caller, "group"))


@router.post("/groups", tags=T_GROUPS, status_code=201, summary="Add a group (Owner)",
             responses={201: documented(m.ConnectContainerOut, "Created."), **E409})
async def create_group(caller: PortalCaller, session: DbSession, body: m.ConnectContainerRequest) -> Response:
    return json_response(service.create_container(session, caller, "group", body.model_dump()), status=201)


@router.get("/teams", tags=T_GROUPS, summary="Teams (under groups)", responses={200: documented(ConnectItemList), **E})
async def teams(caller: PortalCaller, session: DbSession) -> Response:
    return json_response(service.list_containers(session, caller, "team"))


@router.post("/teams", tags=T_GROUPS, status_code=201, summary="Add a team to a group (Owner)",
             responses={201: documented(m.ConnectContainerOut, "Created."), **E409})
async def create_team(caller: PortalCaller, session: DbSession, body: m.ConnectTeamRequest) -> Response:
    return json_response(service.create_container(session, caller, "team", body.model_dump()), status=201)


@router.patch("/groups/{groupId}", tags=T_GROUPS, summary="Rename (or describe) a group (Owner)",
              responses={200: documented(m.ConnectContainerOut), **E409})
async def update_group(caller: PortalCaller, group: GroupToChange, session: DbSession, body: m.ConnectContainerUpdate) -> Response:
    return json_response(service.update_container(session, caller, group, body.model_dump()))


@router.delete("/groups/{groupId}", tags=T_GROUPS, status_code=204,
               summary="Delete a group (Owner): refused with 409 naming its teams, users and objects while it has any",
               responses={204: {"description": "Deleted."}, **E409})
async def delete_group(caller: PortalCaller, group: GroupToChange, session: DbSession) -> Response:
    service.delete_container(session, group)
    return Response(status_code=204)


@router.patch("/teams/{teamId}", tags=T_GROUPS, summary="Rename (or describe) a team (Owner)",
              responses={200: documented(m.ConnectContainerOut), **E409})
async def update_team(caller: PortalCaller, team: TeamToChange, session: DbSession, body: m.ConnectContainerUpdate) -> Response:
    return json_response(service.update_container(session, caller, team, body.model_dump()))


@router.delete("/teams/{teamId}", tags=T_GROUPS, status_code=204,
               summary="Delete a team (Owner): refused with 409 naming its users and objects while it has any",
               responses={204: {"description": "Deleted."}, **E409})
async def delete_team(caller: PortalCaller, team: TeamToChange, session: DbSession) -> Response:
    service.delete_container(session, team)
    return Response(status_code=204)
