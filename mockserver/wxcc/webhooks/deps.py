"""Who may call the subscriptions API (its operation texts: reads ``cjp:config_read``, changes
``cjp:config_write``; ``cjp:config`` covers both) and for which org: the token's, or the ``orgId``
query parameter / body field when it names the same org."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from mockserver.core.body import authenticates
from mockserver.core.db import DbSession
from mockserver.identity.public import Gate, Principal
from mockserver.wxcc.webhooks.errors import forbidden

_READ = Gate(scopes=("cjp:config_read", "cjp:config"), forbidden=forbidden)
_WRITE = Gate(scopes=("cjp:config_write", "cjp:config"), role="admin", forbidden=forbidden,
              role_message="Subscriptions are created and changed by a Contact Center administrator.")


def check_org(p: Principal, org_id: str | None) -> None:
    if org_id is not None and org_id.lower() != p.org_id:
        raise forbidden(f"orgId: the access token is not valid for organization {org_id}.")


OrgQuery = Annotated[str | None, Query(max_length=64, description="Organization ID; the token's when left out.")]


@authenticates(lambda request: _READ.check(request))  # scope before the body, as the real gateway
async def reader(request: Request, session: DbSession, orgId: OrgQuery = None) -> Principal:
    p = _READ.check(request, session=session)
    check_org(p, orgId)
    return p


@authenticates(lambda request: _WRITE.check(request))
async def writer(request: Request, session: DbSession) -> Principal:
    return _WRITE.check(request, session=session)


@authenticates(lambda request: _WRITE.check(request))
async def deleter(request: Request, session: DbSession, orgId: OrgQuery = None) -> Principal:
    p = _WRITE.check(request, session=session)
    check_org(p, orgId)
    return p


Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Deleter = Annotated[Principal, Depends(deleter)]
