"""Identity rows of a POD, from its fixture: org, licences, Control Hub users, the integration."""

from __future__ import annotations

import hashlib
from typing import Any

from mockserver.core.errors import ApiError
from mockserver.core.ids import derived_uuid
from mockserver.core.public_url import resolve_all
from mockserver.core.seeding import PodContext, Rows, Seeder, add_describer, registry
from mockserver.identity import spark_ids
from mockserver.identity.models import (
    IdentityAuthCode,
    IdentityIntegration,
    IdentityLicense,
    IdentityOrg,
    IdentityPerson,
    IdentityToken,
    IdentitySigningKey,
)
from mockserver.identity.oauth import password_hash


def person_uuid(n: int, key: str) -> str:
    return derived_uuid("person", n, key)


def licence_raw_id(org_id: str, n: int, code: str) -> str:
    # Control Hub licence ids read <orgUUID>:<CODE>_<subscription uuid> once decoded.
    return f"{org_id}:{code}_{derived_uuid('subscription', n)}"


def _secret(*parts: object) -> str:
    return hashlib.sha256("/".join(["wxcc-sandbox", *map(str, parts)]).encode()).hexdigest()


def client_id_for(n: int, key: str) -> str:
    return "C" + _secret(n, key, "client_id")


def client_secret_for(n: int, key: str) -> str:
    return _secret(n, key, "client_secret")


def rows(ctx: PodContext) -> Rows:
    f, n, org_id = ctx.fixture, ctx.n, ctx.org_id
    created = int(f["_created_ms"])
    org = f.get("org", {})
    out: Rows = {
        IdentityOrg: [{
            "id": org_id, "pod": n, "name": org.get("name", f"cl1pod{n}"),
            "display_name": org.get("displayName", org.get("name", f"cl1pod{n}")), "created_ms": created,
        }],
        IdentityLicense: [],
        IdentityPerson: [],
        IdentityIntegration: [],
    }
    codes: dict[str, str] = {}
    for lic in f.get("licenses", []):
        lid = licence_raw_id(org_id, n, lic["code"])
        codes[lic["code"]] = lid
        out[IdentityLicense].append({
            "id": lid, "pod": n, "org_id": org_id, "code": lic["code"], "name": lic["name"],
            "total_units": int(lic.get("totalUnits", 0)), "subscription_id": f"Sub-{org.get('name', n)}",
        })
    for u in f.get("users", []):
        pid = person_uuid(n, u["key"])
        unknown = [c for c in u.get("licenses", []) if c not in codes]
        if unknown:
            raise ValueError(f"fixture user {u['key']}: unknown licence code(s) {unknown}")
        out[IdentityPerson].append({
            "id": pid, "pod": n, "org_id": org_id, "email": u["email"].lower(),
            "first_name": u.get("firstName", ""), "last_name": u.get("lastName", ""),
            "display_name": u.get("displayName") or f"{u.get('firstName', '')} {u.get('lastName', '')}".strip(),
            "nick_name": u.get("nickName"), "password_hash": password_hash(pid, u["password"]),
            "roles": list(u.get("roles", [])), "licenses": [codes[c] for c in u.get("licenses", [])],
            "created_ms": created, "modified_ms": created, "status": "active", "login_enabled": True,
            "timezone": u.get("timezone", "America/New_York"), "title": u.get("title"),
            "department": u.get("department"), "phone_numbers": list(u.get("phoneNumbers", [])),
            "attrs": {"key": u["key"], "kind": u.get("kind", "user")},
        })
    for i in f.get("integrations", []):
        out[IdentityIntegration].append({
            "client_id": client_id_for(n, i["key"]), "pod": n, "org_id": org_id, "name": i["name"],
            "client_secret": client_secret_for(n, i["key"]), "redirect_uris": list(i.get("redirectUris", [])),
            "scopes": list(i.get("scopes", [])), "created_ms": created,
        })
    return out


def _person_row(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> dict[str, Any]:
    key = step.get("user")
    for r in rows_[IdentityPerson]:
        if r["attrs"].get("key") == key:
            return r
    raise ValueError(f"scenario step {step.get('do')}: POD {ctx.n} has no fixture user '{key}'")


@registry.step("identity.set_licenses")
def _set_licenses(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    row = _person_row(ctx, rows_, step)
    row["licenses"] = [licence_raw_id(ctx.org_id, ctx.n, c) for c in step.get("licenses", [])]


@registry.step("identity.set_roles")
def _set_roles(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    _person_row(ctx, rows_, step)["roles"] = list(step.get("roles", []))


@registry.step("identity.disable_user")
def _disable(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    row = _person_row(ctx, rows_, step)
    row["login_enabled"] = False
    row["status"] = "inactive"


def describe(session: Any, ctx: PodContext) -> dict[str, Any]:
    """What scripts need to sign in as this POD's users (GET /sandbox/pods/{n})."""
    from sqlmodel import select

    f = ctx.fixture
    passwords = {u["email"].lower(): u["password"] for u in f.get("users", [])}
    lic_rows = session.exec(select(IdentityLicense).where(IdentityLicense.pod == ctx.n)).all()
    lic_by_id = {lic.id: lic for lic in lic_rows}
    people = session.exec(
        select(IdentityPerson).where(IdentityPerson.pod == ctx.n).order_by(IdentityPerson.created_ms, IdentityPerson.email)
    ).all()
    users = []
    for p in people:
        users.append({
            "key": p.attrs.get("key"), "kind": p.attrs.get("kind"), "email": p.email,
            "password": passwords.get(p.email), "displayName": p.display_name,
            "id": spark_ids.person_id(p.id), "uuid": p.id,
            "roles": list(p.roles),
            "licenses": [{"code": lic_by_id[x].code, "name": lic_by_id[x].name} for x in p.licenses if x in lic_by_id],
            "loginEnabled": p.login_enabled,
        })
    integs = session.exec(select(IdentityIntegration).where(IdentityIntegration.pod == ctx.n)).all()
    return {
        "orgId": ctx.org_id,
        "orgIdEncoded": spark_ids.org_id(ctx.org_id),
        "orgName": f.get("org", {}).get("name"),
        "users": users,
        "gmail": f.get("gmail"),
        "integrations": [
            {"name": i.name, "client_id": i.client_id, "client_secret": i.client_secret,
             "redirect_uris": resolve_all(i.redirect_uris), "scopes": list(i.scopes)}
            for i in integs
        ],
    }


SEEDER = Seeder(
    name="identity",
    tables=[IdentityOrg, IdentityLicense, IdentityPerson, IdentityIntegration, IdentityAuthCode],
    rows=rows,
    durable_tables=[IdentityToken, IdentitySigningKey],
)


def register() -> None:
    registry.add(SEEDER)
    add_describer(describe)


def check_user(session: Any, email: str) -> IdentityPerson:
    from mockserver.identity.oauth import find_person

    p = find_person(session, email)
    if p is None:
        raise ApiError(404, "Unknown user.", [f"email: no Control Hub user '{email}' in any seeded POD."])
    return p
