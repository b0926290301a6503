"""Who may open Control Hub → Contact Center → Settings (identity's rule for the page), and the
org's Contact Center settings row chained on it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.core.db import DbSession
from mockserver.identity.public import ContactCenterAdmin as Admin, ContactCenterFullAdmin as FullAdmin
from mockserver.wxcc.settings import service
from mockserver.wxcc.settings.models import ContactCenterSettings

async def _settings_read(admin: Admin, session: DbSession) -> ContactCenterSettings:
    return service.settings_row(session, admin.org_id)


async def _settings_write(admin: FullAdmin, session: DbSession) -> ContactCenterSettings:
    return service.settings_row(session, admin.org_id)


Settings = Annotated[ContactCenterSettings, Depends(_settings_read)]
SettingsToChange = Annotated[ContactCenterSettings, Depends(_settings_write)]
