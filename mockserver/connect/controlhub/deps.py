"""Who may open Control Hub → Contact Center → Settings (identity's rule for the page), and the
org's digital-channel settings row chained on it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.connect.controlhub import service
from mockserver.connect.controlhub.models import ConnectDigitalSettings
from mockserver.core.db import DbSession
from mockserver.identity.public import ContactCenterAdmin as Admin, ContactCenterFullAdmin as FullAdmin

async def _settings_read(admin: Admin, session: DbSession) -> ConnectDigitalSettings:
    return service.settings_row(session, admin.org_id)


async def _settings_write(admin: FullAdmin, session: DbSession) -> ConnectDigitalSettings:
    return service.settings_row(session, admin.org_id)


DigitalSettings = Annotated[ConnectDigitalSettings, Depends(_settings_read)]
DigitalSettingsToChange = Annotated[ConnectDigitalSettings, Depends(_settings_write)]
