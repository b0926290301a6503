"""Engage → Users: the org's contact-center licensed Control Hub users, synchronized by events.

- DigitalChannelsProvisioned: the tenant comes to life with every licensed user.
- LicenceChanged (contact-center codes only): the change is recorded as pending; nothing moves yet.
- UsersSyncRequested (Control Hub → Contact Center → General → Synchronize Users): each person with a
  pending change is re-read from identity (the allowed dependency) and added, updated or removed.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock, iso_ms
from mockserver.events import DigitalChannelsProvisioned, LicenceChanged, UsersSyncRequested
from mockserver.engage import build
from mockserver.engage.access import Caller
from mockserver.engage.errors import bad, not_found
from mockserver.engage.models import EngagePendingChange, EngageTenant, EngageUser
from mockserver.identity import spark_ids
from mockserver.identity.models import IdentityLicense, IdentityPerson

STATUSES = ("active", "inactive")


# --- reading identity (allowed dependency) -------------------------------------------------------
def _licence_codes(session: Session, org_id: str) -> dict[str, str]:
    return {lic.id: lic.code for lic in session.exec(select(IdentityLicense).where(IdentityLicense.org_id == org_id)).all()}


def _people(session: Session, org_id: str, person_ids: list[str] | None = None) -> list[dict[str, Any]]:
    q = select(IdentityPerson).where(IdentityPerson.org_id == org_id)
    if person_ids is not None:
        q = q.where(IdentityPerson.id.in_(person_ids))  # type: ignore[attr-defined]
    codes = _licence_codes(session, org_id)
    rows = session.exec(q.order_by(IdentityPerson.created_ms, IdentityPerson.email)).all()
    return [build.person_facts(p, codes) for p in rows]


# --- event handlers --------------------------------------------------------------------------------
def on_provisioned(event: DigitalChannelsProvisioned) -> None:
    from mockserver.core.db import db

    with db.session() as s:
        t = s.get(EngageTenant, event.org_id)
        if t is None or t.provisioned:
            return
        now = clock.now_ms()
        for k, v in build.tenant_fields(t.plan, event.owner_person_id or None, now).items():
            setattr(t, k, v)
        if event.tenant:
            t.name = event.tenant.lower()
        s.add(t)
        for table, rows in build.tenant_rows(t.pod, t.org_id, t.plan, _people(s, t.org_id), now).items():
            for r in rows:
                s.add(table(**r))
        s.commit()


def on_licence_changed(event: LicenceChanged) -> None:
    from mockserver.core.db import db

    with db.session() as s:
        t = s.get(EngageTenant, event.org_id)
        if t is None or not t.provisioned:
            return  # provisioning reads the licences as they are then
        cc = set(t.plan["licences"])
        if not (cc & (set(event.added) | set(event.removed))):
            return  # e.g. Messaging only: not a contact-center change
        row = s.get(EngagePendingChange, event.person_id)
        if row is None:
            row = EngagePendingChange(person_id=event.person_id, pod=t.pod, org_id=t.org_id, changed_ms=clock.now_ms())
        # Several changes before a sync fold into one: what was added then removed cancels out.
        added = [c for c in dict.fromkeys([*row.added, *event.added]) if c in cc]
        removed = [c for c in dict.fromkeys([*row.removed, *event.removed]) if c in cc]
        row.added = [c for c in added if c in event.current]
        row.removed = [c for c in removed if c not in event.current]
        row.current = list(event.current)
        row.changed_ms = clock.now_ms()
        s.add(row)
        s.commit()


def on_sync_requested(event: UsersSyncRequested) -> None:
    from mockserver.core.db import db

    with db.session() as s:
        t = s.get(EngageTenant, event.org_id)
        if t is None or not t.provisioned:
            return
        synchronize(s, t, event.requested_by)
        s.commit()


def synchronize(session: Session, t: EngageTenant, requested_by: str | None) -> dict[str, list[str]]:
    """Applies the pending changes (and only those: a user missing for another reason stays missing,
    which is why the lab's recipe removes and re-assigns the licence)."""
    now = clock.now_ms()
    pending = session.exec(select(EngagePendingChange).where(EngagePendingChange.org_id == t.org_id)).all()
    people = {p["id"]: p for p in _people(session, t.org_id, [x.person_id for x in pending])}
    out: dict[str, list[str]] = {"added": [], "updated": [], "removed": []}
    for change in pending:
        current = session.get(EngageUser, build.user_id(change.person_id))
        person = people.get(change.person_id)
        row = build.user_row(t.pod, t.org_id, t.plan, person, now,
                             created_ms=current.created_ms if current else None) if person else None
        if row is None:
            if current is not None:
                session.delete(current)
                out["removed"].append(current.email)
        elif current is None:
            session.add(EngageUser(**row))
            out["added"].append(row["email"])
        else:
            for k, v in row.items():
                setattr(current, k, v)
            session.add(current)
            out["updated"].append(row["email"])
        session.delete(change)
    t.last_sync_ms, t.last_sync_by = now, requested_by
    session.add(t)
    return out


# --- reads -------------------------------------------------------------------------------------------
def user_json(u: EngageUser) -> dict[str, Any]:
    return {
        "id": u.id, "personId": spark_ids.person_id(u.person_id), "email": u.email, "firstName": u.first_name,
        "lastName": u.last_name, "displayName": u.display_name, "roleType": u.role_type, "license": u.licence,
        "status": u.status, "loggedIn": u.logged_in, "createdAt": iso_ms(u.created_ms),
        "lastSyncedAt": iso_ms(u.synced_ms),
    }


def _role_type(value: str) -> str:
    for rt in build.ROLE_TYPES:
        if value.strip().lower() in (rt.lower(), rt.lower().replace(" ", ""), rt.lower().replace(" ", "_")):
            return rt
    raise bad("roleType", f"'{value}' is not a role type; one of: {', '.join(build.ROLE_TYPES)}")


def page_json(items: list[dict[str, Any]], page: int, size: int) -> dict[str, Any]:
    total = len(items)
    start = (page - 1) * size
    return {"data": items[start:start + size],
            "meta": {"page": page, "size": size, "totalItems": total, "totalPages": (total + size - 1) // size}}


def list_users(session: Session, caller: Caller, *, role_type: str | None, status: str | None, search: str | None,
               page: int, size: int) -> dict[str, Any]:
    rt = _role_type(role_type) if role_type else None
    if status and status.strip().lower() not in STATUSES:
        raise bad("status", f"'{status}' is not a status; one of: {', '.join(STATUSES)}")
    rows = session.exec(select(EngageUser).where(EngageUser.org_id == caller.org_id)
                        .order_by(EngageUser.display_name, EngageUser.email)).all()
    needle = (search or "").strip().lower()
    items = []
    for u in rows:
        if u.person_id == caller.principal.person_id:
            continue  # the signed-in user is not listed (lab 12.1: expected behaviour)
        if rt and u.role_type != rt:
            continue
        if status and u.status != status.strip().lower():
            continue
        if needle and not any(needle in x.lower() for x in (u.email, u.first_name, u.last_name, u.display_name)):
            continue
        items.append(user_json(u))
    return page_json(items, page, size)


def get_user(session: Session, caller: Caller, user_id: str) -> dict[str, Any]:
    u = session.get(EngageUser, user_id)
    if u is None or u.org_id != caller.org_id:
        # Decision: the user list hides the signed-in user, but asking for it by id works.
        raise not_found("User", user_id)
    return user_json(u)


def sync_status(session: Session, caller: Caller) -> dict[str, Any]:
    t = caller.tenant
    pending = session.exec(select(EngagePendingChange).where(EngagePendingChange.org_id == t.org_id)
                           .order_by(EngagePendingChange.changed_ms)).all()
    emails = {p.id: p.email for p in session.exec(select(IdentityPerson).where(
        IdentityPerson.id.in_([x.person_id for x in pending]))).all()} if pending else {}  # type: ignore[attr-defined]
    return {
        "lastSynchronizedAt": iso_ms(t.last_sync_ms) if t.last_sync_ms else None,
        "lastRequestedBy": spark_ids.person_id(t.last_sync_by) if t.last_sync_by else None,
        "pendingChanges": [{"personId": spark_ids.person_id(x.person_id), "email": emails.get(x.person_id),
                            "added": list(x.added), "removed": list(x.removed), "changedAt": iso_ms(x.changed_ms)}
                           for x in pending],
        "description": ("Licence changes made in Control Hub reach Engage after Control Hub → Services → Contact "
                        "Center → Settings → General → Synchronize Users."),
    }
