"""People, organizations, licences and roles: the Control Hub directory as /v1 shows it."""

from __future__ import annotations

import re

from mockserver.core.lifecycle import forget_on_new_app

import base64
import json
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from mockserver.core.clock import iso_ms
from mockserver.core.errors import ApiError
from mockserver.identity import spark_ids
from mockserver.identity.models import IdentityLicense, IdentityOrg, IdentityPerson
from mockserver.identity.tokens import Principal

# Control Hub administrator roles (ids are ciscospark://us/ROLE/<name>).
ROLES: dict[str, str] = {
    "id_full_admin": "Full Administrator",
    "id_user_admin": "User Administrator",
    "id_readonly_admin": "Read-only Administrator",
    "id_device_admin": "Device Administrator",
    "id_support_admin": "Support Administrator",
}

MAX_IDS = 85  # webex-admin.json: "Accepts up to 85 person IDs"
MAX_PAGE = 1000


def role_id(name: str) -> str:
    return spark_ids.encode("ROLE", name)


def license_id(raw: str) -> str:
    return spark_ids.encode("LICENSE", raw)


def person_json(p: IdentityPerson, *, admin_fields: bool, presence: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": spark_ids.person_id(p.id),
        "emails": [p.email],
        "phoneNumbers": list(p.phone_numbers),
        "displayName": p.display_name,
    }
    if p.nick_name:
        out["nickName"] = p.nick_name
    out["firstName"] = p.first_name
    out["lastName"] = p.last_name
    out["orgId"] = spark_ids.org_id(p.org_id)
    if admin_fields:
        out["roles"] = [role_id(r) for r in p.roles]
        out["licenses"] = [license_id(x) for x in p.licenses]
    if p.department:
        out["department"] = p.department
    if p.title:
        out["title"] = p.title
    out["created"] = iso_ms(p.created_ms)
    out["lastModified"] = iso_ms(p.modified_ms)
    out["timezone"] = p.timezone
    if presence:
        out["lastActivity"] = iso_ms(p.modified_ms)
        out["status"] = p.status if p.login_enabled else "inactive"
    out["invitePending"] = "false"
    out["loginEnabled"] = "true" if p.login_enabled else "false"
    out["type"] = "person"
    return out


def org_json(o: IdentityOrg) -> dict[str, Any]:
    return {"id": spark_ids.org_id(o.id), "displayName": o.display_name, "created": iso_ms(o.created_ms)}


def licence_json(lic: IdentityLicense, consumed: int) -> dict[str, Any]:
    return {
        "id": license_id(lic.id),
        "name": lic.name,
        "totalUnits": lic.total_units,
        "consumedUnits": consumed,
        "consumedByUsers": consumed,
        "consumedByWorkspaces": 0,
        "subscriptionId": lic.subscription_id,
    }


def _raw_person_id(value: str) -> str | None:
    return spark_ids.decode(value, "PEOPLE")


def get_person(session: Session, caller: Principal, encoded_id: str) -> dict[str, Any]:
    raw = _raw_person_id(encoded_id)
    if raw is None:
        raise ApiError(404, "Person not found.", [f"'{encoded_id}' is not a Webex person id (base64 of ciscospark://us/PEOPLE/<uuid>)."])
    p = session.get(IdentityPerson, raw)
    if p is None:
        raise ApiError(404, "Person not found.", [f"No person with id {encoded_id}."])
    if p.org_id != caller.org_id:
        raise ApiError(403, "Forbidden.", ["This person belongs to another organization; your token only reaches your own."])
    return person_json(p, admin_fields=caller.is_admin or p.id == caller.person_id, presence=True)


# /people/me is the most called identity route; its answer changes only when the person does.
_me_cache: dict[str, bytes] = {}


def me_cached(caller: Principal) -> bytes:
    body = _me_cache.get(caller.person_id)
    if body is None:
        from mockserver.core.db import db
        from mockserver.core.http import dumps

        with db.session() as session:
            p = session.get(IdentityPerson, caller.person_id)
            if p is None:  # the token outlived its user
                raise ApiError(404, "Person not found.", ["The user of this token no longer exists."])
            body = dumps(person_json(p, admin_fields=True, presence=True))
        _me_cache[caller.person_id] = body
    return body


def forget_people(person_ids: list[str] | None = None) -> None:
    if person_ids is None:
        _me_cache.clear()
    else:
        for pid in person_ids:
            _me_cache.pop(pid, None)


forget_on_new_app("identity.people", forget_people)


def cursor_for(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        off = int(data["o"])
        if off < 0:
            raise ValueError
        return off
    except Exception as exc:  # noqa: BLE001 - any malformed cursor is the client's error
        raise ApiError(400, "Invalid cursor.", ["cursor: not a value this API returned in a Link header."]) from exc


def list_people(
    session: Session,
    caller: Principal,
    *,
    email: str | None,
    display_name: str | None,
    id_list: str | None,
    org_id: str | None,
    roles: str | None,
    max_: int | None,
    cursor: str | None,
) -> tuple[dict[str, Any], int | None]:
    """Returns the body and, when there is a next page, the offset to continue from."""
    target_org = caller.org_id
    if org_id:
        raw_org = spark_ids.decode(org_id, "ORGANIZATION") or org_id
        if raw_org != caller.org_id:
            raise ApiError(403, "Forbidden.", ["orgId: only partner administrators may list people of another organization."])
    if not caller.is_admin and not (email or display_name or id_list):
        raise ApiError(400, "Bad request.", ["Either email or displayName is required for non-admin users (admins may list everyone)."])
    limit = 100 if max_ is None else max_
    if limit < 1:
        raise ApiError(400, "Bad request.", ["max: must be a positive number."])
    limit = min(limit, MAX_PAGE)
    offset = _cursor_decode(cursor) if cursor else 0

    q = select(IdentityPerson).where(IdentityPerson.org_id == target_org)
    not_found: list[str] = []
    if id_list:
        wanted = [x.strip() for x in id_list.split(",") if x.strip()]
        if len(wanted) > MAX_IDS:
            raise ApiError(400, "Bad request.", [f"id: at most {MAX_IDS} person ids per request, got {len(wanted)}."])
        raw_ids = {}
        for w in wanted:
            r = _raw_person_id(w)
            if r is None:
                not_found.append(w)
            else:
                raw_ids[r] = w
        q = q.where(IdentityPerson.id.in_(list(raw_ids)))  # type: ignore[union-attr]
    if email:
        q = q.where(func.lower(IdentityPerson.email) == email.strip().lower())
    if display_name:
        q = q.where(func.lower(IdentityPerson.display_name).startswith(display_name.lower(), autoescape=True))  # % and _ are literal
    rows = list(session.exec(q.order_by(IdentityPerson.created_ms, IdentityPerson.id)).all())
    if roles:
        wanted_roles = set()
        for r in roles.split(","):
            r = r.strip()
            wanted_roles.add(spark_ids.decode(r, "ROLE") or r)
        rows = [p for p in rows if wanted_roles & set(p.roles)]
    if id_list:
        found = {p.id for p in rows}
        not_found.extend(w for r, w in raw_ids.items() if r not in found)
    page = rows[offset: offset + limit]
    nxt = offset + limit if offset + limit < len(rows) else None
    by_id = bool(id_list)
    items = [
        person_json(p, admin_fields=caller.is_admin and not by_id, presence=not by_id) for p in page
    ]
    return {"items": items, "notFoundIds": not_found}, nxt


def list_orgs(session: Session, caller: Principal) -> dict[str, Any]:
    org = session.get(IdentityOrg, caller.org_id)
    return {"items": [org_json(org)] if org else []}


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def get_org(session: Session, caller: Principal, encoded: str) -> dict[str, Any]:
    # The real service also answers the raw UUID (the form WxCC paths and tokens carry); the answer
    # still gives the encoded id.
    raw = spark_ids.decode(encoded, "ORGANIZATION") or (encoded.lower() if _UUID.match(encoded) else None)
    if raw is None:
        raise ApiError(404, "Organization not found.", [
            f"'{encoded}' is not a Webex organization id: send the id from /v1/people/me (orgId) or the raw UUID."])
    if raw != caller.org_id:
        exists = session.get(IdentityOrg, raw) is not None
        if exists:
            raise ApiError(403, "Forbidden.", ["This organization is not yours; your token only reaches your own organization."])
        raise ApiError(404, "Organization not found.", [f"No organization with id {encoded}."])
    org = session.get(IdentityOrg, raw)
    if org is None:
        raise ApiError(404, "Organization not found.", [f"No organization with id {encoded}."])
    return org_json(org)


def list_licences(session: Session, caller: Principal, org_id: str | None) -> dict[str, Any]:
    target = caller.org_id
    if org_id:
        raw = spark_ids.decode(org_id, "ORGANIZATION") or org_id
        if raw != caller.org_id:
            raise ApiError(403, "Forbidden.", ["orgId: you may only list the licences of your own organization."])
    lics = session.exec(select(IdentityLicense).where(IdentityLicense.org_id == target).order_by(IdentityLicense.code)).all()
    people = session.exec(select(IdentityPerson.licenses).where(IdentityPerson.org_id == target)).all()
    counts: dict[str, int] = {}
    for lic_list in people:
        for x in lic_list:
            counts[x] = counts.get(x, 0) + 1
    return {"items": [licence_json(lic, counts.get(lic.id, 0)) for lic in lics]}


def list_roles() -> dict[str, Any]:
    return {"items": [{"id": role_id(k), "name": v} for k, v in ROLES.items()]}
