"""A POD's Connect side, from the ``connect:`` section of fixtures/pods.yaml (fixtures/README.md):
Control Hub's digital-channel settings (not provisioned) and the scenario steps behind the
``provisioned`` / ``preconfigured`` checkpoints; and what GET /sandbox/pods/{n} shows under
``connect`` (with the Google client and Facebook account Connect signs in to, and the RONA
timeouts, read from their owners). The Google and Facebook sections and ``rona`` are seeded by
their owners: mockserver/providers and mockserver/wxcc/settings."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel

from mockserver.connect import provisioned_tenant as build
from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.controlhub.models import ConnectDigitalSettings
from mockserver.connect.flows.models import (ConnectConversationTask, ConnectExportJob, ConnectFlow, ConnectFlowBinding, ConnectFlowExecution,
                                             ConnectFlowVersion, ConnectMessage)
from mockserver.connect.integrations.models import ConnectIntegration, ConnectNodeAuth, ConnectOAuthRequest
from mockserver.connect.services.models import ConnectService
from mockserver.connect.services.service import empty_stats
from mockserver.connect.team.models import ConnectContainer, ConnectLink, ConnectSession, ConnectUser
from mockserver.connect.team.service import password_hash
from mockserver.connect.tenant import ConnectTenant
from mockserver.connect.tools.models import ConnectTemplate
from mockserver.core.clock import iso_ms
from mockserver.core.ids import derived_uuid
from mockserver.core.seeding import PodContext, Rows, Seeder, add_describer, registry
from mockserver.identity.public import seeded_people
from mockserver.providers import facebook, google
from mockserver.wxcc.settings import public as contact_center

ALL_TABLES: list[type[SQLModel]] = [
    ConnectDigitalSettings, ConnectTenant, ConnectUser, ConnectLink, ConnectSession, ConnectContainer,
    ConnectService, ConnectAsset, ConnectOAuthRequest, ConnectIntegration, ConnectNodeAuth, ConnectTemplate,
    ConnectFlow, ConnectFlowVersion, ConnectFlowBinding, ConnectFlowExecution, ConnectMessage, ConnectExportJob,
    ConnectConversationTask,
]


def _cfg(ctx: PodContext) -> dict[str, Any]:
    return ctx.fixture.get("connect") or {}


def rows(ctx: PodContext) -> Rows:
    f, n, org = _cfg(ctx), ctx.n, ctx.org_id
    org_name = (ctx.fixture.get("org") or {}).get("name", f"cl1pod{n}")
    node = f.get("nodeAuthorization") or {}
    plan = {
        "provisioningSeconds": int(f.get("provisioningSeconds", 300)),
        "linkValidHours": int(f.get("linkValidHours", 24)),
        "numbers": list((ctx.fixture.get("wxcc") or {}).get("assets", [])),  # one source: the wxcc section
        "integrations": {k: {"scopes": list(v)} for k, v in (node.get("scopes") or {}).items()},
        "nodeAuthorization": {"integration": node.get("integration", "lab")},
        "tenantSettings": dict(f.get("tenantSettings") or {}),
    }
    out: Rows = {t: [] for t in ALL_TABLES}
    out[ConnectDigitalSettings].append({
        "org_id": org, "pod": n, "digital_channel": f.get("digitalChannel", "IMI Digital"),
        "digital_status": "notProvisioned", "tenant_name": org_name,
        "tenant_url": str(f.get("tenantUrl", "{sandbox}/connect/{org}/")).replace("{org}", org_name),
        "owner_person_id": None, "requested_ms": None, "completed_ms": None,
        "service_details": dict(f.get("serviceDetails") or {}), "plan": plan,
    })
    return out


# --- scenario steps ------------------------------------------------------------------------------
def _settings(ctx: PodContext, rows_: Rows) -> dict[str, Any]:
    return rows_[ConnectDigitalSettings][0]


def _person(ctx: PodContext, rows_: Rows, key: str) -> dict[str, Any]:
    for r in seeded_people(rows_):
        if r["attrs"].get("key") == key:
            return r
    raise ValueError(f"connect step: POD {ctx.n} has no fixture user '{key}'")


def _one(rows_: Rows, table: type, pred) -> dict[str, Any]:  # noqa: ANN001
    for r in rows_.get(table, []):
        if pred(r):
            return r
    raise ValueError(f"connect step: no {table.__name__} row matches")


@registry.step("connect.set_digital_channel")
def _set_digital_channel(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: connect.set_digital_channel, value: "Webex Digital"}``: provisioning will be refused."""
    _settings(ctx, rows_)["digital_channel"] = str(step["value"])


@registry.step("connect.provision")
def _provision(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: connect.provision, owner: admin}``: what provisioning leaves, owner activation pending."""
    s = _settings(ctx, rows_)
    p = _person(ctx, rows_, step.get("owner", "admin"))
    now = int(ctx.fixture["_created_ms"])
    built = build.tenant_rows(n=ctx.n, org_id=ctx.org_id, name=s["tenant_name"], url=s["tenant_url"],
                              owner={"email": p["email"], "first_name": p["first_name"], "last_name": p["last_name"],
                                     "person_id": p["id"]},
                              numbers=s["plan"]["numbers"], integrations=s["plan"]["integrations"], now=now,
                              settings=s["plan"]["tenantSettings"])
    for table, trows in built.items():
        rows_.setdefault(table, []).extend(trows)
    s.update({"digital_status": "completed", "owner_person_id": p["id"], "requested_ms": now, "completed_ms": now})


@registry.step("connect.activate_owner")
def _activate_owner(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: connect.activate_owner}``: the owner clicked JOIN THE TEAM and set a local password (lab
    12.1). Without ``password`` it is the owner's Control Hub fixture password (shown by GET /sandbox/pods/N)."""
    u = _one(rows_, ConnectUser, lambda r: r["id"] == build.owner_id(ctx.n))
    password = step.get("password")
    if password is None:
        password = next(x["password"] for x in ctx.fixture.get("users", []) if x["email"].lower() == u["email"])
    u.update({"status": "Active", "activated_ms": int(ctx.fixture["_created_ms"]),
              "first_name": u["first_name"] or "Owner", "password_hash": password_hash(u["id"], str(password))})


@registry.step("connect.add_service")
def _add_service(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: connect.add_service, key: first, name: "My First Service", locked: false}``."""
    import base64
    import hashlib

    now = int(ctx.fixture["_created_ms"])
    h = hashlib.sha256(f"connect/{ctx.n}/service/{step['key']}".encode()).digest()
    rows_.setdefault(ConnectService, []).append({
        "id": "s_" + build.digits("service", ctx.n, step["key"], length=16), "pod": ctx.n, "org_id": ctx.org_id,
        "tenant_id": build.tenant_id(ctx.n), "name": step["name"], "name_key": step["name"].lower(),
        "description": step.get("description", ""), "service_key": derived_uuid("connect", ctx.n, "service-key", step["key"]),
        "service_secret": base64.b64encode(h).decode(), "locked": bool(step.get("locked", False)),
        "locked_by": build_owner_email(rows_, ctx) if step.get("locked") else None, "container_id": None,
        "created_by": build_owner_email(rows_, ctx), "created_ms": now, "updated_ms": now, "stats": empty_stats(),
    })


def build_owner_email(rows_: Rows, ctx: PodContext) -> str:
    return _one(rows_, ConnectUser, lambda r: r["id"] == build.owner_id(ctx.n))["email"]


@registry.step("connect.register_asset")
def _register_asset(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: connect.register_asset, asset: whatsapp, service: first}`` (asset = a wxcc.assets key)."""
    a = _one(rows_, ConnectAsset, lambda r: r["id"] == build.wxcc_asset_id(ctx.n, step["asset"]))
    svc = "s_" + build.digits("service", ctx.n, step["service"], length=16)
    _one(rows_, ConnectService, lambda r: r["id"] == svc)
    a.update({"registered_ms": int(ctx.fixture["_created_ms"]), "registered_service_id": svc,
              "registered_by": build_owner_email(rows_, ctx)})


@registry.step("connect.authorize")
def _authorize(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: connect.authorize, integration: task, name: "WxCC Authorisation", user: admin}``.

    Seeded authorizations hold no token yet: the first node that needs one mints it for that user
    (integrations/service.py: node_token), since issued Webex tokens are not part of a POD's seeded rows."""
    p = _person(ctx, rows_, step.get("user", "admin"))
    na = _one(rows_, ConnectNodeAuth, lambda r: r["id"] == derived_uuid("connect", ctx.n, "node-auth", step["integration"]))
    na.update({"name": step["name"], "status": "Authorized", "authorized_email": p["email"],
               "authorized_ms": int(ctx.fixture["_created_ms"])})


def describe(session: Any, ctx: PodContext) -> dict[str, Any]:
    s = session.get(ConnectDigitalSettings, ctx.org_id)
    if s is None:
        return {}
    f = _cfg(ctx)
    owner = session.get(ConnectUser, build.owner_id(ctx.n)) if s.digital_status == "completed" else None
    owner_password = None
    if owner is not None and owner.status == "Active":
        for u in ctx.fixture.get("users", []):
            if u["email"].lower() == owner.email and password_hash(owner.id, u["password"]) == owner.password_hash:
                owner_password = u["password"]
    return {"connect": {
        "tenantName": s.tenant_name, "tenantUrl": s.tenant_url, "state": s.digital_status,
        "digitalChannel": s.digital_channel, "apiBase": f"/connect/{s.tenant_name}",
        "provisionedAt": iso_ms(s.completed_ms) if s.completed_ms else None,
        "owner": None if owner is None else {"email": owner.email, "status": owner.status, "password": owner_password},
        "rona": contact_center.rona_timeouts(session, ctx.org_id),
        "google": google.clients_json(session, ctx.n),
        "nodeAuthorizationIntegration": (f.get("nodeAuthorization") or {}).get("integration", "lab"),
        "facebook": {"account": {k: v for k, v in ((f.get("facebook") or {}).get("account") or {}).items()},
                     "pages": facebook.pages(ctx.n, f.get("facebook") or {})},
    }}


def register() -> None:
    registry.add(Seeder(name="connect", tables=list(ALL_TABLES), rows=rows))
    add_describer(describe)
