"""The channels wing's routes: Admin → Assets → Channel Assets (and the web-chat widget), and
Admin → Settings → attachments."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import documented, json_response
from mockserver.engage.channels import schemas as m, service
from mockserver.engage.channels.deps import AttachmentChannel, OwnAsset
from mockserver.engage.deps import Page, Reader, Search, Size, Writer
from mockserver.engage.errors import E, E409

assets_router = APIRouter(prefix="/engage")
attachments_router = APIRouter(prefix="/engage")
T_ASSETS = ["Engage: Assets"]
T_SETTINGS = ["Engage: Settings"]


# --- channel assets ----------------------------------------------------------------------------------
@assets_router.get("/{tenant}/assets/channels", tags=T_ASSETS, summary="Channel Assets: Connect assets registered to Webex CC",
                   responses={200: documented(m.EngageChannelAssetList), **E})
async def list_assets(session: DbSession, caller: Reader,
                      channel: Annotated[Optional[str], Query(max_length=20, description="email | chat | sms | messenger | whatsapp | apple")] = None,
                      search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return json_response(service.list_assets(session, caller, channel, search, page, size))


@assets_router.get("/{tenant}/assets/channels/{assetId}", tags=T_ASSETS, summary="A channel asset (read-only)",
                   responses={200: documented(m.EngageChannelAssetOut), **E})
async def get_asset(caller: Reader, asset: OwnAsset) -> Response:
    return json_response(service.asset_json(asset))


@assets_router.get("/{tenant}/assets/channels/{assetId}/widget", tags=T_ASSETS,
                   summary="Web-chat widget of a Live Chat asset: Websites, appearance, pre-chat form, installation script, availability now",
                   responses={200: documented(m.EngageWidgetOut), **E409})
async def get_widget(session: DbSession, caller: Reader, asset: OwnAsset) -> Response:
    return json_response(service.widget_json(session, caller.tenant, asset))


@assets_router.put("/{tenant}/assets/channels/{assetId}/widget", tags=T_ASSETS,
                   summary="Web-chat widget of a Live Chat asset: Websites fields, visibility / working hours, offline message, appearance, pre-chat form",
                   responses={200: documented(m.EngageChannelAssetOut), **E409})
async def put_widget(session: DbSession, caller: Writer, asset: OwnAsset, body: m.EngageWidgetUpdate) -> Response:
    return json_response(service.set_widget(session, caller, asset, body.model_dump()))


# --- attachments -------------------------------------------------------------------------------------------
@attachments_router.get("/{tenant}/settings/attachments", tags=T_SETTINGS, summary="Attachments: global switch and every channel",
                        responses={200: documented(m.EngageAttachmentSettingsOut), **E})
async def get_attachments(session: DbSession, caller: Reader) -> Response:
    return json_response(service.attachment_settings(session, caller))


@attachments_router.put("/{tenant}/settings/attachments", tags=T_SETTINGS, summary="Attachments: the 'Enable Attachment' switch (Submit)",
                        responses={200: documented(m.EngageAttachmentSettingsOut), **E})
async def put_attachments(session: DbSession, caller: Writer, body: m.EngageAttachmentSwitch) -> Response:
    return json_response(service.set_attachments_enabled(session, caller, body.enabled))


@attachments_router.get("/{tenant}/settings/attachments/{channel}", tags=T_SETTINGS, summary="Attachments of one channel type",
                        responses={200: documented(m.EngageAttachmentChannelOut), **E})
async def get_attachment_channel(caller: Reader, channel: AttachmentChannel) -> Response:
    return json_response(service.channel_json(channel))


@attachments_router.put("/{tenant}/settings/attachments/{channel}", tags=T_SETTINGS,
                        summary="Attachments of one channel type (pencil icon → OK): size, number, supported file formats",
                        responses={200: documented(m.EngageAttachmentChannelOut), **E})
async def put_attachment_channel(session: DbSession, caller: Writer, channel: AttachmentChannel,
                                 body: m.EngageAttachmentChannelUpdate) -> Response:
    return json_response(service.set_attachment_channel(session, caller, channel, body.model_dump()))
