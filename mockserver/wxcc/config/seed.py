"""A POD's WxCC defaults, from the ``wxcc:`` section of fixtures/pods.yaml (documented in
fixtures/README.md): registered Connect assets, the tenant's default config entities and one
contact-center user per licensed Control Hub user.

Entity fields are written in Cisco's wire names; a string ``@<kind>:<key>`` stands for the id of
another seeded entity. Every entity is validated through its resource's DTO when the plan is built,
so a fixture mistake fails the seed, not a later request. Ids derive from the POD number and keys.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import ValidationError

from mockserver.core.ids import derived_uuid
from mockserver.core.seeding import PodContext, Rows, Seeder, registry
from mockserver.identity.public import person_uuid
from mockserver.wxcc.config import engine
from mockserver.wxcc.config.models import WxccAsset, WxccBlob, WxccEntity


def entity_id(n: int, kind: str, key: str) -> str:
    return derived_uuid("wxcc", n, kind, key)


def asset_id(n: int, key: str) -> str:
    return derived_uuid("wxcc", n, "asset", key)


def db_id(n: int, key: str) -> str:
    # Config "dbId"s look like Firestore ids (20 url-safe characters), not UUIDs (errata C5).
    return hashlib.sha256(f"wxcc/{n}/dbid/{key}".encode()).hexdigest()[:20]


def _resolve(value: Any, n: int) -> Any:
    if isinstance(value, str) and value.startswith("@") and ":" in value:
        kind, key = value[1:].split(":", 1)
        return entity_id(n, kind, key)
    if isinstance(value, list):
        return [_resolve(v, n) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, n) for k, v in value.items()}
    return value


def entity_row(ctx: PodContext, spec: dict[str, Any], created: int) -> dict[str, Any]:
    from mockserver.wxcc.config import resources  # noqa: F401 - fills the registry

    kind, key = spec["kind"], spec["key"]
    res = engine.REGISTRY.get(kind)
    if res is None:
        raise ValueError(f"fixtures wxcc.entities: unknown kind '{kind}'; known: {', '.join(engine.REGISTRY)}")
    fields = _resolve(spec.get("fields", {}), ctx.n)
    try:
        data = engine.dto_data(res.model.model_validate(fields))
    except ValidationError as e:
        raise ValueError(f"fixtures wxcc.entities {kind}:{key}: {e}") from None
    data.pop("userIds", None)
    for k in ("dbId",):
        if k in fields:
            data[k] = fields[k]
    return {
        "id": entity_id(ctx.n, kind, key), "pod": ctx.n, "org_id": ctx.org_id, "kind": kind,
        "name": str(data.get("name", "")), "unique_key": engine._unique_key(res, data), "version": 0,
        "system_default": bool(spec.get("systemDefault", False)), "created_ms": created, "updated_ms": created,
        "data": data,
    }


def rows(ctx: PodContext) -> Rows:
    f = ctx.fixture.get("wxcc") or {}
    created = int(ctx.fixture["_created_ms"])
    n = ctx.n
    out: Rows = {WxccEntity: [], WxccAsset: []}
    for a in f.get("assets", []):
        out[WxccAsset].append({
            "id": asset_id(n, a["key"]), "pod": n, "org_id": ctx.org_id, "name": a["name"], "channel": a["channel"],
            "address": str(a.get("address", "")), "service": a.get("service"), "registered_ms": created,
        })
    for spec in f.get("entities", []):
        out[WxccEntity].append(entity_row(ctx, spec, created))
    u = f.get("users") or {}
    licensed = set(u.get("licences", []))
    for person in ctx.fixture.get("users", []):
        if licensed and not licensed & set(person.get("licenses", [])):
            continue
        profile = (u.get("profiles") or {}).get(person.get("kind", "agent"))
        if profile is None:
            continue
        fields = {
            "firstName": person.get("firstName") or person["key"], "lastName": person.get("lastName") or person["key"],
            "email": person["email"].lower(), "ciUserId": person_uuid(n, person["key"]),
            "userProfileId": f"@user-profile:{profile}", "contactCenterEnabled": False, "active": True,
            "dbId": db_id(n, person["key"]), **(u.get("settings") or {}),
        }
        out[WxccEntity].append(entity_row(ctx, {"kind": "user", "key": person["key"], "fields": fields}, created))
    return out


def _row(ctx: PodContext, rows_: Rows, kind: str, key: str) -> dict[str, Any]:
    want = entity_id(ctx.n, kind, key)
    for r in rows_.get(WxccEntity, []):
        if r["id"] == want:
            return r
    raise ValueError(f"POD {ctx.n} has no seeded {kind} '{key}'")


@registry.step("wxcc.add_entities")
def _add_entities(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: wxcc.add_entities, entities: [{kind, key, fields}]}`` (e.g. a lab's MMP, site, teams)."""
    created = int(ctx.fixture["_created_ms"])
    for spec in step.get("entities", []):
        rows_.setdefault(WxccEntity, []).append(entity_row(ctx, spec, created))


@registry.step("wxcc.set_user")
def _set_user(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: wxcc.set_user, user: agent, fields: {contactCenterEnabled: true, siteId: "@site:lab"}}``."""
    row = _row(ctx, rows_, "user", step["user"])
    row["data"] = {**row["data"], **_resolve(step.get("fields", {}), ctx.n)}


def register() -> None:
    registry.add(Seeder(name="wxcc", tables=[WxccEntity, WxccAsset, WxccBlob], rows=rows))
