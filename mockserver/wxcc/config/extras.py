"""The rules of the config operations beyond the resource pattern (see routes_extra.py)."""

from __future__ import annotations

from sqlmodel import Session

from mockserver.wxcc.config import engine
from mockserver.wxcc.config.deps import OrgCaller
from mockserver.wxcc.config.engine import Ctx
from mockserver.wxcc.config.errors import referenced
from mockserver.wxcc.config.resources import global_variables


def _ctx(session: Session, caller: OrgCaller) -> Ctx:
    return Ctx(session, caller.org_id, caller.pod)


def reportable_count(session: Session, caller: OrgCaller) -> dict[str, int]:
    ctx = _ctx(session, caller)
    return {"reportableCount": global_variables.reportable_count(ctx),
            "maxReportableCount": global_variables.MAX_REPORTABLE}


def _by_created(rows: list) -> list:
    return sorted(rows, key=lambda r: (r.created_ms, r.id))


def dialled_numbers(session: Session, caller: OrgCaller) -> list[str]:
    ctx = _ctx(session, caller)
    return [r.data["dialledNumber"] for r in _by_created(ctx.rows("dial-number")) if r.data.get("dialledNumber")]


def delete_all_dial_numbers(session: Session, caller: OrgCaller) -> None:
    """All or nothing: a mapping an outdial ANI entry names stops the whole delete (412)."""
    ctx = _ctx(session, caller)
    res = engine.REGISTRY["dial-number"]
    found: list = []
    for r in ctx.rows("dial-number"):
        found.extend(f for f in engine.incoming(ctx, res, r) if f not in found)
    if found:
        raise referenced("dial-number", "the mappings cannot be deleted while they are referenced",
                         engine._refs_for_error(found))
    for r in ctx.rows("dial-number"):
        session.delete(r)
    session.commit()


def contact_numbers(session: Session, caller: OrgCaller) -> list[str]:
    ctx = _ctx(session, caller)
    return [r.data["number"] for r in _by_created(ctx.rows("contact-number"))]
