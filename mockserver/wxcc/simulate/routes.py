"""HTTP: ``POST /sandbox/wxcc/tasks`` (the control plane's admin token applies when one is set)."""

from fastapi import APIRouter
from fastapi.responses import Response

from mockserver.core.http import ValidatedFirst, documented, error_responses, json_response
from mockserver.identity.public import IdentityError
from mockserver.wxcc.simulate import schemas as m, service

router = APIRouter(prefix="/sandbox/wxcc", tags=["Sandbox: WxCC contact simulator"], route_class=ValidatedFirst)


@router.post("/tasks", status_code=201,
             summary="Offer a digital contact to a queue as a flow's Queue Task node would (no flow needed)",
             responses={201: documented(m.OfferedTask, "Created and queued; routed at once when an agent is free."),
                        **error_responses(IdentityError, 400, 404)})
async def offer_contact(body: m.OfferContact) -> Response:
    return json_response(service.offer(body), status=201)
