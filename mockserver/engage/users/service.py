"""Engage → Users: the org's contact-center licensed Control Hub users, synchronized by events.

- DigitalChannelsProvisioned: the tenant comes to life with every licensed user.
- LicenceChanged (contact-center codes only): the change is recorded as pending; nothing moves yet.
- UsersSyncRequested (Control Hub → Contact Center → General → Synchronize Users): each person with a
  pending change is re-read from identity (the allowed dependency) and added, updated or removed.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlmodel import Session, select

from mockserver.core.clock import clock, iso_ms
from mockserver.core.db import db
from mockserver.core.ids import derived_uuid
from mockserver.engage.deps import Caller
from mockserver.engage.errors import bad
from mockserver.engage.models import EngageTenant
from mockserver.engage.schemas import page_json
from mockserver.engage.users.models import ADMINISTRATIVE, CUSTOMER_CARE, ROLE_TYPES, EngagePendingChange, EngageUser
from mockserver.events import AgentLoggedIn, AgentLoggedOut, LicenceChanged, UsersSyncRequested
from mockserver.identity.public import ADMIN_ROLES, Person, licence_codes, people, spark_ids

STATUSES = ("active", "inactive")


# --- a user from a Control Hub person ---------------------------------------------------------------
def user_id(person_id: str) -> str:
    """Stable across re-synchronization: derived from the Control Hub person id."""
    return derived_uuid("engage", "user", person_id)


def person_facts(row: Person | dict[str, Any], codes_by_licence: dict[str, str]) -> dict[str, Any]:
    """What Engage reads of a Control Hub person (identity's ``Person`` or the row identity seeds)."""
    if isinstance(row, dict):
        get = row.get
        licences, active = get("licenses"), bool(get("login_enabled")) and get("status") == "active"
    else:
        get = lambda k: getattr(row, k)  # noqa: E731
        licences, active = row.licence_ids, row.login_enabled and row.status == "active"
    return {
        "id": get("id"), "email": get("email"), "first_name": get("first_name") or "",
        "last_name": get("last_name") or "", "display_name": get("display_name") or "",
        "roles": list(get("roles") or []), "codes": [codes_by_licence.get(x, x) for x in licences or []],
        "active": active,
    }


def cc_licence(plan: dict[str, Any], codes: Iterable[str]) -> str | None:
    held = set(codes)
    for code in plan["licences"]:  # the fixture's order is the preference: Premium before Standard
        if code in held:
            return code
    return None


def role_type(roles: Iterable[str]) -> str:
    # Decision: any Control Hub administrator role makes the user Administrative (lab 12.1:
    # administrators → "Administrative", premium agents and supervisors → "Customer Care").
    return ADMINISTRATIVE if set(roles) & ADMIN_ROLES else CUSTOMER_CARE


def user_row(pod: int, org_id: str, plan: dict[str, Any], person: dict[str, Any], now: int,
             created_ms: int | None = None) -> dict[str, Any] | None:
    licence = cc_licence(plan, person["codes"])
    if licence is None:
        return None
    return {
        "id": user_id(person["id"]), "pod": pod, "org_id": org_id, "person_id": person["id"],
        "email": person["email"], "first_name": person["first_name"], "last_name": person["last_name"],
        "display_name": person["display_name"] or f"{person['first_name']} {person['last_name']}".strip(),
        "role_type": role_type(person["roles"]), "licence": licence,
        "status": "active" if person["active"] else "inactive", "logged_in": False,
        "created_ms": created_ms if created_ms is not None else now, "synced_ms": now,
    }


def people_facts(session: Session, org_id: str, person_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The facts of the org's people (or of the ones named), in Control Hub's order."""
    codes = licence_codes(session, org_id)
    return [person_facts(p, codes) for p in people(session, org_id, person_ids)]


# --- event handlers --------------------------------------------------------------------------------
def on_licence_changed(event: LicenceChanged) -> None:
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
    by_id = {p["id"]: p for p in people_facts(session, t.org_id, [x.person_id for x in pending])}
    out: dict[str, list[str]] = {"added": [], "updated": [], "removed": []}
    for change in pending:
        current = session.get(EngageUser, user_id(change.person_id))
        person = by_id.get(change.person_id)
        row = user_row(t.pod, t.org_id, t.plan, person, now,
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


def _set_logged_in(org_id: str, agent_id: str, email: str, value: bool) -> None:
    # The WxCC agent id is the person's raw UUID; the email is the fallback for a user synced from
    # another person row (same address).
    with db.session() as s:
        rows = s.exec(select(EngageUser).where(EngageUser.org_id == org_id)).all()
        hit = [u for u in rows if u.person_id == agent_id] or [u for u in rows if u.email.lower() == (email or "").lower()]
        for u in hit:
            if u.logged_in != value:
                u.logged_in = value
                s.add(u)
        s.commit()


def on_agent_logged_in(event: AgentLoggedIn) -> None:
    _set_logged_in(event.org_id, event.agent_id, event.email, True)


def on_agent_logged_out(event: AgentLoggedOut) -> None:
    _set_logged_in(event.org_id, event.agent_id, event.email, False)


# --- reads -------------------------------------------------------------------------------------------
def user_json(u: EngageUser) -> dict[str, Any]:
    return {
        "id": u.id, "personId": spark_ids.person_id(u.person_id), "email": u.email, "firstName": u.first_name,
        "lastName": u.last_name, "displayName": u.display_name, "roleType": u.role_type, "license": u.licence,
        "status": u.status, "loggedIn": u.logged_in, "createdAt": iso_ms(u.created_ms),
        "lastSyncedAt": iso_ms(u.synced_ms),
    }


def _role_type(value: str) -> str:
    for rt in ROLE_TYPES:
        if value.strip().lower() in (rt.lower(), rt.lower().replace(" ", ""), rt.lower().replace(" ", "_")):
            return rt
    raise bad("roleType", f"'{value}' is not a role type; one of: {', '.join(ROLE_TYPES)}")


def list_users(session: Session, caller: Caller, *, role_type: str | None, status: str | None, search: str | None, page: int,
               size: int) -> dict[str, Any]:
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


def sync_status(session: Session, caller: Caller) -> dict[str, Any]:
    t = caller.tenant
    pending = session.exec(select(EngagePendingChange).where(EngagePendingChange.org_id == t.org_id)
                           .order_by(EngagePendingChange.changed_ms)).all()
    emails = {p.id: p.email for p in people(session, t.org_id, [x.person_id for x in pending])} if pending else {}
    return {
        "lastSynchronizedAt": iso_ms(t.last_sync_ms) if t.last_sync_ms else None,
        "lastRequestedBy": spark_ids.person_id(t.last_sync_by) if t.last_sync_by else None,
        "pendingChanges": [{"personId": spark_ids.person_id(x.person_id), "email": emails.get(x.person_id),
                            "added": list(x.added), "removed": list(x.removed), "changedAt": iso_ms(x.changed_ms)}
                           for x in pending],
        "description": ("Licence changes made in Control Hub reach Engage after Control Hub → Services → Contact "
                        "Center → Settings → General → Synchronize Users."),
    }
