"""Helpers that drive the Connect surfaces the way a browser and a lab builder would, for tests
and scripts (an httpx-like client: ``client.get/post(path, ...)``)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlparse

from mockserver.core.seeding import pod_org_id

CH = "/controlhub/organizations/{org}/contactCenter"


def ch_path(pod: int, tail: str) -> str:
    return CH.format(org=pod_org_id(pod)) + tail


def form_fields(html: str) -> dict[str, str]:
    return {unescape(k): unescape(v) for k, v in re.findall(r'<input type=hidden name="([^"]+)" value="([^"]*)">', html)}


def consent(client: Any, authorization_url: str, email: str, password: str, decision: str = "allow") -> Any:
    """Opens a sign-in page (Webex /v1/authorize or Google), submits it, returns the redirect response."""
    u = urlparse(authorization_url)
    page = client.get(u.path + ("?" + u.query if u.query else ""))
    if page.status_code != 200:
        return page
    form = {**form_fields(page.text), "email": email, "password": password, "decision": decision}
    return client.post(u.path, data=form)


def replay_callback(client: Any, tenant: str, redirect: Any) -> Any:
    """The provider redirected the browser to the tenant's callback (the sandbox's own address): follow it."""
    loc = urlparse(redirect.headers["location"])
    assert loc.path == f"/connect/{tenant}/callback", loc
    query = {k: v[0] for k, v in parse_qs(loc.query).items()}
    return client.get(loc.path, params=query)


def provision(client: Any, headers: dict[str, str], pod: int, owner: str) -> dict[str, Any]:
    r = client.post(ch_path(pod, "/digital/provision"), json={"ownerId": owner}, headers=headers)
    assert r.status_code == 202, r.text
    client.post("/sandbox/clock", json={"advance": 300})
    return client.get(ch_path(pod, "/digital"), headers=headers).json()


def last_mail(client: Any, to: str, kind: str | None = None) -> dict[str, Any]:
    params = {"to": to}
    if kind:
        params["kind"] = kind
    mails = client.get("/sandbox/mailbox", params=params).json()
    assert mails, f"no mail to {to}"
    return mails[0]


def join(client: Any, mail: dict[str, Any], first: str, last: str, password: str) -> dict[str, Any]:
    r = client.post(mail["links"][0]["href"], json={"firstName": first, "lastName": last, "password": password})
    assert r.status_code == 200, r.text
    return r.json()


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['accessToken']}"}


def login(client: Any, tenant: str, email: str, password: str) -> dict[str, str]:
    r = client.post(f"/connect/{tenant}/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return bearer(r.json())
