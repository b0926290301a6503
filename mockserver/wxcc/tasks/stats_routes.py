"""HTTP: the reading calls beside ``/v1/tasks`` — ``GET /v1/queues/statistics``, ``GET /v1/ewt`` and
``POST /v1/captures/query`` (Cisco's ``ApiErrorResponse`` errors)."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.wxcc.agents.deps import ReportCaller
from mockserver.wxcc.agents.errors import responses
from mockserver.wxcc.reporting import bad, parse_int, parse_list, parse_ms
from mockserver.wxcc.tasks import captures, stats
from mockserver.wxcc.tasks.schemas import (DownloadMultipleInteractionsResponse, EWTApiResponse, QueueApiResponse,
                                           RecordingBodyParams)

router = APIRouter(default_response_class=Response)


@router.get("/v1/queues/statistics", tags=["Queues"], summary="Per-queue statistics in 15/30/60-minute intervals",
            responses={200: documented(QueueApiResponse), **responses(400, 401, 403, report=True)})
async def queue_statistics(caller: ReportCaller, session: DbSession,
                           from_: str | None = Query(default=None, alias="from"), to: str | None = None,
                           interval: str | None = None, queueIds: str | None = None,
                           orgId: str | None = None) -> Response:
    rows = stats.queue_statistics(
        session, caller.org_id, from_ms=parse_ms("from", from_, required=True), to_ms=parse_ms("to", to, required=True),
        interval_min=parse_int("interval", interval, default=15, lo=1, hi=1440), queue_ids=parse_list("queueIds", queueIds))
    return json_response({"meta": {"orgId": caller.org_id}, "data": rows})


@router.get("/v1/ewt", tags=["Estimated Wait Time"], summary="Estimated wait time of a queue (204: not enough samples)",
            responses={200: documented(EWTApiResponse), 204: {"description": "Not enough valid samples for an estimate."},
                       **responses(400, 401, 403, report=True)})
async def ewt(caller: ReportCaller, session: DbSession, queueId: str | None = None, lookbackMinutes: str | None = None,
              maxCV: str | None = None, minValidSamples: str | None = None, orgId: str | None = None) -> Response:
    if not queueId:
        raise bad("queueId: is required.")
    if lookbackMinutes is None:
        raise bad("lookbackMinutes: is required (5-240).")
    value = stats.ewt(session, caller.org_id, queueId, parse_int("lookbackMinutes", lookbackMinutes, default=15, lo=5, hi=240),
                      parse_int("maxCV", maxCV, default=40, lo=1, hi=100),
                      parse_int("minValidSamples", minValidSamples, default=40, lo=1, hi=100))
    if value is None:
        return Response(status_code=204)
    return json_response({"estimatedWaitTime": value})


@router.post("/v1/captures/query", tags=["Captures"],
             summary="Recordings and transcripts of up to 10 tasks (the sandbox records none: empty lists)",
             responses={200: documented(DownloadMultipleInteractionsResponse), **responses(400, 401, 403, report=True)})
async def captures_query(caller: ReportCaller, body: RecordingBodyParams) -> Response:
    return json_response(captures.query(caller.org_id, body.query))
