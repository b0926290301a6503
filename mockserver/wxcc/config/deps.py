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
from sqlmodel import Session

from mockserver.core.body import authenticates
from mockserver.core.db import DbSession
from mockserver.core.errors import ApiError
from mockserver.identity.public import Gate, Principal

READ_SCOPES = ("cjp:config_read", "cjp:config")
WRITE_SCOPES = ("cjp:config_write", "cjp:config")


@dataclass(frozen=True)
class OrgCaller:
    principal: Principal
    org_id: str
    pod: int


def _forbidden(message: str) -> ApiError:
    return ApiError(403, "Forbidden.", [message], extra={"reason": "Operation is forbidden"})


_READ = Gate(scopes=READ_SCOPES, missing_status=400, forbidden=_forbidden)
_WRITE = Gate(scopes=WRITE_SCOPES, role="admin", missing_status=400, forbidden=_forbidden,
              role_message="Changing the configuration needs a Contact Center administrator.")


def _caller(request: Request, session: Session, orgid: str, gate: Gate) -> OrgCaller:
    p = gate.check(request, orgid.lower(), shown_org=orgid, session=session)
    return OrgCaller(p, p.org_id, p.pod)


OrgPath = Annotated[str, Path(description="Organization ID to be used for this operation.")]


@authenticates(_READ.precheck)
async def read_access(request: Request, session: DbSession, orgid: OrgPath) -> OrgCaller:
    return _caller(request, session, orgid, _READ)


@authenticates(_WRITE.precheck)
async def write_access(request: Request, session: DbSession, orgid: OrgPath) -> OrgCaller:
    return _caller(request, session, orgid, _WRITE)


Reader = Annotated[OrgCaller, Depends(read_access)]
Writer = Annotated[OrgCaller, Depends(write_access)]
