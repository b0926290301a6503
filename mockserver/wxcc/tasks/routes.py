"""HTTP: ``/v1/tasks`` — create (201), search, PATCH and every action (202, the outcome as frames).
Thin: the caller comes in as a dependency, the service applies the rules."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from mockserver.core.db import DbSession
from mockserver.core.http import ValidatedFirst, documented, json_response
from mockserver.wxcc.agents.deps import ControlCaller, ReportCaller
from mockserver.wxcc.agents.errors import responses
from mockserver.wxcc.reporting import parse_channels, parse_int, parse_ms
from mockserver.wxcc.tasks import schemas as m, service

router = APIRouter(prefix="/v1/tasks", tags=["Tasks"], route_class=ValidatedFirst, default_response_class=Response)
TaskId = Path(max_length=64, description="The task (interaction) id.")
ACCEPTED = {202: {"description": "Accepted: the outcome arrives on the agent's websocket."}}


def _tid(request: Request) -> str | None:
    return getattr(request.state, "tracking_id", None)


def _accepted() -> Response:
    return Response(status_code=202)


@router.post("", status_code=201, summary="Create a task (outdial, callback or execute-flow)",
             responses={201: documented(m.CreateTaskResponse), **responses(400, 401, 403)})
async def create_task(request: Request, caller: ControlCaller, session: DbSession, body: m.CreateTaskRequest) -> Response:
    task_id = service.create_outbound(session, caller, body, _tid(request))
    return json_response({"meta": {"orgId": caller.org_id}, "data": {"id": task_id}}, status=201)


@router.get("", summary="Search tasks created in a time window (sorted by createdTime)",
            responses={200: documented(m.TaskApiResponse), **responses(400, 401, 403, report=True)})
async def search_tasks(request: Request, caller: ReportCaller, session: DbSession,
                       from_: str | None = Query(default=None, alias="from", description="Epoch ms (required)."),
                       to: str | None = Query(default=None, description="Epoch ms."),
                       channelTypes: str | None = Query(default=None, description="Comma list: email, chat, telephony, social."),
                       pageSize: str | None = Query(default=None, description="1-1000, default 100."),
                       orgId: str | None = Query(default=None)) -> Response:
    start = parse_ms("from", from_, required=True)
    end = parse_ms("to", to, required=False)
    size = parse_int("pageSize", pageSize, default=100, lo=1, hi=1000)
    rows = service.search(session, caller.org_id, from_ms=start, to_ms=end, channel_types=parse_channels(channelTypes),
                          page_size=size)
    return json_response({"meta": {"orgId": caller.org_id}, "data": rows})


@router.patch("/{taskId}", status_code=202, summary="Update a task's attributes (call-associated data)",
              responses={**ACCEPTED, **responses(400, 401, 403, 404)})
async def patch_task(request: Request, caller: ControlCaller, session: DbSession, body: m.PatchTaskRequest,
                     taskId: str = TaskId) -> Response:
    service.patch(session, caller, taskId, body.attributes, _tid(request))
    return _accepted()


def _action(path: str, summary: str, codes: tuple[int, ...] = (400, 401, 403, 404)):  # noqa: ANN202
    return router.post(path, status_code=202, summary=summary, responses={**ACCEPTED, **responses(*codes)})


@_action("/{taskId}/accept", "Accept the contact offered to the agent (AgentContactAssigned)")
async def accept(request: Request, caller: ControlCaller, session: DbSession, taskId: str = TaskId) -> Response:
    service.accept(session, caller, taskId, _tid(request))
    return _accepted()


@_action("/{taskId}/reject", "Reject the offered contact: it goes back to the queue, the agent to Idle")
async def reject(request: Request, caller: ControlCaller, session: DbSession, body: m.MediaResourceRequest,
                 taskId: str = TaskId) -> Response:
    service.reject(session, caller, taskId, body.mediaResourceId, _tid(request))
    return _accepted()


@_action("/{taskId}/end", "End the contact: the agent enters wrap-up (AgentWrapup)")
async def end(request: Request, caller: ControlCaller, session: DbSession, taskId: str = TaskId) -> Response:
    service.end(session, caller, taskId, _tid(request))
    return _accepted()


@_action("/{taskId}/wrapup", "Wrap up with a wrap-up code (AgentWrappedUp); the capacity is freed")
async def wrapup(request: Request, caller: ControlCaller, session: DbSession, body: m.WrapUpResourceRequest,
                 taskId: str = TaskId) -> Response:
    service.wrapup(session, caller, taskId, body.auxCodeId, body.wrapUpReason, _tid(request))
    return _accepted()


@_action("/{taskId}/hold", "Hold the contact (AgentContactHeld)")
async def hold(request: Request, caller: ControlCaller, session: DbSession, body: m.MediaResourceRequest,
               taskId: str = TaskId) -> Response:
    service.hold(session, caller, taskId, body.mediaResourceId, True, _tid(request))
    return _accepted()


@_action("/{taskId}/unhold", "Resume a held contact (AgentContactUnheld)")
async def unhold(request: Request, caller: ControlCaller, session: DbSession, body: m.MediaResourceRequest,
                 taskId: str = TaskId) -> Response:
    service.hold(session, caller, taskId, body.mediaResourceId, False, _tid(request))
    return _accepted()


@_action("/{taskId}/record/pause", "Pause the call recording (ContactRecordingPaused)")
async def record_pause(request: Request, caller: ControlCaller, session: DbSession, taskId: str = TaskId) -> Response:
    service.record(session, caller, taskId, False, _tid(request))
    return _accepted()


@_action("/{taskId}/record/resume", "Resume the call recording (ContactRecordingResumed)")
async def record_resume(request: Request, caller: ControlCaller, session: DbSession,
                        body: m.ResumeRecordingResourceRequest | None = None, taskId: str = TaskId) -> Response:
    service.record(session, caller, taskId, True, _tid(request))
    return _accepted()


@_action("/{taskId}/transfer", "Blind transfer to an agent or a queue (Task Modified)")
async def transfer(request: Request, caller: ControlCaller, session: DbSession, body: m.TransferResourceRequest,
                   taskId: str = TaskId) -> Response:
    service.transfer(session, caller, taskId, body.to, body.destinationType, _tid(request))
    return _accepted()


@_action("/{taskId}/consult", "Consult another agent or a queue (AgentConsultCreated / AgentOfferConsult)")
async def consult(request: Request, caller: ControlCaller, session: DbSession, body: m.ConsultResourceRequest,
                  taskId: str = TaskId) -> Response:
    service.consult(session, caller, taskId, body.to, body.destinationType, _tid(request))
    return _accepted()


@_action("/{taskId}/consult/accept", "The consulted agent accepts (AgentConsulting)")
async def consult_accept(request: Request, caller: ControlCaller, session: DbSession, taskId: str = TaskId) -> Response:
    service.consult_accept(session, caller, taskId, _tid(request))
    return _accepted()


@_action("/{taskId}/consult/end", "End the consult (AgentConsultEnded)")
async def consult_end(request: Request, caller: ControlCaller, session: DbSession,
                      body: m.EndConsultRequest | None = None, taskId: str = TaskId) -> Response:
    service.consult_end(session, caller, taskId, _tid(request))
    return _accepted()


@_action("/{taskId}/consult/conference", "Turn the consult into a conference (AgentConsultConferenced, Task Modified)")
async def consult_conference(request: Request, caller: ControlCaller, session: DbSession,
                             body: m.ConferenceResourceRequest, taskId: str = TaskId) -> Response:
    service.consult_conference(session, caller, taskId, _tid(request))
    return _accepted()


@_action("/{taskId}/consult/transfer", "Transfer to the consulted agent (AgentConsultTransferred, Task Modified)")
async def consult_transfer(request: Request, caller: ControlCaller, session: DbSession,
                           body: m.ConsultTransferResourceRequest, taskId: str = TaskId) -> Response:
    service.consult_transfer(session, caller, taskId, _tid(request))
    return _accepted()


@_action("/{taskId}/conference/exit", "Leave a conference (ParticipantLeftConference, Task Modified)")
async def conference_exit(request: Request, caller: ControlCaller, session: DbSession, taskId: str = TaskId) -> Response:
    service.conference_exit(session, caller, taskId, _tid(request))
    return _accepted()


@_action("/{taskId}/assign", "Assign a queued contact to the calling agent (AgentContactAssigned)")
async def assign(request: Request, caller: ControlCaller, session: DbSession, taskId: str = TaskId) -> Response:
    service.assign(session, caller, taskId, _tid(request))
    return _accepted()
