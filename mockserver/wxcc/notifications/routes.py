"""HTTP and websocket: ``POST /v1/notification/subscribe`` and the socket it hands out."""

from __future__ import annotations

from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response
from mockserver.wxcc.agents.deps import ControlCaller
from mockserver.wxcc.agents.errors import responses
from mockserver.wxcc.notifications import hub, service
from mockserver.wxcc.notifications.schemas import NotificationRequest, NotificationResponse

router = APIRouter(tags=["Notification"], route_class=ValidatedFirst, default_response_class=Response)
sockets = APIRouter(tags=["Notification"])


@router.post("/v1/notification/subscribe", summary="Register a websocket for the calling user's agent and task events",
             responses={200: documented(NotificationResponse), **responses(400, 401, 403)})
async def subscribe(request: Request, caller: ControlCaller, session: DbSession,
                    body: NotificationRequest | None = None) -> Response:
    body = body or NotificationRequest()
    out = service.subscribe(session, pod=caller.pod, org_id=caller.org_id, agent_id=caller.person_id,
                            client_type=body.clientType, keepalive=body.isKeepAliveEnabled,
                            multi_login=body.allowMultiLogin, force=body.force, base_url=str(request.base_url))
    return json_response(out)


@sockets.websocket("/v1/notification/subscription/{subscriptionId}")
async def socket(ws: WebSocket, subscriptionId: str) -> None:
    await hub.serve(ws, subscriptionId)
