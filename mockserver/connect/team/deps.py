"""Lookups chained on the caller: a JOIN THE TEAM link of the tenant in the path, a teammate or a
group/team the caller can see. Where the operation checks a permission before looking, the lookup
checks it first too (a Read Only user asking for an unknown teammate is refused, not told 404)."""

from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends

from mockserver.connect.caller import Id, PortalCaller, TenantInPath
from mockserver.connect.team import service
from mockserver.connect.team.models import ConnectContainer, ConnectUser
from mockserver.core.db import DbSession


async def _invitation(session: DbSession, tenant: TenantInPath, token: Id) -> service.Invitation:
    return service.invitation(session, tenant, token)


Invitation = Annotated[service.Invitation, Depends(_invitation)]


def _teammate(permission: str | None) -> Callable:
    async def teammate(caller: PortalCaller, session: DbSession, userId: Id) -> ConnectUser:
        if permission:
            caller.need(permission)
        return service.visible_user(session, caller, userId)

    return teammate


Teammate = Annotated[ConnectUser, Depends(_teammate(None))]
TeammateToRead = Annotated[ConnectUser, Depends(_teammate("users.read"))]
TeammateToInvite = Annotated[ConnectUser, Depends(_teammate("users.invite"))]
TeammateToManage = Annotated[ConnectUser, Depends(_teammate("users.manage"))]


async def _group(caller: PortalCaller, session: DbSession, groupId: Id) -> ConnectContainer:
    caller.need("containers.write")
    return service.visible_container(session, caller, "group", groupId)


async def _team(caller: PortalCaller, session: DbSession, teamId: Id) -> ConnectContainer:
    caller.need("containers.write")
    return service.visible_container(session, caller, "team", teamId)


GroupToChange = Annotated[ConnectContainer, Depends(_group)]
TeamToChange = Annotated[ConnectContainer, Depends(_team)]
