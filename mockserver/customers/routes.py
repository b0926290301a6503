"""HTTP: /sandbox/customers — customers who write in, what they received, and the POD Gmail's
forwarding settings. Thin."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, error_responses, json_response
from mockserver.customers import schemas as m, service
from mockserver.sandbox.schemas import SandboxError

router = APIRouter(prefix="/sandbox/customers", tags=["Sandbox: customers"])
ERR = error_responses(SandboxError, 400, 404)
Mailbox = Annotated[str, Path(max_length=320, examples=["cl1webex1@gmail.com"])]


@router.post("/email", summary="A customer sends an email (to the POD's Gmail mailbox or the email app's forwarding address)",
             responses={200: documented(m.Delivery), **ERR})
async def email(session: DbSession, body: m.EmailIn) -> Response:
    return json_response(service.send_email(session, body.model_dump()))


@router.post("/messenger", summary="A customer writes on Messenger to the page (Page ID or App ID)",
             responses={200: documented(m.Delivery), **ERR})
async def messenger(session: DbSession, body: m.MessageIn) -> Response:
    return json_response(service.send_message(session, "messenger", body.model_dump()))


@router.post("/whatsapp", summary="A customer writes on WhatsApp to the business number", responses={200: documented(m.Delivery), **ERR})
async def whatsapp(session: DbSession, body: m.MessageIn) -> Response:
    return json_response(service.send_message(session, "whatsapp", body.model_dump()))


@router.post("/sms", summary="A customer texts the business number", responses={200: documented(m.Delivery), **ERR})
async def sms(session: DbSession, body: m.MessageIn) -> Response:
    return json_response(service.send_message(session, "sms", body.model_dump()))


@router.post("/livechat", summary="A website visitor writes in the live chat (or closes the thread)",
             responses={200: documented(m.Delivery), **ERR})
async def livechat(session: DbSession, body: m.LiveChatIn) -> Response:
    return json_response(service.send_livechat(session, body.model_dump()))


@router.get("/{channel}/{address}/received", summary="Everything this customer received on the channel (replies, statuses)",
            responses={200: documented(m.Received), **ERR})
async def received(session: DbSession, channel: Annotated[str, Path(max_length=20)], address: Annotated[str, Path(max_length=320)],
                   limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    return json_response(service.received(session, channel, address, limit))


@router.get("/gmail/{mailbox}/forwarding", summary="Gmail → Settings → Forwarding and POP/IMAP", responses={200: documented(m.Forwarding), **ERR})
async def forwarding(session: DbSession, mailbox: Mailbox) -> Response:
    return json_response(service.forwarding_json(session, service._mailbox(session, mailbox)))


@router.post("/gmail/{mailbox}/forwarding", summary="Add a forwarding address (Gmail mails it a confirmation code)",
             responses={200: documented(m.Forwarding), **ERR})
async def add_forwarding(session: DbSession, mailbox: Mailbox, body: m.ForwardingAdd) -> Response:
    return json_response(service.add_forwarding(session, mailbox, body.forwardingAddress))


@router.post("/gmail/{mailbox}/forwarding/verify", summary="Enter the confirmation code", responses={200: documented(m.Forwarding), **ERR})
async def verify_forwarding(session: DbSession, mailbox: Mailbox, body: m.ForwardingVerify) -> Response:
    return json_response(service.verify_forwarding(session, mailbox, body.forwardingAddress, body.code))


@router.put("/gmail/{mailbox}/forwarding/enabled", summary="\"Forward a copy of incoming mail to\" a verified address (null: off)",
            responses={200: documented(m.Forwarding), **ERR})
async def enable_forwarding(session: DbSession, mailbox: Mailbox,
                            forwardingAddress: Annotated[Optional[str], Body(embed=True, max_length=320)] = None) -> Response:
    return json_response(service.enable_forwarding(session, mailbox, forwardingAddress))
