"""Rendering a console page: the Jinja2 environment over ``templates/`` (autoescaped), the context
every page gets (the nav's POD switcher, the static URL helper), and the headers every page sends.

A page route calls ``render(request, "name.html", title=..., pod=n, section="...", **ctx)``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

import mockserver
from mockserver.core.runtime import runtime

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
BASE = "/sandbox/console"

# Pages show names anyone with a token may have written (a queue called <script>): besides
# autoescaping, the browser runs no script the page did not load from the console's own files.
HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                                "form-action 'self'"),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


@lru_cache(maxsize=64)
def static_version(name: str) -> str:
    path = STATIC / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else mockserver.__version__


def static(name: str) -> str:
    """The URL of a file in ``static/``, versioned by its content (a new release never runs an old script)."""
    return f"{BASE}/static/{name}?v={static_version(name)}"


@lru_cache(maxsize=1)
def environment():  # noqa: ANN201 - jinja2.Environment, imported on first render
    from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape

    from mockserver.console import flowdraw

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(static=static, BASE=BASE, version=mockserver.__version__, flow_drawing=flowdraw.draw)
    env.filters["ms"] = _fmt_ms
    return env


def _fmt_ms(ms: Any) -> str:
    from mockserver.core.clock import iso_ms

    if not ms:
        return ""
    return iso_ms(int(ms)).replace("T", " ").replace("Z", "")


def _seeded_pods() -> list[int]:
    from mockserver.core.db import db
    from mockserver.sandbox.service import pods

    with db.session() as session:
        return [p.pod for p in pods.seeded(session)]


def render(request: Request, template: str, *, title: str, pod: int | None = None, section: str = "",
           status: int = 200, **ctx: Any) -> HTMLResponse:
    """``pod``: the POD the page is about (the nav's POD links follow it); ``section``: the nav item
    to mark (pods, traffic, overview, controlhub, connect, wxcc, engage, customer, agent,
    conversations, tasks)."""
    seeded = ctx.pop("seeded", None)
    if seeded is None:
        seeded = _seeded_pods()
    nav_pod = pod if pod is not None else (seeded[0] if seeded else None)
    html = environment().get_template(template).render(
        request=request, title=title, pod=pod, nav_pod=nav_pod, section=section, seeded=seeded,
        signed_in=bool(runtime.settings.admin_token), path=request.url.path, **ctx)
    return HTMLResponse(html, status_code=status, headers=HEADERS)
