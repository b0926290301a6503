"""Engage → Users (admin portal): the contact-center licensed Control Hub users and their sync."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.engage.deps import Page, Reader, Search, Size
from mockserver.engage.errors import E
from mockserver.engage.users import schemas as m, service
from mockserver.engage.users.deps import OwnUser

router = APIRouter(prefix="/engage")
T_USERS = ["Engage: Users"]


@router.get("/{tenant}/users", tags=T_USERS, summary="Users: contact-center licensed Control Hub users, except you",
            responses={200: documented(m.EngageUserList), **E})
async def list_users(session: DbSession, caller: Reader,
                     roleType: Annotated[Optional[str], Query(max_length=40, description="Administrative | Customer Care")] = None,
                     status: Annotated[Optional[str], Query(max_length=20, description="active | inactive")] = None,
                     search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return json_response(service.list_users(session, caller, role_type=roleType, status=status, search=search, page=page,
                                            size=size))


@router.get("/{tenant}/users/sync", tags=T_USERS,
            summary="Licence changes waiting for Control Hub's Synchronize Users, and the last synchronization",
            responses={200: documented(m.EngageUserSyncStatus), **E})
async def user_sync(session: DbSession, caller: Reader) -> Response:
    return json_response(service.sync_status(session, caller))


@router.get("/{tenant}/users/{userId}", tags=T_USERS, summary="A user by id",
            responses={200: documented(m.EngageUserOut), **E})
async def get_user(caller: Reader, user: OwnUser) -> Response:
    return json_response(service.user_json(user))
