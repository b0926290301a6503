"""Control Hub writes through /v1: updating a person and assigning licences (admins only).

Licence changes publish LicenceChanged after the commit; Engage's user sync listens to it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.events import LicenceChanged, PersonChanged
from mockserver.core.events import dispatcher
from mockserver.core.shared import shared
from mockserver.identity import directory, spark_ids
from mockserver.identity.models import IdentityLicense, IdentityPerson
from mockserver.identity.schemas import PatchUserLicenses, PersonUpdate
from mockserver.identity.tokens import ADMIN_ROLES, Principal, tokens


def _require_admin(caller: Principal) -> None:
    if not (caller.is_full_admin or "id_user_admin" in caller.roles):
        raise ApiError(403, "Forbidden.", ["Only a full or user administrator of the organization can change people."])


def _person_in_org(session: Session, caller: Principal, encoded: str) -> IdentityPerson:
    raw = spark_ids.decode(encoded, "PEOPLE")
    person = session.get(IdentityPerson, raw) if raw else None
    if person is None:
        raise ApiError(404, "Person not found.", [f"No person with id {encoded}."])
    if person.org_id != caller.org_id:
        raise ApiError(403, "Forbidden.", ["This person belongs to another organization."])
    return person


def _org_licences(session: Session, org_id: str) -> dict[str, IdentityLicense]:
    return {lic.id: lic for lic in session.exec(select(IdentityLicense).where(IdentityLicense.org_id == org_id)).all()}


def _licence_raw(encoded: str, field: str, known: dict[str, IdentityLicense]) -> str:
    raw = spark_ids.decode(encoded, "LICENSE")
    if raw is None or raw not in known:
        raise ApiError(400, "Invalid licence.", [f"{field}: '{encoded}' is not a licence of this organization (see GET /v1/licenses)."])
    return raw


def _revoke_if_locked_out(session: Session, person: IdentityPerson, was_enabled: bool, had_licences: bool) -> None:
    """Control Hub stops honouring a user's tokens at once when the user is disabled, and when a
    user who is not an administrator loses their last licence (nothing left to use them for); an
    administrator without licences still runs Control Hub (docs/fidelity.md)."""
    disabled = was_enabled and not person.login_enabled
    unlicensed = had_licences and not person.licenses and not (set(person.roles) & ADMIN_ROLES)
    if disabled or unlicensed:
        tokens.revoke_person(session, person.id)


def _after_commit(person: IdentityPerson, before: list[str], known: dict[str, IdentityLicense]) -> None:
    directory.forget_people([person.id])
    tokens.forget()  # roles may have changed: principals are re-read
    shared.publish("caches")
    if set(before) != set(person.licenses):
        code = lambda raw: known[raw].code if raw in known else raw  # noqa: E731
        dispatcher.publish(LicenceChanged(
            pod=person.pod, org_id=person.org_id, person_id=person.id,
            added=tuple(code(x) for x in person.licenses if x not in before),
            removed=tuple(code(x) for x in before if x not in person.licenses),
            current=tuple(code(x) for x in person.licenses),
        ))


def update_person(session: Session, caller: Principal, encoded: str, body: PersonUpdate) -> dict[str, Any]:
    _require_admin(caller)
    person = _person_in_org(session, caller, encoded)
    known = _org_licences(session, caller.org_id)
    licences = person.licenses if body.licenses is None else [
        _licence_raw(x, f"licenses[{i}]", known) for i, x in enumerate(body.licenses)]
    roles = person.roles
    if body.roles is not None:
        roles = []
        for i, r in enumerate(body.roles):
            name = spark_ids.decode(r, "ROLE") or r
            if name not in directory.ROLES:
                raise ApiError(400, "Invalid role.", [f"roles[{i}]: '{r}' is not a role id (see GET /v1/roles)."])
            roles.append(name)
    if body.emails:
        email = body.emails[0].strip().lower()
        if email != person.email:
            other = session.exec(select(IdentityPerson).where(IdentityPerson.email == email)).first()
            if other is not None:
                raise ApiError(409, "Conflict.", [f"emails: '{email}' is already used by another person."])
            person.email = email
    before = list(person.licenses)
    was_enabled = person.login_enabled
    person.display_name = body.displayName
    person.first_name = body.firstName or ""
    person.last_name = body.lastName or ""
    person.nick_name = body.nickName
    person.department = body.department
    person.title = body.title
    if body.phoneNumbers is not None:
        person.phone_numbers = [p.model_dump(exclude_none=True) for p in body.phoneNumbers]
    if body.loginEnabled is not None:
        person.login_enabled = body.loginEnabled
    person.roles = list(dict.fromkeys(roles))
    person.licenses = list(dict.fromkeys(licences))
    person.modified_ms = clock.now_ms()
    session.add(person)
    _revoke_if_locked_out(session, person, was_enabled, bool(before))
    session.commit()
    _after_commit(person, before, known)
    dispatcher.publish(PersonChanged(
        pod=person.pod, org_id=person.org_id, person_id=person.id, email=person.email,
        first_name=person.first_name, last_name=person.last_name, login_enabled=person.login_enabled,
    ))
    return directory.person_json(person, admin_fields=True, presence=True)


def patch_licences(session: Session, caller: Principal, body: PatchUserLicenses) -> dict[str, Any]:
    _require_admin(caller)
    if body.orgId and (spark_ids.decode(body.orgId, "ORGANIZATION") or body.orgId) != caller.org_id:
        raise ApiError(403, "Forbidden.", ["orgId: you can only assign licences of your own organization."])
    if body.personId:
        person = _person_in_org(session, caller, body.personId)
    elif body.email:
        person = session.exec(select(IdentityPerson).where(IdentityPerson.email == body.email.strip().lower())).first()
        if person is None or person.org_id != caller.org_id:
            # Another org's person answers like a missing one: nothing of another org leaks.
            raise ApiError(404, "Person not found.", [f"email: no person '{body.email}' in your organization."])
    else:
        raise ApiError(400, "Bad request.", ["Give email or personId."])
    known = _org_licences(session, caller.org_id)
    before = list(person.licenses)
    current = list(person.licenses)
    for i, req in enumerate(body.licenses or []):
        raw = _licence_raw(req.id, f"licenses[{i}].id", known)
        if req.operation == "add" and raw not in current:
            current.append(raw)
        elif req.operation == "remove" and raw in current:
            current.remove(raw)
    person.licenses = current
    person.modified_ms = clock.now_ms()
    session.add(person)
    _revoke_if_locked_out(session, person, person.login_enabled, bool(before))
    session.commit()
    _after_commit(person, before, known)
    return {
        "orgId": spark_ids.org_id(person.org_id),
        "personId": spark_ids.person_id(person.id),
        "email": person.email,
        "licenses": [directory.license_id(x) for x in person.licenses],
        "siteUrls": [],
    }
