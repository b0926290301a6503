"""Lookups of the conversations wing: the agent calling the reply route (their own Webex token, the
tenant of their org), chained like the portals' ``Tenant``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request

from mockserver.core.body import authenticates
from mockserver.core.db import DbSession
from mockserver.core.errors import ApiError
from mockserver.engage.deps import tenant_of_org
from mockserver.engage.models import EngageTenant
from mockserver.identity.public import Gate, Principal

_AGENT = Gate(scopes=("cjp:user",), order=("scope",))

ConversationRef = Annotated[str, Path(min_length=1, max_length=100, description="The conversation id Connect shows "
                                      "(or its alias id).", examples=["65a1f0c2b4e9d3a1c7f8e210"])]


@dataclass
class Agent:
    principal: Principal
    tenant: EngageTenant

    @property
    def org_id(self) -> str:
        return self.tenant.org_id


@authenticates(_AGENT.precheck)
async def agent_caller(request: Request, session: DbSession) -> Agent:
    p = _AGENT.principal(request, session)
    t = tenant_of_org(session, p.org_id)
    if t is None:
        raise ApiError(404, "Engage tenant not found.", [
            "tenant: your organization has no Webex Engage tenant yet; provision digital channels first."])
    _AGENT.authorize(p)
    return Agent(p, t)


AgentCaller = Annotated[Agent, Depends(agent_caller)]
