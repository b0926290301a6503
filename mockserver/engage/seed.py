"""A POD's Engage side, from the ``engage:`` section of fixtures/pods.yaml (fixtures/README.md): an
unprovisioned tenant holding the plan, and the scenario steps behind the ``provisioned`` checkpoint."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel, select

from mockserver.core.clock import iso_ms
from mockserver.core.seeding import PodContext, Rows, Seeder, add_describer, registry
from mockserver.engage.channels.models import EngageAttachmentChannel, EngageChannelAsset
from mockserver.engage.channels.service import default_widget
from mockserver.engage.conversations.models import EngageConversation, EngageMessage, EngageParticipant
from mockserver.engage.models import EngageTenant
from mockserver.engage.service import plan_from_fixture, tenant_fields, tenant_rows
from mockserver.engage.settings.models import EngageBlockWord, EngageTemplate, EngageWorkingHours
from mockserver.engage.users.models import EngagePendingChange, EngageUser
from mockserver.engage.users.service import person_facts
from mockserver.identity.public import seeded_licence_codes, seeded_people

ALL_TABLES: list[type[SQLModel]] = [
    EngageTenant, EngageUser, EngagePendingChange, EngageChannelAsset, EngageAttachmentChannel,
    EngageTemplate, EngageBlockWord, EngageWorkingHours, EngageConversation, EngageParticipant, EngageMessage,
]


def rows(ctx: PodContext) -> Rows:
    org_name = (ctx.fixture.get("org") or {}).get("name", f"cl1pod{ctx.n}")
    out: Rows = {t: [] for t in ALL_TABLES}
    out[EngageTenant].append({
        "org_id": ctx.org_id, "pod": ctx.n, "name": org_name.lower(), "url": "", "provisioned": False,
        "provisioned_ms": None, "owner_person_id": None, "attachments_enabled": True, "attachments_updated_ms": None,
        "last_sync_ms": None, "last_sync_by": None, "plan": plan_from_fixture(ctx.fixture, org_name),
    })
    return out


def _person(ctx: PodContext, rows_: Rows, key: str) -> dict[str, Any]:
    for r in seeded_people(rows_):
        if r["attrs"].get("key") == key:
            return r
    raise ValueError(f"engage step: POD {ctx.n} has no fixture user '{key}'")


@registry.step("engage.provision")
def _provision(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: engage.provision, owner: admin}``: what DigitalChannelsProvisioned leaves — the tenant
    with every contact-center licensed user (as the identity rows stand after earlier steps)."""
    t = rows_[EngageTenant][0]
    now = int(ctx.fixture["_created_ms"])
    owner = _person(ctx, rows_, step.get("owner", "admin"))
    codes = seeded_licence_codes(rows_)
    people = [person_facts(p, codes) for p in seeded_people(rows_)]
    t.update(tenant_fields(t["plan"], owner["id"], now))
    for table, trows in tenant_rows(ctx.n, ctx.org_id, t["plan"], people, now).items():
        rows_.setdefault(table, []).extend(trows)


@registry.step("engage.add_channel_asset")
def _add_asset(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: engage.add_channel_asset, id: <asset id>, name, channel, address, service}``: an asset
    whose AssetRegistered reached Engage (for checkpoints after Register to Webex CC)."""
    from mockserver.core.ids import derived_uuid

    now = int(ctx.fixture["_created_ms"])
    rows_.setdefault(EngageChannelAsset, []).append({
        "id": step.get("id") or derived_uuid("engage", ctx.n, "asset", step["name"]), "pod": ctx.n, "org_id": ctx.org_id,
        "name": step["name"], "channel": step["channel"], "address": str(step.get("address", "")),
        "service": step.get("service"), "registered_ms": now, "updated_ms": now,
        "widget": default_widget(step["name"]) if step["channel"] == "chat" else {},
    })


def describe(session: Any, ctx: PodContext) -> dict[str, Any]:
    t = session.get(EngageTenant, ctx.org_id)
    if t is None:
        return {}
    n_users = len(session.exec(select(EngageUser.id).where(EngageUser.org_id == ctx.org_id)).all()) if t.provisioned else 0
    return {"engage": {"tenant": t.name, "provisioned": t.provisioned, "apiBase": f"/engage/{t.name}",
                       "provisionedAt": iso_ms(t.provisioned_ms) if t.provisioned_ms else None, "users": n_users}}


def register() -> None:
    registry.add(Seeder(name="engage", tables=list(ALL_TABLES), rows=rows))
    add_describer(describe)
