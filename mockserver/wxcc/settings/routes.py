"""HTTP: Control Hub → Contact Center → Settings, the tabs the Contact Center owns — General →
Synchronize Users and Desktop → RONA timeouts. Thin: the caller and the settings row come in as
dependencies; the service answers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, error_responses, json_response
from mockserver.identity.public import IdentityError
from mockserver.wxcc.settings import schemas as m, service
from mockserver.wxcc.settings.deps import FullAdmin, Settings, SettingsToChange

PREFIX = "/controlhub/organizations/{orgId}/contactCenter"
TAGS = ["Control Hub: Contact Center settings"]
CH_ERR = error_responses(IdentityError, 400, 401, 403, 404)

synchronize = APIRouter(prefix=PREFIX, tags=TAGS, route_class=ValidatedFirst)
desktop = APIRouter(prefix=PREFIX, tags=TAGS, route_class=ValidatedFirst)


@synchronize.post("/general/synchronizeUsers", status_code=202, summary="General: Synchronize Users (with Webex Engage)",
                  responses={202: documented(m.ConnectSyncUsersOut, "Requested."), **CH_ERR})
async def ch_sync_users(admin: FullAdmin, row: SettingsToChange, session: DbSession) -> Response:
    return json_response(service.synchronize_users(session, row, admin.person_id), status=202)


@desktop.get("/desktop/ronaTimeouts", summary="Desktop: RONA timeouts per channel",
             responses={200: documented(m.ConnectRonaTimeoutsOut), **CH_ERR})
async def ch_rona(row: Settings) -> Response:
    return json_response(service.rona_json(row))


@desktop.put("/desktop/ronaTimeouts", summary="Desktop: set the RONA timeouts (telephony 1-120 s; chat/email/social 1-6000 s)",
             responses={200: documented(m.ConnectRonaTimeoutsOut), **CH_ERR})
async def ch_set_rona(row: SettingsToChange, session: DbSession, body: m.ConnectRonaTimeouts) -> Response:
    return json_response(service.set_rona(session, row, body.model_dump()))
