"""Lookups of Engage → Users, chained on the caller's tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.engage.deps import Id, Tenant, owned
from mockserver.engage.users.models import EngageUser


async def own_user(caller: Tenant, userId: Id) -> EngageUser:  # noqa: N803 - the path's name
    # Decision: the user list hides the signed-in user, but asking for it by id works.
    return owned(caller, EngageUser, userId, "User")


OwnUser = Annotated[EngageUser, Depends(own_user)]
