"""Lookups of Engage → Users, chained on the caller's tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.core.db import DbSession
from mockserver.engage.deps import Id, Tenant, owned
from mockserver.engage.users.models import EngageUser


async def own_user(session: DbSession, caller: Tenant, userId: Id) -> EngageUser:  # noqa: N803 - the path's name
    # Decision: the user list hides the signed-in user, but asking for it by id works.
    return owned(session, caller, EngageUser, userId, "User")


OwnUser = Annotated[EngageUser, Depends(own_user)]
