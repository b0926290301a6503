"""The service in the path, chained on the caller: the permission the operation needs is checked
first, then the service must exist in the tenant at the caller's level or below."""

from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends

from mockserver.connect.caller import Id, PortalCaller
from mockserver.connect.services import service
from mockserver.connect.services.models import ConnectService
from mockserver.core.db import DbSession


def _service(permission: str) -> Callable:
    async def visible_service(caller: PortalCaller, session: DbSession, serviceId: Id) -> ConnectService:
        caller.need(permission)
        return service.visible_service(session, caller, serviceId)

    return visible_service


ServiceToRead = Annotated[ConnectService, Depends(_service("services.read"))]
ServiceToChange = Annotated[ConnectService, Depends(_service("services.write"))]
ServiceCredentials = Annotated[ConnectService, Depends(_service("services.credentials"))]
