"""Control Hub → Services → Contact Center → Settings, the digital-channel part, per org: General's
service details and Digital (Provision Digital Channels, the owner's activation email). When the
provisioning timer fires (registered here, on import), the tenant comes to life and
DigitalChannelsProvisioned is published. Synchronize Users and RONA are WxCC's
(mockserver/wxcc/settings); General shows the synchronization status through its public module."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.connect import provisioned_tenant as build
from mockserver.connect.controlhub.models import ConnectDigitalSettings
from mockserver.connect.team.models import ConnectUser
from mockserver.connect.team.service import send_join_link
from mockserver.connect.tenant import ConnectTenant
from mockserver.core.clock import clock, iso_ms
from mockserver.core.public_url import resolve
from mockserver.core.errors import ApiError
from mockserver.core.events import dispatcher
from mockserver.core.timers import timers
from mockserver.events import DigitalChannelsProvisioned
from mockserver.identity.public import Person, people, person, spark_ids
from mockserver.wxcc.settings import public as contact_center

IMI_DIGITAL = "IMI Digital"
PROVISIONED_TIMER = "connect.provisioned"
STATUS_TEXT = {
    "notProvisioned": "Digital channels are not provisioned for this organization.",
    "provisioning": "Provisioning of digital channels is in progress; it takes about 5 minutes.",
    "completed": "Digital channels setup for Webex Contact Center is completed.",
}


def settings_row(session: Session, org_id: str) -> ConnectDigitalSettings:
    row = session.get(ConnectDigitalSettings, org_id)
    if row is None:
        raise ApiError(404, "Not found.", [f"orgId: organization {org_id} has no Contact Center service."])
    return row


def _person_json(p: Person) -> dict[str, Any]:
    return {"id": spark_ids.person_id(p.id), "email": p.email, "displayName": p.display_name,
            "roles": list(p.roles)}


def general(session: Session, row: ConnectDigitalSettings) -> dict[str, Any]:
    return {
        "orgId": spark_ids.org_id(row.org_id),
        "serviceDetails": {**row.service_details, "digitalChannel": row.digital_channel},
        "synchronizeUsers": contact_center.users_sync_status(session, row.org_id),
    }


def digital(session: Session, row: ConnectDigitalSettings) -> dict[str, Any]:
    owner = person(session, row.owner_person_id) if row.owner_person_id else None
    out: dict[str, Any] = {
        "orgId": spark_ids.org_id(row.org_id),
        "status": row.digital_status,
        "statusText": STATUS_TEXT[row.digital_status],
        "digitalChannel": row.digital_channel,
        "owner": _person_json(owner) if owner else None,
        "requestedAt": iso_ms(row.requested_ms) if row.requested_ms else None,
        "completedAt": iso_ms(row.completed_ms) if row.completed_ms else None,
        "tenantName": None, "tenantUrl": None, "ownerActivation": None,
    }
    if row.digital_status == "provisioning" and row.requested_ms:
        out["expectedCompletionAt"] = iso_ms(row.requested_ms + _provisioning_s(row) * 1000)
    if row.digital_status == "completed":
        out["tenantName"], out["tenantUrl"] = row.tenant_name, resolve(row.tenant_url)
        u = session.get(ConnectUser, build.owner_id(row.pod))
        if u is not None:
            out["ownerActivation"] = "activated" if u.status == "Active" else "pending"
    return out


def _provisioning_s(row: ConnectDigitalSettings) -> int:
    return int(row.plan.get("provisioningSeconds", 300))


def eligible_owners(session: Session, org_id: str) -> list[Person]:
    # Decision: the owner list shows the org's Full Administrators who can sign in (Connect maps
    # Control Hub full administrators to its Owner role; "user roles and hierarchy").
    return [p for p in people(session, org_id) if p.is_full_admin and p.login_enabled]


def owners_json(session: Session, org_id: str) -> dict[str, Any]:
    return {"items": [_person_json(p) for p in eligible_owners(session, org_id)]}


def _find_owner(session: Session, org_id: str, owner: str) -> Person:
    raw = spark_ids.decode(owner, "PEOPLE") or owner
    for p in eligible_owners(session, org_id):
        if p.id == raw.lower() or p.email == owner.strip().lower():
            return p
    raise ApiError(400, "Invalid owner.", [
        f"ownerId: '{owner}' is not one of the organization's administrators; choose one from "
        "GET .../contactCenter/digital/eligibleOwners."])


def provision(session: Session, row: ConnectDigitalSettings, owner: str) -> dict[str, Any]:
    if row.digital_channel != IMI_DIGITAL:
        raise ApiError(409, "Digital channels cannot be provisioned.", [
            f"serviceDetails.digitalChannel is '{row.digital_channel}', not '{IMI_DIGITAL}': contact Cisco support "
            "to get the Digital Channel setting corrected before provisioning digital channels."])
    if row.digital_status == "provisioning":
        raise ApiError(409, "Provisioning in progress.", ["Provisioning of digital channels is already in progress."])
    if row.digital_status == "completed":
        raise ApiError(409, "Already provisioned.", [
            f"Digital channels are already provisioned: Webex Connect tenant {row.tenant_name} ({resolve(row.tenant_url)})."])
    chosen = _find_owner(session, row.org_id, owner)
    now = clock.now_ms()
    row.digital_status, row.owner_person_id, row.requested_ms = "provisioning", chosen.id, now
    session.add(row)
    timers.schedule(session, pod=row.pod, kind=PROVISIONED_TIMER, after_s=_provisioning_s(row),
                    subject=f"connect:provision:{row.org_id}", payload={"org_id": row.org_id})
    session.commit()
    return digital(session, row)


@timers.on(PROVISIONED_TIMER)
def _provisioned(session: Session, timer) -> None:  # noqa: ANN001
    """About 5 minutes after "Provision Digital Channels": once the tenant is committed, Engage
    builds its side of it."""
    done = complete_provisioning(session, timer.payload["org_id"])
    session.commit()
    if done is not None:
        row, tenant = done
        dispatcher.publish(DigitalChannelsProvisioned(pod=row.pod, org_id=row.org_id, tenant=tenant.name,
                                                      tenant_url=tenant.public_url, owner_person_id=row.owner_person_id or ""))


def complete_provisioning(session: Session, org_id: str) -> tuple[ConnectDigitalSettings, ConnectTenant] | None:
    """The provisioning timer: the tenant comes to life and its owner gets the activation email."""
    row = session.get(ConnectDigitalSettings, org_id)
    if row is None or row.digital_status != "provisioning" or row.owner_person_id is None:
        return None
    owner = person(session, row.owner_person_id)
    if owner is None:
        return None
    now = clock.now_ms()
    plan = row.plan
    rows = build.tenant_rows(
        n=row.pod, org_id=org_id, name=row.tenant_name, url=row.tenant_url,
        owner={"email": owner.email, "first_name": owner.first_name, "last_name": owner.last_name,
               "person_id": owner.id},
        numbers=plan.get("numbers", []), integrations=plan.get("integrations", {}), now=now,
        settings=plan.get("tenantSettings", {}),
    )
    for table, trows in rows.items():
        for r in trows:
            session.add(table(**r))
    session.flush()
    row.digital_status, row.completed_ms = "completed", now
    session.add(row)
    tenant = session.get(ConnectTenant, build.tenant_id(row.pod))
    owner_user = session.get(ConnectUser, build.owner_id(row.pod))
    send_join_link(session, tenant, owner_user, kind="activation", hours=_link_hours(row))
    return row, tenant


def _link_hours(row: ConnectDigitalSettings) -> int:
    return int(row.plan.get("linkValidHours", 24))


def resend_activation(session: Session, row: ConnectDigitalSettings) -> dict[str, Any]:
    if row.digital_status != "completed":
        raise ApiError(409, "Not provisioned.", ["Digital channels are not provisioned yet: there is no activation email to re-send."])
    tenant = session.get(ConnectTenant, build.tenant_id(row.pod))
    owner = session.get(ConnectUser, build.owner_id(row.pod))
    if tenant is None or owner is None:
        raise ApiError(409, "Not provisioned.", ["The Connect tenant has no owner account."])
    if owner.status == "Active":
        raise ApiError(409, "Already activated.", [
            f"The owner {owner.email} already activated the Connect account; sign in at {tenant.public_url}."])
    send_join_link(session, tenant, owner, kind="activation", hours=_link_hours(row))
    session.commit()
    return digital(session, row)
