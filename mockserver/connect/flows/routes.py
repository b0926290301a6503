"""HTTP: a service's FLOWS tab and the flow designer (create / upload / copy, the Working Draft,
Save, Make Live, versions), the template catalog, the open format's JSON Schema, and Debug by
transaction id. Thin: the caller, service and flow come in as dependencies."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from fastapi import APIRouter, Body, File, Form, Path, Query, UploadFile
from fastapi.responses import Response

from mockserver.connect.caller import PortalCaller, TenantInPath
from mockserver.connect.errors import E, E409, not_found, responses
from mockserver.connect.flows import catalog, definition as fdef, engine, schemas as m, service
from mockserver.connect.flows.deps import FlowsToChange, FlowsToRead, FlowToChange, FlowToPublish, FlowToRead
from mockserver.connect.flows.models import ConnectFlowExecution
from mockserver.connect.schema_base import ConnectItemList
from mockserver.core.db import DbSession
from mockserver.core.errors import ApiError
from mockserver.core.http import ValidatedFirst, documented, json_response

router = APIRouter(prefix="/connect/{tenant}", route_class=ValidatedFirst)
T_FLOWS = ["Connect: Services → Flows"]
T_DEBUG = ["Connect: Debug"]
E423 = responses(400, 401, 403, 404, 409, 423)
FLOW = "/services/{serviceId}/flows/{flowId}"


@router.get("/flows/schema", tags=T_FLOWS, summary="The open flow-definition format's JSON Schema (docs/flows.md)",
            responses={200: {"description": "JSON Schema (draft 2020-12).", "content": {"application/schema+json": {"schema": {"type": "object"}}}},
                       **responses(400, 404)})
async def flow_schema(tenant: TenantInPath) -> Response:
    return Response(service_schema(), media_type="application/schema+json")


def service_schema() -> bytes:
    import json

    return json.dumps(fdef.schema(), indent=1).encode()


@router.get("/flows/templates", tags=T_FLOWS, summary="The template catalog: Cisco's published flows the sandbox recognises",
            responses={200: documented(m.TemplateList), **E})
async def templates(caller: PortalCaller) -> Response:
    caller.need("flows.read")
    items = catalog.catalog_json()
    return json_response({"items": items, "total": len(items)})


@router.get("/flows/templates/{key}", tags=T_FLOWS, summary="A template's open definition (what runs when its file is uploaded)",
            responses={200: documented(m.FlowDefinitionDoc), **E})
async def template_definition(caller: PortalCaller, key: Annotated[str, Path(max_length=60)],
                              download: Annotated[bool, Query()] = False) -> Response:
    caller.need("flows.read")
    t = catalog.BY_KEY.get(key)
    if t is None:
        raise not_found("Template", key)
    if not t.supported:
        raise ApiError(422, "Unsupported template.", [f"'{t.name}' (Apple Messages for Business) is not emulated by the sandbox."])
    headers = {"content-disposition": f'attachment; filename="{t.key}.flow.json"'} if download else None
    return json_response(catalog.definition(t), headers=headers)


@router.get("/services/{serviceId}/flows", tags=T_FLOWS, summary="FLOWS tab: the service's flows with their status",
            responses={200: documented(ConnectItemList), **E})
async def list_flows(caller: PortalCaller, svc: FlowsToRead, session: DbSession) -> Response:
    return json_response(service.list_flows(session, svc))


@router.post("/services/{serviceId}/flows", tags=T_FLOWS, status_code=201,
             summary="CREATE FLOW: New Flow (trigger), an open definition, a catalog template, or a copy",
             responses={201: documented(m.FlowOut, "Created (Working Draft)."), **E423})
async def create_flow(caller: PortalCaller, svc: FlowsToChange, session: DbSession, body: m.FlowCreate) -> Response:
    return json_response(service.create(session, caller, svc, body.model_dump()), status=201)


@router.post("/services/{serviceId}/flows/upload", tags=T_FLOWS, status_code=201,
             summary="CREATE FLOW → Upload a flow: a published .workflow (zipped or not) or an open definition (JSON)",
             responses={201: documented(m.FlowOut, "Created (Working Draft)."), **responses(400, 401, 403, 404, 409, 413, 422, 423)})
async def upload_flow(caller: PortalCaller, svc: FlowsToChange, session: DbSession,
                      name: Annotated[str, Form(max_length=100)], file: Annotated[UploadFile, File()]) -> Response:
    data = await file.read(catalog.MAX_UPLOAD + 1)
    return json_response(service.upload(session, caller, svc, name, file.filename or "upload", data), status=201)


@router.get(FLOW, tags=T_FLOWS, summary="A flow (status, versions, the Working Draft)", responses={200: documented(m.FlowOut), **E})
async def get_flow(caller: PortalCaller, f: FlowToRead) -> Response:
    return json_response(service.flow_json(f.flow, with_definition=True))


@router.delete(FLOW, tags=T_FLOWS, status_code=204, summary="Delete a flow", responses={204: {"description": "Deleted."}, **E423})
async def delete_flow(caller: PortalCaller, f: FlowToChange, session: DbSession) -> Response:
    service.delete(session, f.svc, f.flow)
    return Response(status_code=204)


@router.get(FLOW + "/definition", tags=T_FLOWS, summary="Download the definition (the Working Draft, or ?version=N)",
            responses={200: documented(m.FlowDefinitionDoc), **E})
async def get_definition(caller: PortalCaller, f: FlowToRead, session: DbSession,
                         version: Annotated[Optional[int], Query(ge=1, le=100_000)] = None) -> Response:
    return json_response(service.version_definition(session, f.flow, version),
                         headers={"content-disposition": f'attachment; filename="flow-{f.flow.id}.flow.json"'})


@router.put(FLOW + "/definition", tags=T_FLOWS, summary="Replace the Working Draft with an open definition",
            responses={200: documented(m.FlowOut), **E423})
async def put_definition(caller: PortalCaller, f: FlowToChange, session: DbSession,
                         body: Annotated[dict[str, Any], Body()]) -> Response:
    return json_response(service.replace_definition(session, f.svc, f.flow, body))


@router.patch(FLOW + "/nodes/{nodeId}", tags=T_FLOWS, summary="Edit a node: configuration (merged), name, transition actions, outcomes",
              responses={200: documented(m.FlowOut), **E423})
async def edit_node(caller: PortalCaller, f: FlowToChange, session: DbSession, nodeId: Annotated[int, Path(ge=1, le=99_999)],
                    body: m.NodeEdit) -> Response:
    return json_response(service.edit_node(session, f.svc, f.flow, nodeId, body.model_dump(exclude_none=True)))


@router.put(FLOW + "/trigger", tags=T_FLOWS, summary="The start node's event (Configure APP Event)",
            responses={200: documented(m.FlowOut), **E423})
async def put_trigger(caller: PortalCaller, f: FlowToChange, session: DbSession, body: m.TriggerEdit) -> Response:
    return json_response(service.set_trigger(session, f.svc, f.flow, body.trigger))


@router.patch(FLOW + "/customVariables", tags=T_FLOWS, summary="Settings → Custom Variables: default values",
              responses={200: documented(m.FlowOut), **E423})
async def patch_custom_variables(caller: PortalCaller, f: FlowToChange, session: DbSession, body: m.CustomVariablesEdit) -> Response:
    return json_response(service.set_custom_variables(session, f.svc, f.flow, body.variables))


@router.post(FLOW + "/save", tags=T_FLOWS, summary="SAVE: lists every missing or incorrect connection between nodes",
             responses={200: documented(m.FlowSaved), **E423})
async def save_flow(caller: PortalCaller, f: FlowToChange, session: DbSession) -> Response:
    return json_response(service.save(session, f.svc, f.flow))


@router.post(FLOW + "/makeLive", tags=T_FLOWS, status_code=202,
             summary="Make Live: the triggering apps, comments → Publishing (about 2 minutes) → Live",
             responses={202: documented(m.FlowOut, "Publishing."), **E423})
async def make_live(caller: PortalCaller, f: FlowToPublish, session: DbSession, body: m.MakeLive) -> Response:
    return json_response(service.make_live(session, caller, f.svc, f.flow, body.assetIds, body.comments), status=202)


@router.get(FLOW + "/versions", tags=T_FLOWS, summary="Versions made live", responses={200: documented(m.FlowVersionList), **E})
async def list_versions(caller: PortalCaller, f: FlowToRead, session: DbSession) -> Response:
    return json_response(service.versions(session, f.flow))


@router.post(FLOW + "/versions/{version}/makeLive", tags=T_FLOWS, status_code=202,
             summary="Make an earlier version live again (Publishing → Live)", responses={202: documented(m.FlowOut, "Publishing."), **E423})
async def make_version_live(caller: PortalCaller, f: FlowToPublish, session: DbSession,
                            version: Annotated[int, Path(ge=1, le=100_000)], body: m.MakeLive) -> Response:
    return json_response(service.make_live(session, caller, f.svc, f.flow, body.assetIds, body.comments, version=version), status=202)


@router.get(FLOW + "/executions", tags=T_FLOWS, summary="The flow's executions (newest first), without step logs",
            responses={200: documented(ConnectItemList), **E})
async def list_executions(caller: PortalCaller, f: FlowToRead, session: DbSession,
                          limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Response:
    from sqlmodel import select

    rows = session.exec(select(ConnectFlowExecution).where(ConnectFlowExecution.flow_id == f.flow.id)
                        .order_by(ConnectFlowExecution.started_ms.desc()).limit(limit)).all()  # type: ignore[union-attr]
    items = [engine.execution_json(x, steps=False) for x in rows]
    return json_response({"items": items, "total": len(items)})


@router.get("/debug/transactions/{transactionId}", tags=T_DEBUG, summary="Debug → Query by Transaction ID: a flow execution's step log",
            responses={200: documented(m.Execution), **E})
async def debug_transaction(caller: PortalCaller, session: DbSession, transactionId: Annotated[str, Path(max_length=100)]) -> Response:
    caller.need("flows.read")
    ex = session.get(ConnectFlowExecution, transactionId)
    if ex is None or ex.tenant_id != caller.tenant.id:
        raise not_found("Transaction", transactionId)
    return json_response(engine.execution_json(ex))


@router.get("/debug/logs", tags=T_DEBUG,
            summary="Debug → Query by Destination ID / Historical Log: messages by channel, direction, app and period",
            responses={200: documented(ConnectItemList), **E})
async def debug_logs(caller: PortalCaller, session: DbSession,
                     channel: Annotated[Optional[str], Query(max_length=20)] = None,
                     direction: Annotated[Optional[str], Query(pattern="^(inbound|outbound)$")] = None,
                     destination: Annotated[Optional[str], Query(max_length=320, description="The customer's address (Destination ID).")] = None,
                     appId: Annotated[Optional[str], Query(max_length=100)] = None,
                     start: Annotated[Optional[str], Query(alias="from", max_length=40, description="ISO 8601, inclusive.")] = None,
                     end: Annotated[Optional[str], Query(alias="to", max_length=40, description="ISO 8601, exclusive.")] = None,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:
    caller.need("logs.read")
    from mockserver.connect.flows import channels

    items = channels.log(session, caller.tenant.id, channel=channel, direction=direction, destination=destination, app_id=appId,
                         start=start, end=end, limit=limit)
    return json_response({"items": items, "total": len(items)})


T_TOOLS = ["Connect: Tools → Export Logs, Reports"]


@router.post("/tools/exportLogs", tags=T_TOOLS, status_code=202,
             summary="Export Logs: inbound or outbound, by app, channel event and period (a job: Queued → Ready for download)",
             responses={202: documented(m.ExportJob, "Queued."), **E})
async def export_logs(caller: PortalCaller, session: DbSession, body: m.ExportLogs) -> Response:
    from mockserver.connect.flows import reports

    return json_response(reports.start_export(session, caller, body.model_dump(by_alias=True)), status=202)


@router.get("/tools/exportLogs", tags=T_TOOLS, summary="Export jobs", responses={200: documented(ConnectItemList), **E})
async def export_jobs(caller: PortalCaller, session: DbSession) -> Response:
    from mockserver.connect.flows import reports

    return json_response(reports.list_jobs(session, caller))


@router.get("/tools/exportLogs/{jobId}", tags=T_TOOLS, summary="An export job", responses={200: documented(m.ExportJob), **E})
async def export_job(caller: PortalCaller, session: DbSession, jobId: Annotated[str, Path(max_length=100)]) -> Response:
    from mockserver.connect.flows import reports

    return json_response(reports.job_json(reports.get_job(session, caller, jobId)))


@router.get("/tools/exportLogs/{jobId}/download", tags=T_TOOLS, summary="Download the CSV (once Ready for download)",
            responses={200: {"description": "CSV.", "content": {"text/csv": {"schema": {"type": "string"}}}}, **E409})
async def export_download(caller: PortalCaller, session: DbSession, jobId: Annotated[str, Path(max_length=100)]) -> Response:
    from mockserver.connect.errors import conflict
    from mockserver.connect.flows import reports

    j = reports.get_job(session, caller, jobId)
    if j.status != "Ready for download":
        raise conflict(f"The export is {j.status}; download it once it is Ready for download.")
    return Response(j.csv, media_type="text/csv", headers={"content-disposition": f'attachment; filename="logs-{j.id}.csv"'})


@router.get("/reports", tags=T_TOOLS, summary="REPORTS: a service (channel or flow) and period → Submitted, Rejected, Delivered, Read, Failed",
            responses={200: documented(m.Report), **E})
async def reports_(caller: PortalCaller, session: DbSession, serviceId: Annotated[str, Query(max_length=100)],
                   channel: Annotated[Optional[str], Query(max_length=20)] = None,
                   flowId: Annotated[Optional[str], Query(max_length=40)] = None,
                   start: Annotated[Optional[str], Query(alias="from", max_length=40)] = None,
                   end: Annotated[Optional[str], Query(alias="to", max_length=40)] = None) -> Response:
    from mockserver.connect.flows import reports

    return json_response(reports.report(session, caller, service_id=serviceId, channel=channel, flow_id=flowId, start=start, end=end))
