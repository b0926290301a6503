"""Who calls the agent, task and notification APIs (``/v1/agents``, ``/v1/tasks``,
``/v1/notification``, the reporting reads): a bearer token with ``cjp:user`` (or the conversation
scope a Connect node authorization carries), WxCC's 400 for a missing header (errata C1), and 403
in the AQM error shape. The org is the token's; a ``?orgId=`` naming another org is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from mockserver.core.body import authenticates
from mockserver.core.errors import ApiError
from mockserver.core.db import DbSession
from mockserver.identity.public import Gate, Principal
from mockserver.wxcc.agents.errors import AqmError, FORBIDDEN, forbidden, report_forbidden

CONTROL_SCOPES = ("cjp:user", "cloud-contact-center:pod_conv", "cjp:task_write")
REPORT_SCOPES = ("cjp:user", "cjp:config", "cjp:config_read", "cjp:task_read", "cloud-contact-center:pod_conv")


@dataclass(frozen=True)
class Caller:
    principal: Principal
    org_id: str
    pod: int

    @property
    def person_id(self) -> str:
        return self.principal.person_id


_CONTROL = Gate(scopes=CONTROL_SCOPES, missing_status=400, forbidden=forbidden)
_REPORT = Gate(scopes=REPORT_SCOPES, missing_status=400, forbidden=report_forbidden)


def _org_param(request: Request, p: Principal, report: bool) -> None:
    asked = request.query_params.get("orgId")
    if asked and asked.lower() != p.org_id:
        raise AqmError(403, f"orgId: the access token is not valid for organization {asked}.", reason_code=FORBIDDEN,
                       report=report)


@authenticates(_CONTROL.precheck)
async def control_caller(request: Request, session: DbSession) -> Caller:
    p = _CONTROL.check(request, session=session)
    _org_param(request, p, False)
    return Caller(p, p.org_id, p.pod)


def _report_check(request: Request, session: DbSession | None = None) -> Principal:
    """The reporting reads answer every refusal, a missing or malformed token too, in Cisco's
    ApiErrorResponse shape, not the control APIs' one."""
    try:
        return _REPORT.check(request, session=session)
    except ApiError as e:
        e.extra = {**(e.extra or {}), "report": True}
        raise


@authenticates(_report_check)
async def report_caller(request: Request, session: DbSession) -> Caller:
    p = _report_check(request, session)
    _org_param(request, p, True)
    return Caller(p, p.org_id, p.pod)


ControlCaller = Annotated[Caller, Depends(control_caller)]
ReportCaller = Annotated[Caller, Depends(report_caller)]
