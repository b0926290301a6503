"""Tools → Export Logs (an async job over the message log, CSV when ready) and Reports (per service,
channel or flow and period: Submitted, Rejected, Delivered, Read, Failed; "No records found.")."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.caller import Caller
from mockserver.connect.errors import bad, not_found
from mockserver.connect.flows import channels
from mockserver.connect.flows.models import ConnectExportJob, ConnectMessage
from mockserver.core.clock import clock, iso_ms
from mockserver.core.ids import ids
from mockserver.core.timers import timers

EXPORT_TIMER = "connect.export_logs"
EXPORT_SECONDS = 30  # decision: the portal's job takes a moment; on the sandbox clock
COLUMNS = ["Date", "Transaction ID", "Flow Transaction ID", "App ID", "Channel", "Event", "From", "To", "Subject", "Message", "Status"]


def job_json(j: ConnectExportJob) -> dict[str, Any]:
    return {"id": j.id, "status": j.status, "params": j.params, "rows": j.rows, "requestedBy": j.requested_by,
            "createdAt": iso_ms(j.created_ms), "readyAt": iso_ms(j.ready_ms) if j.ready_ms else None,
            "downloadUrl": f"/connect/{{tenant}}/tools/exportLogs/{j.id}/download" if j.status == "Ready for download" else None}


def start_export(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("logs.read")
    log_type = body.get("logType") or "inbound"
    if log_type not in ("inbound", "outbound"):
        raise bad("logType", "must be inbound or outbound")
    channel = body.get("channel")
    if channel is not None and channel not in channels.PREFIX:
        raise bad("channel", f"must be one of {', '.join(channels.PREFIX)}")
    for f in ("from", "to"):
        channels._when(f, body.get(f))  # noqa: SLF001 - the same period rule as Debug
    now = clock.now_ms()
    j = ConnectExportJob(id=ids.uuid(), pod=caller.tenant.pod, tenant_id=caller.tenant.id,
                         params={k: body.get(k) for k in ("logType", "channel", "appId", "event", "from", "to") if body.get(k)} | {"logType": log_type},
                         requested_by=caller.user.email, created_ms=now)
    session.add(j)
    timers.schedule(session, pod=j.pod, kind=EXPORT_TIMER, after_s=EXPORT_SECONDS, subject=f"connect:export:{j.id}", payload={"id": j.id})
    session.commit()
    return job_json(j)


@timers.on(EXPORT_TIMER)
def _build(session: Session, timer) -> None:  # noqa: ANN001
    j = session.get(ConnectExportJob, timer.payload.get("id"))
    if j is None:
        return
    p = j.params
    rows = channels.log(session, j.tenant_id, channel=p.get("channel"), direction=p.get("logType"), app_id=p.get("appId"),
                        start=p.get("from"), end=p.get("to"), limit=100_000)
    if p.get("event"):
        rows = [r for r in rows if r["event"] == p["event"]]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in reversed(rows):
        sender, to = (r["customerAddress"], r["businessAddress"]) if r["direction"] == "inbound" else (r["businessAddress"], r["customerAddress"])
        w.writerow([r["at"], r["transid"], r["transactionId"] or "", r["appId"] or "", r["channel"], r["event"], sender, to,
                    r["subject"] or "", r["text"], r["status"]])
    j.csv, j.rows, j.status, j.ready_ms = buf.getvalue(), len(rows), "Ready for download", clock.now_ms()
    session.add(j)


def get_job(session: Session, caller: Caller, job_id: str) -> ConnectExportJob:
    caller.need("logs.read")
    j = session.get(ConnectExportJob, job_id)
    if j is None or j.tenant_id != caller.tenant.id:
        raise not_found("Export job", job_id)
    return j


def list_jobs(session: Session, caller: Caller) -> dict[str, Any]:
    caller.need("logs.read")
    rows = session.exec(select(ConnectExportJob).where(ConnectExportJob.tenant_id == caller.tenant.id)
                        .order_by(ConnectExportJob.created_ms.desc())).all()  # type: ignore[union-attr]
    return {"items": [job_json(j) for j in rows], "total": len(rows)}


def report(session: Session, caller: Caller, *, service_id: str, channel: str | None, flow_id: str | None,
           start: str | None, end: str | None) -> dict[str, Any]:
    from mockserver.connect.services.service import visible_service

    caller.need("logs.read")
    svc = visible_service(session, caller, service_id)
    if channel is not None and channel not in channels.PREFIX:
        raise bad("channel", f"must be one of {', '.join(channels.PREFIX)}")
    q = select(ConnectMessage).where(ConnectMessage.tenant_id == caller.tenant.id, ConnectMessage.service_id == svc.id)
    if channel:
        q = q.where(ConnectMessage.channel == channel)
    if flow_id:
        q = q.where(ConnectMessage.flow_id == flow_id)
    lo, hi = channels._when("from", start), channels._when("to", end)  # noqa: SLF001
    if lo is not None:
        q = q.where(ConnectMessage.created_ms >= lo)
    if hi is not None:
        q = q.where(ConnectMessage.created_ms < hi)
    counts = {"Submitted": 0, "Rejected": 0, "Delivered": 0, "Read": 0, "Failed": 0}
    n = 0
    for m in session.exec(q).all():
        n += 1
        if m.direction == "inbound":
            if m.status == "Rejected":
                counts["Rejected"] += 1
            continue
        for st in {s["status"] for s in m.statuses}:
            if st in counts:
                counts[st] += 1
    out: dict[str, Any] = {"entity": {"serviceId": svc.id, "serviceName": svc.name, "channel": channel, "flowId": flow_id},
                           "period": {"from": start, "to": end}}
    if not n:
        return {**out, "records": [], "message": "No records found."}
    return {**out, "records": [counts], "message": None}
