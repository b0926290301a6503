"""HTTP: Control Hub → Contact Center → Settings, the digital-channel tabs Connect serves — General
(service details) and Digital (provisioning, owner, activation email). Mounted with the rest of the
page in app set-up. Thin: the administrator and the settings row come in as dependencies."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from mockserver.connect.controlhub import schemas as m, service
from mockserver.connect.controlhub.deps import Admin, DigitalSettings, DigitalSettingsToChange
from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, error_responses, json_response
from mockserver.identity.public import IdentityError

PREFIX = "/controlhub/organizations/{orgId}/contactCenter"
TAGS = ["Control Hub: Contact Center settings"]
CH_ERR = error_responses(IdentityError, 400, 401, 403, 404)
CH_ERR_409 = error_responses(IdentityError, 400, 401, 403, 404, 409)

general = APIRouter(prefix=PREFIX, tags=TAGS, route_class=ValidatedFirst)
digital = APIRouter(prefix=PREFIX, tags=TAGS, route_class=ValidatedFirst)


@general.get("/general", summary="General: service details (Digital Channel) and Synchronize Users",
             responses={200: documented(m.ConnectCcGeneral), **CH_ERR})
async def ch_general(row: DigitalSettings, session: DbSession) -> Response:
    return json_response(service.general(session, row))


@digital.get("/digital", summary="Digital: provisioning status, tenant URL, owner",
             responses={200: documented(m.ConnectCcDigital), **CH_ERR})
async def ch_digital(row: DigitalSettings, session: DbSession) -> Response:
    return json_response(service.digital(session, row))


@digital.get("/digital/eligibleOwners", summary="Digital: administrators who can become the Connect tenant Owner",
             responses={200: documented(m.ConnectAdminList), **CH_ERR})
async def ch_owners(admin: Admin, row: DigitalSettings, session: DbSession) -> Response:
    return json_response(service.owners_json(session, admin.org_id))


@digital.post("/digital/provision", status_code=202, summary="Digital: Provision Digital Channels (about 5 minutes)",
              responses={202: documented(m.ConnectCcDigital, "Provisioning started."), **CH_ERR_409})
async def ch_provision(row: DigitalSettingsToChange, session: DbSession, body: m.ConnectProvisionRequest) -> Response:
    return json_response(service.provision(session, row, body.ownerId), status=202)


@digital.post("/digital/resendActivation", status_code=202, summary="Digital: re-send the owner's activation email",
              responses={202: documented(m.ConnectCcDigital, "Sent."), **CH_ERR_409})
async def ch_resend(row: DigitalSettingsToChange, session: DbSession) -> Response:
    return json_response(service.resend_activation(session, row), status=202)
