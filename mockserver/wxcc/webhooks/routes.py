"""HTTP: ``/v1`` and ``/v2`` ``subscriptions`` and ``event-types`` (Cisco's spec), and the sandbox's
delivery log (``/sandbox/wxcc/webhooks/deliveries``). Thin: the caller comes in as a dependency,
the service answers."""


from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, error_responses, json_response
from mockserver.identity.public import IdentityError
from mockserver.wxcc.webhooks import event_types, log, schemas as m, service
from mockserver.wxcc.webhooks.deps import Deleter, Reader, Writer
from mockserver.wxcc.webhooks.errors import responses

TAGS = ["Subscriptions"]
ERR = responses(400, 401, 403)
ERR_ID = responses(400, 401, 403, 404)
SubId = Annotated[str, Path(max_length=64, description="Subscription ID.")]

router = APIRouter(tags=TAGS, route_class=ValidatedFirst)


def _meta(session, p) -> dict:  # noqa: ANN001
    return {"orgId": p.org_id, "subscriptionCount": service.count(session, p.org_id)}


def _one(session, p, sub, status: int = 200) -> Response:  # noqa: ANN001
    return json_response({"meta": {"orgId": p.org_id}, "data": service.view(sub)}, status=status)


def _versioned(v: int) -> None:
    create_body = m.SubscriptionRequest if v == 1 else m.SubscriptionRequestEnhanced
    update_body = m.SubscriptionRequestUpdate if v == 1 else m.SubscriptionRequestUpdateEnhanced
    one = m.SubscriptionApiResponse if v == 1 else m.SubscriptionApiResponseEnhanced
    many = m.SubscriptionApiListResponse if v == 1 else m.SubscriptionApiListResponseEnhanced
    what = "" if v == 1 else " (v2: one resourceVersion per subscription)"

    @router.get(f"/v{v}/subscriptions", summary=f"List Subscriptions (v{v})",
                responses={200: documented(many), **ERR}, operation_id=f"listSubscriptionsV{v}")
    async def list_subs(p: Reader, session: DbSession) -> Response:
        return json_response({"meta": _meta(session, p), "data": [service.view(s) for s in service.listing(session, p, v)]})

    @router.post(f"/v{v}/subscriptions", status_code=201, summary=f"Register Subscription{what}",
                 responses={201: documented(one, "Created."), **ERR}, operation_id=f"createSubscriptionV{v}")
    async def create_sub(p: Writer, session: DbSession, body: create_body) -> Response:  # type: ignore[valid-type]
        return _one(session, p, service.create(session, p, v, body), status=201)

    @router.get(f"/v{v}/subscriptions/{{id}}", summary=f"Get Subscription (v{v})",
                responses={200: documented(one), **ERR_ID}, operation_id=f"getSubscriptionV{v}")
    async def get_sub(p: Reader, session: DbSession, id: SubId) -> Response:  # noqa: A002
        return _one(session, p, service.get(session, p, v, id))

    @router.patch(f"/v{v}/subscriptions/{{id}}", summary=f"Update Subscription (v{v}): the fields sent, status included",
                  responses={200: documented(one), **ERR_ID}, operation_id=f"updateSubscriptionV{v}")
    async def update_sub(p: Writer, session: DbSession, id: SubId, body: update_body) -> Response:  # type: ignore[valid-type]  # noqa: A002
        return _one(session, p, service.update(session, p, v, id, body))

    @router.delete(f"/v{v}/subscriptions/{{id}}", status_code=204, summary=f"Delete Subscription (v{v})",
                   responses={204: {"description": "Deleted."}, **ERR_ID}, operation_id=f"deleteSubscriptionV{v}")
    async def delete_sub(p: Deleter, session: DbSession, id: SubId) -> Response:  # noqa: A002
        service.delete(session, p, v, id)
        return Response(status_code=204)


_versioned(1)
_versioned(2)


@router.get("/v1/event-types", summary="List Event Types",
            responses={200: documented(m.EventTypesApiListResponse), **ERR}, operation_id="listEventTypesV1")
async def event_types_v1(p: Reader) -> Response:
    return json_response({"meta": {"orgId": p.org_id}, "data": [event_types.describe(n) for n in event_types.V1]})


@router.get("/v2/event-types", summary="List Event Types, with the resource versions a v2 subscription may name",
            responses={200: documented(m.EventTypesApiListResponseEnhanced), **ERR}, operation_id="listEventTypesV2")
async def event_types_v2(p: Reader) -> Response:
    versions = [{"resource": r, "version": v} for r, vs in event_types.RESOURCE_VERSIONS.items() for v in vs]
    return json_response({"meta": {"orgId": p.org_id, "resourceVersionList": versions},
                          "data": [event_types.describe(n) for n in event_types.V2]})


# --- the sandbox's delivery log --------------------------------------------------------------------
sandbox = APIRouter(prefix="/sandbox/wxcc/webhooks", tags=["Sandbox: WxCC webhook deliveries"], route_class=ValidatedFirst)
Status = Literal["pending", "sending", "delivered", "failed", "blocked", "dropped"]


@sandbox.get("/deliveries", summary="What the sandbox POSTed to subscribers' URLs, newest first",
             responses={200: documented(m.WebhookDeliveryList), **error_responses(IdentityError, 400)})
async def deliveries(session: DbSession,
                     orgId: Annotated[str | None, Query(max_length=64)] = None,
                     subscriptionId: Annotated[str | None, Query(max_length=64)] = None,
                     eventType: Annotated[str | None, Query(max_length=64)] = None,
                     status: Status | None = None,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:
    rows = log.search(session, org_id=orgId, subscription_id=subscriptionId, event_type=eventType, status=status, limit=limit)
    return json_response({"items": [log.view(d) for d in rows]})


@sandbox.get("/deliveries/{deliveryId}", summary="One delivery: the body and headers sent, every attempt",
             responses={200: documented(m.WebhookDeliveryView), **error_responses(IdentityError, 400, 404)})
async def delivery(session: DbSession, deliveryId: Annotated[str, Path(max_length=64)]) -> Response:
    return json_response(log.detail(session, deliveryId))
