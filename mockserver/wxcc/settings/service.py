"""RONA timeouts (validation, per channel) and Synchronize Users (publishes UsersSyncRequested)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.core.cache import AnswerCache
from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.events import dispatcher
from mockserver.events import UsersSyncRequested
from mockserver.wxcc.agents.config_view import unwritten
from mockserver.wxcc.settings.models import ContactCenterSettings

RONA_RANGES = {"telephony": (1, 120), "chat": (1, 6000), "email": (1, 6000), "social": (1, 6000)}


def settings_row(session: Session, org_id: str) -> ContactCenterSettings:
    row = session.get(ContactCenterSettings, org_id)
    if row is None:
        raise ApiError(404, "Not found.", [f"orgId: organization {org_id} has no Contact Center service."])
    return row


def rona_json(row: ContactCenterSettings) -> dict[str, Any]:
    return {k: int(row.rona.get(k, 0)) for k in RONA_RANGES} | {
        "ranges": {k: {"min": lo, "max": hi} for k, (lo, hi) in RONA_RANGES.items()}}


def set_rona(session: Session, row: ContactCenterSettings, values: dict[str, int]) -> dict[str, Any]:
    errors = []
    for k, (lo, hi) in RONA_RANGES.items():
        v = values.get(k)
        if v is None:
            errors.append(f"{k}: is required (seconds, {lo}-{hi})")
        elif not lo <= v <= hi:
            errors.append(f"{k}: {v} is out of range; the {k} RONA timeout must be between {lo} and {hi} seconds")
    if errors:
        raise ApiError(400, f"Invalid parameter - {errors[0].split(':')[0]}", errors)
    row.rona = {k: int(values[k]) for k in RONA_RANGES}
    session.add(row)
    session.commit()
    return rona_json(row)


# Read on every offer; written by an admin now and then. Kept while ``wxcc_cc_settings`` is unwritten
# (committed writes of any worker drop it: core/cache.py); a transaction that wrote the table reads it.
_ronas = AnswerCache("wxcc.settings.rona", tables=(ContactCenterSettings.__tablename__,), clock_sensitive=False)


def rona_timeouts(session: Session, org_id: str) -> dict[str, int]:
    """The org's RONA timeouts in seconds per channel ({} when the org has no Contact Center)."""
    def read() -> dict[str, int]:
        row = session.get(ContactCenterSettings, org_id)
        return dict(row.rona) if row else {}

    if unwritten(session, ContactCenterSettings.__tablename__):
        return dict(_ronas.answer(org_id, read))  # type: ignore[arg-type]
    return read()


def synchronize_users(session: Session, row: ContactCenterSettings, requested_by: str | None) -> dict[str, Any]:
    """General → Synchronize Users: remembered, then told to whoever syncs users (Engage)."""
    row.users_synced_ms = clock.now_ms()
    session.add(row)
    session.commit()
    body = {"status": "requested", "requestedAt": iso_ms(row.users_synced_ms),
            "description": "Contact Center users are being synchronized with Webex Engage."}
    dispatcher.publish(UsersSyncRequested(pod=row.pod, org_id=row.org_id, requested_by=requested_by))
    return body


def users_sync_status(session: Session, org_id: str) -> dict[str, Any]:
    row = session.get(ContactCenterSettings, org_id)
    synced = row.users_synced_ms if row else None
    return {"lastRequestedAt": iso_ms(synced) if synced else None}
