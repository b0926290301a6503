"""Who may call the config API for which org (errata C1, A11).

- no / malformed ``Authorization`` header -> 400; unknown or expired token -> 401;
- reads need ``cjp:config_read`` or ``cjp:config``; writes need ``cjp:config_write`` or
  ``cjp:config`` and an administrator -> else 403;
- a path ``orgid`` other than the token's org -> 403 (another POD's data never leaks, and an
  unknown org looks the same as a foreign one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request

from mockserver.core.errors import ApiError
from mockserver.identity.deps import bearer_token
from mockserver.identity.tokens import Principal, tokens

READ_SCOPES = ("cjp:config_read", "cjp:config")
WRITE_SCOPES = ("cjp:config_write", "cjp:config")


@dataclass(frozen=True)
class OrgCaller:
    principal: Principal
    org_id: str
    pod: int


def _caller(request: Request, orgid: str, scopes: tuple[str, ...], admin: bool) -> OrgCaller:
    p = tokens.resolve(None, bearer_token(request, missing_status=400))
    if not p.has_any(*scopes):
        raise ApiError(403, "Forbidden.", [f"The access token lacks a required scope: one of {', '.join(scopes)}."],
                       extra={"reason": "Operation is forbidden"})
    if admin and not p.is_admin:
        raise ApiError(403, "Forbidden.", ["Changing the configuration needs a Contact Center administrator."],
                       extra={"reason": "Operation is forbidden"})
    if orgid.lower() != p.org_id:
        raise ApiError(403, "Forbidden.", [f"The access token is not valid for organization {orgid}."],
                       extra={"reason": "Operation is forbidden"})
    return OrgCaller(p, p.org_id, p.pod)


OrgPath = Annotated[str, Path(description="Organization ID to be used for this operation.")]


async def read_access(request: Request, orgid: OrgPath) -> OrgCaller:
    return _caller(request, orgid, READ_SCOPES, admin=False)


async def write_access(request: Request, orgid: OrgPath) -> OrgCaller:
    return _caller(request, orgid, WRITE_SCOPES, admin=True)


Reader = Annotated[OrgCaller, Depends(read_access)]
Writer = Annotated[OrgCaller, Depends(write_access)]
