"""A POD's Contact Center settings from its fixture: the RONA timeouts of the ``connect:`` section
(``rona``, fixtures/README.md), and the scenario step that changes them."""

from __future__ import annotations

from typing import Any

from mockserver.core.seeding import PodContext, Rows, Seeder, registry
from mockserver.wxcc.settings.models import TABLES, ContactCenterSettings

DEFAULT_RONA = {"telephony": 18, "chat": 30, "email": 30, "social": 30}


def rows(ctx: PodContext) -> Rows:
    f = ctx.fixture.get("connect") or {}
    return {ContactCenterSettings: [{"org_id": ctx.org_id, "pod": ctx.n, "rona": {**DEFAULT_RONA, **(f.get("rona") or {})},
                                     "users_synced_ms": None}]}


@registry.step("connect.set_rona")
def _set_rona(ctx: PodContext, rows_: Rows, step: dict[str, Any]) -> None:
    """``{do: connect.set_rona, telephony: 18, chat: 60, email: 90, social: 60}`` (lab 12.5 step 4; the
    step keeps the name scenarios have always used)."""
    s = rows_[ContactCenterSettings][0]
    s["rona"] = {**s["rona"], **{k: int(step[k]) for k in DEFAULT_RONA if k in step}}


def register() -> None:
    registry.add(Seeder(name="wxcc-settings", tables=list(TABLES), rows=rows))
