"""Contact-center users follow Control Hub (events LicenceChanged and PersonChanged).

Who holds a contact-center licence is a WxCC user: a person who gets a Contact Center licence
(CJPPRM, CJPSTD) becomes a contact-center user with the profile of their fixture kind (contact
center not yet enabled, as a freshly licensed user appears in the Management Portal); losing every
contact-center licence makes the user inactive, and getting one back makes them active again.
First name, last name and email belong to Control Hub: an edit there shows in WxCC.
"""

from __future__ import annotations

from sqlmodel import select

from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.events import LicenceChanged, PersonChanged
from mockserver.core.seeding import registry
from mockserver.identity.public import person
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.seed import db_id, entity_id


def on_licence_changed(event: LicenceChanged) -> None:
    section = (registry.fixture(event.pod).get("wxcc") or {}).get("users") or {}
    cc_codes = set(section.get("licences") or ["CJPPRM", "CJPSTD"])
    licensed = bool(cc_codes & set(event.current))
    with db.session() as s:
        users = s.exec(select(WxccEntity).where(WxccEntity.org_id == event.org_id, WxccEntity.kind == "user")).all()
        user = next((u for u in users if u.data.get("ciUserId") == event.person_id), None)
        now = clock.now_ms()
        if user is not None:
            if bool(user.data.get("active")) != licensed:
                user.data = {**user.data, "active": licensed}
                user.version += 1
                user.updated_ms = now
                s.add(user)
                s.commit()
            return
        if not licensed:
            return
        who = person(s, event.person_id)
        if who is None:
            return
        kind = who.kind or "agent"
        profile = (section.get("profiles") or {}).get(kind) or (section.get("profiles") or {}).get("agent")
        key = who.key or who.id
        data = {
            "firstName": who.first_name or who.email, "lastName": who.last_name or who.email,
            "email": who.email, "ciUserId": who.id, "contactCenterEnabled": False, "active": True,
            "dbId": db_id(event.pod, key), **(section.get("settings") or {}),
        }
        if profile:
            data["userProfileId"] = entity_id(event.pod, "user-profile", profile)
        s.add(WxccEntity(id=entity_id(event.pod, "user", key), pod=event.pod, org_id=event.org_id, kind="user",
                         name="", unique_key=None, version=0, system_default=False, created_ms=now,
                         updated_ms=now, data=data))
        s.commit()


def on_person_changed(event: PersonChanged) -> None:
    with db.session() as s:
        users = s.exec(select(WxccEntity).where(WxccEntity.org_id == event.org_id, WxccEntity.kind == "user")).all()
        user = next((u for u in users if u.data.get("ciUserId") == event.person_id), None)
        if user is None:
            return
        fields = {"email": event.email, "firstName": event.first_name or event.email,
                  "lastName": event.last_name or event.email}
        if all(user.data.get(k) == v for k, v in fields.items()):
            return
        user.data = {**user.data, **fields}
        user.version += 1
        user.updated_ms = clock.now_ms()
        s.add(user)
        s.commit()
