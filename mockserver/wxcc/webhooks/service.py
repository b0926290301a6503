"""Subscriptions: create, list, read, change (PATCH), delete -- per API version, per org.

v1 and v2 subscriptions are separate (errata 12): each API lists, reads, changes and deletes only
its own, while ``meta.subscriptionCount`` counts the org's subscriptions of both.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.core.ids import ids
from mockserver.identity.public import Principal
from mockserver.wxcc.webhooks import event_types
from mockserver.wxcc.webhooks.deps import check_org
from mockserver.wxcc.webhooks.errors import bad_request, not_found
from mockserver.wxcc.webhooks.models import WebhookSubscription
from mockserver.wxcc.webhooks.schemas import SubscriptionRequest, SubscriptionRequestUpdate
from mockserver.wxcc.webhooks.sender import destination_allowed

# The org-level limit Cisco's texts mention without a number: the sandbox's choice (docs/fidelity.md).
ORG_LIMIT = 50


def view(s: WebhookSubscription) -> dict:
    out = {"id": s.id, "name": s.name}
    if s.description is not None:
        out["description"] = s.description
    out.update(eventTypes=list(s.event_types), destinationUrl=s.destination_url, createdTime=s.created_ms,
               createdBy=s.created_by, status=s.status, lastUpdatedTime=s.updated_ms, lastUpdatedBy=s.updated_by)
    if s.api_version == 2:
        out["resourceVersion"] = s.resource_version
    return out


def count(session: Session, org_id: str) -> int:
    return session.exec(select(func.count()).select_from(WebhookSubscription)
                        .where(WebhookSubscription.org_id == org_id)).one()


def listing(session: Session, p: Principal, version: int) -> list[WebhookSubscription]:
    return list(session.exec(select(WebhookSubscription).where(
        WebhookSubscription.org_id == p.org_id, WebhookSubscription.api_version == version)
        .order_by(WebhookSubscription.created_ms, WebhookSubscription.id)).all())


def get(session: Session, p: Principal, version: int, sub_id: str) -> WebhookSubscription:
    s = session.get(WebhookSubscription, sub_id.lower())
    if s is None or s.org_id != p.org_id or s.api_version != version:
        raise not_found(sub_id, version)
    return s


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    problems = []
    if not parts.hostname:
        problems.append("destinationUrl: has no host")
    if parts.username or parts.password:
        problems.append("destinationUrl: must not carry userinfo (user:password@)")
    if parts.query:
        problems.append("destinationUrl: must not carry query parameters")
    if parts.fragment:
        problems.append("destinationUrl: must not carry a fragment")
    if not parts.path:
        problems.append("destinationUrl: needs a path (at least /)")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        problems.append("destinationUrl: the port is not a number between 0 and 65535")
    if not problems and parts.scheme == "http" and not destination_allowed(url):
        problems.append("destinationUrl: must be HTTPS (plain http is accepted only for loopback receivers "
                        "and hosts in MOCKSERVER_WEBHOOK_ALLOW)")
    if problems:
        raise bad_request(*problems)
    return url


def _check_types(names: list[str], version: int, resource_version: str | None) -> list[str]:
    known = event_types.catalogue(version)
    unknown = [n for n in names if n not in known]
    if unknown:
        hint = " (v2 renamed agent:state_change to agent:channel_state_change)" if "agent:state_change" in unknown else ""
        raise bad_request(*(f"eventTypes: '{n}' is not an event type of the v{version} API; "
                            f"GET /v{version}/event-types lists them{hint}" for n in unknown))
    if resource_version is not None:
        resource = resource_version.partition(":")[0]
        wrong = [n for n in names if event_types.resource_of(n) != resource]
        if wrong:
            raise bad_request(*(f"eventTypes: '{n}' does not belong to resourceVersion {resource_version} "
                                f"(a v2 subscription listens to one resource)" for n in wrong))
    return list(dict.fromkeys(names))


def _check_resource_version(value: str) -> str:
    resource, sep, version = value.partition(":")
    versions = event_types.RESOURCE_VERSIONS.get(resource)
    if not sep or versions is None or version not in versions:
        offered = ", ".join(f"{r}:{v}" for r, vs in event_types.RESOURCE_VERSIONS.items() for v in vs)
        raise bad_request(f"resourceVersion: '{value}' is not a supported resource version (one of {offered}); "
                          "GET /v2/event-types lists them")
    return value


def create(session: Session, p: Principal, version: int, body: SubscriptionRequest) -> WebhookSubscription:
    check_org(p, body.orgId)
    rv = _check_resource_version(getattr(body, "resourceVersion")) if version == 2 else None
    types = _check_types(body.eventTypes, version, rv)
    _check_url(body.destinationUrl)
    if count(session, p.org_id) >= ORG_LIMIT:
        raise bad_request(f"The organization already has {ORG_LIMIT} subscriptions (v1 and v2 together), its limit; "
                          "delete one before registering another.")
    now = clock.now_ms()
    s = WebhookSubscription(id=ids.uuid(), pod=p.pod, org_id=p.org_id, api_version=version, name=body.name,
                            description=body.description, event_types=types, destination_url=body.destinationUrl,
                            secret=body.secret, status="active", resource_version=rv, created_ms=now,
                            created_by=p.email, updated_ms=now, updated_by=p.email)
    session.add(s)
    session.commit()
    return s


def update(session: Session, p: Principal, version: int, sub_id: str, body: SubscriptionRequestUpdate) -> WebhookSubscription:
    check_org(p, body.orgId)
    s = get(session, p, version, sub_id)
    fields = body.model_fields_set
    rv = s.resource_version
    if version == 2:
        rv = _check_resource_version(getattr(body, "resourceVersion"))
    if "eventTypes" in fields and body.eventTypes is None or "status" in fields and body.status is None \
            or "destinationUrl" in fields and body.destinationUrl is None:
        raise bad_request("eventTypes, destinationUrl and status cannot be null; leave a field out to keep it")
    types = _check_types(body.eventTypes if body.eventTypes is not None else list(s.event_types), version, rv)
    if body.destinationUrl is not None:
        s.destination_url = _check_url(body.destinationUrl)
    if "description" in fields:
        s.description = body.description
    if "secret" in fields:
        s.secret = body.secret
    if body.status is not None:
        s.status = body.status
    s.event_types = types
    s.resource_version = rv
    s.updated_ms = clock.now_ms()
    s.updated_by = p.email
    session.add(s)
    session.commit()
    return s


def delete(session: Session, p: Principal, version: int, sub_id: str) -> None:
    s = get(session, p, version, sub_id)
    session.delete(s)
    session.commit()
