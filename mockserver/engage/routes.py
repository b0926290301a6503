"""HTTP surface of Webex Engage's admin and Customer Care portals (/engage/{tenant}/...), designed to
mirror the portal's objects one to one (Engage publishes no admin REST API for WxCC tenants).
Thin: authenticate (access.portal), call the service module, answer."""

from __future__ import annotations

from typing import Annotated, Any, Callable, Optional

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from mockserver.core.db import db
from mockserver.core.http import documented, json_response
from mockserver.engage import access, assets, attachments, manage, schemas as m, tenant as tenant_svc, users
from mockserver.engage.errors import responses

router = APIRouter(prefix="/engage")
T_PORTAL = ["Engage: cross-launch"]
T_USERS = ["Engage: Users"]
T_ASSETS = ["Engage: Assets"]
T_SETTINGS = ["Engage: Settings"]
T_CC = ["Engage: Customer Care portal"]

E = responses(400, 401, 403, 404)
E409 = responses(400, 401, 403, 404, 409)
Tenant = Annotated[str, Path(min_length=1, max_length=100, description="The tenant: the org name, cl1pod<N>.",
                             examples=["cl1pod1"])]
Id = Annotated[str, Path(min_length=1, max_length=100)]
Page = Annotated[int, Query(ge=1, le=100000, description="1-based page number.")]
Size = Annotated[int, Query(ge=1, le=100, description="Items per page (Engage pages by 10).")]
Search = Annotated[Optional[str], Query(max_length=200, description="Free text, case-insensitive.")]


def _run(request: Request, tenant: str | None, fn: Callable[..., Any], *args: Any, write: bool = False,
         status: int = 200) -> Response:
    with db.session() as s:
        caller = access.portal(s, request, tenant, write=write)
        out = fn(s, caller, *args)
    if status == 204:
        return Response(status_code=204)
    return json_response(out, status=status)


# --- cross-launch -----------------------------------------------------------------------------------
@router.get("", tags=T_PORTAL, summary="Management Portal → New Digital Channels: your org's Engage tenant",
            responses={200: documented(m.EngageTenantOut), **E})
async def launch(request: Request) -> Response:
    return _run(request, None, tenant_svc.tenant_json)


@router.get("/{tenant}", tags=T_PORTAL, summary="The Engage tenant, who is signed in and the two portals",
            responses={200: documented(m.EngageTenantOut), **E})
async def get_tenant(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, tenant_svc.tenant_json)


@router.get("/{tenant}/dashboard", tags=T_PORTAL, summary="Admin portal Dashboard: ongoing conversations and agents",
            responses={200: documented(m.EngageDashboardOut), **E})
async def dashboard(request: Request, tenant: Tenant,
                    agent: Annotated[Optional[list[str]], Query(max_length=100, description="Agent user ids; none = Select All.")] = None) -> Response:
    return _run(request, tenant, tenant_svc.dashboard, agent)


# --- users ------------------------------------------------------------------------------------------
@router.get("/{tenant}/users", tags=T_USERS, summary="Users: contact-center licensed Control Hub users, except you",
            responses={200: documented(m.EngageUserList), **E})
async def list_users(request: Request, tenant: Tenant,
                     roleType: Annotated[Optional[str], Query(max_length=40, description="Administrative | Customer Care")] = None,
                     status: Annotated[Optional[str], Query(max_length=20, description="active | inactive")] = None,
                     search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return _run(request, tenant, lambda s, c: users.list_users(s, c, role_type=roleType, status=status, search=search,
                                                               page=page, size=size))


@router.get("/{tenant}/users/sync", tags=T_USERS,
            summary="Licence changes waiting for Control Hub's Synchronize Users, and the last synchronization",
            responses={200: documented(m.EngageUserSyncStatus), **E})
async def user_sync(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, users.sync_status)


@router.get("/{tenant}/users/{userId}", tags=T_USERS, summary="A user by id",
            responses={200: documented(m.EngageUserOut), **E})
async def get_user(request: Request, tenant: Tenant, userId: Id) -> Response:
    return _run(request, tenant, users.get_user, userId)


# --- channel assets ----------------------------------------------------------------------------------
@router.get("/{tenant}/assets/channels", tags=T_ASSETS, summary="Channel Assets: Connect assets registered to Webex CC",
            responses={200: documented(m.EngageChannelAssetList), **E})
async def list_assets(request: Request, tenant: Tenant,
                      channel: Annotated[Optional[str], Query(max_length=20, description="email | chat | sms | messenger | whatsapp | apple")] = None,
                      search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return _run(request, tenant, assets.list_assets, channel, search, page, size)


@router.get("/{tenant}/assets/channels/{assetId}", tags=T_ASSETS, summary="A channel asset (read-only)",
            responses={200: documented(m.EngageChannelAssetOut), **E})
async def get_asset(request: Request, tenant: Tenant, assetId: Id) -> Response:
    return _run(request, tenant, assets.get_asset, assetId)


@router.put("/{tenant}/assets/channels/{assetId}/widget", tags=T_ASSETS,
            summary="Web-chat widget of a Live Chat asset: website domain, visibility, appearance",
            responses={200: documented(m.EngageChannelAssetOut), **E409})
async def put_widget(request: Request, tenant: Tenant, assetId: Id, body: m.EngageWidgetUpdate) -> Response:
    return _run(request, tenant, assets.set_widget, assetId, body.model_dump(), write=True)


# --- templates (admin view and Customer Care view: one set) --------------------------------------------
def _template_routes(prefix: str, tags: list[str], view: str) -> None:
    @router.get(f"/{{tenant}}{prefix}", tags=tags, summary=f"Templates ({view}): list",
                responses={200: documented(m.EngageTemplateList), **E}, operation_id=f"engage_templates_list_{view}")
    async def list_(request: Request, tenant: Tenant,
                    channel: Annotated[Optional[str], Query(max_length=20, description="email | chat | messenger | whatsapp | sms")] = None,
                    search: Search = None, page: Page = 1, size: Size = 10) -> Response:
        return _run(request, tenant, manage.list_templates, channel, search, page, size)

    @router.post(f"/{{tenant}}{prefix}", tags=tags, status_code=201, summary=f"Templates ({view}): create",
                 responses={201: documented(m.EngageTemplateOut, "Created."), **E409}, operation_id=f"engage_templates_create_{view}")
    async def create(request: Request, tenant: Tenant, body: m.EngageTemplateIn) -> Response:
        return _run(request, tenant, manage.create_template, body.model_dump(), write=True, status=201)

    @router.get(f"/{{tenant}}{prefix}/{{templateId}}", tags=tags, summary=f"Templates ({view}): one",
                responses={200: documented(m.EngageTemplateOut), **E}, operation_id=f"engage_templates_get_{view}")
    async def get(request: Request, tenant: Tenant, templateId: Id) -> Response:
        return _run(request, tenant, manage.get_template, templateId)

    @router.put(f"/{{tenant}}{prefix}/{{templateId}}", tags=tags, summary=f"Templates ({view}): edit",
                responses={200: documented(m.EngageTemplateOut), **E409}, operation_id=f"engage_templates_put_{view}")
    async def put(request: Request, tenant: Tenant, templateId: Id, body: m.EngageTemplateIn) -> Response:
        return _run(request, tenant, manage.update_template, templateId, body.model_dump(), write=True)

    @router.delete(f"/{{tenant}}{prefix}/{{templateId}}", tags=tags, status_code=204, summary=f"Templates ({view}): delete",
                   responses={204: {"description": "Deleted."}, **E}, operation_id=f"engage_templates_delete_{view}")
    async def delete(request: Request, tenant: Tenant, templateId: Id) -> Response:
        return _run(request, tenant, manage.delete_template, templateId, write=True, status=204)


_template_routes("/assets/templates", T_ASSETS, "admin")


# --- attachments -------------------------------------------------------------------------------------------
@router.get("/{tenant}/settings/attachments", tags=T_SETTINGS, summary="Attachments: global switch and every channel",
            responses={200: documented(m.EngageAttachmentSettingsOut), **E})
async def get_attachments(request: Request, tenant: Tenant) -> Response:
    return _run(request, tenant, attachments.settings_json)


@router.put("/{tenant}/settings/attachments", tags=T_SETTINGS, summary="Attachments: the 'Enable Attachment' switch (Submit)",
            responses={200: documented(m.EngageAttachmentSettingsOut), **E})
async def put_attachments(request: Request, tenant: Tenant, body: m.EngageAttachmentSwitch) -> Response:
    return _run(request, tenant, attachments.set_enabled, body.enabled, write=True)


@router.get("/{tenant}/settings/attachments/{channel}", tags=T_SETTINGS, summary="Attachments of one channel type",
            responses={200: documented(m.EngageAttachmentChannelOut), **E})
async def get_attachment_channel(request: Request, tenant: Tenant,
                                 channel: Annotated[str, Path(max_length=20, description="email | chat | messenger | whatsapp | sms")]) -> Response:
    return _run(request, tenant, attachments.get_channel, channel)


@router.put("/{tenant}/settings/attachments/{channel}", tags=T_SETTINGS,
            summary="Attachments of one channel type (pencil icon → OK): size, number, supported file formats",
            responses={200: documented(m.EngageAttachmentChannelOut), **E})
async def put_attachment_channel(request: Request, tenant: Tenant,
                                 channel: Annotated[str, Path(max_length=20, description="email | chat | messenger | whatsapp | sms")],
                                 body: m.EngageAttachmentChannelUpdate) -> Response:
    return _run(request, tenant, attachments.set_channel, channel, body.model_dump(), write=True)


# --- Customer Care portal ------------------------------------------------------------------------------------
@router.get("/{tenant}/customer-care/dashboard", tags=T_CC, summary="Customer Care Dashboard: ongoing conversations and agents",
            responses={200: documented(m.EngageDashboardOut), **E})
async def cc_dashboard(request: Request, tenant: Tenant,
                       agent: Annotated[Optional[list[str]], Query(max_length=100, description="Agent user ids; none = all.")] = None) -> Response:
    return _run(request, tenant, tenant_svc.dashboard, agent)


_template_routes("/customer-care/templates", T_CC, "customer_care")


@router.get("/{tenant}/customer-care/blocklist", tags=T_CC, summary="Blocklist: words blocked or masked in conversations",
            responses={200: documented(m.EngageBlockWordList), **E})
async def list_words(request: Request, tenant: Tenant,
                     action: Annotated[Optional[str], Query(max_length=10, description="block | mask")] = None,
                     search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return _run(request, tenant, manage.list_words, action, search, page, size)


@router.post("/{tenant}/customer-care/blocklist", tags=T_CC, status_code=201, summary="Blocklist: add a word",
             responses={201: documented(m.EngageBlockWordOut, "Created."), **E409})
async def create_word(request: Request, tenant: Tenant, body: m.EngageBlockWordIn) -> Response:
    return _run(request, tenant, manage.create_word, body.model_dump(), write=True, status=201)


@router.get("/{tenant}/customer-care/blocklist/{wordId}", tags=T_CC, summary="Blocklist: one word",
            responses={200: documented(m.EngageBlockWordOut), **E})
async def get_word(request: Request, tenant: Tenant, wordId: Id) -> Response:
    return _run(request, tenant, manage.get_word, wordId)


@router.put("/{tenant}/customer-care/blocklist/{wordId}", tags=T_CC, summary="Blocklist: edit a word",
            responses={200: documented(m.EngageBlockWordOut), **E409})
async def put_word(request: Request, tenant: Tenant, wordId: Id, body: m.EngageBlockWordIn) -> Response:
    return _run(request, tenant, manage.update_word, wordId, body.model_dump(), write=True)


@router.delete("/{tenant}/customer-care/blocklist/{wordId}", tags=T_CC, status_code=204, summary="Blocklist: remove a word",
               responses={204: {"description": "Deleted."}, **E})
async def delete_word(request: Request, tenant: Tenant, wordId: Id) -> Response:
    return _run(request, tenant, manage.delete_word, wordId, write=True, status=204)


@router.get("/{tenant}/customer-care/working-hours", tags=T_CC, summary="Working Hours: named operating hours",
            responses={200: documented(m.EngageWorkingHoursList), **E})
async def list_hours(request: Request, tenant: Tenant, search: Search = None, page: Page = 1, size: Size = 10) -> Response:
    return _run(request, tenant, manage.list_hours, search, page, size)


@router.post("/{tenant}/customer-care/working-hours", tags=T_CC, status_code=201, summary="Working Hours: create",
             responses={201: documented(m.EngageWorkingHoursOut, "Created."), **E409})
async def create_hours(request: Request, tenant: Tenant, body: m.EngageWorkingHoursIn) -> Response:
    return _run(request, tenant, manage.create_hours, body.model_dump(), write=True, status=201)


@router.get("/{tenant}/customer-care/working-hours/{hoursId}", tags=T_CC, summary="Working Hours: one",
            responses={200: documented(m.EngageWorkingHoursOut), **E})
async def get_hours(request: Request, tenant: Tenant, hoursId: Id) -> Response:
    return _run(request, tenant, manage.get_hours, hoursId)


@router.put("/{tenant}/customer-care/working-hours/{hoursId}", tags=T_CC, summary="Working Hours: edit",
            responses={200: documented(m.EngageWorkingHoursOut), **E409})
async def put_hours(request: Request, tenant: Tenant, hoursId: Id, body: m.EngageWorkingHoursIn) -> Response:
    return _run(request, tenant, manage.update_hours, hoursId, body.model_dump(), write=True)


@router.delete("/{tenant}/customer-care/working-hours/{hoursId}", tags=T_CC, status_code=204,
               summary="Working Hours: delete (not while a chat widget uses them)",
               responses={204: {"description": "Deleted."}, **E409})
async def delete_hours(request: Request, tenant: Tenant, hoursId: Id) -> Response:
    return _run(request, tenant, manage.delete_hours, hoursId, write=True, status=204)
