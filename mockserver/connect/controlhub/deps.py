"""Who may open Control Hub → Contact Center → Settings (the digital-channel tabs), and the org's
digital settings row.

Checks, in Control Hub's order: an administrator, a Full Administrator for changes, a scope
(reads: cjp:config_read, cjp:config or spark-admin:organizations_read; changes: cjp:config_write or
cjp:config), then the org in the path (raw UUID or encoded Webex id) is the token's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from mockserver.connect.controlhub import service
from mockserver.connect.controlhub.models import ConnectDigitalSettings
from mockserver.core.http import DbSession
from mockserver.identity.public import Gate, Principal, org_uuid

CH_READ = ("cjp:config_read", "cjp:config", "spark-admin:organizations_read")
CH_WRITE = ("cjp:config_write", "cjp:config")
_ORDER = ("role", "scope", "org")
_ADMIN = "Contact Center settings are for Control Hub administrators."
_ORG = "orgId: the access token is not valid for organization {org}."
_READ = Gate(scopes=CH_READ, role="admin", role_message=_ADMIN, org_message=_ORG, order=_ORDER)
_WRITE = Gate(scopes=CH_WRITE, role="full_admin", role_message=_ADMIN, org_message=_ORG, order=_ORDER,
              full_admin_message="Changing Contact Center settings needs a Full Administrator.")

OrgId = Annotated[str, Path(max_length=200, description="Organization id: raw UUID or encoded Webex id.")]


async def _reader(request: Request, orgId: OrgId) -> Principal:
    return _READ.check(request, org_uuid(orgId), shown_org=orgId)


async def _writer(request: Request, orgId: OrgId) -> Principal:
    return _WRITE.check(request, org_uuid(orgId), shown_org=orgId)


Admin = Annotated[Principal, Depends(_reader)]
FullAdmin = Annotated[Principal, Depends(_writer)]


async def _settings_read(admin: Admin, session: DbSession) -> ConnectDigitalSettings:
    return service.settings_row(session, admin.org_id)


async def _settings_write(admin: FullAdmin, session: DbSession) -> ConnectDigitalSettings:
    return service.settings_row(session, admin.org_id)


DigitalSettings = Annotated[ConnectDigitalSettings, Depends(_settings_read)]
DigitalSettingsToChange = Annotated[ConnectDigitalSettings, Depends(_settings_write)]
