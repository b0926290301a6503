"""What Connect's Webex CC Task nodes call (docs/runtime-contract.md): functions on the caller's
open ``Session`` and the raw org id; they raise ``TaskError(reason_code, message, status)`` and never
commit. Frames and timers they cause are written in the caller's transaction, and the events
(TaskClosed...) are published after the caller commits; routing happens in the same transaction,
so an offer exists only if the caller's commit does."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.wxcc.tasks import service
from mockserver.wxcc.tasks.errors import TaskError
from mockserver.wxcc.tasks.service import TaskView

__all__ = ["TaskError", "TaskView", "acknowledge", "close_task", "create_task", "get_task", "queue_exists",
           "queue_task"]


def create_task(session: Session, org_id: str, *, conversation_id: str, media_type: str, media_channel: str,
                origin: str, destination: str, customer_name: str | None = None, customer_id: str | None = None,
                task_id: str | None = None, variables: dict[str, Any] | None = None) -> TaskView:
    t = service.create(session, org_id, conversation_id=conversation_id, media_type=media_type,
                       media_channel=media_channel, origin=origin, destination=destination,
                       customer_name=customer_name, customer_id=customer_id, task_id=task_id, variables=variables)
    session.flush()
    return service.view(t)


def queue_task(session: Session, org_id: str, task_id: str, *, queue_id: str, priority: int = 10,
               skill_requirements: list[dict] | None = None) -> TaskView:
    return service.view(service.queue(session, org_id, task_id, queue_id=queue_id, priority=priority,
                                      skill_requirements=skill_requirements))


def close_task(session: Session, org_id: str, task_id: str, *, reason: str | None = None) -> TaskView:
    return service.view(service.close(session, org_id, task_id, reason=reason))


def acknowledge(session: Session, org_id: str, task_id: str, *, kind: str, accepted: bool = True,
                reason: str | None = None, reason_code: str | int | None = None) -> None:
    service.acknowledge(session, org_id, task_id, kind=kind, accepted=accepted, reason=reason, reason_code=reason_code)


def queue_exists(session: Session, org_id: str, queue_id: str) -> bool:
    from mockserver.wxcc.tasks.routing import queue_of

    return queue_of(session, org_id, queue_id) is not None


def get_task(session: Session, org_id: str, task_id: str) -> TaskView:
    """The task as it stands (an addition to the contract: flows and tests read status and owner)."""
    return service.view(service.get_task(session, org_id, task_id))
