"""Queue statistics and estimated wait time, computed from the tasks the sandbox routed.

EWT follows Cisco's definition (developer.webex.com, Estimated Wait Time): a sample is the average
wait of the tasks connected to an agent in one minute; a sample is valid when the coefficient of
variation of its waits is at most ``maxCV`` % (default 40); with fewer than ``minValidSamples`` %
(default 40) valid samples in the look-back window there is no estimate (204); otherwise the EWT is
the mean of the valid samples, in milliseconds like every duration of this API family.
"""

from __future__ import annotations

import statistics as st
from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.wxcc.agents import config_view as cfg
from mockserver.wxcc.reporting import bad, windows
from mockserver.wxcc.tasks.models import WxccTask


def ewt(session: Session, org_id: str, queue_id: str, lookback_min: int, max_cv: int = 40,
        min_valid: int = 40) -> float | None:
    if cfg.entity(session, org_id, "contact-service-queue", queue_id) is None:
        raise bad(f"queueId: queue {queue_id} does not exist in this organization.")
    now = clock.now_ms()
    since = now - lookback_min * 60_000
    rows = session.exec(select(WxccTask.queued_ms, WxccTask.assigned_ms).where(
        WxccTask.org_id == org_id, WxccTask.queue_id == queue_id, WxccTask.assigned_ms >= since,
        WxccTask.assigned_ms <= now, WxccTask.assigned_ms > 0)).all()
    minutes: dict[int, list[int]] = {}
    for queued, assigned in rows:
        minutes.setdefault(assigned // 60_000, []).append(max(0, assigned - queued))
    if not minutes:
        return None
    valid = []
    for waits in minutes.values():
        mean = st.fmean(waits)
        cv = (st.pstdev(waits) / mean * 100) if mean else 0.0
        if cv <= max_cv:
            valid.append(mean)
    if not valid or len(valid) * 100 < min_valid * len(minutes):
        return None
    return round(st.fmean(valid), 3)


def position(session: Session, task: WxccTask) -> int:
    """1-based place among the queue's waiting tasks (priority first, then time in queue); 0 if not queued."""
    if task.state != "queued":
        return 0
    ahead = session.exec(select(WxccTask.id, WxccTask.priority, WxccTask.queued_ms).where(
        WxccTask.org_id == task.org_id, WxccTask.queue_id == task.queue_id, WxccTask.state == "queued")).all()
    mine = (task.priority, task.queued_ms, task.id)
    return 1 + sum(1 for i, p, q in ahead if (p, q, i) < mine)


def queue_statistics(session: Session, org_id: str, *, from_ms: int, to_ms: int, interval_min: int | None,
                     queue_ids: list[str] | None) -> list[dict[str, Any]]:
    intervals = windows(from_ms, to_ms, interval_min)
    queues = {q["id"]: q for q in cfg.rows(session, org_id, "contact-service-queue")
              if not queue_ids or q["id"] in queue_ids}
    if not intervals or not queues:
        return []
    lo, hi = intervals[0][0], intervals[-1][1]
    tasks = [t for t in session.exec(select(WxccTask).where(WxccTask.org_id == org_id, WxccTask.updated_ms >= lo,
                                                            WxccTask.created_ms < hi)).all()
             if t.queue_id in queues or set(t.previous_queues or []) & set(queues)]
    out = []
    for start, end in intervals:
        for qid, q in sorted(queues.items(), key=lambda kv: kv[1].get("name", "")):
            mine = [t for t in tasks if t.queue_id == qid]
            enq = [t for t in mine if start <= t.queued_ms < end]
            acc = [t for t in mine if start <= t.assigned_ms < end]
            ended = [t for t in mine if t.status == "completed" and start <= t.ended_ms < end and t.assigned_ms]
            aband = [t for t in mine if t.status == "abandoned" and start <= t.ended_ms < end]
            sl = int(q.get("serviceLevelThreshold") or 0) * 1000
            within = [t for t in acc if t.assigned_ms - t.queued_ms <= sl]
            out.append({
                "intervalStartTime": start, "queueId": qid, "queueName": q.get("name", ""),
                "channelType": (q.get("channelType") or "").lower(),
                "totalOfferedTasks": len(enq), "totalEnqueuedTasks": len(enq), "totalAssignedTasks": len(acc),
                "totalAcceptedTasks": len(acc), "totalRejectedTasks": sum(t.rona_count for t in enq),
                "totalAbandonedTasks": len(aband),
                "averageEnqueuedTime": float(st.fmean([t.assigned_ms - t.queued_ms for t in acc])) if acc else 0.0,
                "averageHandledTime": float(st.fmean([t.ended_ms - t.assigned_ms for t in ended])) if ended else 0.0,
                "serviceLevelThresholdPercentage": round(100.0 * len(within) / len(acc), 2) if acc else 0.0,
            })
    return out
