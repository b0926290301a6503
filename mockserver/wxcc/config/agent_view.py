"""The configuration reads an agent desktop makes at sign-in (Cisco's agent SDK ``register()``,
agent-sdk.md §1 step 1c and §5), beside the public config API: the org, its ``agentView``
organization settings and tenant configuration, its URL mappings, and its AI features.

Only ``v2/ai-feature`` is in Cisco's public spec; the other four are the desktop's own reads. They
answer in the shapes the SDK dereferences (``body.data[0]``, ``meta.totalPages``), with every
feature the sandbox does not emulate switched off: no WebRTC (so the SDK never needs WDM or
Mercury: EXTENSION and AGENT_DN logins), no campaigns, no real-time transcripts (no AI host is
tried), no desktop inactivity timeout.
"""

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import json_response
from mockserver.identity.public import org as identity_org
from mockserver.wxcc.config.deps import Reader
from mockserver.wxcc.config.errors import responses

ORG = "/organization/{orgid}"
DESKTOP_TAG = "Agent desktop reads (not in Cisco's public spec)"
_FIXED_ID = "00000000-0000-0000-0000-000000000000"


def _meta(org_id: str, rows: int) -> dict:
    return {"orgid": org_id, "page": 0, "pageSize": 100, "totalPages": 1 if rows else 0, "totalRecords": rows}


def organization(session, org_id: str, pod: int) -> dict:  # noqa: ANN001
    o = identity_org(session, org_id)
    return {"id": org_id, "organizationId": org_id, "name": o.display_name if o else f"POD {pod}",
            "tenantId": str(1000 + pod), "timezone": "America/New_York", "environment": "produs1",
            "region": "us1", "active": True}


def organization_setting(org_id: str) -> dict:
    row = {"id": _FIXED_ID, "organizationId": org_id, "webRtcEnabled": False, "campaignManagerEnabled": False,
           "maskSensitiveData": False, "multimediaProfilesEnabled": True, "recordingEnabled": False}
    return {"meta": _meta(org_id, 1), "data": [row]}


def tenant_configuration(org_id: str) -> dict:
    row = {"id": _FIXED_ID, "organizationId": org_id, "timeoutDesktopInactivityEnabled": False,
           "timeoutDesktopInactivityMins": 15, "forceDefaultDn": False, "dnDefaultRegex": "", "dnOtherRegex": "",
           "privacyShieldVisible": False, "outdialEnabled": False, "endCallEnabled": True, "endConsultEnabled": True,
           "callVariablesSuppressed": False, "lostConnectionRecoveryTimeout": 120}
    return {"meta": _meta(org_id, 1), "data": [row]}


router = APIRouter(tags=[DESKTOP_TAG])
ERR = responses(400, 401, 403, 404)


@router.get(ORG, summary="The organization as the agent desktop reads it (tenantId, timezone, environment)",
            responses=ERR)
async def get_org(caller: Reader, session: DbSession) -> Response:
    return json_response(organization(session, caller.org_id, caller.pod))


@router.get(ORG + "/v2/organization-setting", summary="Organization settings (agentView): WebRTC, campaigns, masking",
            responses=ERR)
async def get_org_setting(caller: Reader, agentView: Optional[bool] = Query(None)) -> Response:
    return json_response(organization_setting(caller.org_id))


@router.get(ORG + "/v2/tenant-configuration", summary="Tenant configuration (agentView): dial-number rules, end-call, recovery",
            responses=ERR)
async def get_tenant_config(caller: Reader, agentView: Optional[bool] = Query(None)) -> Response:
    return json_response(tenant_configuration(caller.org_id))


@router.get(ORG + "/v2/org-url-mapping", summary="URL mappings the desktop may open (none in the sandbox)", responses=ERR)
async def get_url_mappings(caller: Reader, sort: Annotated[Optional[str], Query(max_length=64)] = None,
                           page: Annotated[int, Query(ge=0)] = 0, pageSize: Annotated[int, Query(ge=1)] = 100) -> Response:
    return json_response({"meta": _meta(caller.org_id, 0), "data": []})
