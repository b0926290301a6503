"""The console's pages (docs/console.md): thin, like every wing's routes; reads in service.py,
rendering in pages.py. Every route is out of the OpenAPI document (HTML for people, not an API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from mockserver.console import auth, live, service
from mockserver.console.desk import router as desk
from mockserver.console.pages import BASE, STATIC, render
from mockserver.core.errors import ApiError
from mockserver.core.ids import same_secret
from mockserver.core.runtime import runtime

router = APIRouter(prefix=BASE, include_in_schema=False)
PodNumber = Annotated[int, Path(ge=1, le=999, description="POD number")]

_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
          ".png": "image/png", ".ico": "image/x-icon"}


@router.get("")
@router.get("/")
async def index() -> Response:
    return RedirectResponse(f"{BASE}/pods", status_code=303)


# --- sign-in ---------------------------------------------------------------------------------------
class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=1, max_length=512)


@router.get("/signin")
async def signin_page(request: Request, next: str | None = None) -> Response:  # noqa: A002 - the query's name
    if not runtime.settings.admin_token:  # nothing to sign in to: the control plane is open
        return RedirectResponse(auth.safe_next(next), status_code=303)
    return render(request, "signin.html", title="Sign in", seeded=[], bare=True, next=auth.safe_next(next))


@router.post("/signin")
async def signin(request: Request, body: SignIn) -> Response:
    admin = runtime.settings.admin_token
    if not admin:
        return Response(status_code=204)
    if not same_secret(body.token, admin):
        raise ApiError(401, "Wrong admin token.", [
            "token: not this sandbox's admin token (MOCKSERVER_ADMIN_TOKEN, or the file `serve` printed when it started)."])
    resp = Response(status_code=204)
    resp.set_cookie(auth.COOKIE, auth.cookie_value(admin), path="/sandbox", httponly=True, samesite="strict",
                    secure=request.url.scheme == "https")
    return resp


@router.post("/signout")
async def signout() -> Response:
    resp = Response(status_code=204)
    resp.delete_cookie(auth.COOKIE, path="/sandbox", httponly=True, samesite="strict")
    return resp


# --- assets and the live stream ---------------------------------------------------------------------
@router.get("/static/{name}")
async def static_file(name: Annotated[str, Path(pattern=r"^[a-z0-9_-]+\.[a-z]+$")]) -> Response:
    path = STATIC / name
    ctype = _TYPES.get(path.suffix)
    if ctype is None or not path.is_file():
        raise ApiError(404, "Not found.", [f"No console asset '{name}'."])
    return Response(path.read_bytes(), media_type=ctype,
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})


@router.get("/live")
async def live_stream(
    request: Request,
    pod: Annotated[int | None, Query(ge=1, le=999)] = None,
    topics: Annotated[str | None, Query(max_length=1000)] = None,
    journal: bool = False,
    since: Annotated[int | None, Query(ge=0)] = None,
    limit: Annotated[int | None, Query(ge=1, le=10000)] = None,
) -> Response:
    last = request.headers.get("last-event-id")
    if since is None and last and last.isdigit():
        since = int(last)
    wanted = frozenset(t.strip() for t in topics.split(",") if t.strip()) if topics else None
    return StreamingResponse(
        live.messages(pod=pod, topics=wanted, with_journal=journal, since=since, limit=limit),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


# --- PODs ---------------------------------------------------------------------------------------------
@router.get("/pods")
async def pods_page(request: Request, page: Annotated[int, Query(ge=1, le=1000)] = 1) -> Response:
    data = service.pod_list(page)
    return render(request, "pods.html", title="PODs", section="pods", seeded=data["seeded"], listing=data,
                  scenarios=service.scenarios(), snapshots=service.snapshots())


@router.get("/pods/{n}")
async def pod_page(request: Request, n: PodNumber) -> Response:
    info = service.pod_overview(n)
    return render(request, "pod.html", title=f"POD {n}", pod=n, section="overview", info=info,
                  scenarios=service.scenarios(), snapshots=service.snapshots())


@router.get("/pods/{n}/controlhub")
async def controlhub_page(request: Request, n: PodNumber) -> Response:
    return render(request, "controlhub.html", title=f"Control Hub · POD {n}", pod=n, section="controlhub",
                  ch=service.controlhub(n))


@router.get("/pods/{n}/connect")
async def connect_page(request: Request, n: PodNumber) -> Response:
    return render(request, "connect.html", title=f"Connect · POD {n}", pod=n, section="connect", cx=service.connect(n))


@router.get("/pods/{n}/connect/flows/{flow_id}")
async def flow_page(request: Request, n: PodNumber, flow_id: Annotated[str, Path(max_length=128)],
                    version: Annotated[int | None, Query(ge=1)] = None) -> Response:
    fl = service.flow(n, flow_id, version)
    return render(request, "flow.html", title=f"{fl['flow']['name']} · POD {n}", pod=n, section="connect", fl=fl)


@router.get("/pods/{n}/wxcc")
async def wxcc_page(request: Request, n: PodNumber) -> Response:
    return render(request, "wxcc.html", title=f"WxCC · POD {n}", pod=n, section="wxcc", cc=service.wxcc(n))


@router.get("/pods/{n}/engage")
async def engage_page(request: Request, n: PodNumber) -> Response:
    return render(request, "engage.html", title=f"Engage · POD {n}", pod=n, section="engage", eg=service.engage(n))


# --- live traffic ---------------------------------------------------------------------------------------
@router.get("/traffic")
async def traffic_page(
    request: Request,
    method: Annotated[str | None, Query(max_length=10)] = None,
    path: Annotated[str | None, Query(max_length=512)] = None,
    status: Annotated[str | None, Query(max_length=3)] = None,
    trackingId: Annotated[str | None, Query(max_length=200)] = None,  # noqa: N803 - the journal's own name
    pod: Annotated[int | None, Query(ge=1, le=999, description="the mailbox of one POD")] = None,
) -> Response:
    code = int(status) if status and status.isdigit() and 100 <= int(status) <= 599 else None
    t = service.traffic(method=method or None, path=path or None, status=code, tracking_id=trackingId or None,
                        limit=200, mail_pod=pod)
    return render(request, "traffic.html", title="Traffic", section="traffic", t=t,
                  f={"method": method, "path": path, "status": code, "trackingId": trackingId})


@router.get("/traffic/requests/{seq}")
async def request_detail(request: Request, seq: Annotated[int, Path(ge=1)]) -> Response:
    """One journal entry, as an HTML fragment the Traffic page opens under the list."""
    from mockserver.console.pages import HEADERS, environment
    from fastapi.responses import HTMLResponse

    e = service.request_entry(seq)
    if e is None:
        return HTMLResponse('<p class="empty">This request has left the journal (it keeps the newest entries).</p>',
                            status_code=404, headers=HEADERS)
    return HTMLResponse(environment().get_template("_request.html").render(e=e), headers=HEADERS)


# What console/__init__.py mounts: these pages, then part 2's (desk.py, its own router under the
# same prefix). Included side by side, not with include_router: the control plane's routes are
# grouped by path (core/http.py: include), which takes plain routes.
routers = [router, desk]
