"""Part 2 of the console (issue 15): play the customer, play the agent, conversations, tasks and a
flow execution's step log. Pages under /sandbox/console/pods/{n}/customer, /agent,
/conversations and /tasks (templates ``templates/desk_*.html``, the script ``static/desk.js``),
and the JSON the pages re-read when the live stream says something happened.

Thin, like every wing's routes: the reads are in ``desk_views.py``. Nothing here changes state:
the customer writes through /sandbox/customers and the agent desktop drives the public APIs and
the notification websocket with the agent's own token, both from the browser.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from mockserver.console import desk_views as views
from mockserver.console.pages import BASE, render
from mockserver.core.db import db
from mockserver.core.errors import ApiError
from mockserver.core.http import json_response

router = APIRouter(prefix=BASE, include_in_schema=False)
PodNumber = Annotated[int, Path(ge=1, le=999, description="POD number")]
NO_STORE = {"Cache-Control": "no-store"}


def _seeded(session, n: int) -> None:  # noqa: ANN001
    from mockserver.sandbox.service import pods

    if not any(p.pod == n for p in pods.seeded(session)):
        raise ApiError(404, "No such POD.", [f"POD {n} is not seeded (GET /sandbox/pods lists the seeded PODs)."])


def _json(data: object) -> Response:
    return json_response(data, headers=NO_STORE)


# --- play the customer -------------------------------------------------------------------------------
@router.get("/pods/{n}/customer")
async def customer_page(request: Request, n: PodNumber) -> Response:
    with db.session() as session:
        _seeded(session, n)
        targets = views.customer_targets(session, n)
    return render(request, "desk_customer.html", title=f"POD {n} · Play the customer", pod=n, section="customer",
                  targets=targets)


@router.get("/pods/{n}/customer/thread")
async def customer_thread(n: PodNumber, channel: Annotated[str, Query(max_length=20)],
                          address: Annotated[str, Query(min_length=1, max_length=320)]) -> Response:
    if channel not in views.CHANNELS:
        raise ApiError(400, "Invalid channel.", [f"channel: one of {', '.join(views.CHANNELS)}"])
    with db.session() as session:
        _seeded(session, n)
        items = views.customer_thread(session, n, channel, address.strip())
    return _json({"items": items, "total": len(items)})


# --- play the agent ----------------------------------------------------------------------------------
@router.get("/pods/{n}/agent")
async def agent_page(request: Request, n: PodNumber) -> Response:
    with db.session() as session:
        _seeded(session, n)
        users = views.agent_users(session, n)
    return render(request, "desk_agent.html", title=f"POD {n} · Play the agent", pod=n, section="agent", users=users)


# --- conversations -----------------------------------------------------------------------------------
@router.get("/pods/{n}/conversations")
async def conversations_page(request: Request, n: PodNumber) -> Response:
    with db.session() as session:
        _seeded(session, n)
        items = views.conversations(session, n)
    return render(request, "desk_conversations.html", title=f"POD {n} · Conversations", pod=n, section="conversations",
                  conversations=items)


@router.get("/pods/{n}/conversations.json")
async def conversations_json(n: PodNumber, selected: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    """The list, and the selected conversation's messages (the newest's when none or an unknown one is asked for)."""
    with db.session() as session:
        _seeded(session, n)
        items = views.conversations(session, n, selected)
    return _json({"items": items, "total": len(items)})


# --- tasks and flow executions -----------------------------------------------------------------------
@router.get("/pods/{n}/tasks")
async def tasks_page(request: Request, n: PodNumber) -> Response:
    with db.session() as session:
        _seeded(session, n)
        tasks, executions = views.tasks(session, n), views.executions(session, n)
    return render(request, "desk_tasks.html", title=f"POD {n} · Tasks", pod=n, section="tasks", tasks=tasks,
                  executions=executions)


@router.get("/pods/{n}/tasks.json")
async def tasks_json(n: PodNumber) -> Response:
    with db.session() as session:
        _seeded(session, n)
        return _json({"tasks": views.tasks(session, n), "executions": views.executions(session, n)})


@router.get("/pods/{n}/executions/{transactionId}")
async def execution_json(n: PodNumber, transactionId: Annotated[str, Path(max_length=100)]) -> Response:  # noqa: N803
    from mockserver.console import flowdraw

    with db.session() as session:
        _seeded(session, n)
        ex = views.execution(session, n, transactionId)
    if ex is None:
        raise ApiError(404, "No such flow execution.", [f"transaction '{transactionId}' is not a flow execution of POD {n}"])
    ex["drawing"] = str(flowdraw.draw(ex.pop("definition"), highlight=ex["executedNodeIds"],
                                      current=ex.get("waitingNode"))) if ex.get("definition") else None
    return _json(ex)
