"""`GET /`: where a new user starts. The seeded PODs and who signs in to them, how to get a token,
the docs (served from the package, so they work offline), the lab map, the control plane."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

import mockserver
from mockserver.core.db import db
from mockserver.core.runtime import runtime
from mockserver.core.settings import DATA_ROOT

router = APIRouter()
LAB_MAP = "/labs"
LISTED = 10  # PODs shown in full; the rest are a link away

_STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:62rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}code,pre{font:13px ui-monospace,monospace}
pre{background:#f4f4f6;padding:.8rem;border-radius:6px;overflow:auto}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e3e3e8;padding:.3rem .5rem;text-align:left;vertical-align:top}.muted{color:#6e6e73}"""


def _pods_html() -> tuple[str, str | None]:
    from mockserver.sandbox.service import pods

    rows = []
    admin = None
    with db.session() as session:
        seeded = pods.seeded(session)
        for p in seeded[:LISTED]:
            info = pods.describe(session, p.pod)
            users = info.get("users", [])
            admin = admin or next((u["email"] for u in users if u.get("kind") == "admin"), None)
            who = "<br>".join(f"{escape(u['kind'])}: <code>{escape(u['email'])}</code> / <code>{escape(u['password'])}</code>"
                              for u in users)
            rows.append(f"<tr><td>POD {p.pod}</td><td><code>{escape(str(info.get('orgName')))}</code><br>"
                        f"<span class=muted>org {escape(p.org_id)}</span></td><td>{who}</td>"
                        f"<td><a href='/sandbox/console/pods/{p.pod}'>console</a> · "
                        f"<a href='/sandbox/pods/{p.pod}'>JSON</a></td></tr>")
    if not seeded:
        return "<p>No POD is seeded: <code>POST /sandbox/pods</code> with <code>{\"pods\": \"1-3\"}</code>.</p>", None
    more = (f"<p>... and {len(seeded) - LISTED} more: <a href='/sandbox/pods'>/sandbox/pods</a>.</p>"
            if len(seeded) > LISTED else "")
    return ("<table><tr><th>POD</th><th>organization</th><th>users (email / password)</th><th></th></tr>"
            + "".join(rows) + "</table>" + more), admin


@router.get("/", include_in_schema=False)
async def landing(request: Request) -> HTMLResponse:
    base = runtime.settings.public_url or str(request.base_url).rstrip("/")
    table, admin = _pods_html()
    admin = admin or "cl1admin1@email.carehybrid.com"
    token = (f"curl -s -X POST {base}/sandbox/tokens -H 'content-type: application/json' \\\n"
             f"     -d '{{\"email\": \"{admin}\"}}'")
    body = f"""<!doctype html><html lang=en><head><meta charset=utf-8><title>wxcc-sandbox</title>
<style>{_STYLE}</style></head><body>
<h1>wxcc-sandbox {escape(mockserver.__version__)}</h1>
<p class=muted>A local Webex Contact Center, Webex Connect and Webex Engage, with the Webex identity they stand on.
Point a client at <code>{escape(base)}</code> instead of <code>https://webexapis.com</code> or
<code>https://api.wxcc-us1.cisco.com</code>.</p>
<p><b><a href="/sandbox/console">Lab console</a></b> (the PODs, their state product by product, live traffic) ·
<a href="/docs">Interactive API docs</a> (click <b>Authorize</b> and paste a token) ·
<a href="/openapi.json">OpenAPI document</a> · <a href="{LAB_MAP}">lab map</a> (each lab step and its sandbox call) ·
<a href="/sandbox/health">health</a> · <a href="/sandbox/mailbox">mailbox</a> · <a href="/sandbox/requests">request journal</a></p>
<h2>Seeded PODs</h2>{table}
<h2>A token</h2>
<p>A personal access token, like the developer portal's (12 hours):</p><pre>{escape(token)}</pre>
<p>Or the OAuth authorization-code flow with a POD's integration (client id and secret on its
<a href="/sandbox/pods/1">POD page</a>): <code>{escape(base)}/v1/authorize?response_type=code&amp;client_id=…&amp;redirect_uri=http://localhost:8080/callback&amp;scope=spark:people_read</code>.</p>
<h2>The control plane</h2>
<p><code>POST /sandbox/reset</code> (milliseconds), <code>POST /sandbox/clock</code> (move time instead of waiting),
<code>GET /sandbox/mailbox</code> (emails the sandbox sent), <code>POST /sandbox/faults</code> (errors, latency, 429),
<code>POST /sandbox/snapshots</code>. See the <a href="/docs#/Sandbox">Sandbox section of the docs</a>.</p>
</body></html>"""
    return HTMLResponse(body)


@router.get("/labs", include_in_schema=False)
async def lab_map() -> PlainTextResponse:
    """docs/labs.md (shipped in the package): each lab step, its sandbox call and what one sees."""
    path = DATA_ROOT / "docs" / "labs.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "The lab map is not part of this installation.\n"
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
