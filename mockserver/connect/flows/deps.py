"""The flow in the path, chained on the service (itself chained on the caller and the permission)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Callable

from fastapi import Depends, Path

from mockserver.connect.caller import Id, PortalCaller
from mockserver.connect.flows import service
from mockserver.connect.flows.models import ConnectFlow
from mockserver.connect.services.models import ConnectService
from mockserver.connect.services.service import visible_service
from mockserver.core.db import DbSession


@dataclass
class FlowInService:
    svc: ConnectService
    flow: ConnectFlow


def _service(permission: str) -> Callable:
    async def service_of_flows(caller: PortalCaller, session: DbSession, serviceId: Id) -> ConnectService:
        caller.need(permission)
        return visible_service(session, caller, serviceId)

    return service_of_flows


def _flow(permission: str) -> Callable:
    async def flow_in_service(caller: PortalCaller, session: DbSession, serviceId: Id,
                              flowId: Annotated[str, Path(max_length=40)]) -> FlowInService:
        caller.need(permission)
        svc = visible_service(session, caller, serviceId)
        return FlowInService(svc, service.visible_flow(session, svc, flowId))

    return flow_in_service


FlowsToRead = Annotated[ConnectService, Depends(_service("flows.read"))]
FlowsToChange = Annotated[ConnectService, Depends(_service("flows.write"))]
FlowToRead = Annotated[FlowInService, Depends(_flow("flows.read"))]
FlowToChange = Annotated[FlowInService, Depends(_flow("flows.write"))]
FlowToPublish = Annotated[FlowInService, Depends(_flow("flows.live"))]
