"""What the runtime reads of the WxCC configuration (same product, the config wing's table): the
contact-center user behind a token, teams, sites, multimedia profiles, aux codes, queues, skills.
Plain dicts in Cisco's wire names.

A contact reads the same few rows (its queue, twice; the wrap-up code) on every step, and the
configuration changes seldom: answers are kept in an AnswerCache stamped with ``wxcc_entity``'s
write generation, so any committed write to the table (here or, announced, in another worker)
drops them. A transaction that has itself written the table reads the rows, and its answer is not
kept: it could be rolled back."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from mockserver.core.cache import ALL, AnswerCache
from mockserver.wxcc.config.models import WxccEntity

_TABLE = WxccEntity.__tablename__
_entities = AnswerCache("wxcc.agents.config_view", tables=(_TABLE,), clock_sensitive=False, max_entries=4096)
_MISSING: dict[str, Any] = {}


def unwritten(session: Session, table: str) -> bool:
    """True when this session's transaction has neither flushed a write to ``table`` nor holds a
    pending change of one of its rows: what it reads is what is committed, and may be cached."""
    if session.in_transaction():
        written = session.connection().info.get("written") or ()
        if table in written or ALL in written:
            return False
    return not any(getattr(o, "__tablename__", None) == table for o in (*session.new, *session.dirty, *session.deleted))


def _read(session: Session, org_id: str, kind: str, id_: str) -> dict[str, Any]:
    row = session.get(WxccEntity, id_)
    if row is None or row.org_id != org_id or row.kind != kind:
        return _MISSING
    return {**row.data, "id": row.id, "name": row.data.get("name", row.name)}


def entity(session: Session, org_id: str, kind: str, id_: str | None) -> dict[str, Any] | None:
    if not id_ or not isinstance(id_, str):
        return None
    if unwritten(session, _TABLE):
        found = _entities.answer((org_id, kind, id_), lambda: _read(session, org_id, kind, id_))  # type: ignore[arg-type]
    else:
        found = _read(session, org_id, kind, id_)
    return dict(found) if found is not _MISSING else None  # a copy: the caller may change its dict


def cc_user(session: Session, org_id: str, ci_user_id: str) -> dict[str, Any] | None:
    for row in session.exec(select(WxccEntity).where(WxccEntity.org_id == org_id, WxccEntity.kind == "user")).all():
        if row.data.get("ciUserId") == ci_user_id:
            return {**row.data, "id": row.id}
    return None


def _rows(session: Session, org_id: str, kind: str) -> list[dict[str, Any]]:
    return [{**r.data, "id": r.id, "name": r.data.get("name", r.name)}
            for r in session.exec(select(WxccEntity).where(WxccEntity.org_id == org_id, WxccEntity.kind == kind)).all()]


def rows(session: Session, org_id: str, kind: str) -> list[dict[str, Any]]:
    if unwritten(session, _TABLE):
        found = _entities.answer(("rows", org_id, kind), lambda: _rows(session, org_id, kind))  # type: ignore[arg-type]
    else:
        found = _rows(session, org_id, kind)
    return [dict(r) for r in found]  # type: ignore[union-attr]


def multimedia_profile(session: Session, org_id: str, user: dict, team: dict | None, site: dict | None) -> dict[str, Any]:
    """The user's own profile wins, then the team's, then the site's (Control Hub's precedence);
    with none, one contact of each channel."""
    for mmp_id in (user.get("multimediaProfileId"), (team or {}).get("multiMediaProfileId"),
                   (site or {}).get("multimediaProfileId")):
        mmp = entity(session, org_id, "multimedia-profile", mmp_id)
        if mmp:
            return {"id": mmp["id"], "name": mmp.get("name", ""), "telephony": int(mmp.get("telephony") or 0),
                    "chat": int(mmp.get("chat") or 0), "email": int(mmp.get("email") or 0),
                    "social": int(mmp.get("social") or 0),
                    "blendingMode": mmp.get("blendingMode") if mmp.get("blendingModeEnabled", True) else "EXCLUSIVE"}
    return {"id": "", "name": "", "telephony": 1, "chat": 1, "email": 1, "social": 1, "blendingMode": "BLENDED"}


def skills(session: Session, org_id: str, user: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    prof = entity(session, org_id, "skill-profile", user.get("skillProfileId"))
    for s in (prof or {}).get("activeSkills") or []:
        value = s.get("proficiencyValue")
        if value is None:
            value = s.get("booleanValue") if s.get("textValue") is None else s.get("textValue")
        out[s["skillId"]] = value
    for ev in (prof or {}).get("activeEnumSkills") or []:
        out.setdefault("enum", []).append(ev.get("enumSkillValueId"))
    for d in user.get("dynamicSkills") or []:
        v = d.get("proficiencyValue")
        if v is None:
            v = d.get("booleanValue") if d.get("textValue") is None else d.get("textValue")
        out[d["skillId"]] = v
    return out


def aux_code(session: Session, org_id: str, id_: str) -> dict[str, Any] | None:
    return entity(session, org_id, "auxiliary-code", id_)


def default_aux_code(session: Session, org_id: str, work_type: str) -> dict[str, Any] | None:
    codes = [c for c in rows(session, org_id, "auxiliary-code") if c.get("workTypeCode") == work_type and c.get("active", True)]
    codes.sort(key=lambda c: (not c.get("defaultCode"), c.get("name", "")))
    return codes[0] if codes else None
