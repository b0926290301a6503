"""The dashboards' routes: the admin portal's (beside the cross-launch) and the Customer Care portal's."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.engage.dashboards import schemas as m, service
from mockserver.engage.deps import Reader
from mockserver.engage.errors import E

admin_router = APIRouter(prefix="/engage")
customer_care_router = APIRouter(prefix="/engage")
T_PORTAL = ["Engage: cross-launch"]
T_CC = ["Engage: Customer Care portal"]


@admin_router.get("/{tenant}/dashboard", tags=T_PORTAL, summary="Admin portal Dashboard: ongoing conversations and agents",
                  responses={200: documented(m.EngageDashboardOut), **E})
async def dashboard(session: DbSession, caller: Reader,
                    agent: Annotated[Optional[list[str]], Query(max_length=100, description="Agents by Engage user id or email (repeat the parameter); none = Select All.")] = None,
                    channel: Annotated[Optional[str], Query(max_length=20, description="Only this channel: email | chat | sms | messenger | whatsapp | apple.")] = None) -> Response:
    return json_response(service.dashboard(session, caller, agent, channel))


@customer_care_router.get("/{tenant}/customer-care/dashboard", tags=T_CC, summary="Customer Care Dashboard: ongoing conversations and agents",
                          responses={200: documented(m.EngageDashboardOut), **E})
async def cc_dashboard(session: DbSession, caller: Reader,
                       agent: Annotated[Optional[list[str]], Query(max_length=100, description="Agents by Engage user id or email (repeat the parameter); none = all.")] = None,
                       channel: Annotated[Optional[str], Query(max_length=20, description="Only this channel: email | chat | sms | messenger | whatsapp | apple.")] = None) -> Response:
    return json_response(service.dashboard(session, caller, agent, channel))
