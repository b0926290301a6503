"""HTTP: ``/v1/agents`` — login, state, logout (PUT as Cisco's spec says, POST as its SDK sends),
reload, buddy list: 202 with no body, the outcome on the agent's websocket; and the reporting
reads (activities, statistics)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response
from mockserver.wxcc.agents import reports, schemas as m, service
from mockserver.wxcc.agents.deps import ControlCaller, ReportCaller
from mockserver.wxcc.agents.errors import responses
from mockserver.wxcc.reporting import parse_channels, parse_int, parse_list, parse_ms

router = APIRouter(prefix="/v1/agents", tags=["Agents"], route_class=ValidatedFirst, default_response_class=Response)
ACCEPTED = {202: {"description": "Accepted: the outcome arrives on the agent's websocket."}}


def _tid(request: Request) -> str | None:
    return getattr(request.state, "tracking_id", None)


@router.post("/login", status_code=202, summary="Station login (StationLogin / AgentStationLoginSuccess | Failed)",
             responses={**ACCEPTED, **responses(400, 401, 403)})
async def login(request: Request, caller: ControlCaller, session: DbSession, body: m.LogInResourceRequest) -> Response:
    service.login(session, caller, body, _tid(request))
    return Response(status_code=202)


@router.put("/session/state", status_code=202, summary="Change the agent's state: Available or Idle with an idle code",
            responses={**ACCEPTED, **responses(400, 401, 403)})
async def state(request: Request, caller: ControlCaller, session: DbSession, body: m.StateResourceRequest) -> Response:
    service.set_state(session, caller, body, _tid(request))
    return Response(status_code=202)


@router.put("/logout", status_code=202, summary="Log out (Logout / AgentLogoutSuccess)",
            responses={**ACCEPTED, **responses(400, 401, 403)})
async def logout(request: Request, caller: ControlCaller, session: DbSession, body: m.LogOutResourceRequest) -> Response:
    service.logout(session, caller, body, _tid(request))
    return Response(status_code=202)


@router.post("/logout", status_code=202, include_in_schema=False)
async def logout_post(request: Request, caller: ControlCaller, session: DbSession,
                      body: m.LogOutResourceRequest) -> Response:
    """Cisco's SDK sends POST (errata: accept both)."""
    service.logout(session, caller, body, _tid(request))
    return Response(status_code=202)


@router.post("/reload", status_code=202, summary="Restore the agent's session (AgentReloginSuccess | AgentReloginFailed)",
             responses={**ACCEPTED, **responses(401, 403)})
async def reload(request: Request, caller: ControlCaller, session: DbSession) -> Response:
    service.reload(session, caller, _tid(request))
    return Response(status_code=202)


@router.post("/buddyList", status_code=202, summary="Agents to consult or transfer to (BuddyAgents)",
             responses={**ACCEPTED, **responses(400, 401, 403)})
async def buddy_list(request: Request, caller: ControlCaller, session: DbSession, body: m.BuddyAgentRequest) -> Response:
    service.buddy_list(session, caller, body, _tid(request))
    return Response(status_code=202)


@router.get("/activities", summary="Agents' state and contact periods in a window (< 24 h, sorted by startTime)",
            responses={200: documented(m.AgentActivitiesApiResponse), **responses(400, 401, 403, report=True)})
async def activities(caller: ReportCaller, session: DbSession,
                     from_: str | None = Query(default=None, alias="from"), to: str | None = None,
                     agentIds: str | None = None, teamIds: str | None = None, channelTypes: str | None = None,
                     page: str | None = None, pageSize: str | None = None, orgId: str | None = None) -> Response:
    rows = reports.activities(
        session, caller.org_id, from_ms=parse_ms("from", from_, required=True), to_ms=parse_ms("to", to, required=False),
        agent_ids=parse_list("agentIds", agentIds), team_ids=parse_list("teamIds", teamIds),
        channel_types=parse_channels(channelTypes), page=parse_int("page", page, default=0, lo=0, hi=10_000),
        page_size=parse_int("pageSize", pageSize, default=100, lo=1, hi=1000))
    return json_response({"meta": {"orgId": caller.org_id}, "data": rows})


@router.get("/statistics", summary="Per-agent, per-channel statistics in a window",
            responses={200: documented(m.AgentApiResponse), **responses(400, 401, 403, report=True)})
async def statistics(caller: ReportCaller, session: DbSession,
                     from_: str | None = Query(default=None, alias="from"), to: str | None = None,
                     interval: str | None = None, agentIds: str | None = None, orgId: str | None = None) -> Response:
    rows = reports.statistics(
        session, caller.org_id, from_ms=parse_ms("from", from_, required=True), to_ms=parse_ms("to", to, required=True),
        interval_min=parse_int("interval", interval, default=15, lo=1, hi=1440),
        agent_ids=parse_list("agentIds", agentIds))
    return json_response({"meta": {"orgId": caller.org_id}, "data": rows})
