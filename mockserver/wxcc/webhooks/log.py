"""The delivery log a user reads (``/sandbox/wxcc/webhooks/deliveries``): what was sent where, and
how each attempt went."""

from __future__ import annotations

from sqlmodel import Session, select

from mockserver.core.errors import ApiError
from mockserver.wxcc.webhooks.models import WebhookAttempt, WebhookDelivery


def search(session: Session, *, org_id: str | None, subscription_id: str | None, event_type: str | None,
           status: str | None, limit: int) -> list[WebhookDelivery]:
    q = select(WebhookDelivery)
    if org_id:
        q = q.where(WebhookDelivery.org_id == org_id.lower())
    if subscription_id:
        q = q.where(WebhookDelivery.subscription_id == subscription_id.lower())
    if event_type:
        q = q.where(WebhookDelivery.event_type == event_type)
    if status:
        q = q.where(WebhookDelivery.status == status)
    return list(session.exec(q.order_by(WebhookDelivery.created_ms.desc(), WebhookDelivery.id.desc()).limit(limit)).all())  # type: ignore[union-attr]


def view(d: WebhookDelivery) -> dict:
    return {"id": d.id, "subscriptionId": d.subscription_id, "orgId": d.org_id, "eventType": d.event_type,
            "destinationUrl": d.destination_url, "status": d.status, "attempts": d.attempts, "createdTime": d.created_ms,
            "nextAttemptTime": d.next_attempt_ms, "finishedTime": d.finished_ms, "lastStatusCode": d.last_status_code,
            "lastError": d.last_error}


def detail(session: Session, delivery_id: str) -> dict:
    d = session.get(WebhookDelivery, delivery_id.lower())
    if d is None:
        raise ApiError(404, "Not found.", [f"No webhook delivery {delivery_id} (a reset forgets them)."])
    attempts = session.exec(select(WebhookAttempt).where(WebhookAttempt.delivery_id == d.id)
                            .order_by(WebhookAttempt.number, WebhookAttempt.started_ms)).all()
    return {**view(d), "headers": d.headers, "body": d.body, "attemptLog": [
        {"number": a.number, "startedTime": a.started_ms, "durationMs": a.duration_ms, "statusCode": a.status_code,
         "error": a.error, "responseExcerpt": a.response_excerpt} for a in attempts]}
