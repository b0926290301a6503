"""The control plane: /sandbox. Thin: parse, call the service, shape the answer."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, WebSocket
from fastapi.responses import Response
from sqlmodel import select

import mockserver
from mockserver.core.clock import clock, iso_ms, parse_iso_ms
from mockserver.core.db import db
from mockserver.core.errors import ApiError
from mockserver.core.http import documented, error_responses, json_response
from mockserver.core.ids import ids
from mockserver.core.mailbox import SandboxMail
from mockserver.core.runtime import runtime
from mockserver.core.shared import shared
from mockserver.core.settings import parse_pod_range
from mockserver.identity import oauth
from mockserver.sandbox import schemas as s, stream
from mockserver.sandbox.service import pods
from mockserver.sandbox.faults import FaultRule, faults
from mockserver.sandbox.journal import journal

PodNumber = Annotated[int, Path(ge=1, le=999, description="POD number")]
router = APIRouter(prefix="/sandbox", tags=["Sandbox"], responses=error_responses(s.SandboxError, 400, 401))
ERR = error_responses(s.SandboxError, 400, 401, 404)


def _clock_state() -> dict:
    return {"now": clock.iso(), "mode": clock.mode, "epochMs": clock.now_ms()}


@router.websocket("/events")
async def events(ws: WebSocket) -> None:
    """Live: every event that crosses processes (MailSent, TimerFired, ...), ?pod=N&topics=A,B."""
    await stream.watch(ws)


@router.get("/health", responses={200: documented(s.Health)}, summary="Readiness, version and seeded PODs")
async def health() -> Response:
    with db.session() as session:
        seeded = [p.pod for p in pods.seeded(session)]
    return json_response({
        "ready": True, "warm": True, "version": mockserver.__version__, "pods": seeded,
        "database": runtime.settings.database_kind,
        "clock": _clock_state(), "uptimeMs": int((time.time() * 1000) - runtime.started_ms),
    })


# --- PODs ------------------------------------------------------------------------------------------
@router.get("/pods", responses={200: documented(list[s.PodSummary])}, summary="Seeded PODs")
async def list_pods() -> Response:
    with db.session() as session:
        out = []
        for p in pods.seeded(session):
            ctx = pods.context(p.pod, p.scenario)
            out.append({"pod": p.pod, "orgId": p.org_id, "orgName": ctx.fixture.get("org", {}).get("name"),
                        "scenario": p.scenario, "seededAt": iso_ms(p.seeded_ms)})
    return json_response(out)


@router.post("/pods", status_code=201, responses={201: documented(s.PodsSeedResult), **ERR}, summary="Seed more PODs")
async def seed_pods(req: s.PodsSeedRequest) -> Response:
    if (req.pods is None) == (req.count is None):
        raise ApiError(400, "Say which PODs.", ["Give exactly one of pods (list or range such as '4-6') or count."])
    if req.count is not None:
        with db.session() as session:
            top = max((p.pod for p in pods.seeded(session)), default=0)
        wanted = list(range(top + 1, top + 1 + req.count))
    else:
        try:
            wanted = parse_pod_range(req.pods)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ApiError(400, "Invalid pods.", [str(exc)]) from exc
        if not wanted:
            raise ApiError(400, "Invalid pods.", ["pods: give at least one POD number."])
    new = pods.seed(wanted, req.scenario)
    return json_response({"seeded": new, "alreadySeeded": [n for n in wanted if n not in new]}, status=201)


@router.get("/pods/{n}", summary="A POD's org, users with passwords, integrations", responses=ERR)
async def get_pod(n: PodNumber) -> Response:
    with db.session() as session:
        return json_response(pods.describe(session, n))


@router.post("/pods/{n}/integrations", status_code=201, responses={201: documented(s.IntegrationInfo), **error_responses(s.SandboxError, 400, 401, 404, 409)},
             summary="Register an integration (client id/secret, redirect URIs, scopes) in a POD")
async def add_integration(n: PodNumber, req: s.IntegrationRequest) -> Response:
    with db.session() as session:
        pod = pods.get(session, n)
        integ = oauth.register_integration(
            session, n, pod.org_id, name=req.name, redirect_uris=req.redirect_uris, scopes=req.scopes,
            client_id=req.client_id, client_secret=req.client_secret,
        )
        return json_response({"name": integ.name, "client_id": integ.client_id, "client_secret": integ.client_secret,
                              "redirect_uris": integ.redirect_uris, "scopes": integ.scopes}, status=201)


# --- reset and snapshots -------------------------------------------------------------------------
@router.post("/reset", responses={200: documented(s.ResetResult), **ERR}, summary="Back to the seeded state (all PODs or ?pod=N)")
async def reset(
    pod: Annotated[str | None, Query(description="A POD number or range; all PODs when absent.")] = None,
    scenario: Annotated[str | None, Query(description="Reset to this scenario instead of the POD's own.")] = None,
) -> Response:
    t0 = time.perf_counter()
    targets = None
    if pod is not None:
        try:
            targets = parse_pod_range(pod)
        except ValueError as exc:
            raise ApiError(400, "Invalid pod.", [str(exc)]) from exc
        if not targets:
            raise ApiError(400, "Invalid pod.", ["pod: give a POD number, e.g. ?pod=2."])
    if pod is None:
        faults.remove()
    done = pods.reset(targets, scenario)
    return json_response({"reset": done, "scenario": scenario, "tookMs": round((time.perf_counter() - t0) * 1000, 3)})


def _snap_info(snap) -> dict:  # noqa: ANN001
    return {"name": snap.name, "takenAt": iso_ms(snap.taken_ms), "pods": snap.pods,
            "rows": sum(len(v) for v in snap.tables.values())}


@router.get("/snapshots", responses={200: documented(list[s.SnapshotInfo])}, summary="Snapshots taken (kept in the database)")
async def list_snapshots() -> Response:
    return json_response([_snap_info(x) for x in pods.list_snapshots()])


@router.post("/snapshots", status_code=201, responses={201: documented(s.SnapshotInfo), **ERR}, summary="Capture the whole state under a name")
async def take_snapshot(req: s.SnapshotRequest) -> Response:
    return json_response(_snap_info(pods.take_snapshot(req.name)), status=201)


@router.post("/snapshots/{name}/restore", responses={200: documented(s.SnapshotInfo), **ERR}, summary="Restore a snapshot")
async def restore_snapshot(name: str) -> Response:
    return json_response(_snap_info(pods.restore_snapshot(name)))


@router.delete("/snapshots/{name}", status_code=204, responses=ERR, summary="Forget a snapshot")
async def delete_snapshot(name: str) -> Response:
    pods.delete_snapshot(name)
    return Response(status_code=204)


# --- clock ---------------------------------------------------------------------------------------
@router.get("/clock", responses={200: documented(s.ClockState)}, summary="The sandbox clock")
async def get_clock() -> Response:
    return json_response(_clock_state())


@router.post("/clock", responses={200: documented(s.ClockState), **ERR}, summary="Switch mode, set or advance the clock")
async def set_clock(req: Annotated[s.ClockRequest, Body()]) -> Response:
    set_ms = None
    if req.set is not None:
        try:
            set_ms = parse_iso_ms(req.set)
        except ValueError as exc:
            raise ApiError(400, "Invalid time.", [f"set: '{req.set}' is not an ISO-8601 instant such as 2026-01-01T09:00:00Z."]) from exc
    try:
        clock.configure(mode=req.mode, set_ms=set_ms, advance_s=req.advance)
    except ValueError as exc:
        raise ApiError(400, "Invalid clock change.", [str(exc)]) from exc
    shared.publish("clock", clock.state())
    return json_response(_clock_state())


# --- tokens --------------------------------------------------------------------------------------
@router.post("/tokens", status_code=201, responses={201: documented(s.TokenResult), **ERR},
             summary="Mint an access token for a fixture user (the developer portal's personal token)")
async def mint_token(req: s.TokenRequest) -> Response:
    with db.session() as session:
        body = oauth.personal_token(
            session, req.email, req.scopes, req.expires_in or runtime.settings.personal_token_ttl, req.client_id
        )
    return json_response(body, status=201)


# --- mailbox -------------------------------------------------------------------------------------
@router.get("/mailbox", responses={200: documented(list[s.MailItem])}, summary="Emails the sandbox sent, newest first")
async def mailbox(
    to: str | None = None,
    pod: Annotated[int | None, Query(ge=1, le=999)] = None,
    kind: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    with db.session() as session:
        q = select(SandboxMail)
        if to:
            q = q.where(SandboxMail.to == to.lower())
        if pod is not None:
            q = q.where(SandboxMail.pod == pod)
        if kind:
            q = q.where(SandboxMail.kind == kind)
        rows = session.exec(q.order_by(SandboxMail.sent_ms.desc(), SandboxMail.id).limit(limit)).all()  # type: ignore[attr-defined]
        return json_response([{
            "id": m.id, "pod": m.pod, "sentAt": iso_ms(m.sent_ms), "kind": m.kind, "sender": m.sender,
            "to": m.to, "subject": m.subject, "text": m.text, "links": m.links, "meta": m.meta,
        } for m in rows])


# --- journal and faults --------------------------------------------------------------------------
@router.get("/requests", summary="Recent requests and responses, newest first")
async def requests_journal(
    method: str | None = None,
    path: Annotated[str | None, Query(description="Substring, or a glob when it has * ? [")] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    since: Annotated[int | None, Query(ge=0, description="Only entries with seq greater than this.")] = None,
    trackingId: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    return json_response(journal.query(method=method, path=path, status=status, since=since,
                                       tracking_id=trackingId, limit=limit))


@router.delete("/requests", status_code=204, summary="Empty the journal")
async def clear_journal() -> Response:
    journal.clear()
    return Response(status_code=204)


@router.get("/faults", responses={200: documented(list[s.FaultInfo])}, summary="Active fault rules")
async def list_faults() -> Response:
    return json_response([r.public() for r in faults.rules])


@router.post("/faults", status_code=201, responses={201: documented(s.FaultInfo), **ERR},
             summary="Inject latency, an error status or a 429 with Retry-After")
async def add_fault(req: s.FaultRequest) -> Response:
    if req.status is None and not req.latency_ms:
        raise ApiError(400, "The fault does nothing.", ["Give a status (400-599) or a latency_ms, or both."])
    rule = faults.add(FaultRule(id=ids.uuid(), **req.model_dump()))
    return json_response(rule.public(), status=201)


@router.delete("/faults", status_code=204, summary="Remove every fault rule")
async def clear_faults() -> Response:
    faults.remove()
    return Response(status_code=204)


@router.delete("/faults/{fault_id}", status_code=204, responses=ERR, summary="Remove one fault rule")
async def delete_fault(fault_id: str) -> Response:
    if not faults.remove(fault_id):
        raise ApiError(404, "No such fault.", [f"fault_id: no active fault '{fault_id}'."])
    return Response(status_code=204)
