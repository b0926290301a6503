"""Settings → Tenant Settings (time zone, date format) and Usage (tenant-wide statistics)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.caller import Caller
from mockserver.connect.errors import bad
from mockserver.connect.services.models import ConnectService
from mockserver.connect.team.models import ConnectUser
from mockserver.connect.tenant import ConnectTenant
from mockserver.connect.tools.models import ConnectTemplate
from mockserver.core.clock import clock, iso_ms

DATE_FORMATS = ("DD/MM/YYYY", "MM/DD/YYYY", "YYYY/MM/DD", "DD-MM-YYYY", "MM-DD-YYYY", "YYYY-MM-DD", "DD MMM YYYY")


def settings_json(t: ConnectTenant) -> dict[str, Any]:
    return {"tenant": t.name, "url": t.public_url, "timeZone": t.time_zone, "dateFormat": t.date_format,
            "dateFormats": list(DATE_FORMATS), "createdAt": iso_ms(t.created_ms) if t.created_ms else None}


def update_settings(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("tenant.settings.write")
    t = caller.tenant
    tz = body.get("timeZone")
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise bad("timeZone", f"'{tz}' is not an IANA time zone (e.g. Europe/London, America/New_York)") from None
    df = body.get("dateFormat")
    if df is not None and df not in DATE_FORMATS:
        raise bad("dateFormat", f"must be one of {', '.join(DATE_FORMATS)}")
    if tz is not None:
        t.time_zone = tz
    if df is not None:
        t.date_format = df
    session.add(t)
    session.commit()
    return settings_json(t)


def usage(session: Session, caller: Caller) -> dict[str, Any]:
    from mockserver.connect.flows.models import ConnectFlow, ConnectFlowExecution

    caller.need("usage.read")
    tid = caller.tenant.id

    def count(model, *conds) -> int:  # noqa: ANN001
        return len(session.exec(select(model.id).where(model.tenant_id == tid, *conds)).all())

    services = session.exec(select(ConnectService).where(ConnectService.tenant_id == tid)).all()
    totals: dict[str, int] = {}
    for s in services:
        for ch, c in (s.stats.get("channels") or {}).items():
            for k, v in c.items():
                totals[k] = totals.get(k, 0) + int(v)
    return {
        "tenant": caller.tenant.name, "asOf": clock.iso(),
        "services": len(services), "apps": count(ConnectAsset, ConnectAsset.kind == "app"),
        "numbers": count(ConnectAsset, ConnectAsset.kind == "number"), "templates": count(ConnectTemplate),
        "teammates": count(ConnectUser), "flows": count(ConnectFlow), "flowExecutions": count(ConnectFlowExecution),
        "messages": {k: totals.get(k, 0) for k in ("inbound", "outbound", "submitted", "delivered", "read", "failed", "rejected")},
    }
