"""The integration (and node authorization) in the path, chained on the caller: the permission the
operation needs is checked first, then each object must exist in the tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.connect.caller import Id, PortalCaller
from mockserver.connect.integrations import service
from mockserver.connect.integrations.models import ConnectIntegration, ConnectNodeAuth
from mockserver.core.db import DbSession


async def _integration(caller: PortalCaller, session: DbSession, integrationId: Id) -> ConnectIntegration:
    caller.need("integrations.read")
    return service.tenant_integration(session, caller, integrationId)


async def _node_authorization(caller: PortalCaller, session: DbSession, integrationId: Id,
                              authorizationId: Id) -> ConnectNodeAuth:
    caller.need("integrations.write")
    integ = service.tenant_integration(session, caller, integrationId)
    return service.node_authorization(session, integ, authorizationId)


IntegrationToRead = Annotated[ConnectIntegration, Depends(_integration)]
NodeAuthorizationToAuthorize = Annotated[ConnectNodeAuth, Depends(_node_authorization)]
