"""Lookups of Engage → Users, chained on the caller's tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.core.db import db
from mockserver.engage.deps import Id, Tenant
from mockserver.engage.users.models import EngageUser
from mockserver.engage.users.service import find_user


async def own_user(caller: Tenant, userId: Id) -> EngageUser:  # noqa: N803 - the path's name
    with db.session() as s:
        return find_user(s, caller, userId)


OwnUser = Annotated[EngageUser, Depends(own_user)]
