"""From an agent or task event to a signed POST at each subscriber's URL, with retries.

Every step is a row first, so a crash loses nothing and several workers never send one attempt
twice:
1. ``on_event`` (wired to AgentLoggedIn/Out, AgentStateChanged, TaskRouted/Modified/Closed) writes,
   in one transaction, a delivery per matching active subscription -- the exact bytes and headers
   it will send -- and claims its first attempt for this process: a ``WebhookAttemptClaimed``
   outbox row, and a watchdog timer that re-attempts if no outcome is recorded in time.
2. After the commit the outbox reaches every process; only the claimant sends (``on_claimed``).
3. ``record`` stores the attempt, cancels the watchdog and, on a failure worth retrying, schedules
   the next attempt on the sandbox clock (``BACKOFF_S``; a receiver's Retry-After wins when longer).
4. The ``wxcc.webhook.attempt`` timer claims the next attempt the same way (step 1's claim).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from mockserver.core.cache import AnswerCache
from mockserver.core.clock import clock
from mockserver.core.db import db, write_intent
from mockserver.core.ids import ids
from mockserver.core.outbox import outbox
from mockserver.core.timers import SandboxTimer, timers
from mockserver.wxcc.webhooks import sender
from mockserver.wxcc.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

log = logging.getLogger("mockserver.wxcc.webhooks")

ATTEMPT = "wxcc.webhook.attempt"
MAX_ATTEMPTS = 5
BACKOFF_S = (10, 60, 300, 1800)  # after attempts 1, 2, 3, 4 (docs/fidelity.md)
RETRY_AFTER_CAP_S = 3600
WATCHDOG_S = 30  # an attempt with no outcome by then is taken again (its sender stopped)
FINAL = ("delivered", "failed", "blocked", "dropped")
PROCESS = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"  # who claimed an attempt
_tasks: set[asyncio.Task] = set()


@outbox.crosses
@dataclass(frozen=True)
class WebhookAttemptClaimed:
    pod: int
    delivery_id: str
    number: int
    claim: str


# --- events -> CloudEvents bodies ----------------------------------------------------------------
def _task_data(e: Any, now: int) -> dict[str, Any]:
    data: dict[str, Any] = {"taskId": e.task_id, "channelType": e.media_type, "origin": e.origin,
                            "destination": e.destination, "direction": e.direction.upper(), "outboundType": None,
                            "createdTime": now}
    if e.queue_id:
        data["queueId"] = e.queue_id
    if e.owner:
        data["agentId"] = e.owner
    return data


def bodies_for(event: Any, now: int) -> list[tuple[int, str, dict[str, Any]]]:
    """(api version, event type, data) for each webhook the event makes."""
    from mockserver import events as ev

    out: list[tuple[int, str, dict[str, Any]]] = []
    if isinstance(event, ev.AgentLoggedIn):
        data = {"agentId": event.agent_id, "teamId": event.team_id, "createdTime": now}
        if event.site_id:
            data["siteId"] = event.site_id
        if event.dial_number:
            data["dn"] = event.dial_number
        if event.device_type:
            data["deviceType"] = event.device_type
        out += [(1, "agent:login", data), (2, "agent:login", data)]
    elif isinstance(event, ev.AgentLoggedOut):
        data = {"agentId": event.agent_id, "reason": event.reason, "createdTime": now}
        out += [(1, "agent:logout", data), (2, "agent:logout", data)]
    elif isinstance(event, ev.AgentStateChanged):
        v1 = {"agentId": event.agent_id, "currentState": event.state.lower(), "createdTime": now}
        if event.aux_code_id:
            v1["idleCodeId"] = event.aux_code_id
        out.append((1, "agent:state_change", v1))
        for channel in ("telephony", "chat", "email", "social"):
            v2 = {"agentId": event.agent_id, "currentState": event.state, "channelType": channel,
                  "pendingIdleState": False, "createdTime": now}
            if event.aux_code_id:
                v2["idleCodeId"] = event.aux_code_id
            out.append((2, "agent:channelType_state_change", v2))
    elif isinstance(event, ev.TaskClosed):
        data = _task_data(event, now)
        if event.reason:
            data["reason"] = event.reason
        out += [(1, "task:ended", data), (2, "task:ended", data)]
    elif isinstance(event, ev.TaskModified):
        if event.context == "add":  # another agent now holds the task (transfer, conference)
            data = _task_data(event, now)
            out += [(1, "task:connected", data), (2, "task:connected", data)]
    elif isinstance(event, ev.TaskProgressed):
        data = _task_data(event, now)
        out += [(1, f"task:{event.step}", data), (2, f"task:{event.step}", data)]
    elif isinstance(event, ev.TaskRouted):
        data = _task_data(event, now)
        out += [(1, "task:connected", data), (2, "task:connected", data)]
    return out


def _envelope(sub: WebhookSubscription, event_id: str, event_type: str, data: dict, now: int) -> tuple[str, dict[str, str]]:
    body: dict[str, Any] = {"id": event_id, "specversion": "1.0", "type": event_type,
                            "source": f"/com/cisco/wxcc/{sub.id}", "comciscoorgid": sub.org_id}
    headers = {"Content-Type": "application/json", "User-Agent": "wxcc-sandbox-webhooks"}
    if sub.api_version == 2:
        body["comciscotimestamp"] = now
        headers["X-WebExCC-Timestamp"] = str(now)
        headers["X-WebexCC-Webhook-Version"] = sub.resource_version or ""
    body["datacontenttype"] = "application/json"
    body["data"] = data
    raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    if sub.secret:
        headers["X-WebexCC-Signature"] = sign(raw.encode(), sub.secret)
    return raw, headers


def sign(body: bytes, secret: str) -> str:
    """Hex HMAC-SHA256 of the unmodified body with the subscription's secret."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# Every agent and task step reaches on_event; most orgs subscribe to nothing, and a session per step
# just to learn that cost a tenth of a contact's time. Dropped by any write to the subscriptions
# (other workers' too: the ticker syncs before timers fire, the middleware before requests).
_subscribed = AnswerCache("wxcc.webhooks.subscribed", tables=("wxcc_webhook_subscription",), clock_sensitive=False)


def _orgs_subscribed() -> frozenset[str]:
    def build() -> frozenset[str]:
        with db.session() as s:
            return frozenset(s.exec(select(WebhookSubscription.org_id).where(WebhookSubscription.status == "active")).all())

    return _subscribed.answer("orgs", build)  # type: ignore[return-value]


def on_event(event: Any) -> None:
    org_id = getattr(event, "org_id", None)
    if not org_id or db.engine is None or org_id not in _orgs_subscribed():
        return
    now = clock.now_ms()
    made = bodies_for(event, now)
    if not made:
        return
    token = write_intent.set(True)
    try:
        with db.session() as s:
            subs = s.exec(select(WebhookSubscription).where(WebhookSubscription.org_id == org_id,
                                                            WebhookSubscription.status == "active")).all()
            for sub in subs:
                for version, event_type, data in made:
                    if sub.api_version == version and event_type in sub.event_types:
                        _create(s, sub, event_type, data, now)
            s.commit()
    finally:
        write_intent.reset(token)


def _create(s: Session, sub: WebhookSubscription, event_type: str, data: dict, now: int) -> None:
    event_id = ids.uuid()
    raw, headers = _envelope(sub, event_id, event_type, data, now)
    d = WebhookDelivery(id=event_id, pod=sub.pod, org_id=sub.org_id, subscription_id=sub.id, event_type=event_type,
                        destination_url=sub.destination_url, body=raw, headers=headers, created_ms=now)
    if not sender.destination_allowed(sub.destination_url):
        d.status, d.finished_ms = "blocked", now
        d.last_error = ("not sent: the sandbox delivers only to loopback and to the hosts in MOCKSERVER_WEBHOOK_ALLOW")
    else:
        _claim(s, d)
    s.add(d)


def _claim(s: Session, d: WebhookDelivery) -> None:
    d.attempts += 1
    d.status, d.claim, d.next_attempt_ms = "sending", PROCESS, None
    timers.schedule(s, pod=d.pod, kind=ATTEMPT, after_s=WATCHDOG_S, subject=d.id)
    outbox.post(s, WebhookAttemptClaimed(pod=d.pod, delivery_id=d.id, number=d.attempts, claim=PROCESS))


@timers.on(ATTEMPT)
def _attempt_due(s: Session, t: SandboxTimer) -> None:
    d = s.get(WebhookDelivery, t.subject)
    if d is None or d.status in FINAL:
        return
    now = clock.now_ms()
    if d.status == "sending":  # the watchdog: the claimant never recorded an outcome
        s.add(WebhookAttempt(id=ids.uuid(), pod=d.pod, delivery_id=d.id, number=d.attempts, started_ms=now,
                             error=f"no outcome within {WATCHDOG_S} s (the sending process stopped)"))
    sub = s.get(WebhookSubscription, d.subscription_id)
    if sub is None or sub.status != "active":
        d.status, d.finished_ms, d.claim = "dropped", now, None
        d.last_error = "not sent: the subscription was deleted" if sub is None else "not sent: the subscription is inactive"
    elif d.attempts >= MAX_ATTEMPTS:
        d.status, d.finished_ms, d.claim = "failed", now, None
    else:
        _claim(s, d)
    s.add(d)


# --- sending (the claimant only) -------------------------------------------------------------------
def on_claimed(event: WebhookAttemptClaimed) -> None:
    if event.claim != PROCESS or db.engine is None:
        return
    with db.session() as s:
        d = s.get(WebhookDelivery, event.delivery_id)
    if d is None or d.status != "sending" or d.attempts != event.number:
        return
    url, body, headers, started = d.destination_url, d.body.encode(), dict(d.headers), clock.now_ms()
    loop = sender.served_loop()
    if loop is None:
        record(d.id, event.number, started, sender.send_sync(url, body, headers))
        return

    async def run() -> None:
        outcome = await sender.send_async(url, body, headers)
        record(d.id, event.number, started, outcome)

    task = loop.create_task(run(), name=f"webhook-{d.id}")
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


def _retryable(o: sender.Outcome) -> bool:
    return o.status_code is None or o.status_code in (408, 429) or o.status_code >= 500


def record(delivery_id: str, number: int, started_ms: int, o: sender.Outcome) -> None:
    token = write_intent.set(True)
    try:
        with db.session() as s:
            d = s.get(WebhookDelivery, delivery_id)
            if d is None or d.status != "sending" or d.attempts != number or d.claim != PROCESS:
                return  # reset, or the watchdog took the attempt over meanwhile
            s.add(WebhookAttempt(id=ids.uuid(), pod=d.pod, delivery_id=d.id, number=number, started_ms=started_ms,
                                 duration_ms=o.duration_ms, status_code=o.status_code, error=o.error,
                                 response_excerpt=o.excerpt))
            timers.cancel(s, kind=ATTEMPT, subject=d.id)
            now = clock.now_ms()
            d.last_status_code, d.last_error, d.claim = o.status_code, o.error, None
            if o.error is None:
                d.status, d.finished_ms = "delivered", now
            elif _retryable(o) and number < MAX_ATTEMPTS:
                wait = BACKOFF_S[min(number, len(BACKOFF_S)) - 1]
                if o.retry_after_s is not None:
                    wait = max(wait, min(o.retry_after_s, RETRY_AFTER_CAP_S))
                d.status, d.next_attempt_ms = "pending", now + int(wait * 1000)
                timers.schedule(s, pod=d.pod, kind=ATTEMPT, due_ms=d.next_attempt_ms, subject=d.id)
            else:
                d.status, d.finished_ms = "failed", now
            s.add(d)
            s.commit()
    except Exception:  # noqa: BLE001 - a failed bookkeeping write: the watchdog takes the attempt again
        log.exception("recording webhook attempt %s #%s failed", delivery_id, number)
    finally:
        write_intent.reset(token)
