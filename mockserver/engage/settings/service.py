"""The settings of an Engage tenant: Templates (Admin → Assets → Templates, the same set in Customer
Care → Settings → MANAGE → Template), Blocklist (MANAGE → Blocklist) and Working Hours (CONFIGURE →
Working Hours)."""

from __future__ import annotations

import re
from typing import Any, Callable
from zoneinfo import available_timezones

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from mockserver.core.clock import clock, iso_ms
from mockserver.core.ids import ids
from mockserver.engage.channels.service import widgets_using
from mockserver.engage.deps import Caller
from mockserver.engage.errors import bad, bad_many, conflict
from mockserver.engage.schemas import page_json
from mockserver.engage.settings.models import EngageBlockWord, EngageTemplate, EngageWorkingHours

TEMPLATE_CHANNELS = ("email", "chat", "messenger", "whatsapp", "sms")
# Decision: per-channel body limits of the channels' own messages (SMS: 10 concatenated segments;
# Messenger text 2000; WhatsApp text 4096).
BODY_LIMITS = {"email": 10000, "chat": 4096, "messenger": 2000, "whatsapp": 4096, "sms": 1600}
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")
ACTIONS = ("block", "mask")
_HHMM = re.compile(r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$")
_ZONES = available_timezones()
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


def _unique(session: Session, table: Any, caller: Caller, key_col: str, key: str, exclude: str | None, detail: str) -> None:
    q = select(table).where(table.org_id == caller.org_id, getattr(table, key_col) == key)
    other = session.exec(q).first()
    if other is not None and other.id != exclude:
        raise conflict(detail)


def _commit(session: Session, detail: str) -> None:
    try:
        session.commit()
    except IntegrityError:  # a concurrent writer won the race on the unique index
        session.rollback()
        raise conflict(detail) from None


def _search(items: list[Any], needle: str | None, fields: Callable[[Any], tuple[str, ...]]) -> list[Any]:
    n = (needle or "").strip().lower()
    return [x for x in items if not n or any(n in (f or "").lower() for f in fields(x))]


# --- templates ---------------------------------------------------------------------------------------
def placeholders(body: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(body)))


def template_json(t: EngageTemplate) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "channel": t.channel, "subject": t.subject, "body": t.body,
            "placeholders": placeholders(t.body), "description": t.description, "createdBy": t.created_by,
            "updatedBy": t.updated_by, "createdAt": iso_ms(t.created_ms), "updatedAt": iso_ms(t.updated_ms)}


def _template_rules(body: dict[str, Any]) -> dict[str, Any]:
    errors: list[str] = []
    name = body["name"].strip()
    if not name:
        errors.append("name: must not be blank")
    channel, text = body["channel"], body["body"]
    if not text.strip():
        errors.append("body: must not be blank")
    limit = BODY_LIMITS[channel]
    if len(text) > limit:
        errors.append(f"body: {len(text)} characters; a {channel} template holds at most {limit}")
    stripped = PLACEHOLDER.sub("", text)
    if "{{" in stripped or "}}" in stripped:
        errors.append("body: a placeholder is malformed; write {{name}} with a name of letters, digits, '_' or '.' "
                      "(e.g. {{customer.firstName}})")
    subject = body.get("subject")
    if subject is not None and channel != "email":
        errors.append(f"subject: only email templates have a subject (channel is {channel})")
    if errors:
        raise bad_many(errors)
    return {"name": name, "name_key": name.lower(), "channel": channel, "body": text,
            "subject": subject.strip() if subject else None, "description": (body.get("description") or "").strip()}


def list_templates(session: Session, caller: Caller, channel: str | None, search: str | None, page: int, size: int) -> dict[str, Any]:
    if channel and channel not in TEMPLATE_CHANNELS:
        raise bad("channel", f"'{channel}' is not a channel; one of: {', '.join(TEMPLATE_CHANNELS)}")
    rows = session.exec(select(EngageTemplate).where(EngageTemplate.org_id == caller.org_id)
                        .order_by(EngageTemplate.name_key)).all()
    rows = [r for r in rows if not channel or r.channel == channel]
    rows = _search(rows, search, lambda r: (r.name, r.body, r.description))
    return page_json([template_json(r) for r in rows], page, size)


def _save(session: Session, caller: Caller, model: Any, row: Any, v: dict[str, Any], key_field: str, detail: str,
          *, stamp: dict[str, Any] | None = None, on_create: dict[str, Any] | None = None) -> Any:
    """Creates (row None) or updates (a row the route's lookup read in this transaction) a tenant
    object whose name is unique: check, write, commit."""
    _unique(session, model, caller, key_field, v[key_field], row.id if row is not None else None, detail)
    now = clock.now_ms()
    if row is None:
        row = model(id=ids.uuid(), pod=caller.pod, org_id=caller.org_id, created_ms=now, updated_ms=now,
                    **(on_create or {}), **(stamp or {}), **v)
    else:
        for k, val in {**v, **(stamp or {})}.items():
            setattr(row, k, val)
        row.updated_ms = now
    session.add(row)
    _commit(session, detail)
    return row


def _delete(session: Session, row: Any) -> None:
    session.delete(row)
    session.commit()


def _template_detail(v: dict[str, Any]) -> str:
    return f"name: a template named '{v['name']}' already exists in this tenant (names are unique, ignoring case)"


def create_template(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    v = _template_rules(body)
    return template_json(_save(session, caller, EngageTemplate, None, v, "name_key", _template_detail(v),
                               stamp={"updated_by": caller.email}, on_create={"created_by": caller.email}))


def update_template(session: Session, caller: Caller, t: EngageTemplate, body: dict[str, Any]) -> dict[str, Any]:
    v = _template_rules(body)
    return template_json(_save(session, caller, EngageTemplate, t, v, "name_key", _template_detail(v),
                               stamp={"updated_by": caller.email}))


def delete_template(session: Session, caller: Caller, t: EngageTemplate) -> None:
    _delete(session, t)


# --- blocklist -----------------------------------------------------------------------------------------
def word_json(w: EngageBlockWord) -> dict[str, Any]:
    return {"id": w.id, "word": w.word, "action": w.action, "createdBy": w.created_by,
            "createdAt": iso_ms(w.created_ms), "updatedAt": iso_ms(w.updated_ms)}


def _word_rules(body: dict[str, Any]) -> dict[str, Any]:
    word = " ".join(body["word"].split())
    if not any(ch.isalnum() for ch in word):
        raise bad("word", "must contain at least one letter or digit")
    return {"word": word, "word_key": word.lower(), "action": body["action"]}


def list_words(session: Session, caller: Caller, action: str | None, search: str | None, page: int, size: int) -> dict[str, Any]:
    if action and action not in ACTIONS:
        raise bad("action", f"'{action}' is not an action; one of: {', '.join(ACTIONS)}")
    rows = session.exec(select(EngageBlockWord).where(EngageBlockWord.org_id == caller.org_id)
                        .order_by(EngageBlockWord.word_key)).all()
    rows = _search([r for r in rows if not action or r.action == action], search, lambda r: (r.word,))
    return page_json([word_json(r) for r in rows], page, size)


def _word_detail(v: dict[str, Any]) -> str:
    return f"word: '{v['word']}' is already in the blocklist (words are unique, ignoring case)"


def create_word(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    v = _word_rules(body)
    return word_json(_save(session, caller, EngageBlockWord, None, v, "word_key", _word_detail(v),
                           on_create={"created_by": caller.email}))


def update_word(session: Session, caller: Caller, w: EngageBlockWord, body: dict[str, Any]) -> dict[str, Any]:
    v = _word_rules(body)
    return word_json(_save(session, caller, EngageBlockWord, w, v, "word_key", _word_detail(v)))


def delete_word(session: Session, caller: Caller, w: EngageBlockWord) -> None:
    _delete(session, w)


# --- working hours ---------------------------------------------------------------------------------------
def hours_json(h: EngageWorkingHours) -> dict[str, Any]:
    return {"id": h.id, "name": h.name, "description": h.description, "timeZone": h.time_zone,
            "days": [dict(d) for d in h.days], "createdAt": iso_ms(h.created_ms), "updatedAt": iso_ms(h.updated_ms)}


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def validate_days(days: list[dict[str, Any]], errors: list[str]) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    out = []
    for i, d in enumerate(days):
        day = d["day"]
        if day in seen:
            errors.append(f"days[{i}].day: {day} is listed twice (also days[{seen[day]}]); put all its ranges in one entry")
        seen.setdefault(day, i)
        spans = []
        for j, r in enumerate(d["ranges"]):
            ok = True
            for f in ("start", "end"):
                if not _HHMM.match(r[f]) or (f == "start" and r[f] == "24:00"):
                    errors.append(f"days[{i}].ranges[{j}].{f}: '{r[f]}' must be HH:mm (00:00-23:59; end may be 24:00)")
                    ok = False
            if ok and _minutes(r["start"]) >= _minutes(r["end"]):
                errors.append(f"days[{i}].ranges[{j}]: end {r['end']} must be after start {r['start']}")
                ok = False
            if ok:
                spans.append((_minutes(r["start"]), _minutes(r["end"]), j))
        spans.sort()
        for (s1, e1, j1), (s2, e2, j2) in zip(spans, spans[1:]):
            if s2 < e1:
                errors.append(f"days[{i}].ranges[{j2}]: overlaps days[{i}].ranges[{j1}] on {day}")
        out.append({"day": day, "ranges": [{"start": r["start"], "end": r["end"]}
                                           for r in sorted(d["ranges"], key=lambda r: r["start"])]})
    return sorted(out, key=lambda d: DAYS.index(d["day"]))


def _hours_rules(body: dict[str, Any]) -> dict[str, Any]:
    errors: list[str] = []
    name = body["name"].strip()
    if not name:
        errors.append("name: must not be blank")
    if body["timeZone"] not in _ZONES:
        errors.append(f"timeZone: '{body['timeZone']}' is not a known IANA time zone (e.g. America/New_York)")
    days = validate_days(body["days"], errors)
    if errors:
        raise bad_many(errors)
    return {"name": name, "name_key": name.lower(), "time_zone": body["timeZone"], "days": days,
            "description": (body.get("description") or "").strip()}


def list_hours(session: Session, caller: Caller, search: str | None, page: int, size: int) -> dict[str, Any]:
    rows = session.exec(select(EngageWorkingHours).where(EngageWorkingHours.org_id == caller.org_id)
                        .order_by(EngageWorkingHours.name_key)).all()
    return page_json([hours_json(r) for r in _search(list(rows), search, lambda r: (r.name, r.description))], page, size)


def _hours_detail(v: dict[str, Any]) -> str:
    return f"name: working hours named '{v['name']}' already exist in this tenant (names are unique, ignoring case)"


def create_hours(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    v = _hours_rules(body)
    return hours_json(_save(session, caller, EngageWorkingHours, None, v, "name_key", _hours_detail(v)))


def update_hours(session: Session, caller: Caller, h: EngageWorkingHours, body: dict[str, Any]) -> dict[str, Any]:
    v = _hours_rules(body)
    return hours_json(_save(session, caller, EngageWorkingHours, h, v, "name_key", _hours_detail(v)))


def delete_hours(session: Session, caller: Caller, h: EngageWorkingHours) -> None:
    using = widgets_using(session, caller.org_id, h.id)
    if using:
        raise conflict(f"Working hours '{h.name}' are used by the web-chat widget of {', '.join(using)}; "
                       "change the widget's visibility first.")
    _delete(session, h)
